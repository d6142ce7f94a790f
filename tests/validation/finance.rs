//! Finance disclosures: the ledger rules.

use super::*;

// ----------------------------------------------------------------- finance

pub(super) fn finance_error(text: &str) -> Diagnostic {
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

/// A record dated before 1949 is refused at `published`: a slip of the
/// year that would date the page, the feed and the sitemap wrongly.
#[test]
fn finance_published_in_year_one_is_refused() {
    let ancient = edit(FINANCE, "published: 2013-07-03", "published: 0001-01-01");
    let (site, diags) = check(&[(FINANCE_MD, &ancient)]);
    assert!(site.is_none());
    assert!(
        errors(&diags)
            .iter()
            .any(|d| d.message.contains("不合常理")),
        "{diags:#?}"
    );
}

/// A ledger whose payments exceed its opening balance and income is warned
/// of: it builds, and the clerk checks the figures.
#[test]
fn finance_a_negative_closing_balance_is_warned_of() {
    let text = edit(FINANCE, "expense: 860.00 }", "expense: 21000.01 }");
    // No closing balance written: a negative one cannot be.
    let text = edit(&text, "\n  closing_balance: 20140.00", "");
    let (site, diags) = check(&[(FINANCE_MD, &text)]);
    assert!(site.is_some(), "{diags:#?}");
    assert!(
        diags.iter().any(|d| d.severity == Severity::Warning
            && d.message.contains("期末余额是负数（-0.01）")
            && d.span.map(|s| s.line) == Some(pos(&text, "opening_balance").0)),
        "{diags:#?}"
    );
}
