//! A finance ledger's totals: by account class (科目), income, expense and
//! the closing balance, exactly; and the rule that a unit's ledgers chain
//! from one period to the next.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::money::Money;
use crate::records::disclosure::finance::{Entry, Finance, Flow};
use crate::records::disclosure::{Details, Disclosure};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// The total of one account class (科目) over a ledger.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ClassTotal {
    pub(crate) class: String,
    pub(crate) flow: Flow,
    pub(crate) total: Money,
    pub(crate) entries: usize,
}

/// What the finance page shows beyond the entries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LedgerSummary {
    pub(crate) income: Money,
    pub(crate) expense: Money,
    pub(crate) closing: Money,
    /// Income classes first, then expense classes, each in order of first use.
    pub(crate) by_class: Vec<ClassTotal>,
}

/// Class name used for entries that name none.
pub(crate) const UNCLASSIFIED: &str = "未分类";

pub(crate) fn ledger_summary(finance: &Finance) -> LedgerSummary {
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

/// A unit's account does not start afresh each period: a finance
/// disclosure's opening balance is the closing balance of the same unit's
/// previous period, whenever that period is in the site. The previous
/// period is the one that ends the day before this one starts, whatever its
/// length and whichever year folder holds it, so a quarter follows a month
/// (2013-Q2 after 2013-03) and a year follows a quarter (2014 after
/// 2013-Q4). A deliberate break (清产核资, a change of accounting)
/// is written as `opening_note:`, which the page shows.
///
/// Only records without errors reach the compute stage, so the figure the
/// help suggests is never worked out from a record with a mistake in it.
pub(crate) fn check_chain(disclosures: &[Disclosure], diags: &mut Diagnostics) {
    let mut by_unit: BTreeMap<&str, Vec<(&Disclosure, &Finance)>> = BTreeMap::new();
    for d in disclosures {
        if let Details::Finance(f) = &d.details {
            by_unit.entry(&d.common.unit).or_default().push((d, f));
        }
    }
    for ledgers in by_unit.values_mut() {
        ledgers
            .sort_by(|a, b| (a.1.period.start(), &a.0.path).cmp(&(b.1.period.start(), &b.0.path)));
        // The unit's ledgers by the day their period ends, in order: looked
        // up for each ledger rather than searched for.
        let mut by_end: HashMap<Date, Vec<(&Disclosure, &Finance)>> = HashMap::new();
        for &(d, f) in ledgers.iter() {
            by_end.entry(f.period.end()).or_default().push((d, f));
        }
        check_project_payments_published_once(ledgers, diags);
        for (d, f) in ledgers.iter() {
            if f.opening_note.is_some() {
                continue;
            }
            let day_before = f.period.start().yesterday().ok();
            let previous = day_before.and_then(|day| by_end.get(&day));
            for &(before, prev) in previous.into_iter().flatten() {
                let closing = prev.computed_closing();
                if closing != f.opening_balance.value {
                    diags.push(broken_chain(d, f, before, prev, closing));
                }
            }
        }
    }
}

/// A project's payment is published in one ledger: the same tagged entry
/// (date, voucher, item, amount) in two ledgers of a unit (a month's
/// ledger and then the quarter's, listing the month again) is counted
/// twice in the project's spending, the one sum taken across ledgers.
/// Untagged copies add to no sum and are left alone, as are ledgers of
/// overlapping periods with different entries; a withdrawn ledger, or a
/// draft shown in a preview, no longer counts.
fn check_project_payments_published_once(
    ledgers: &[(&Disclosure, &Finance)],
    diags: &mut Diagnostics,
) {
    type Payment<'e> = (Date, Option<&'e str>, &'e str, Money, bool);
    let mut first_in: HashMap<Payment, usize> = HashMap::new();
    for (index, &(d, f)) in ledgers.iter().enumerate() {
        if d.common.withdrawn.is_some() || d.common.draft {
            continue;
        }
        let mut again: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
        for e in f.entries.iter().filter(|e| e.project.is_some()) {
            let key = (
                e.date,
                e.voucher.as_deref(),
                e.item.as_str(),
                e.amount,
                e.flow == Flow::Income,
            );
            match first_in.get(&key) {
                Some(&earlier) if earlier != index => again.entry(earlier).or_default().push(e),
                Some(_) => {}
                None => {
                    first_in.insert(key, index);
                }
            }
        }
        for (earlier, entries) in again {
            let (before, prev) = ledgers[earlier];
            diags.push(paid_twice(d, f, before, prev, &entries));
        }
    }
}

fn paid_twice(
    d: &Disclosure,
    f: &Finance,
    before: &Disclosure,
    prev: &Finance,
    entries: &[&Entry],
) -> Diagnostic {
    let e = entries[0];
    Diagnostic::error(
        &d.path,
        Some(f.period_span),
        format!(
            "有 {} 笔项目收支与 {}（{}）中的相同，如 {} {} {} {}：同一笔账公开了两次，项目的支出会算两次",
            entries.len(),
            before.path,
            prev.period.label(),
            e.date,
            e.voucher.as_deref().unwrap_or(""),
            e.item,
            e.amount.grouped()
        ),
    )
    .with_help("按月公开过的收支不要再列进季度账目；删去重复的几笔，或改正 period（已公开的账目用 withdrawn: 撤回）")
}

fn broken_chain(
    d: &Disclosure,
    f: &Finance,
    before: &Disclosure,
    prev: &Finance,
    closing: Money,
) -> Diagnostic {
    Diagnostic::error(
        &d.path,
        Some(f.opening_balance.span),
        format!(
            "期初余额 {} 与上期期末余额 {} 不符：上期是 {}（{}）",
            f.opening_balance.value.grouped(),
            closing.grouped(),
            before.path,
            prev.period.label()
        ),
    )
    .with_help(format!(
        "本期期初余额应等于上期期末余额：写 opening_balance: {}；若因清产核资、会计制度变更等确实不相等，在 ledger 下加一行 opening_note: 说明原因，页面上会显示",
        closing.plain()
    ))
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
            project: None,
        }
    }

    #[test]
    fn ledger_totals_by_class_income_first() {
        let f = Finance {
            period: Period::Quarter(2013, 2),
            period_span: crate::diagnostics::Span::default(),
            opening_balance: crate::records::read::At::new(
                Money::parse("100.00").unwrap(),
                crate::diagnostics::Span::default(),
            ),
            opening_note: None,
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
