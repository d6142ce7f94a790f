//! Every validation rule of the record contract, one test each: a fixture
//! site with exactly one mistake, checked through the library, and the
//! diagnostic it must give — the file, the line (and column) of the value at
//! fault, and the words the clerk reads. Then the command line: exit
//! statuses, the printed report, and a failed build that leaves the previous
//! output as it was.

mod common;

use common::*;
use gongkai::diagnostics::{Diagnostic, Severity};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

const NOTICE_MD: &str = "disclosures/2013/xiguan-dibao.md";
const FINANCE_MD: &str = "disclosures/2013/xiguan-q2.md";
const DECISION_MD: &str = "disclosures/2013/xiguan-cundao.md";
const PARTY_MD: &str = "disclosures/2013/xiguan-fazhan.md";

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

fn site_error(yaml: &str) -> Diagnostic {
    one_error(&[("site.yaml", yaml)])
}

// ---------------------------------------------------------------- fixtures

#[test]
fn fixtures_pass_without_any_finding() {
    let (site, diags) = check(&[
        (NOTICE_MD, NOTICE),
        (FINANCE_MD, FINANCE),
        (DECISION_MD, DECISION),
        (PARTY_MD, PARTY),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.expect("the fixture site passes");
    assert_eq!(site.disclosures.len(), 4);
}

// --------------------------------------------------------------- site.yaml

#[test]
fn site_without_title() {
    let yaml = edit(SITE_YAML, "title: 示例镇党务村务财务公开网\n", "");
    let d = site_error(&yaml);
    assert_diag(&d, "site.yaml", (1, 1), "缺少必填字段 `title`");
}

#[test]
fn site_base_url_not_a_full_address() {
    let yaml = edit(
        SITE_YAML,
        "https://gongkai.example.cn/",
        "gongkai.example.cn",
    );
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos(&yaml, "gongkai.example.cn"),
        "`base_url` 应为完整网址",
    );
    assert_help(&d, "https://");
}

#[test]
fn site_unknown_unit_kind() {
    let yaml = edit(SITE_YAML, "kind: branch", "kind: town");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos_in(&yaml, "kind: town", "town"),
        "`kind` 不能是“town”",
    );
    assert_help(&d, "village");
}

#[test]
fn site_duplicate_unit_id() {
    let yaml = format!("{SITE_YAML}  - {{ id: xiguan, name: 西关新村, kind: village }}\n");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos_in(&yaml, "id: xiguan, name: 西关新村", "xiguan"),
        "单位代码 `xiguan` 重复",
    );
}

#[test]
fn site_unit_id_with_capitals_and_underscore() {
    let yaml = edit(SITE_YAML, "id: jiguan", "id: Ji_guan");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos(&yaml, "Ji_guan"),
        "只能用小写字母、数字和连字符",
    );
}

#[test]
fn site_yaml_mistakes_all_reported_together() {
    // A township without its name does not hide the unit after it.
    let yaml = edit(SITE_YAML, "{ id: shili, name: 示例镇 }", "{ id: shili }");
    let yaml = edit(&yaml, "kind: branch", "kind: town");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    assert_diag(
        errs[0],
        "site.yaml",
        pos(&yaml, "{ id: shili }"),
        "缺少必填字段 `name`",
    );
    assert_diag(
        errs[1],
        "site.yaml",
        pos_in(&yaml, "kind: town", "town"),
        "`kind` 不能是“town”",
    );
}

// ----------------------------------------------------------- common fields

#[test]
fn record_without_title() {
    let text = edit(NOTICE, "title: 西关村低保评议结果公示\n", "");
    let d = one_error(&[(NOTICE_MD, &text)]);
    // No value to point at: the start of the fields.
    assert_diag(&d, NOTICE_MD, (2, 1), "缺少必填字段 `title`");
}

#[test]
fn record_with_unknown_unit_lists_the_units() {
    let text = edit(NOTICE, "unit: xiguan", "unit: dongguan");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "dongguan"),
        "未知的单位“dongguan”",
    );
    assert_help(&d, "xiguan（西关村）");
}

