//! The compute stage: figures derived from validated records, against the
//! build's `--today`, the only clock.
//!
//! [`run`] takes the records and gives the [`Figures`] that the render stage
//! reads: each disclosure's posting status and ledger totals, each plan's
//! item states, each report's quotes resolved against the indicator series.
//! Render never calls back into here; it only reads what was computed.
//! Everything here is arithmetic on the model; nothing formats or writes.

pub(crate) mod earlier;
pub(crate) mod ledger;
pub(crate) mod links;
pub(crate) mod plan;
pub(crate) mod posting;
pub(crate) mod projects;
pub(crate) mod quotes;
pub(crate) mod schedule;
pub mod series;

pub(crate) use ledger::{LedgerSummary, ledger_summary};
pub(crate) use plan::ItemState;
pub(crate) use posting::PostingStatus;

use crate::diagnostics::Diagnostics;
use crate::records::config::Config;
use crate::records::disclosure::{Details, Disclosure};
use crate::records::plan::Plan;
use crate::records::report::Report;
use jiff::civil::Date;
use quotes::ReportText;
use rayon::prelude::*;
use series::Series;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the compute stage derived, for the render stage to read.
#[derive(Default)]
pub struct Figures {
    /// Each disclosure's figures, by its path: the live preview replaces
    /// one record's without touching the others.
    disclosures: HashMap<String, DisclosureFigures>,
    /// Each plan's figures, in the order of the site's plans.
    pub(crate) plans: Vec<PlanFigures>,
    /// Each report's text, in the order of the site's reports.
    pub reports: Vec<ReportText>,
    /// The finance disclosure schedule: each village and community × period.
    pub(crate) schedule: Vec<schedule::Cell>,
    /// Each period of the schedule with its counts, in time order.
    pub(crate) schedule_summaries: Vec<schedule::PeriodSummary>,
    /// Each project named by a decision, by id.
    pub(crate) projects: BTreeMap<String, projects::Project>,
}

/// A disclosure's derived figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DisclosureFigures {
    /// Where its posting stands, when it has one.
    pub(crate) status: Option<PostingStatus>,
    /// A finance disclosure's totals.
    pub(crate) ledger: Option<LedgerSummary>,
}

/// A plan's derived figures.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlanFigures {
    /// Each item's, in the plan's order.
    pub(crate) items: Vec<ItemFigures>,
    /// How many items are in each state, in [`ItemState::ALL`] order.
    pub(crate) counts: Vec<(ItemState, usize)>,
    /// "12项实事，已完成8项，进行中2项，已逾期2项".
    pub(crate) summary: String,
}

/// Where one key project stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ItemFigures {
    pub(crate) state: ItemState,
    /// Percent of the target reached, 0 to 100.
    pub(crate) percent: u32,
}

/// The records the compute stage reads.
pub(crate) struct Records<'a> {
    pub(crate) config: &'a Config,
    pub(crate) today: Date,
    pub(crate) disclosures: &'a [Disclosure],
    pub(crate) plans: &'a [Plan],
    pub(crate) reports: &'a [Report],
    /// Every indicator's series, by indicator.
    pub(crate) series: &'a [Series<'a>],
    /// Indicator files that have errors of their own: a report quoting one
    /// is not also told that it does not exist.
    pub(crate) unread_indicators: &'a BTreeSet<String>,
}

/// Runs the compute stage. Rules that need more than one record (a report
/// quoting a figure no series has) report into `diags`.
pub(crate) fn run(records: &Records, diags: &mut Diagnostics) -> Figures {
    ledger::check_chain(records.disclosures, diags);
    let disclosures = records
        .disclosures
        .par_iter()
        .map(|d| (d.path.clone(), disclosure_figures(d, records.today)))
        .collect();
    let plans = records
        .plans
        .iter()
        .map(|p| plan_figures(p, records.today))
        .collect();
    let by_id: BTreeMap<&str, &Series> = records
        .series
        .iter()
        .map(|s| (s.indicator.id.as_str(), s))
        .collect();
    let reports = records
        .reports
        .iter()
        .map(|r| quotes::resolve(r, &by_id, records, diags))
        .collect();
    let cells = schedule::grid(records.config, records.disclosures, records.today);
    schedule::warn_of_missing(&cells, records.config, records.today, diags);
    let projects = projects::all(records.disclosures, records.plans, records.today, diags);
    Figures {
        disclosures,
        plans,
        reports,
        schedule_summaries: schedule::summaries(&cells, records.config, records.today),
        schedule: cells,
        projects,
    }
}

/// One disclosure's figures on `today`.
pub(crate) fn disclosure_figures(d: &Disclosure, today: Date) -> DisclosureFigures {
    DisclosureFigures {
        status: d.posting.as_ref().map(|p| PostingStatus::of(p, today)),
        ledger: match &d.details {
            Details::Finance(f) => Some(ledger_summary(f)),
            _ => None,
        },
    }
}

/// One plan's figures on `today`.
pub(crate) fn plan_figures(p: &Plan, today: Date) -> PlanFigures {
    PlanFigures {
        items: p
            .items
            .iter()
            .map(|i| ItemFigures {
                state: ItemState::of(i, today),
                percent: plan::percent_complete(i),
            })
            .collect(),
        counts: plan::plan_counts(p, today),
        summary: plan::plan_summary(p, today),
    }
}

impl Figures {
    /// The figures of the disclosure read from `path`.
    pub(crate) fn disclosure(&self, path: &str) -> &DisclosureFigures {
        static NONE: DisclosureFigures = DisclosureFigures {
            status: None,
            ledger: None,
        };
        self.disclosures.get(path).unwrap_or(&NONE)
    }

    /// Puts a re-read disclosure's figures in place of its old ones (the
    /// live preview, after a save).
    pub(crate) fn set_disclosure(&mut self, d: &Disclosure, today: Date) {
        self.disclosures
            .insert(d.path.clone(), disclosure_figures(d, today));
    }

    /// Works the schedule and the projects out again after the live
    /// preview changed a record: both join many records, so any save can
    /// move them. Their findings go into `diags`.
    pub(crate) fn set_threads(
        &mut self,
        config: &Config,
        disclosures: &[Disclosure],
        plans: &[Plan],
        today: Date,
        diags: &mut Diagnostics,
    ) {
        let cells = schedule::grid(config, disclosures, today);
        schedule::warn_of_missing(&cells, config, today, diags);
        self.schedule_summaries = schedule::summaries(&cells, config, today);
        self.schedule = cells;
        self.projects = projects::all(disclosures, plans, today, diags);
    }

    /// Forgets the figures of a disclosure that left the site.
    pub(crate) fn remove_disclosure(&mut self, path: &str) {
        self.disclosures.remove(path);
    }
}
