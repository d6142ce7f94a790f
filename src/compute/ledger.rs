//! A finance ledger's totals: by account class (科目), income, expense and
//! the closing balance, exactly.

use crate::domain::money::Money;
use crate::records::disclosure::finance::{Finance, Flow};
use std::collections::BTreeMap;

/// The total of one account class (科目) over a ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassTotal {
    pub class: String,
    pub flow: Flow,
    pub total: Money,
    pub entries: usize,
}

/// What the finance page shows beyond the entries.
#[derive(Clone, Debug, PartialEq)]
pub struct LedgerSummary {
    pub income: Money,
    pub expense: Money,
    pub closing: Money,
    /// Income classes first, then expense classes, each in order of first use.
    pub by_class: Vec<ClassTotal>,
}

/// Class name used for entries that name none.
pub const UNCLASSIFIED: &str = "未分类";

pub fn ledger_summary(finance: &Finance) -> LedgerSummary {
    let mut order: Vec<(Flow, String)> = Vec::new();
    let mut totals: BTreeMap<(Flow, String), (Money, usize)> = BTreeMap::new();
    for e in &finance.entries {
        let class = e.class.clone().unwrap_or_else(|| UNCLASSIFIED.to_string());
        let key = (e.flow, class);
        let slot = totals.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            (Money::ZERO, 0)
        });
        slot.0 += e.amount;
        slot.1 += 1;
    }
    order.sort_by_key(|(flow, _)| *flow != Flow::Income);
    let by_class = order
        .into_iter()
        .map(|key| {
            let (total, entries) = totals[&key];
            ClassTotal {
                class: key.1,
                flow: key.0,
                total,
                entries,
            }
        })
        .collect();
    LedgerSummary {
        income: finance.total(Flow::Income),
        expense: finance.total(Flow::Expense),
        closing: finance.computed_closing(),
        by_class,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::records::disclosure::finance::Entry;
    use jiff::civil::date;

    fn entry(class: &str, flow: Flow, amount: &str) -> Entry {
        Entry {
            date: date(2013, 4, 8),
            voucher: None,
            item: "x".into(),
            class: (!class.is_empty()).then(|| class.to_string()),
            flow,
            amount: Money::parse(amount).unwrap(),
        }
    }

    #[test]
    fn ledger_totals_by_class_income_first() {
        let f = Finance {
            period: Period::Quarter(2013, 2),
            opening_balance: crate::records::read::At::new(
                Money::parse("100.00").unwrap(),
                crate::diagnostics::Span::default(),
            ),
            entries: vec![
                entry("管理费支出", Flow::Expense, "10.10"),
                entry("补助收入", Flow::Income, "50"),
                entry("管理费支出", Flow::Expense, "0.20"),
                entry("", Flow::Expense, "1"),
            ],
            closing_balance: None,
            review: None,
        };
        let s = ledger_summary(&f);
        assert_eq!(s.income, Money::parse("50").unwrap());
        assert_eq!(s.expense, Money::parse("11.30").unwrap());
        assert_eq!(s.closing, Money::parse("138.70").unwrap());
        let names: Vec<&str> = s.by_class.iter().map(|c| c.class.as_str()).collect();
        assert_eq!(names, ["补助收入", "管理费支出", UNCLASSIFIED]);
        assert_eq!(s.by_class[1].total, Money::parse("10.30").unwrap());
        assert_eq!(s.by_class[1].entries, 2);
    }
}