#[test]
fn record_unit_written_as_chinese_name_suggests_the_id() {
    let text = edit(NOTICE, "unit: xiguan", "unit: 西关村");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos_in(&text, "unit: 西关村", "西关村"),
        "未知的单位“西关村”",
    );
    assert_help(&d, "改为 xiguan");
}

#[test]
fn published_not_a_date() {
    let text = edit(NOTICE, "published: 2013-07-03", "published: 七月三日");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "七月三日"), "`published`");
    assert!(d.message.contains("不是有效的日期"), "{d:#?}");
}

#[test]
fn published_written_with_slashes() {
    let text = edit(NOTICE, "published: 2013-07-03", "published: 2013/07/03");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013/07/03"),
        "“2013/07/03”不是有效的日期",
    );
    assert!(
        d.message.contains("2013-04-08"),
        "shows the right form: {d:#?}"
    );
}

#[test]
fn correction_dated_before_publication() {
    let text = edit(
        NOTICE,
        "published: 2013-07-03\n",
        "published: 2013-07-03\ncorrections:\n  - { date: 2013-07-01, reason: 更正公示名单 }\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-01"),
        "更正日期 2013年7月1日 早于发布日期 2013年7月3日",
    );
}

// ---------------------------------------------------------------- category

#[test]
fn category_missing() {
    let text = edit(NOTICE, "category: village\n", "");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, (2, 1), "缺少必填字段 `category`");
}

#[test]
fn category_not_one_of_the_three() {
    let text = edit(NOTICE, "category: village", "category: news");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "news"), "`category` 不能是“news”");
    assert_help(&d, "party");
}

// ----------------------------------------------------------------- posting

#[test]
fn posting_ends_before_it_starts() {
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-01");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-01"),
        "公示结束日期 2013-07-01 早于开始日期 2013-07-03",
    );
}

#[test]
fn posting_shorter_than_notice_min_days() {
    // 07-03 to 07-05 is three days counted inclusively; five are required.
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-05");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-05"),
        "公示期只有 3 天，少于规定的 5 天",
    );
    assert_help(&d, "2013-07-07");

    // Exactly five days is enough.
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-07");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

// ---------------------------------------------------- numbers out of bounds

