//! The compute stage: figures derived from validated records, against the
//! build's `--today`, the only clock.
//!
//! Everything here is arithmetic on the model; nothing formats or writes.

use crate::domain::money::Money;
use crate::records::disclosure::Posting;
use crate::records::finance::{Finance, Flow};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Where a disclosure stands in its posting period on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PostingStatus {
    /// 公示中: today lies inside the posting period.
    Live,
    /// 即将公示: the posting starts later.
    Upcoming,
    /// 已结束: the posting is over.
    Ended,
}

impl PostingStatus {
    pub fn of(posting: &Posting, today: Date) -> PostingStatus {
        if today < posting.from {
            PostingStatus::Upcoming
        } else if today > posting.to {
            PostingStatus::Ended
        } else {
            PostingStatus::Live
        }
    }

    /// The key the theme styles the badge by.
    pub fn key(&self) -> &'static str {
        match self {
            PostingStatus::Live => "live",
            PostingStatus::Upcoming => "upcoming",
            PostingStatus::Ended => "ended",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            PostingStatus::Live => "公示中",
            PostingStatus::Upcoming => "即将公示",
            PostingStatus::Ended => "已结束",
        }
    }
}

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
    use crate::records::finance::Entry;
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
    fn status_on_either_side_of_the_posting() {
        let p = Posting {
            from: date(2013, 7, 5),
            to: date(2013, 7, 11),
            channels: vec![],
        };
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 4)),
            PostingStatus::Upcoming
        );
        assert_eq!(PostingStatus::of(&p, date(2013, 7, 5)), PostingStatus::Live);
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 11)),
            PostingStatus::Live
        );
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 12)),
            PostingStatus::Ended
        );
    }

    #[test]
    fn ledger_totals_by_class_income_first() {
        let f = Finance {
            period: Period::Quarter(2013, 2),
            opening_balance: Money::parse("100.00").unwrap(),
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
