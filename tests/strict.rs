//! Figures a clerk cannot get wrong (issue 12): every rule that keeps a
//! mistyped record from reaching the page with a wrong figure, each at its
//! `path:line:col`, and the README's own examples passing `check`.

mod common;

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

// ------------------------------------------------------------ strict fields

#[test]
fn the_fixtures_pass_without_any_finding() {
    let files = every_kind();
    let (site, diags) = check(&as_files(&files));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(site.is_some());
}

#[test]
fn an_unknown_field_is_an_error_in_every_kind_of_record() {
    for (path, _) in every_kind() {
        let files: Vec<(&str, String)> = every_kind()
            .into_iter()
            .map(|(p, text)| match p == path {
                true => (p, with_field(p, &text, "colour: 红色")),
                false => (p, text),
            })
            .collect();
        let text = &files.iter().find(|(p, _)| *p == path).unwrap().1;
        let d = one_error(&as_files(&files));
        assert_diag(&d, path, pos(text, "colour"), "未知字段 `colour`");
        assert_help(&d, "extra:");
    }
    let yaml = format!("{SITE_YAML}colour: 红色\n");
    let d = one_error(&[("site.yaml", &yaml)]);
    assert_diag(&d, "site.yaml", pos(&yaml, "colour"), "未知字段 `colour`");
}

#[test]
fn an_unknown_field_inside_braces_is_an_error_at_its_place() {
    let text = edit(
        FINANCE,
        "item: 办公用品,",
        "item: 办公用品, remark: 经办人王某,",
    );
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(&d, FINANCE_MD, pos(&text, "remark"), "未知字段 `remark`");
    assert_help(&d, "date、voucher、item");
}

#[test]
fn a_thousands_comma_inside_braces_is_named_with_the_amount_to_write() {
    // `expense: 12,850.00` inside `{ }` reads as `expense: 12` and a key
    // `850.00`: the page would have shown 12.00 and a wrong closing balance.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "12,850.00"),
        "金额 12,850.00 被逗号拆开了：花括号里的金额不要写千位逗号，写 12850.00",
    );
    // The caret covers the whole number as written.
    let span = d.span.unwrap();
    assert_eq!(&text[span.start..span.end], "12,850.00");
}

#[test]
fn a_number_split_twice_and_a_count_are_named_too() {
    let text = edit(FINANCE, "income: \"20000\"", "income: 1,020,000");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "1,020,000"),
        "金额 1,020,000 被逗号拆开了",
    );
    assert!(d.message.ends_with("写 1020000"), "{d:#?}");

    let text = edit(
        DECISION,
        "expected: 40, present: 35",
        "expected: 1,040, present: 35",
    );
    let d = one_error(&[(DECISION_MD, &text)]);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "1,040"),
        "数字 1,040 被逗号拆开了：花括号里的数字不要写千位逗号，写 1040",
    );
}

#[test]
fn no_hint_suggests_a_figure_computed_from_a_record_with_an_error() {
    // The closing balance is wrong as well, but with 12 read for 12,850.00
    // the computed figure would be wrong too: only the comma is reported.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let text = edit(&text, "closing_balance: 20140.00", "closing_balance: 1.00");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert!(d.message.contains("被逗号拆开了"), "{d:#?}");

    // Any other mistake in the record holds the closing check back too.
    let text = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 1.00",
    );
    let text = edit(
        &text,
        "category: finance\n",
        "category: finance\nremark: x\n",
    );
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(&d, FINANCE_MD, pos(&text, "remark"), "未知字段");

    // A vote count split by a comma: no quorum figure is worked out from it.
    let text = edit(DECISION, "present: 35, for: 33", "present: 35, for: 3,3");
    let d = one_error(&[(DECISION_MD, &text)]);
    assert_diag(&d, DECISION_MD, pos(&text, "3,3"), "数字 3,3 被逗号拆开了");

    // An indicator whose group row is misread: no sum is suggested.
    let groups = "\
title: 民主评议
unit: 名
measure: stock
groups: [好, 差]
partition: true
data:
  - { period: 2013, unit: xiguan, value: 1200 }
  - { period: 2013, unit: xiguan, group: 好, value: 1,150 }
  - { period: 2013, unit: xiguan, group: 差, value: 50 }
";
    let d = one_error(&[("indicators/review.yaml", groups)]);
    assert_diag(
        &d,
        "indicators/review.yaml",
        pos(groups, "1,150"),
        "数字 1,150 被逗号拆开了",
    );
}