#[test]
fn notice_min_days_beyond_ten_years_is_an_error_not_a_panic() {
    let yaml = edit(SITE_YAML, "notice_min_days: 5", "notice_min_days: 10000000");
    // With a notice that used to reach the date arithmetic.
    let (site, diags) = check(&[("site.yaml", &yaml), (NOTICE_MD, NOTICE)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_diag(
        errs[0],
        "site.yaml",
        pos(&yaml, "10000000"),
        "不能大于 3650",
    );
}

#[test]
fn votes_beyond_a_million_are_an_error_not_a_wrap() {
    for votes in [
        "expected: 40, present: 35, for: 4294967295, against: 1, abstain: 1",
        "expected: 40, present: 35, for: 33, against: 4294967295, abstain: 4294967295",
        "expected: 99999999999999999999999, present: 35, for: 33, against: 1, abstain: 1",
    ] {
        let text = edit(DECISION, REVIEW_VOTES, votes);
        let (site, diags) = check(&[(DECISION_MD, &text)]);
        assert!(site.is_none(), "{votes}");
        let errs = errors(&diags);
        assert!(!errs.is_empty(), "{votes}");
        for e in errs {
            assert!(e.message.contains("不能大于 1000000"), "{votes}: {e:#?}");
        }
    }
}

const INDICATOR_YAML: &str = "indicators/area.yaml";

const INDICATOR: &str = "\
title: 面积
unit: 亩
measure: flow
data:
  - { period: 2013, unit: xiguan, value: 1 }
  - { period: 2013, unit: jiguan, value: 2 }
";

#[test]
fn indicator_values_too_large_or_too_fine_are_errors_at_their_line() {
    for (value, words) in [
        ("79228162514264337593543950335", "数值过大"),
        ("12345678901234567890.5", "数值过大"),
        ("1e27", "应为数字"),
        ("0.0000001", "小数最多写 6 位"),
    ] {
        let text = edit(INDICATOR, "value: 2 }", &format!("value: {value} }}"));
        let d = one_error(&[(INDICATOR_YAML, &text)]);
        assert_diag(&d, INDICATOR_YAML, pos(&text, value), words);
    }
    // The largest values allowed add up without overflowing.
    let big = "999999999999999.999999";
    let text = INDICATOR.replace("value: 1 }", &format!("value: {big} }}"));
    let text = text.replace("value: 2 }", &format!("value: {big} }}"));
    let (site, diags) = check(&[(INDICATOR_YAML, &text)]);
    assert!(site.is_some(), "{diags:#?}");
}

#[test]
fn indicator_csv_values_are_bounded_too() {
    let yaml = "title: 面积\nunit: 亩\nmeasure: flow\ncsv: area.csv\n";
    let csv = "period,unit,value\n2013,xiguan,79228162514264337593543950335\n2013,jiguan,1\n";
    let (site, diags) = check(&[(INDICATOR_YAML, yaml), ("indicators/area.csv", csv)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].path, "indicators/area.csv");
    assert_eq!(place(errs[0]).0, 2);
    assert!(errs[0].message.contains("数值过大"), "{errs:#?}");
}

// ------------------------------------------------------- names and paths

/// The errors of checking a site folder written with raw names.
fn check_folder(dir: &Path) -> Vec<Diagnostic> {
    let (site, diags) = check_dir(dir);
    assert!(site.is_none(), "expected errors");
    errors(&diags).into_iter().cloned().collect()
}

#[test]
fn csv_data_outside_the_indicator_folder_is_refused_at_the_csv_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", SITE_YAML.as_bytes());
    let secret = "period,unit,value\n2013,机密数据xyz,1\n";
    write(tmp.path(), "outside.csv", secret.as_bytes());
    for name in [
        "../../outside.csv",
        "../outside.csv",
        "/etc/passwd",
        "../../../../etc/passwd",
        "sub/../../../outside.csv",
        "C:\\\\data.csv",
        "area.yaml",
    ] {
        let yaml = format!("title: 面积\nunit: 亩\nmeasure: flow\ncsv: \"{name}\"\n");
        write(&root, INDICATOR_YAML, yaml.as_bytes());
        let errs = check_folder(&root);
        assert_eq!(errs.len(), 1, "{name}: {errs:#?}");
        assert_eq!(errs[0].path, INDICATOR_YAML, "{name}");
        assert_eq!(place(&errs[0]).0, 4, "{name}");
        let report = format!("{errs:?}");
        assert!(
            !report.contains("机密数据") && !report.contains("root:"),
            "{report}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_linked_csv_or_attachment_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", SITE_YAML.as_bytes());
    write(
        tmp.path(),
        "outside.csv",
        b"period,unit,value\n2013,xiguan,1\n",
    );
    std::fs::create_dir_all(root.join("indicators")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("outside.csv"),
        root.join("indicators/area.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.csv"), root.join("static/a.csv")).unwrap();
    write(
        &root,
        INDICATOR_YAML,
        b"title: x\nunit: x\nmeasure: flow\ncsv: area.csv\n",
    );
    let errs = check_folder(&root);
    let paths: Vec<&str> = errs.iter().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&INDICATOR_YAML), "{errs:#?}");
    assert!(paths.contains(&"indicators/area.csv"), "{errs:#?}");
    assert!(paths.contains(&"static/a.csv"), "{errs:#?}");
    assert!(
        errs.iter().all(|d| d.message.contains("符号链接")),
        "{errs:#?}"
    );
}

#[test]
fn names_a_host_cannot_serve_are_refused_by_check() {
    for name in [
        "static/a\nb.txt",
        "static/a\\b.txt",
        "disclosures/2013/问题?.md",
        "static/通知.pdf.",
    ] {
        let dir = site(&[(NOTICE_MD, NOTICE)]);
        let text = if name.ends_with(".md") { NOTICE } else { "x" };
        write(dir.path(), name, text.as_bytes());
        let errs = check_folder(dir.path());
        assert_eq!(errs.len(), 1, "{name:?}: {errs:#?}");
        assert_eq!(errs[0].path, name);
        assert!(errs[0].message.contains("网站上无法访问"), "{errs:#?}");
    }
}

