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

use crate::domain::period::Period;
use crate::records::config::{Config, UnitKind};
use crate::records::disclosure::{Details, Disclosure};
use jiff::civil::Date;

/// How often a unit discloses its finances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Quarter,
    Month,
}

/// One unit's disclosure rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub every: Every,
    /// The day of the month after the period by which it is due.
    pub due_day: i8,
}

impl Default for Rule {
    /// Every quarter, due by the 15th of the month after it.
    fn default() -> Rule {
        Rule {
            every: Every::Quarter,
            due_day: 15,
        }
    }
}

impl Rule {
    /// The period of this rule's length that holds `date`.
    pub fn period_of(&self, date: Date) -> Period {
        let (y, m) = (date.year(), date.month() as u8);
        match self.every {
            Every::Quarter => Period::Quarter(y, (m - 1) / 3 + 1),
            Every::Month => Period::Month(y, m),
        }
    }

    /// The day `period` is due: `due_day` of the month after it, or that
    /// month's last day when it is shorter.
    pub fn due(&self, period: Period) -> Date {
        let first_after = period.end().tomorrow().unwrap_or(Date::MAX);
        let day = self.due_day.clamp(1, first_after.days_in_month());
        first_after.with().day(day).build().unwrap_or(first_after)
    }
}

/// Where one unit's disclosure for one period stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
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
    pub fn of(published: Option<Date>, due: Date, today: Date) -> Status {
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

    pub fn label(&self) -> &'static str {
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
pub struct Cell {
    pub unit: String,
    pub period: Period,
    pub status: Status,
    /// The disclosure that answers it, when there is one.
    pub path: Option<String>,
}

/// The schedule's cells: for each village and community in site order, each
/// period of its rule from the one holding `since` (default: the earliest
/// finance period of the site) to the one holding `today`.
pub fn grid(
    config: &Config,
    rule_of: impl Fn(&str) -> Rule,
    since: Option<Period>,
    disclosures: &[Disclosure],
    today: Date,
) -> Vec<Cell> {
    let finance: Vec<(&Disclosure, Period)> = disclosures
        .iter()
        .filter(|d| !d.common.draft)
        .filter_map(|d| match &d.details {
            Details::Finance(f) => Some((d, f.period)),
            _ => None,
        })
        .collect();
    let Some(since) = since.or_else(|| finance.iter().map(|(_, p)| *p).min()) else {
        return Vec::new();
    };
    let mut cells = Vec::new();
    for unit in config
        .units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Village | UnitKind::Community))
    {
        let rule = rule_of(&unit.id);
        let last = rule.period_of(today);
        let mut period = rule.period_of(since.start());
        while period <= last {
            let answer = finance
                .iter()
                .filter(|(d, p)| d.common.unit == unit.id && *p == period)
                .map(|(d, _)| *d)
                .filter(|d| d.common.published <= today)
                .min_by_key(|d| d.common.published);
            cells.push(Cell {
                unit: unit.id.clone(),
                period,
                status: Status::of(answer.map(|d| d.common.published), rule.due(period), today),
                path: answer.map(|d| d.path.clone()),
            });
            period = period.next();
        }
    }
    cells
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
