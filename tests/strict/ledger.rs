//! Balances that chain from one period to the next.

use super::*;

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
    // The Q1 and Q3 the site lacks are told as missing from the disclosure
    // schedule; nothing is said of the chain.
    let not_schedule: Vec<_> = diags
        .iter()
        .filter(|d| !d.message.contains("财务未公开"))
        .collect();
    assert!(site.is_some() && not_schedule.is_empty(), "{diags:#?}");
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

#[test]
fn a_new_finance_record_opens_where_the_units_last_ledger_closed() {
    let q1 = ledger(
        "xiguan",
        "2013-Q1",
        "2013-02-02",
        "100.00",
        "50.00",
        "150.00",
    );
    let dir = common::site(&[("disclosures/2013/xiguan-q1.md", &q1)]);
    let path = dir.path().join("disclosures/2013/西关村二季度财务.md");
    assert_cmd::Command::cargo_bin("gongkai")
        .unwrap()
        .args(["new", "finance"])
        .arg(&path)
        .args(["--today", "2013-07-05"])
        .assert()
        .success();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("period: 2013-Q2"), "{text}");
    assert!(text.contains("  opening_balance: 150.00 "), "{text}");
    let (site, diags) = check_dir(dir.path());
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}