#[test]
fn names_that_differ_only_by_case_or_encoding_collide() {
    for (a, b) in [
        ("static/Tongzhi.pdf", "static/tongzhi.pdf"),
        ("static/caf\u{e9}.pdf", "static/cafe\u{301}.pdf"),
        ("disclosures/2013/A.md", "disclosures/2013/a.md"),
    ] {
        let dir = site(&[]);
        let text = if a.ends_with(".md") { NOTICE } else { "x" };
        write(dir.path(), a, text.as_bytes());
        write(dir.path(), b, text.as_bytes());
        let errs = check_folder(dir.path());
        assert_eq!(errs.len(), 1, "{a} {b}: {errs:#?}");
        assert!(errs[0].message.contains("只差大小写"), "{errs:#?}");
    }
}

#[test]
fn a_record_whose_url_differs_from_a_generated_page_only_by_case_collides() {
    let dir = site(&[("disclosures/Finance.md", NOTICE)]);
    let out = tempfile::tempdir().unwrap();
    let report = gongkai::site::build(&options(dir.path()), out.path())
        .err()
        .expect("a collision stops the build");
    let errs = errors(&report.diagnostics.iter().cloned().collect::<Vec<_>>())
        .into_iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>();
    assert!(errs.iter().any(|m| m.contains("只差大小写")), "{errs:#?}");
}

#[test]
fn a_body_nested_too_deep_is_an_error_at_its_line_not_a_stall() {
    for (hostile, words) in [
        (format!("{}x\n", "- ".repeat(40_000)), "列表或引用"),
        (format!("{}x\n", "> ".repeat(40_000)), "列表或引用"),
        (
            format!("{}x{}\n", "<div>".repeat(50_000), "</div>".repeat(50_000)),
            "HTML 标签",
        ),
    ] {
        let text = format!("{NOTICE}\n{hostile}");
        let d = one_error(&[(NOTICE_MD, &text)]);
        assert_eq!(place(&d).0, pos(&text, &hostile[..20]).0, "{words}");
        assert!(d.message.contains(words), "{d:#?}");
    }
}

// ----------------------------------------------------------------- finance

fn finance_error(text: &str) -> Diagnostic {
    one_error(&[(FINANCE_MD, text)])
}

#[test]
fn finance_entry_with_both_income_and_expense() {
    let text = edit(
        FINANCE,
        "income: \"20000\" }",
        "income: \"20000\", expense: 100 }",
    );
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos_in(&text, "expense: 100 }", "100"),
        "一笔账只能有收入或支出之一",
    );
}

#[test]
fn finance_entry_without_amount() {
    let text = edit(FINANCE, ", income: \"20000\" }", " }");
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos_in(&text, "{ date: 2013-04-10", "{"),
        "这笔账没有金额",
    );
}

#[test]
fn finance_entry_dated_outside_the_period() {
    let text = edit(FINANCE, "date: 2013-04-10", "date: 2013-07-01");
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "2013-07-01"),
        "记账日期 2013-07-01 不在公开期间2013年第二季度",
    );
}

#[test]
fn finance_duplicate_voucher() {
    let text = edit(FINANCE, "voucher: 记-013", "voucher: 记-012");
    let first_line = pos(&text, "记-012").0;
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos_in(&text, "voucher: 记-012, item: 上级转移支付", "记-012"),
        &format!("凭证号 记-012 重复（第 {first_line} 行已用过）"),
    );
}

#[test]
fn finance_wrong_closing_balance_names_the_computed_figure() {
    let text = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "20150.00"),
        "期末余额应为 20,140.00，记录中为 20,150.00",
    );
    assert_help(&d, "closing_balance 改为 20140.00");
}

#[test]
fn finance_amount_with_three_decimals() {
    let text = edit(FINANCE, "expense: 860.00", "expense: 860.005");
    let d = finance_error(&text);
    assert_diag(&d, FINANCE_MD, pos(&text, "860.005"), "最多保留两位小数");
}

