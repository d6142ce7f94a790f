//! Numbers beyond what a record can hold are errors, never panics.

use super::*;

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

pub(super) const INDICATOR_YAML: &str = "indicators/area.yaml";

pub(super) const INDICATOR: &str = "\
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
