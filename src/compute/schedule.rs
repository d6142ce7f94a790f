//! Disclosure schedule (查): which finance disclosures each village and
//! community owes, and where each stands against `--today`.
//!
//! The national rule (农村集体经济组织财务公开规定) has collective finances
//! disclosed at least every quarter, monthly where transactions are many,
//! and this site holds each period's ledger due by a day of the month after
//! the period. A cell is one unit and one period: disclosed on time, late
//! (with the days late), due and missing, or not yet due. A missing ledger
//! is what a township 纪委 secretary checks for first, so it is never
//! silently skipped: every period from `since` on has a cell.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::dates;
use crate::domain::period::Period;
use crate::records::config::{Config, Unit, UnitKind};
use crate::records::disclosure::{Details, Disclosure};
use jiff::civil::Date;
use std::collections::HashMap;

pub(crate) use crate::records::schedule::{Every, Rule};

impl Rule {
    /// The period of this rule's length that holds `date`.
    pub(crate) fn period_of(&self, date: Date) -> Period {
        let (y, m) = (date.year(), date.month() as u8);
        match self.every {
            Every::Quarter => Period::Quarter(y, (m - 1) / 3 + 1),
            Every::Month => Period::Month(y, m),
        }
    }

    /// The day `period` is due: `due_day` of the month after it, or that
    /// month's last day when it is shorter.
    pub(crate) fn due(&self, period: Period) -> Date {
        let first_after = period.end().tomorrow().unwrap_or(Date::MAX);
        let day = self.due_day.clamp(1, first_after.days_in_month());
        first_after.with().day(day).build().unwrap_or(first_after)
    }
}

/// Where one unit's disclosure for one period stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// 已公开: published by the due date.
    OnTime { published: Date },
    /// 逾期公开: published after the due date.
    Late { published: Date, days: i32 },
    /// 未公开: due and not published.
    Missing { due: Date },
    /// 未到期: not published and not yet due.
    NotDue { due: Date },
}

impl Status {
    /// Where a disclosure published on `published` (if at all) stands on
    /// `today`, when due on `due`. A publication date after `today` is not
    /// published yet.
    pub(crate) fn of(published: Option<Date>, due: Date, today: Date) -> Status {
        match published.filter(|p| *p <= today) {
            Some(p) if p <= due => Status::OnTime { published: p },
            Some(p) => Status::Late {
                published: p,
                days: (p - due).get_days(),
            },
            None if today > due => Status::Missing { due },
            None => Status::NotDue { due },
        }
    }

    pub(crate) fn label(&self) -> &'static str {
        match self {
            Status::OnTime { .. } => "已公开",
            Status::Late { .. } => "逾期公开",
            Status::Missing { .. } => "未公开",
            Status::NotDue { .. } => "未到期",
        }
    }
}

/// One unit × period of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) unit: String,
    pub(crate) period: Period,
    pub(crate) status: Status,
    /// The day it is (or was) due.
    pub(crate) due: Date,
    /// The disclosure that answers it, when there is one.
    pub(crate) path: Option<String>,
}

/// The schedule's cells: for each village and community in site order, each
/// period of its rule from the one holding its `since` (default: the
/// earliest finance period of the site) to the one holding `today`.
pub(crate) fn grid(config: &Config, disclosures: &[Disclosure], today: Date) -> Vec<Cell> {
    let finance: Vec<(&Disclosure, Period)> = disclosures
        .iter()
        .filter(|d| !d.common.draft)
        .filter_map(|d| match &d.details {
            Details::Finance(f) => Some((d, f.period)),
            _ => None,
        })
        .collect();
    let earliest = finance.iter().map(|(_, p)| *p).min();
    // Each unit's ledgers by period, in record order: a county has hundreds
    // of units and tens of thousands of ledgers, too many to search through
    // for every cell.
    let mut by_cell: HashMap<(&str, Period), Vec<&Disclosure>> = HashMap::new();
    for (d, p) in &finance {
        by_cell.entry((&d.common.unit, *p)).or_default().push(d);
    }
    let mut cells = Vec::new();
    for unit in owing_units(config) {
        let rule = config.schedule.rule_of(&unit.id);
        let Some(since) = rule.since.or(earliest) else {
            continue;
        };
        let last = rule.period_of(today);
        let mut period = rule.period_of(since.start());
        while period <= last {
            let answer = by_cell
                .get(&(unit.id.as_str(), period))
                .into_iter()
                .flatten()
                .filter(|d| d.common.published <= today)
                .min_by_key(|d| d.common.published);
            let due = rule.due(period);
            cells.push(Cell {
                unit: unit.id.clone(),
                period,
                status: Status::of(answer.map(|d| d.common.published), due, today),
                due,
                path: answer.map(|d| d.path.clone()),
            });
            period = period.next();
        }
    }
    cells
}

/// The villages and communities, in site order: the units that keep
/// collective accounts and so owe finance disclosures.
pub(crate) fn owing_units(config: &Config) -> impl Iterator<Item = &Unit> {
    config
        .units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Village | UnitKind::Community))
}