#[test]
fn finance_negative_amount() {
    let text = edit(FINANCE, "expense: 860.00", "expense: -860.00");
    let d = finance_error(&text);
    assert_diag(&d, FINANCE_MD, pos(&text, "-860.00"), "金额不能为负数");
}

#[test]
fn finance_review_after_posting_starts() {
    let text = edit(FINANCE, "date: 2013-07-02", "date: 2013-07-04");
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "2013-07-04"),
        "审核日期 2013-07-04 晚于公示开始日期 2013-07-03",
    );

    // Reviewed on the day the posting starts is in order.
    let text = edit(FINANCE, "date: 2013-07-02", "date: 2013-07-03");
    let (site, diags) = check(&[(FINANCE_MD, &text)]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn finance_invalid_period() {
    let text = edit(FINANCE, "period: 2013-Q2", "period: 2013-Q5");
    let d = finance_error(&text);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "2013-Q5"),
        "“2013-Q5”不是有效的期间",
    );
}

// ---------------------------------------------------------------- decision

fn decision_error(text: &str) -> Diagnostic {
    one_error(&[(DECISION_MD, text)])
}

const REVIEW_VOTES: &str = "expected: 40, present: 35, for: 33, against: 1, abstain: 1";
const RESOLVE_VOTES: &str = "expected: 30, present: 25, for: 22, against: 2, abstain: 1";

#[test]
fn decision_steps_out_of_order() {
    let text = edit(DECISION, "date: 2013-03-05", "date: 2013-03-01");
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "2013-03-01"),
        "“商议”的日期 2013-03-01 早于“提议”的日期 2013-03-02",
    );
}

#[test]
fn decision_result_posted_before_completion() {
    let text = edit(
        DECISION,
        "result_posted: 2013-07-02",
        "result_posted: 2013-06-29",
    );
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "2013-06-29"),
        "“结果公开”的日期 2013-06-29 早于“完成”的日期 2013-06-30",
    );
}

#[test]
fn decision_more_votes_than_present() {
    let votes = "expected: 40, present: 35, for: 33, against: 2, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "33"),
        "审议：赞成 33 + 反对 2 + 弃权 1 = 36，多于实到 35 人",
    );
}

#[test]
fn decision_more_present_than_expected() {
    let votes = "expected: 40, present: 41, for: 33, against: 1, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "41"),
        "审议：实到 41 人，多于应到 40 人",
    );
}

#[test]
fn decision_review_without_two_thirds_present() {
    let votes = "expected: 40, present: 26, for: 24, against: 1, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "26"),
        "审议：实到 26 人，不足应到 40 人的三分之二",
    );
    assert_help(&d, "至少须 27 人到会");

    // 27 of 40 is two thirds.
    let votes = "expected: 40, present: 27, for: 24, against: 2, abstain: 1";
    let (site, diags) = check(&[(DECISION_MD, &edit(DECISION, REVIEW_VOTES, votes))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn decision_review_majority_counts_all_members() {
    // 20 for is more than half of the 30 present but not of the 40 members.
    let votes = "expected: 40, present: 30, for: 20, against: 8, abstain: 2";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "20"),
        "审议：赞成 20 人，未超过应到 40 人的半数",
    );
}

#[test]
fn decision_resolve_majority_counts_those_present() {
    let votes = "expected: 30, present: 24, for: 12, against: 10, abstain: 2";
    let text = edit(DECISION, RESOLVE_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "12"),
        "决议：赞成 12 人，未超过实到 24 人的半数",
    );

    // 13 of 24 present carries the vote, though it is not half of the 30.
    let votes = "expected: 30, present: 24, for: 13, against: 9, abstain: 2";
    let (site, diags) = check(&[(DECISION_MD, &edit(DECISION, RESOLVE_VOTES, votes))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn decision_done_without_completion_date() {
    let text = edit(DECISION, "completed: 2013-06-30, ", "");
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, "status: done", "done"),
        "实施状态为已完成（done），但没有写完成日期",
    );
}