#[test]
fn a_full_width_colon_inside_braces_is_named_at_the_colon() {
    // `voucher：记-012` inside `{ }` is one key; the voucher was dropped.
    let text = edit(FINANCE, "voucher: 记-012", "voucher：记-012");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "："),
        "字段 `voucher` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `voucher: 记-012`",
    );
}

#[test]
fn extra_is_passed_to_the_templates_and_never_checked() {
    let extra = "extra: { banner: 春耕备耕专题, order: 3, show_map: true, staff: [王某, 李某], nested: { any: [1, {x: y}] } }";
    let mut files: Vec<(&str, String)> = every_kind()
        .into_iter()
        .map(|(path, text)| (path, with_field(path, &text, extra)))
        .collect();
    files.push((
        "site.yaml",
        format!("{SITE_YAML}extra: {{ motto: 公开透明 }}\n"),
    ));
    // A theme that shows the extra data of a disclosure, a plan, an
    // indicator, a report and a page, and of site.yaml.
    let show = "{{ site.extra.motto }}|{{ extra.banner }}|{{ extra.order + 1 }}|{% if extra.show_map %}地图{% endif %}|{{ extra.staff | join(sep=\"、\") }}";
    for template in ["disclosure", "plan", "indicator", "report", "page"] {
        files.push((
            match template {
                "disclosure" => "themes/default/templates/disclosure.html",
                "plan" => "themes/default/templates/plan.html",
                "indicator" => "themes/default/templates/indicator.html",
                "report" => "themes/default/templates/report.html",
                _ => "themes/default/templates/page.html",
            },
            show.to_string(),
        ));
    }
    let (site, diags) = check(&as_files(&files));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(site.is_some());
    let dir = common::site(&as_files(&files));
    let out = tempfile::tempdir().unwrap();
    if let Err(report) = gongkai::site::build(&options(dir.path()), out.path()) {
        panic!("{}", report.render());
    }
    for page in [
        "disclosures/2013/xiguan-q2/index.html",
        "plans/2013/index.html",
        "indicators/pear-grafting/index.html",
        "reports/2013/h1/index.html",
        "pages/about/index.html",
    ] {
        let html = fs::read_to_string(out.path().join(page)).unwrap();
        assert_eq!(html, "公开透明|春耕备耕专题|4|地图|王某、李某", "{page}");
    }
}

#[test]
fn warnings_never_change_a_figure() {
    // What used to be a warning about an ignored field is an error now:
    // no run that has a finding about a field builds a site.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let (site, diags) = check(&[(FINANCE_MD, &text)]);
    assert!(site.is_none());
    assert!(
        diags.iter().all(|d| d.severity == Severity::Error),
        "{diags:#?}"
    );
}

#[test]
fn fields_that_were_read_and_dropped_are_shown() {
    // A page's corrections and a plan item's note were accepted and then
    // left out of the page without a word.
    let page = edit(
        PAGE,
        "title: 关于本网站\n",
        "title: 关于本网站\npublished: 2013-05-01\ncorrections: [{ date: 2013-06-01, reason: 更正联系电话 }]\n",
    );
    let plan = edit(
        PLAN,
        "    due: 2013-06-30\n",
        "    due: 2013-06-30\n    note: 与西关村合作社共同实施\n",
    );
    let mut files = every_kind();
    files.retain(|(p, _)| *p != PAGE_MD && *p != PLAN_YAML);
    files.push((PAGE_MD, page));
    files.push((PLAN_YAML, plan));
    let dir = common::site(&as_files(&files));
    let out = tempfile::tempdir().unwrap();
    if let Err(report) = gongkai::site::build(&options(dir.path()), out.path()) {
        panic!("{}", report.render());
    }
    let about = fs::read_to_string(out.path().join("pages/about/index.html")).unwrap();
    assert!(about.contains("更正联系电话"), "{about}");
    let plan = fs::read_to_string(out.path().join("plans/2013/index.html")).unwrap();
    assert!(plan.contains("备注：与西关村合作社共同实施"), "{plan}");
}

// ---------------------------------------------------- messages in Chinese