/// How one period stands across the units that owe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PeriodSummary {
    pub(crate) period: Period,
    pub(crate) owed: usize,
    pub(crate) on_time: usize,
    pub(crate) late: usize,
    pub(crate) missing: usize,
    pub(crate) not_due: usize,
    /// Whether the period's due date has passed for some unit by today.
    pub(crate) past_due: bool,
    /// "2013年第二季度：6个村应公开，已公开2个，未公开4个".
    pub(crate) line: String,
}

/// Each period of the grid, in time order, with its counts and the line
/// that says them. `units` names the owing units as a clerk would: "村",
/// "社区" or "村（社区）".
pub(crate) fn summaries(cells: &[Cell], config: &Config, today: Date) -> Vec<PeriodSummary> {
    let mut periods: Vec<Period> = cells.iter().map(|c| c.period).collect();
    periods.sort();
    periods.dedup();
    let units = units_word(config);
    periods
        .into_iter()
        .map(|period| {
            let of = |f: fn(&Status) -> bool| {
                cells
                    .iter()
                    .filter(|c| c.period == period && f(&c.status))
                    .count()
            };
            let mut s = PeriodSummary {
                period,
                owed: of(|_| true),
                on_time: of(|s| matches!(s, Status::OnTime { .. })),
                late: of(|s| matches!(s, Status::Late { .. })),
                missing: of(|s| matches!(s, Status::Missing { .. })),
                not_due: of(|s| matches!(s, Status::NotDue { .. })),
                past_due: cells.iter().any(|c| c.period == period && c.due < today),
                line: String::new(),
            };
            s.line = summary_line(&s, units);
            s
        })
        .collect()
}

/// The latest period whose due date has passed: the one a secretary
/// checks (a period still open may look complete only because few are due).
pub(crate) fn latest_due(summaries: &[PeriodSummary]) -> Option<&PeriodSummary> {
    summaries.iter().rev().find(|s| s.past_due)
}

fn units_word(config: &Config) -> &'static str {
    let kinds: Vec<UnitKind> = owing_units(config).map(|u| u.kind).collect();
    if kinds.iter().all(|k| *k == UnitKind::Village) {
        "村"
    } else if kinds.iter().all(|k| *k == UnitKind::Community) {
        "社区"
    } else {
        "村（社区）"
    }
}

/// "2013年第二季度：6个村应公开，已公开2个，未公开4个": the counts that
/// are not zero, 已公开 always.
fn summary_line(s: &PeriodSummary, units: &str) -> String {
    let mut line = format!(
        "{}：{}个{units}应公开，已公开{}个",
        s.period.label(),
        s.owed,
        s.on_time
    );
    for (count, label) in [
        (s.late, "逾期公开"),
        (s.missing, "未公开"),
        (s.not_due, "未到期"),
    ] {
        if count > 0 {
            line.push_str(&format!("，{label}{count}个"));
        }
    }
    line
}

/// One warning per 未公开 cell: what is missing, since when, and what to
/// do. They point at `schedule:` in site.yaml when it is written.
pub(crate) fn warn_of_missing(
    cells: &[Cell],
    config: &Config,
    today: Date,
    diags: &mut Diagnostics,
) {
    for cell in cells {
        let Status::Missing { due } = cell.status else {
            continue;
        };
        let name = config
            .unit(&cell.unit)
            .map_or(cell.unit.as_str(), |u| &u.name);
        diags.push(
            Diagnostic::warning(
                "site.yaml",
                config.schedule.span,
                format!(
                    "{name}{}财务未公开：应在{}前公开，已过{}天",
                    cell.period.label(),
                    dates::chinese(due),
                    (today - due).get_days()
                ),
            )
            .with_help(format!(
                "把{name}{}的财务公开记录（category: finance，unit: {}，period: {}）放进 disclosures/",
                cell.period.label(),
                cell.unit,
                cell.period
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn a_quarter_is_due_the_fifteenth_of_the_month_after() {
        let rule = Rule::default();
        assert_eq!(rule.due(p("2013-Q2")), date(2013, 7, 15));
        assert_eq!(rule.due(p("2013-Q4")), date(2014, 1, 15));
        let monthly = Rule {
            every: Every::Month,
            due_day: 31,
            since: None,
        };
        assert_eq!(monthly.due(p("2013-01")), date(2013, 2, 28), "short month");
        assert_eq!(monthly.period_of(date(2013, 5, 3)), p("2013-05"));
        assert_eq!(rule.period_of(date(2013, 5, 3)), p("2013-Q2"));
    }

    #[test]
    fn status_on_either_side_of_the_due_date() {
        let due = date(2013, 7, 15);
        let today = date(2013, 7, 20);
        assert_eq!(
            Status::of(Some(date(2013, 7, 15)), due, today),
            Status::OnTime {
                published: date(2013, 7, 15)
            }
        );
        assert_eq!(
            Status::of(Some(date(2013, 7, 18)), due, today),
            Status::Late {
                published: date(2013, 7, 18),
                days: 3
            }
        );
        assert_eq!(Status::of(None, due, today), Status::Missing { due });
        assert_eq!(
            Status::of(None, due, date(2013, 7, 15)),
            Status::NotDue { due },
            "due today is not yet missing"
        );
        assert_eq!(
            Status::of(Some(date(2013, 7, 25)), due, today),
            Status::Missing { due },
            "a publication after today is not published yet"
        );
    }
}