#[test]
fn decision_missing_step() {
    let text = edit(
        DECISION,
        "    consult: { date: 2013-03-05, body: 村两委联席会 }\n",
        "",
    );
    let d = decision_error(&text);
    // The steps start with `propose`: that is where `consult` is missing.
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "propose"),
        "缺少必填字段 `consult`",
    );
    assert_help(&d, "商议");
}

// ------------------------------------------------------------------- party

fn party_error(text: &str) -> Diagnostic {
    one_error(&[(PARTY_MD, text)])
}

#[test]
fn party_candidates_without_posting() {
    let text = edit(PARTY, "posting: { from: 2013-06-20, to: 2013-06-26 }\n", "");
    let d = party_error(&text);
    // At the list of candidates, which is what needs the posting.
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "- { name: 王某某"),
        "发展党员公示必须写公示期 posting",
    );
}

#[test]
fn party_posting_that_is_wrong_is_not_also_called_missing() {
    let text = edit(PARTY, "to: 2013-06-26", "to: 2013-06-10");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "2013-06-10"),
        "公示结束日期 2013-06-10 早于开始日期 2013-06-20",
    );
}

#[test]
fn party_candidates_without_objections() {
    let text = edit(
        PARTY,
        "objections: { office: 镇党委组织办, phone: 0357-5123456, address: 镇政府二楼 }\n",
        "",
    );
    let d = party_error(&text);
    assert_diag(&d, PARTY_MD, (2, 1), "缺少必填字段 `objections`");
}

#[test]
fn party_full_birth_date_refused() {
    let text = edit(PARTY, "born: 1990-05", "born: 1990-05-12");
    let d = party_error(&text);
    assert_diag(&d, PARTY_MD, pos(&text, "1990-05-12"), "出生日期只公开到月");
    assert_help(&d, "born: 1990-05");
}

#[test]
fn party_candidate_under_eighteen_when_applying() {
    let text = edit(PARTY, "born: 1990-05", "born: 1993-04");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "2011-03-01"),
        "递交申请时（2011-03-01）只有 17 周岁",
    );

    // Born in February 1993: eighteen by March 2011.
    let (site, diags) = check(&[(PARTY_MD, &edit(PARTY, "born: 1990-05", "born: 1993-02"))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn party_invalid_stage() {
    let text = edit(PARTY, "stage: 拟接收预备党员", "stage: 正式党员");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "正式党员"),
        "`stage` 不能是“正式党员”",
    );
    assert_help(&d, "入党积极分子");
}

// ----------------------------------------------------------- personal data

#[test]
fn mobile_number_in_body_is_an_error_at_its_line() {
    let text = format!("{NOTICE}\n如有异议，请联系 13812345678。\n");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "13812345678"),
        "发现手机号“138****5678”",
    );
    assert!(
        !d.message.contains("13812345678")
            && !d.help.as_deref().unwrap_or("").contains("13812345678"),
        "the report must not repeat the number: {d:#?}"
    );
}

#[test]
fn id_number_in_a_field_is_an_error_at_its_place() {
    let text = edit(
        NOTICE,
        "title: 西关村低保评议结果公示",
        "title: 西关村低保评议结果公示（户主身份证350102199003071234）",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "350102199003071234"),
        "发现身份证号“35**************34”",
    );
}

