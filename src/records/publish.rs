//! Which records a run publishes, and in what order: one rule for the
//! build and the live preview alike.
//!
//! The rule looks inside a published record too: what it dates after
//! `--today` (a plan item's check or rating, a decision's completion and its
//! result, a correction) has not happened yet, so it is left out of the run
//! like a record published later, and no state or summary counts it.

use super::common::{Common, Correction};
use super::disclosure::decision::{Decision, Status};
use super::disclosure::{Details, Disclosure};
use super::page::Page;
use super::plan::Plan;
use super::report::Report;
use jiff::civil::Date;
use std::cmp::Ordering;

/// What decides whether a record is published in this run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Publication {
    /// The run's `--today`: a record dated after it waits.
    pub(crate) today: Date,
    /// `--drafts`: drafts are published too (for previews).
    pub(crate) drafts: bool,
}

/// Why a record is left out of this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeldBack {
    /// `draft: true`, without `--drafts`.
    Draft,
    /// Published after `--today`.
    Future,
}

/// How many records a run left out, and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeldBackCount {
    pub drafts: usize,
    pub future: usize,
}

/// A record's draft flag and publication date, as the rule reads them.
pub(crate) trait Dated {
    fn draft(&self) -> bool;
    /// `None` for records that need no date (free pages may have none).
    fn published(&self) -> Option<Date>;
    /// Leaves out the parts of the record dated after `today`.
    fn hold_back_parts(&mut self, today: Date);
}

impl Publication {
    /// Whether `record` is published in this run, or why not.
    pub(crate) fn check(&self, record: &impl Dated) -> Result<(), HeldBack> {
        if record.draft() && !self.drafts {
            Err(HeldBack::Draft)
        } else if record.published().is_some_and(|p| p > self.today) {
            Err(HeldBack::Future)
        } else {
            Ok(())
        }
    }

    /// `record` as this run publishes it, without its parts dated after
    /// `--today`; or why it is held back.
    pub(crate) fn admit<T: Dated>(&self, mut record: T) -> Result<T, HeldBack> {
        self.check(&record)?;
        record.hold_back_parts(self.today);
        Ok(record)
    }

    /// The records published in this run, counting those held back.
    pub(crate) fn select<T: Dated>(&self, records: Vec<T>, held: &mut HeldBackCount) -> Vec<T> {
        records
            .into_iter()
            .filter_map(|r| match self.admit(r) {
                Ok(r) => Some(r),
                Err(HeldBack::Draft) => {
                    held.drafts += 1;
                    None
                }
                Err(HeldBack::Future) => {
                    held.future += 1;
                    None
                }
            })
            .collect()
    }
}

/// Disclosures: newest publication first, then by path.
pub(crate) fn disclosure_order(a: &Disclosure, b: &Disclosure) -> Ordering {
    b.common
        .published
        .cmp(&a.common.published)
        .then_with(|| a.path.cmp(&b.path))
}

/// Plans: newest year first, then by path.
pub(crate) fn plan_order(a: &Plan, b: &Plan) -> Ordering {
    b.year.cmp(&a.year).then_with(|| a.path.cmp(&b.path))
}

/// Reports: the latest period first (then the latest published), then by path.
pub(crate) fn report_order(a: &Report, b: &Report) -> Ordering {
    (b.period.end(), b.common.published)
        .cmp(&(a.period.end(), a.common.published))
        .then_with(|| a.path.cmp(&b.path))
}

impl Dated for Disclosure {
    fn draft(&self) -> bool {
        self.common.draft
    }
    fn published(&self) -> Option<Date> {
        Some(self.common.published)
    }
    fn hold_back_parts(&mut self, today: Date) {
        hold_back_common(&mut self.common, today);
        if let Details::Decision(d) = &mut self.details {
            hold_back_decision(d, today);
        }
    }
}

impl Dated for Plan {
    fn draft(&self) -> bool {
        self.common.draft
    }
    fn published(&self) -> Option<Date> {
        Some(self.common.published)
    }
    /// A check made later is not yet made, and a grade given later is not
    /// yet given: the item's state and the plan's summary go by the checks
    /// made so far.
    fn hold_back_parts(&mut self, today: Date) {
        hold_back_common(&mut self.common, today);
        for item in &mut self.items {
            item.checks.retain(|c| c.date <= today);
            item.rating = item.rating.take().filter(|r| r.date <= today);
        }
    }
}

impl Dated for Report {
    fn draft(&self) -> bool {
        self.common.draft
    }
    fn published(&self) -> Option<Date> {
        Some(self.common.published)
    }
    fn hold_back_parts(&mut self, today: Date) {
        hold_back_common(&mut self.common, today);
    }
}

impl Dated for Page {
    fn draft(&self) -> bool {
        self.draft
    }
    fn published(&self) -> Option<Date> {
        self.published
    }
    fn hold_back_parts(&mut self, today: Date) {
        hold_back_corrections(&mut self.corrections, today);
    }
}

/// A correction made later is not made yet, nor is a withdrawal.
fn hold_back_common(common: &mut Common, today: Date) {
    hold_back_corrections(&mut common.corrections, today);
    common.withdrawn = common.withdrawn.take().filter(|w| w.date <= today);
}

fn hold_back_corrections(corrections: &mut Vec<Correction>, today: Date) {
    corrections.retain(|c| c.date <= today);
}

/// A decision's public resolution, completion and result, as they stand on
/// `today`: a project completed later is still in progress, and its result
/// (the money spent) is shown from the day it is made public.
fn hold_back_decision(d: &mut Decision, today: Date) {
    d.resolution_posted = d.resolution_posted.filter(|p| *p <= today);
    let Some(imp) = &mut d.implementation else {
        return;
    };
    let completed_later = imp.completed.is_some_and(|c| c > today);
    let result_later = imp.result_posted.is_some_and(|p| p > today);
    if completed_later {
        imp.completed = None;
        if imp.status == Status::Done {
            imp.status = Status::InProgress;
        }
    }
    if completed_later || result_later {
        imp.result_posted = None;
        imp.spent = None;
    }
}
