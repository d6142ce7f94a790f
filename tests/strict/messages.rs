//! Every message in Chinese first, and hints that name only this site's
//! units.

use super::*;

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
