//! Fixture sites for the integration tests: a minimal valid `site.yaml`, one
//! valid record of each kind, and helpers that write them into a temporary
//! folder and run the library's `check` on it.
//!
//! Each test starts from a record that passes and puts exactly one mistake
//! into it, so what the test asserts is that mistake's diagnostic and no
//! other.

#![allow(dead_code)]

use gongkai::diagnostics::{Diagnostic, Severity};
use gongkai::site::{self, Options, Site};
use jiff::civil::{Date, date};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// The day every fixture is checked on.
pub const TODAY: Date = date(2013, 7, 5);

/// A minimal valid `site.yaml`: a township and two units.
pub const SITE_YAML: &str = "\
title: 示例镇党务村务财务公开网
base_url: https://gongkai.shili.test/
notice_min_days: 5
privacy: error
township: { id: shili, name: 示例镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: jiguan, name: 镇机关支部, kind: branch }
";

/// A plain village-affairs notice: only the common fields and a posting.
pub const NOTICE: &str = "\
---
title: 西关村低保评议结果公示
unit: xiguan
published: 2013-07-03
category: village
posting: { from: 2013-07-03, to: 2013-07-12 }
---

经村民代表会议评议，现将结果公示如下。
";

/// A finance disclosure whose ledger adds up:
/// 1000.00 − 860.00 + 20000 = 20140.00 (one amount quoted, as the contract
/// allows).
pub const FINANCE: &str = "\
---
title: 西关村2013年第二季度财务公开
unit: xiguan
published: 2013-07-03
category: finance
period: 2013-Q2
ledger:
  opening_balance: 1000.00
  entries:
    - { date: 2013-04-08, voucher: 记-012, item: 办公用品, class: 管理费支出, expense: 860.00 }
    - { date: 2013-04-10, voucher: 记-013, item: 上级转移支付, class: 补助收入, income: \"20000\" }
  closing_balance: 20140.00
review: { by: 民主理财小组, date: 2013-07-02, opinion: 收支真实完整, signers: [组长 李某某] }
posting: { from: 2013-07-03, to: 2013-07-12, channels: [村务公开栏] }
---

本表经村民主理财小组审核后公开。
";

/// A 四议两公开 decision whose steps, quorums and majorities are all in order.
pub const DECISION: &str = "\
---
title: 西关村村道硬化工程实施结果公开
unit: xiguan
published: 2013-07-02
category: village
decision:
  matter: 村道硬化工程筹资筹劳方案
  steps:
    propose: { date: 2013-03-02, body: 村党支部会 }
    consult: { date: 2013-03-05, body: 村两委联席会 }
    review: { date: 2013-03-10, expected: 40, present: 35, for: 33, against: 1, abstain: 1 }
    resolve: { date: 2013-03-15, body: 村民代表会议, expected: 30, present: 25, for: 22, against: 2, abstain: 1 }
  resolution_posted: 2013-03-16
  implementation: { status: done, completed: 2013-06-30, result_posted: 2013-07-02, budget: 200000, spent: 186500.00 }
---

工程已完工，现将实施结果公开如下。
";

/// A 发展党员公示 with one candidate, its posting and where to object.
pub const PARTY: &str = "\
---
title: 西关村党支部发展党员公示
unit: xiguan
published: 2013-06-20
category: party
posting: { from: 2013-06-20, to: 2013-06-26 }
candidates:
  - { name: 王某某, gender: 女, born: 1990-05, education: 大专, stage: 拟接收预备党员, applied: 2011-03-01, mentors: [李某, 张某] }
objections: { office: 镇党委组织办, phone: 0357-5123456, address: 镇政府二楼 }
---

公示期内，党员和群众可向镇党委组织办反映情况。
";

/// Writes a site into a fresh temporary folder: `site.yaml` (the minimal one
/// unless `files` brings its own) and every `(relative path, text)` given.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    if !files.iter().any(|(path, _)| *path == "site.yaml") {
        write(dir.path(), "site.yaml", SITE_YAML.as_bytes());
    }
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

/// Writes one file of a site as raw bytes, making its folders.
pub fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent).expect("fixture folder");
    }
    fs::write(full, bytes).expect("fixture file");
}

pub fn options(root: &Path) -> Options {
    options_on(root, TODAY)
}

/// Options for the site at `root` checked or built on `today`.
pub fn options_on(root: &Path, today: Date) -> Options {
    Options {
        site_dir: root.to_path_buf(),
        today,
        base_url: None,
        drafts: false,
        force: false,
    }
}

/// Runs `check` on a fixture site: the model when it passed, and every
/// finding, in report order.
///
/// Every finding's byte range must start where its line and column say (the
/// report draws its caret from the one and prints the other), so this is
/// checked for every finding of every test.
pub fn check(files: &[(&str, &str)]) -> (Option<Site>, Vec<Diagnostic>) {
    let dir = site(files);
    let (site, diags) = check_dir(dir.path());
    for d in &diags {
        assert_span_agrees(d, files);
    }
    (site, diags)
}

fn assert_span_agrees(d: &Diagnostic, files: &[(&str, &str)]) {
    let Some(span) = d.span else {
        return;
    };
    let text = files
        .iter()
        .find(|(path, _)| *path == d.path)
        .map(|(_, text)| *text)
        .or((d.path == "site.yaml").then_some(SITE_YAML));
    let Some(text) = text else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    assert_eq!(
        pos_at(text, span.start),
        (span.line, span.col),
        "the byte range and the line and column disagree: {d:#?}"
    );
}

pub fn check_dir(root: &Path) -> (Option<Site>, Vec<Diagnostic>) {
    let (site, report) = site::check(&options(root));
    (site, report.diagnostics.iter().cloned().collect())
}

/// The errors among some findings.
pub fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Checks a site that has exactly one mistake and returns its error. Fails
/// when the site passes or when it reports any other error.
pub fn one_error(files: &[(&str, &str)]) -> Diagnostic {
    let (site, diags) = check(files);
    let errs = errors(&diags);
    assert!(site.is_none(), "a site with an error must not pass check");
    assert_eq!(errs.len(), 1, "expected exactly one error, got: {diags:#?}");
    errs[0].clone()
}

/// Line and column (1-based, column in characters) of the first place
/// `needle` occurs in `text`, counted the way an editor counts them.
pub fn pos(text: &str, needle: &str) -> (u32, u32) {
    pos_in(text, needle, needle)
}

/// Line and column of `needle` inside the first occurrence of `context`,
/// for values that occur more than once in a fixture: `pos_in(text,
/// "closing_balance: 20150.00", "20150.00")`.
pub fn pos_in(text: &str, context: &str, needle: &str) -> (u32, u32) {
    let start = text
        .find(context)
        .unwrap_or_else(|| panic!("`{context}` is not in the fixture"));
    let inner = context
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in `{context}`"));
    pos_at(text, start + inner)
}

fn pos_at(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

/// The line and column a diagnostic points at; fails when it has no place.
pub fn place(d: &Diagnostic) -> (u32, u32) {
    let span = d
        .span
        .unwrap_or_else(|| panic!("diagnostic has no line: {d:#?}"));
    (span.line, span.col)
}

/// Replaces exactly one occurrence of `from` in a fixture, so a test cannot
/// silently leave the fixture unchanged.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the fixture"
    );
    text.replacen(from, to, 1)
}

/// A copy of the bundled example site in a temporary folder, for tests that
/// edit records or write beside them: `(the temp dir, the site folder)`.
pub fn example_site() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new().unwrap();
    let site = tmp.path().join("site");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let dest = site.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    (tmp, site)
}
