//! The 公开情况 page (`/status/`) and its pieces on the home and unit
//! pages: which finance disclosures each village and community owes, and
//! where each stands. The cells come from `compute::schedule`; here they
//! are only laid out and worded.

use super::context;
use super::urls::{self, PagePath};
use crate::compute::schedule::{Cell, Every, PeriodSummary, Status};
use crate::domain::dates;
use crate::domain::period::Period;
use crate::records::config::Config;
use jiff::civil::Date;
use serde::Serialize;

/// Where the page lives.
pub(crate) const PATH: &str = "status/";

/// One cell as the page shows it.
#[derive(Serialize)]
pub(crate) struct CellCtx {
    pub(crate) period: String,
    /// `on-time`, `late`, `missing` or `not-due`, for the badge's class.
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    /// "4月10日公开", "逾期8天", "应于4月15日前公开".
    pub(crate) note: String,
    /// The record answering it, site-relative and encoded.
    pub(crate) path: Option<String>,
}

/// A unit's row: its cells in the table's column order (`None` where the
/// unit owes nothing for that column's period).
#[derive(Serialize)]
pub(crate) struct RowCtx {
    pub(crate) unit: String,
    pub(crate) unit_path: String,
    pub(crate) cells: Vec<Option<CellCtx>>,
}

/// One table: the units that disclose at one frequency.
#[derive(Serialize)]
pub(crate) struct TableCtx {
    pub(crate) caption: String,
    pub(crate) periods: Vec<String>,
    pub(crate) rows: Vec<RowCtx>,
}

/// The whole page.
#[derive(Serialize)]
pub(crate) struct StatusCtx {
    pub(crate) tables: Vec<TableCtx>,
    /// The summary lines, newest period first.
    pub(crate) summaries: Vec<String>,
}

/// The latest period's summary, for the home page.
#[derive(Serialize)]
pub(crate) struct HomeSummary {
    pub(crate) line: String,
    pub(crate) missing: usize,
    pub(crate) late: usize,
    pub(crate) path: &'static str,
}

pub(crate) fn cell(c: &Cell) -> CellCtx {
    let short = |d: Date| format!("{}月{}日", d.month(), d.day());
    let (key, note) = match &c.status {
        Status::OnTime { published } => ("on-time", format!("{}公开", short(*published))),
        Status::Late { published, days } => {
            ("late", format!("{}公开，逾期{days}天", short(*published)))
        }
        Status::Missing { due } => ("missing", format!("应于{}前公开", dates::chinese(*due))),
        Status::NotDue { due } => ("not-due", format!("{}前公开", short(*due))),
    };
    CellCtx {
        period: c.period.label(),
        key,
        label: c.status.label(),
        note,
        path: c.path.as_ref().map(|p| PagePath::of_record(p).encoded()),
    }
}

/// The page's tables (quarterly units, then monthly ones), the newest
/// period in the first column: that is the one a secretary checks.
pub(crate) fn page(cells: &[Cell], summaries: &[PeriodSummary], config: &Config) -> StatusCtx {
    let tables = [(Every::Quarter, "按季度公开"), (Every::Month, "按月公开")]
        .into_iter()
        .filter_map(|(every, caption)| table(cells, config, every, caption))
        .collect();
    StatusCtx {
        tables,
        summaries: summaries.iter().rev().map(|s| s.line.clone()).collect(),
    }
}

fn table(cells: &[Cell], config: &Config, every: Every, caption: &str) -> Option<TableCtx> {
    let units: Vec<&crate::records::config::Unit> = crate::compute::schedule::owing_units(config)
        .filter(|u| config.schedule.rule_of(&u.id).every == every)
        .collect();
    let mut periods: Vec<Period> = cells
        .iter()
        .filter(|c| units.iter().any(|u| u.id == c.unit))
        .map(|c| c.period)
        .collect();
    periods.sort();
    periods.dedup();
    periods.reverse();
    if periods.is_empty() {
        return None;
    }
    let rows = units
        .iter()
        .map(|u| RowCtx {
            unit: u.name.clone(),
            unit_path: urls::encode_path(&context::unit_path(&u.id)),
            cells: periods
                .iter()
                .map(|p| {
                    cells
                        .iter()
                        .find(|c| c.unit == u.id && c.period == *p)
                        .map(cell)
                })
                .collect(),
        })
        .collect();
    Some(TableCtx {
        caption: format!("财务公开情况（{caption}，最近一期在前）"),
        periods: periods.iter().map(Period::label).collect(),
        rows,
    })
}

/// The latest period anything is due for, for the home page.
pub(crate) fn home(summaries: &[PeriodSummary]) -> Option<HomeSummary> {
    crate::compute::schedule::latest_due(summaries).map(|s| HomeSummary {
        line: s.line.clone(),
        missing: s.missing,
        late: s.late,
        path: PATH,
    })
}

/// One unit's cells, newest first, for its own page.
pub(crate) fn unit_row(cells: &[Cell], unit: &str) -> Vec<CellCtx> {
    cells
        .iter()
        .rev()
        .filter(|c| c.unit == unit)
        .map(cell)
        .collect()
}
