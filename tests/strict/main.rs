//! Figures a clerk cannot get wrong (issue 12): every rule that keeps a
//! mistyped record from reaching the page with a wrong figure, each at its
//! `path:line:col`, and the README's own examples passing `check`.

#[path = "../common/mod.rs"]
mod common;

mod fields;
mod folder;
mod ledger;
mod messages;
mod readme;
mod today;
mod totals;

use common::*;
use gongkai::diagnostics::{Diagnostic, Severity};
use std::fs;

const NOTICE_MD: &str = "disclosures/2013/xiguan-dibao.md";
const FINANCE_MD: &str = "disclosures/2013/xiguan-q2.md";
const DECISION_MD: &str = "disclosures/2013/xiguan-cundao.md";
const PLAN_YAML: &str = "plans/2013.yaml";
const INDICATOR_YAML: &str = "indicators/pear-grafting.yaml";
const REPORT_MD: &str = "reports/2013/h1.md";
const PAGE_MD: &str = "pages/about.md";

/// A plan with one item, checked once and rated.
const PLAN: &str = "\
title: 示例镇2013年重点实事
unit: shili
published: 2013-01-20
year: 2013
items:
  - id: SS-01
    title: 玉露香梨高接换优
    owner: 镇长 王某
    target: { value: 3000, unit: 亩 }
    due: 2013-06-30
    checks:
      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }
    rating: { grade: 好, date: 2013-06-30 }
";

/// An indicator the site's one village reports on.
const INDICATOR: &str = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
data:
  - { period: 2013-Q1, unit: xiguan, value: 300 }
  - { period: 2013-Q2, unit: xiguan, value: 450 }
";

const REPORT: &str = "\
---
title: 示例镇2013年上半年工作总结
unit: shili
published: 2013-07-05
period: 2013-H1
type: half_year
---
上半年完成高接换优{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}亩。
";

const PAGE: &str = "\
---
title: 关于本网站
---
本网站公开示例镇及所属各村的党务、村务、财务信息。
";

/// Every kind of record, each valid: (path, text).
fn every_kind() -> Vec<(&'static str, String)> {
    vec![
        (NOTICE_MD, NOTICE.to_string()),
        (FINANCE_MD, FINANCE.to_string()),
        (DECISION_MD, DECISION.to_string()),
        (PLAN_YAML, PLAN.to_string()),
        (INDICATOR_YAML, INDICATOR.to_string()),
        (REPORT_MD, REPORT.to_string()),
        (PAGE_MD, PAGE.to_string()),
    ]
}

fn as_files<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    files.iter().map(|(p, t)| (*p, t.as_str())).collect()
}

/// Asserts where a diagnostic points and that its message says `words`.
#[track_caller]
fn assert_diag(d: &Diagnostic, path: &str, at: (u32, u32), words: &str) {
    assert_eq!(d.path, path, "{d:#?}");
    assert_eq!(place(d), at, "line and column of {d:#?}");
    assert!(d.message.contains(words), "message lacks “{words}”: {d:#?}");
}

#[track_caller]
fn assert_help(d: &Diagnostic, words: &str) {
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.contains(words), "help lacks “{words}”: {d:#?}");
}

/// Inserts `line` (with its newline) after the first line of a record's
/// fields: after `---` for Markdown, at the top for YAML.
fn with_field(path: &str, text: &str, line: &str) -> String {
    if path.ends_with(".md") {
        text.replacen("---\n", &format!("---\n{line}\n"), 1)
    } else {
        format!("{line}\n{text}")
    }
}

/// Builds a site on `today` and returns the text of each page asked for.
fn build_pages(files: &[(&str, &str)], today: jiff::civil::Date, pages: &[&str]) -> Vec<String> {
    let dir = common::site(files);
    let out = tempfile::tempdir().unwrap();
    if let Err(report) = gongkai::site::build(&options_on(dir.path(), today), out.path()) {
        panic!("{}", report.render());
    }
    pages
        .iter()
        .map(|p| fs::read_to_string(out.path().join(p)).unwrap())
        .collect()
}