#[test]
fn a_tab_is_named_in_chinese_with_the_parsers_words_on_a_later_line() {
    let text = edit(
        NOTICE,
        "category: village\n",
        "category: village\n\tunit: xiguan\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "\tunit"), "Tab");
    assert!(d.message.contains("换成空格"), "{d:#?}");
    assert!(!d.message.contains("tab"), "{d:#?}");
    let note = d.note.as_deref().unwrap_or("");
    assert!(note.contains("tab"), "the parser's words: {d:#?}");

    // On the command line the English comes after the Chinese, on its own line.
    let dir = common::site(&[(NOTICE_MD, &text)]);
    let out = assert_cmd::Command::cargo_bin("gongkai")
        .unwrap()
        .args(["check", "--today", "2013-07-05", "--site"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let headline = stderr
        .lines()
        .position(|l| {
            l.starts_with(&format!(
                "{NOTICE_MD}:6:1: 错误：YAML 格式有误：这一行用了 Tab 键"
            ))
        })
        .unwrap_or_else(|| panic!("{stderr}"));
    let english = stderr
        .lines()
        .position(|l| l.contains("解析器原文") && l.contains("tab"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(headline < english, "{stderr}");
}

#[test]
fn a_full_width_comma_inside_braces_is_named_at_the_comma() {
    let text = edit(
        FINANCE,
        "date: 2013-04-08, voucher",
        "date: 2013-04-08，voucher",
    );
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(&d, FINANCE_MD, pos(&text, "，"), "括号里用了中文逗号“，”");
}

/// A site whose units are not the example site's.
const OTHER_SITE: &str = "\
title: 桃源镇党务村务财务公开网
base_url: https://gongkai.taoyuan.gov.cn/
township: { id: taoyuan, name: 桃源镇 }
units:
  - { id: dongzhuang, name: 东庄村, kind: village }
  - { id: xigou, name: 西沟村, kind: village }
";

#[test]
fn a_report_unit_hint_names_only_units_of_this_site() {
    let indicator = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
data:
  - { period: 2013-H1, unit: dongzhuang, value: 300 }
  - { period: 2013-H1, unit: xigou, value: 450 }
";
    let report = edit(
        &REPORT.replace("unit: shili", "unit: taoyuan"),
        "period=\"2013-H1\")",
        "period=\"2013-H1\", unit=\"西沟\")",
    );
    let files = [
        ("site.yaml", OTHER_SITE),
        (INDICATOR_YAML, indicator),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(&d, REPORT_MD, pos(&report, "{{ value"), "未知的单位“西沟”");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("dongzhuang（东庄村）") && help.contains("xigou（西沟村）"),
        "{d:#?}"
    );
    assert!(!help.contains("xiguan"), "an id from another site: {d:#?}");

    // The unit's name for its id: the id is named.
    let report = report.replace("unit=\"西沟\"", "unit=\"西沟村\"");
    let files = [
        ("site.yaml", OTHER_SITE),
        (INDICATOR_YAML, indicator),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert_help(&d, "把“西沟村”改为 xigou");
}

#[test]
fn indicator_hints_name_units_of_this_site() {
    let indicator = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
data:
  - { period: 2013-H1, value: 300 }
";
    let d = one_error(&[("site.yaml", OTHER_SITE), (INDICATOR_YAML, indicator)]);
    assert_diag(
        &d,
        INDICATOR_YAML,
        pos(indicator, "{ period"),
        "缺少必填字段 `unit`",
    );
    assert_help(&d, "unit: dongzhuang");
    assert_help(&d, "乡镇代码 taoyuan");
}

// ------------------------------------------------ nothing before its time

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

#[test]
fn checks_and_ratings_dated_after_today_are_not_shown_nor_counted() {
    let plan = edit(
        PLAN,
        "      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }\n    rating: { grade: 好, date: 2013-06-30 }\n",
        "      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }\n      - { date: 2013-07-20, kind: 验收, progress: 3000, note: 全部完成 }\n    rating: { grade: 好, date: 2013-12-20 }\n",
    );
    let files = [(PLAN_YAML, plan.as_str())];
    let on = |y, m, d| {
        build_pages(
            &files,
            jiff::civil::date(y, m, d),
            &["plans/2013/index.html", "index.html"],
        )
    };

    // On 2013-07-05 the acceptance check and the grade are still to come:
    // the item is overdue at 1,200 of 3,000, and no grade is shown.
    let [plan_page, home] = <[String; 2]>::try_from(on(2013, 7, 5)).unwrap();
    assert!(plan_page.contains("1项实事，已逾期1项"), "{plan_page}");
    assert!(
        !plan_page.contains("全部完成") && !plan_page.contains("7月20日"),
        "{plan_page}"
    );
    assert!(!plan_page.contains("12月20日评定"), "{plan_page}");
    assert!(plan_page.contains("完成 40%"), "{plan_page}");
    assert!(home.contains("已逾期1项"), "{home}");

    // After the check, before the grade.
    let [plan_page, _] = <[String; 2]>::try_from(on(2013, 7, 25)).unwrap();
    assert!(plan_page.contains("1项实事，已完成1项"), "{plan_page}");
    assert!(plan_page.contains("全部完成"), "{plan_page}");
    assert!(!plan_page.contains("12月20日评定"), "{plan_page}");

    // After both.
    let [plan_page, _] = <[String; 2]>::try_from(on(2013, 12, 31)).unwrap();
    assert!(plan_page.contains("2013年12月20日评定"), "{plan_page}");
}

#[test]
fn an_implementation_result_dated_after_today_is_not_shown() {
    let decision = edit(
        DECISION,
        "implementation: { status: done, completed: 2013-06-30, result_posted: 2013-07-02, budget: 200000, spent: 186500.00 }",
        "implementation: { status: done, completed: 2013-07-10, result_posted: 2013-07-12, budget: 200000, spent: 186500.00 }",
    );
    let files = [(DECISION_MD, decision.as_str())];
    let page = "disclosures/2013/xiguan-cundao/index.html";
    let before = &build_pages(&files, jiff::civil::date(2013, 7, 5), &[page])[0];
    assert!(before.contains("实施中"), "{before}");
    assert!(!before.contains("已完成"), "{before}");
    assert!(
        !before.contains("186,500.00"),
        "the result is not yet public: {before}"
    );
    assert!(
        before.contains("200,000.00"),
        "the budget was resolved: {before}"
    );
    let after = &build_pages(&files, jiff::civil::date(2013, 7, 12), &[page])[0];
    assert!(
        after.contains("已完成") && after.contains("186,500.00"),
        "{after}"
    );
}

#[test]
fn a_correction_dated_after_today_is_not_shown() {
    let notice = edit(
        NOTICE,
        "category: village\n",
        "category: village\ncorrections: [{ date: 2013-07-20, reason: 更正评议名单 }]\n",
    );
    let files = [(NOTICE_MD, notice.as_str())];
    let page = "disclosures/2013/xiguan-dibao/index.html";
    let before = &build_pages(&files, jiff::civil::date(2013, 7, 5), &[page])[0];
    assert!(!before.contains("更正评议名单"), "{before}");
    let after = &build_pages(&files, jiff::civil::date(2013, 7, 20), &[page])[0];
    assert!(after.contains("更正评议名单"), "{after}");
}

// ------------------------------------------------------ the clerk's folder

fn gongkai() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("gongkai").unwrap()
}

#[test]
fn check_build_and_new_work_inside_the_site_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("桃源镇公开网");
    for (path, text) in [("site.yaml", SITE_YAML), (NOTICE_MD, NOTICE)] {
        write(&site, path, text.as_bytes());
    }
    // No --site: the current folder holds site.yaml, so it is the site.
    let check = gongkai()
        .current_dir(&site)
        .args(["check", "--today", "2013-07-05"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(stdout.contains("检查通过：1 条公开记录"), "{stdout}");

    // A mistake is reported by its path in the site folder.
    write(
        &site,
        NOTICE_MD,
        edit(NOTICE, "unit: xiguan", "unit: xigaun").as_bytes(),
    );
    let check = gongkai()
        .current_dir(&site)
        .args(["check", "--today", "2013-07-05"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(&format!("{NOTICE_MD}:3:7: 错误：未知的单位")),
        "{stderr}"
    );
    write(&site, NOTICE_MD, NOTICE.as_bytes());

    // The site is written beside the site folder, never into it.
    let build = gongkai()
        .current_dir(&site)
        .args(["build", "--today", "2013-07-05"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        tmp.path()
            .join("public/disclosures/2013/xiguan-dibao/index.html")
            .is_file()
    );
    assert!(!site.join("public").exists());
    assert!(String::from_utf8_lossy(&build.stdout).contains("站点文件夹旁边"));

    // Without a site.yaml here and without --site, `content/` it is.
    let elsewhere = tempfile::tempdir().unwrap();
    let check = gongkai()
        .current_dir(elsewhere.path())
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("content"));
}

#[test]
fn a_record_where_no_record_kind_reads_is_a_warning_naming_its_folder() {
    let plan_in_disclosures = "disclosures/2013/2013年重点实事.yaml";
    let (site, diags) = check(&[
        (NOTICE_MD, NOTICE),
        // Saved in the site folder itself.
        ("西关村二季度财务.md", FINANCE),
        // A misspelt folder.
        ("disclosure/2013/notice.md", NOTICE),
        ("pages-old/关于.md", "没有字段区的文字\n"),
        // A plan saved among the disclosures.
        (plan_in_disclosures, PLAN),
        // Not records: left alone.
        ("README.txt", "说明"),
        ("static/附件/说明.md", "附件"),
        (".git/config.yaml", "x: 1"),
    ]);
    assert!(site.is_some(), "warnings only: {diags:#?}");
    let find = |path: &str| {
        diags
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("no finding for {path}: {diags:#?}"))
    };
    let d = find("西关村二季度财务.md");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("在站点文件夹的最上层"), "{d:#?}");
    assert_help(d, "应放在 disclosures/ 下：disclosures/西关村二季度财务.md");
    assert_help(find("disclosure/2013/notice.md"), "应放在 disclosures/ 下");
    assert_help(find("pages-old/关于.md"), "文件夹名是不是想写 pages/？");
    assert_help(
        find(plan_in_disclosures),
        "应放在 plans/ 下：plans/2013年重点实事.yaml",
    );
    assert_eq!(diags.len(), 4, "{diags:#?}");
}

#[test]
fn the_example_address_is_a_warning_on_every_run() {
    let yaml = SITE_YAML.replace("https://gongkai.shili.test/", "https://gongkai.example.cn/");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_some());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_diag(
        d,
        "site.yaml",
        pos(&yaml, "https://gongkai.example.cn/"),
        "示例地址",
    );
    assert!(d.message.contains("二维码"), "{d:#?}");

    // Overridden on the command line: the address given is the one judged.
    let dir = common::site(&[("site.yaml", &yaml)]);
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.base_url = Some("https://gongkai.shili.gov.cn/".into());
    let (_, report) =
        gongkai::site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(report.diagnostics.is_empty(), "{}", report.render());
    opts.base_url = Some("https://example.com/".into());
    let (_, report) =
        gongkai::site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    let d = report.diagnostics.iter().next().expect("a warning");
    assert!(d.message.contains("示例地址") && d.span.is_none(), "{d:#?}");
    assert!(
        d.help.as_deref().unwrap_or("").contains("--base-url"),
        "{d:#?}"
    );
}

#[test]
fn init_asks_for_the_address_and_writes_it() {
    let today = jiff::civil::date(2013, 7, 5);
    let answers = "桃源镇\ntaoyuan\n东庄村\ndongzhuang\n\ngongkai.taoyuan.gov.cn\nhttps://gongkai.taoyuan.gov.cn\n";
    let mut asker = gongkai::scaffold::Asker {
        input: std::io::Cursor::new(answers),
        output: Vec::new(),
    };
    let site = asker.site(today, None).unwrap();
    let asked = String::from_utf8(asker.output).unwrap();
    assert!(asked.contains("网站的正式地址"), "{asked}");
    assert!(
        asked.contains("请重新输入"),
        "an address without https:// is asked again: {asked}"
    );
    assert_eq!(site.base_url, "https://gongkai.taoyuan.gov.cn/");
    let tmp = tempfile::tempdir().unwrap();
    gongkai::scaffold::init(&tmp.path().join("site"), &site).unwrap();
    let yaml = fs::read_to_string(tmp.path().join("site/site.yaml")).unwrap();
    assert!(
        yaml.contains("base_url: https://gongkai.taoyuan.gov.cn/"),
        "{yaml}"
    );
    let (site, diags) = check_dir(&tmp.path().join("site"));
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");

    // No answer: the example address, which every build then warns of.
    let answers = "桃源镇\ntaoyuan\n东庄村\ndongzhuang\n\n\n";
    let mut asker = gongkai::scaffold::Asker {
        input: std::io::Cursor::new(answers),
        output: Vec::new(),
    };
    let site = asker.site(today, None).unwrap();
    assert_eq!(site.base_url, "https://gongkai.example.cn/");
    assert!(
        String::from_utf8(asker.output)
            .unwrap()
            .contains("每次生成网站都会提醒")
    );
}

#[test]
fn new_party_takes_the_unit_its_file_name_names() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let yaml = format!("{SITE_YAML}  - {{ id: dongzhuang, name: 东庄村, kind: village }}\n");
    write(&site, "site.yaml", yaml.as_bytes());
    for (kind, name, unit) in [
        (
            "party",
            "disclosures/2024/东庄村发展党员公示.md",
            "dongzhuang",
        ),
        (
            "finance",
            "disclosures/2024/东庄村一季度财务.md",
            "dongzhuang",
        ),
        (
            "decision",
            "disclosures/2024/dongzhuang-cundao.md",
            "dongzhuang",
        ),
        ("party", "disclosures/2024/东庄村/党费收缴.md", "dongzhuang"),
        (
            "party",
            "disclosures/2024/示例镇党委发展党员公示.md",
            "shili",
        ),
        // Naming no unit: the kind's usual unit.
        ("party", "disclosures/2024/发展党员公示.md", "jiguan"),
    ] {
        gongkai()
            .args(["new", kind])
            .arg(site.join(name))
            .args(["--today", "2024-07-05"])
            .assert()
            .success();
        let text = fs::read_to_string(site.join(name)).unwrap();
        assert!(
            text.contains(&format!("\nunit: {unit} ")),
            "{name}:\n{text}"
        );
    }
}

// --------------------------------------------------- balances that chain

/// A finance disclosure of `unit` for `period` whose ledger runs from
/// `opening` to `closing` with one income entry dated `day`.
fn ledger(
    unit: &str,
    period: &str,
    day: &str,
    opening: &str,
    income: &str,
    closing: &str,
) -> String {
    format!(
        "---
title: {unit} {period} 财务公开
unit: {unit}
published: 2013-07-03
category: finance
period: {period}
ledger:
  opening_balance: {opening}
  entries:
    - {{ date: {day}, voucher: 记-001, item: 上级转移支付, class: 补助收入, income: {income} }}
  closing_balance: {closing}
---
"
    )
}

#[test]
fn an_opening_balance_is_the_previous_periods_closing_across_year_folders() {
    let q4 = ledger(
        "xiguan",
        "2012-Q4",
        "2012-11-02",
        "100.00",
        "50.00",
        "150.00",
    );
    let q1 = ledger(
        "xiguan",
        "2013-Q1",
        "2013-02-02",
        "150.01",
        "10.00",
        "160.01",
    );
    let files = [
        ("disclosures/2012/xiguan-q4.md", q4.as_str()),
        ("disclosures/2013/xiguan-q1.md", q1.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(
        &d,
        "disclosures/2013/xiguan-q1.md",
        pos(&q1, "150.01"),
        "期初余额 150.01 与上期期末余额 150.00 不符：上期是 disclosures/2012/xiguan-q4.md（2012年第四季度）",
    );
    assert_help(&d, "opening_balance: 150.00");
    assert_help(&d, "opening_note");
}

#[test]
fn months_and_quarters_chain_into_each_other() {
    let march = ledger(
        "xiguan",
        "2013-03",
        "2013-03-02",
        "100.00",
        "50.00",
        "150.00",
    );
    let q2 = ledger(
        "xiguan",
        "2013-Q2",
        "2013-04-02",
        "100.00",
        "10.00",
        "110.00",
    );
    let july = ledger(
        "xiguan",
        "2013-07",
        "2013-07-02",
        "110.00",
        "1.00",
        "111.00",
    );
    let files = [
        ("disclosures/2013/xiguan-03.md", march.as_str()),
        ("disclosures/2013/xiguan-q2.md", q2.as_str()),
        ("disclosures/2013/xiguan-07.md", july.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(
        &d,
        "disclosures/2013/xiguan-q2.md",
        pos(&q2, "100.00"),
        "上期是 disclosures/2013/xiguan-03.md（2013年3月）",
    );
}

#[test]
fn only_the_same_units_ledger_in_the_site_is_the_previous_one() {
    let site = format!("{SITE_YAML}  - {{ id: dongzhuang, name: 东庄村, kind: village }}\n");
    let files = [
        ("site.yaml", site.as_str()),
        // Another unit's quarter before.
        (
            "disclosures/2013/dongzhuang-q1.md",
            &ledger(
                "dongzhuang",
                "2013-Q1",
                "2013-02-02",
                "5.00",
                "1.00",
                "6.00",
            ),
        ),
        // The unit's own Q1 is not in the site: no chain to check.
        (
            "disclosures/2013/xiguan-q2.md",
            &ledger(
                "xiguan",
                "2013-Q2",
                "2013-04-02",
                "100.00",
                "10.00",
                "110.00",
            ),
        ),
        // A gap (no Q3): Q4 does not chain to Q2.
        (
            "disclosures/2013/xiguan-q4.md",
            &ledger("xiguan", "2013-Q4", "2013-10-02", "7.00", "1.00", "8.00"),
        ),
    ];
    let (site, diags) = check(&files);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn an_opening_note_explains_a_deliberate_break_and_is_shown() {
    let q1 = ledger(
        "xiguan",
        "2013-Q1",
        "2013-02-02",
        "100.00",
        "50.00",
        "150.00",
    );
    let q2 = edit(
        &ledger(
            "xiguan",
            "2013-Q2",
            "2013-04-02",
            "90.00",
            "10.00",
            "100.00",
        ),
        "  opening_balance: 90.00\n",
        "  opening_balance: 90.00\n  opening_note: 2013年3月清产核资，核销无法收回的应收款 60.00 元\n",
    );
    let files = [
        ("disclosures/2013/xiguan-q1.md", q1.as_str()),
        ("disclosures/2013/xiguan-q2.md", q2.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
    let page = &build_pages(&files, TODAY, &["disclosures/2013/xiguan-q2/index.html"])[0];
    assert!(
        page.contains("期初余额说明：</strong>2013年3月清产核资"),
        "{page}"
    );
}

#[test]
fn a_previous_ledger_with_errors_suggests_no_figure() {
    // The previous quarter has an error of its own: its closing balance is
    // not worked out, so nothing is said about the next quarter's opening.
    let q1 = ledger(
        "xiguan",
        "2013-Q1",
        "2013-02-02",
        "100.00",
        "50.00",
        "151.00",
    );
    let q2 = ledger(
        "xiguan",
        "2013-Q2",
        "2013-04-02",
        "200.00",
        "10.00",
        "210.00",
    );
    let files = [
        ("disclosures/2013/xiguan-q1.md", q1.as_str()),
        ("disclosures/2013/xiguan-q2.md", q2.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(
        &d,
        "disclosures/2013/xiguan-q1.md",
        pos(&q1, "151.00"),
        "期末余额应为 150.00",
    );
}

// ------------------------------------------- totals that never undercount

/// A site with two villages and a party branch.
const TWO_VILLAGES: &str = "\
title: 示例镇党务村务财务公开网
base_url: https://gongkai.shili.test/
township: { id: shili, name: 示例镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
  - { id: jiguan, name: 镇机关支部, kind: branch }
";

/// Pear grafting by quarter: both villages in Q1, only 西关村 in Q2.
const GRAFTING: &str = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
data:
  - { period: 2013-Q1, unit: xiguan, value: 300 }
  - { period: 2013-Q1, unit: dongzhuang, value: 20 }
  - { period: 2013-Q2, unit: xiguan, value: 450 }
";

fn quoting(period: &str, unit: Option<&str>) -> String {
    let unit = unit.map(|u| format!(", unit=\"{u}\"")).unwrap_or_default();
    edit(
        REPORT,
        "period=\"2013-H1\")",
        &format!("period=\"{period}\"{unit})"),
    )
}

#[test]
fn a_covered_village_without_a_figure_makes_the_total_unknown_and_a_quote_an_error() {
    let report = quoting("2013-Q2", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(
        &d,
        REPORT_MD,
        pos(&report, "{{ value"),
        "指标“玉露香梨高接换优面积”全镇 2013-Q2 的数无法得出：东庄村没有 2013-Q2 的数",
    );
    assert_help(&d, "units:");

    // A half-year names the quarter that is missing.
    let report = quoting("2013-H1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert!(d.message.ends_with("东庄村没有 2013-Q2 的数"), "{d:#?}");

    // Every row of a village deleted: the township total is unknown, not
    // the other village's figure.
    let only_xiguan = edit(
        GRAFTING,
        "  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n",
        "",
    );
    let report = quoting("2013-Q1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, only_xiguan.as_str()),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert!(d.message.ends_with("东庄村没有 2013-Q1 的数"), "{d:#?}");

    // One village's own figure is still quoted.
    let report = quoting("2013-Q2", Some("xiguan"));
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_table_shows_an_unknown_total_as_a_dash() {
    let files = [("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, GRAFTING)];
    let page = &build_pages(&files, TODAY, &["indicators/pear-grafting/index.html"])[0];
    let row = |period: &str| {
        let at = page
            .find(&format!(">{period}<"))
            .unwrap_or_else(|| panic!("{period}: {page}"));
        let end = at + page[at..].find("</tr>").unwrap();
        page[at..end].to_string()
    };
    let q2 = row("2013年第二季度");
    assert!(
        q2.contains("450") && q2.ends_with("<td class=\"num\">—</td>"),
        "{q2}"
    );
    assert!(!q2.contains(">450</td><td class=\"num\">450<"), "{q2}");
    let q1 = row("2013年第一季度");
    assert!(q1.contains("<td class=\"num\">320</td>"), "{q1}");
}

#[test]
fn units_lists_the_units_an_indicator_covers() {
    // Listed: 东庄村 is not covered, and the total is 西关村's.
    let listed = format!("units: [xiguan]\n{GRAFTING}")
        .replace("  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n", "");
    let report = quoting("2013-H1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, listed.as_str()),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.unwrap();
    assert!(
        site.figures.reports[0].body.contains("完成高接换优750亩"),
        "{}",
        site.figures.reports[0].body
    );

    // A row for a unit that is not listed would count nowhere.
    let stray = format!("units: [xiguan]\n{GRAFTING}");
    let d = one_error(&[("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, &stray)]);
    assert_diag(
        &d,
        INDICATOR_YAML,
        pos_in(&stray, "dongzhuang, value: 20", "20"),
        "单位 dongzhuang 不在本指标的 units 中",
    );

    // The township is not a unit of the total.
    let township = format!("units: [xiguan, shili]\n{GRAFTING}");
    let township = edit(
        &township,
        "  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n",
        "",
    );
    let d = one_error(&[("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, &township)]);
    assert_diag(
        &d,
        INDICATOR_YAML,
        pos(&township, "shili"),
        "不写乡镇 shili",
    );
}

#[test]
fn a_branch_that_gives_figures_is_counted_in_the_total() {
    let members = "\
title: 发展党员人数
unit: 名
measure: flow
data:
  - { period: 2013, unit: xiguan, value: 2 }
  - { period: 2013, unit: dongzhuang, value: 1 }
  - { period: 2013, unit: jiguan, value: 3 }
";
    let report = edit(
        REPORT,
        "{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}",
        "{{ value(indicator=\"members\", period=\"2013\") }}",
    );
    let files = [
        ("site.yaml", TWO_VILLAGES),
        ("indicators/members.yaml", members),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(
        site.unwrap().figures.reports[0]
            .body
            .contains("完成高接换优6亩")
    );
}

// --------------------------------------------- the README's own examples

/// Each record example of the README's 《记录怎么写》, by the heading it
/// follows, and the file it is written to.
const README_EXAMPLES: [(&str, &str); 8] = [
    ("### site.yaml", "site.yaml"),
    ("### 财务公开", "disclosures/2013/西关村二季度财务.md"),
    (
        "### 村务决策（四议两公开）",
        "disclosures/2013/西关村村道硬化.md",
    ),
    (
        "### 党务公开和发展党员公示",
        "disclosures/2013/东庄村发展党员公示.md",
    ),
    ("### 重点实事（plans/*.yaml）", "plans/2013.yaml"),
    (
        "### 指标数据（indicators/*.yaml）",
        "indicators/pear-grafting.yaml",
    ),
    ("### 工作报告（reports/**/*.md）", "reports/2013-h1.md"),
    ("### 普通页面", "pages/about.md"),
];

/// The fenced YAML and Markdown blocks of `text`, each with the heading
/// above it.
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let (mut heading, mut open, mut block) = (String::new(), false, String::new());
    for line in text.lines() {
        if open {
            if line == "```" {
                blocks.push((heading.clone(), std::mem::take(&mut block)));
                open = false;
            } else {
                block.push_str(line);
                block.push('\n');
            }
        } else if line == "```yaml" || line == "```markdown" {
            open = true;
        } else if line.starts_with('#') {
            heading = line.to_string();
        }
    }
    blocks
}

/// The guide must never teach something that fails: every record example
/// of the README, written into one site, passes `check` with the README's
/// own `--today`. (The site keeps the example address, which is warned of.)
#[test]
fn the_readmes_examples_pass_check() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks = fenced_blocks(&readme);
    let mut files: Vec<(&str, String)> = Vec::new();
    for (heading, path) in README_EXAMPLES {
        let (_, text) = blocks
            .iter()
            .find(|(h, _)| h == heading)
            .unwrap_or_else(|| panic!("no example under “{heading}”"));
        files.push((path, text.clone()));
    }
    // The indicator section's second example shows only the fields that
    // break a series down by groups: completed with the fields every
    // indicator has, it must pass too.
    let groups = blocks
        .iter()
        .filter(|(h, _)| h == "### 指标数据（indicators/*.yaml）")
        .nth(1)
        .map(|(_, text)| {
            format!("title: 民主评议党员结果\nunit: 名\nmeasure: stock\nunits: [xiguan]\n{text}")
        })
        .expect("the groups example");
    files.push(("indicators/party-review.yaml", groups));
    assert_eq!(
        blocks.len(),
        files.len(),
        "every YAML or Markdown example of the README is checked: {blocks:#?}"
    );
    let (site, diags) = check(&as_files(&files));
    let others: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| !d.message.contains("示例地址"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    let site = site.expect("the README's examples pass");
    assert_eq!(site.disclosures.len(), 3);
    assert_eq!(
        (site.plans.len(), site.reports.len(), site.pages.len()),
        (1, 1, 1)
    );
}