#[test]
fn privacy_mask_publishes_only_the_masked_number() {
    let yaml = edit(SITE_YAML, "privacy: error", "privacy: mask");
    // site.yaml is published too: its footer contact is masked like a record.
    let yaml = format!("{yaml}contact: {{ office: 党政办, phone: 13912345678 }}\n");
    let text = format!("{NOTICE}\n如有异议，请联系 13812345678。\n");
    let csv = "姓名,身份证号\n张某,350102199003071234\n";
    let dir = site(&[
        ("site.yaml", &yaml),
        (NOTICE_MD, &text),
        ("static/attachments/名单.csv", csv),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (built, report) = gongkai::site::build(&options(dir.path()), out.path())
        .unwrap_or_else(|r| panic!("build failed:\n{}", r.render()));
    assert!(report.diagnostics.is_empty(), "{}", report.render());
    assert!(built.files > 0);

    let page = std::fs::read_to_string(out.path().join("disclosures/2013/xiguan-dibao/index.html"))
        .expect("the notice's page");
    assert!(page.contains("138****5678"), "masked number on the page");
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home page");
    assert!(home.contains("139****5678"), "masked contact in the footer");
    let list = std::fs::read_to_string(out.path().join("static/attachments/名单.csv"))
        .expect("the attachment");
    assert!(list.contains("35**************34"), "{list}");
    for (path, bytes) in snapshot(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        for number in ["13812345678", "13912345678", "350102199003071234"] {
            assert!(!text.contains(number), "{number} in {path}");
        }
    }
}

// -------------------------------------------------------------- load stage

#[test]
fn yaml_syntax_error_at_its_line() {
    let text = edit(
        NOTICE,
        "posting: { from: 2013-07-03, to: 2013-07-12 }",
        "posting: { from: 2013-07-03, to: 2013-07-12",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    // The bracket that is never closed.
    assert_diag(&d, NOTICE_MD, pos(&text, "{"), "YAML 格式有误");
}

#[test]
fn full_width_colon_at_its_own_line() {
    // `published：` typed with a Chinese input method: the parser fails a
    // line later, the error names the colon where it stands.
    let text = edit(NOTICE, "published: 2013-07-03", "published：2013-07-03");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "："),
        "字段 `published` 后面用了中文冒号",
    );
}

#[test]
fn duplicate_key_at_its_second_line() {
    let text = edit(
        NOTICE,
        "published: 2013-07-03\n",
        "published: 2013-07-03\nunit: jiguan\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "unit: jiguan"),
        "字段 `unit` 写了两次",
    );
}

#[test]
fn unknown_field_is_an_error_with_a_suggestion() {
    let text = edit(
        NOTICE,
        "category: village\n",
        "category: village\ntag: [低保]\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "tag:"), "未知字段 `tag`");
    assert_help(&d, "是否想写 `tags`？");
}

#[test]
fn misspelt_published_gets_a_suggestion() {
    let text = edit(NOTICE, "published:", "publised:");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    // The real field is missing, and the misspelt one is named at its line.
    assert!(errs[0].message.contains("缺少必填字段 `published`"));
    assert_diag(
        errs[1],
        NOTICE_MD,
        pos(&text, "publised"),
        "未知字段 `publised`",
    );
    assert_help(errs[1], "是否想写 `published`？");
}

#[test]
fn file_without_front_matter() {
    let text = "西关村低保评议结果公示\n\n经村民代表会议评议，现将结果公示如下。\n";
    let d = one_error(&[(NOTICE_MD, text)]);
    assert_diag(&d, NOTICE_MD, (1, 1), "文件开头缺少字段区");
}

#[test]
fn gbk_file_refused_by_name() {
    let dir = site(&[]);
    // “---\ntitle: 西关村财务公开\n---\n” saved by an editor as GBK.
    let mut bytes = b"---\ntitle: ".to_vec();
    bytes.extend_from_slice(b"\xce\xf7\xb9\xd8\xb4\xe5\xb2\xc6\xce\xf1\xb9\xab\xbf\xaa");
    bytes.extend_from_slice(b"\n---\n");
    write(dir.path(), NOTICE_MD, &bytes);
    let (site, diags) = check_dir(dir.path());
    assert!(site.is_none());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.path, NOTICE_MD);
    assert!(d.message.contains("GBK"), "{d:#?}");
    assert_help(d, "UTF-8");
}

#[test]
fn utf8_bom_is_accepted() {
    let text = format!("\u{feff}{NOTICE}");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.expect("passes");
    assert_eq!(site.disclosures[0].common.title, "西关村低保评议结果公示");

    // The mark does not shift the columns of what is reported.
    let text = format!("\u{feff}{}", edit(NOTICE, "unit: xiguan", "unit: dongguan"));
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_eq!(place(&d), pos(NOTICE, "xiguan"), "{d:#?}");
}

// ---------------------------------------------------- all errors in one run

#[test]
fn every_error_of_every_file_in_one_run() {
    let notice = edit(NOTICE, "unit: xiguan", "unit: dongguan");
    let notice = edit(&notice, "to: 2013-07-12", "to: 2013-07-01");
    let finance = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    let (site, diags) = check(&[(NOTICE_MD, &notice), (FINANCE_MD, &finance)]);
    assert!(site.is_none());
    let found: Vec<(&str, u32)> = errors(&diags)
        .iter()
        .map(|d| (d.path.as_str(), place(d).0))
        .collect();
    let mut expected = vec![
        (NOTICE_MD, pos(&notice, "dongguan").0),
        (NOTICE_MD, pos(&notice, "2013-07-01").0),
        (FINANCE_MD, pos(&finance, "20150.00").0),
    ];
    expected.sort();
    assert_eq!(found, expected, "{diags:#?}");
}

// ------------------------------------------------------------ command line

fn gongkai() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

/// Every file under `root` with its bytes, by relative path.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn cli_check_prints_each_error_with_its_line_and_caret() {
    let finance = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    let dir = site(&[(FINANCE_MD, &finance)]);
    let output = gongkai()
        .args(["check", "--today", "2013-07-05", "--site"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let (line, col) = pos(&finance, "20150.00");
    let headline = format!("{FINANCE_MD}:{line}:{col}: 错误：期末余额应为 20,140.00");
    assert!(stderr.contains(&headline), "no “{headline}” in:\n{stderr}");
    assert!(stderr.contains("closing_balance: 20150.00"), "{stderr}");
    let caret = stderr
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no caret in:\n{stderr}"));
    assert!(
        caret.contains("^^^^^^^^"),
        "caret under the 8 characters: {caret}"
    );

    // The same site without the mistake passes.
    let good = site(&[(FINANCE_MD, FINANCE)]);
    gongkai()
        .args(["check", "--today", "2013-07-05", "--site"])
        .arg(good.path())
        .assert()
        .code(0);
}

#[test]
fn cli_failed_build_leaves_previous_output_untouched() {
    let dir = site(&[(NOTICE_MD, NOTICE), (FINANCE_MD, FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let build = || {
        let mut cmd = gongkai();
        cmd.args(["build", "--quiet", "--today", "2013-07-05", "--site"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path());
        cmd
    };
    build().assert().code(0);
    let before = snapshot(out.path());
    assert!(
        before.contains_key("index.html") && before.len() > 3,
        "the first build wrote the site: {:?}",
        before.keys().collect::<Vec<_>>()
    );

    let broken = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    write(dir.path(), FINANCE_MD, broken.as_bytes());
    build()
        .assert()
        .code(1)
        .stderr(predicates::str::contains("期末余额应为 20,140.00"));
    let after = snapshot(out.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
}

#[test]
fn cli_bad_today_is_bad_usage() {
    let dir = site(&[(NOTICE_MD, NOTICE)]);
    let out = tempfile::tempdir().unwrap();
    gongkai()
        .args(["build", "--today", "notadate", "--site"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("“notadate”不是有效的日期"));
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn cli_help_for_build_and_check() {
    gongkai()
        .args(["build", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("--out").and(predicates::str::contains("--today")));
    gongkai()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("--site"));
}

#[test]
fn cli_build_prints_one_summary_line_and_no_progress_bar_off_a_terminal() {
    // Captured output is not a terminal: no bar, no control characters,
    // only the summary line with its figures; `--quiet` prints nothing.
    let dir = site(&[(NOTICE_MD, NOTICE), (FINANCE_MD, FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let run = |quiet: bool| {
        let mut cmd = gongkai();
        cmd.args(["build", "--today", "2013-07-05", "--site"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path());
        if quiet {
            cmd.arg("--quiet");
        }
        cmd.assert().code(0).get_output().clone()
    };
    let loud = run(false);
    let stdout = String::from_utf8(loud.stdout).unwrap();
    let stderr = String::from_utf8(loud.stderr).unwrap();
    assert!(
        stdout.starts_with("已生成 ") && stdout.contains("（2 条公开记录）"),
        "{stdout}"
    );
    assert!(stdout.contains("用时"), "{stdout}");
    assert!(
        !stderr.contains("生成页面") && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(!stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'));
    let quiet = run(true);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}
