//! Which records a run publishes, and in what order: one rule for the
//! build and the live preview alike.

use super::disclosure::Disclosure;
use super::page::Page;
use super::plan::Plan;
use super::report::Report;
use jiff::civil::Date;
use std::cmp::Ordering;

/// What decides whether a record is published in this run.
#[derive(Clone, Copy, Debug)]
pub struct Publication {
    /// The run's `--today`: a record dated after it waits.
    pub today: Date,
    /// `--drafts`: drafts are published too (for previews).
    pub drafts: bool,
}

/// Why a record is left out of this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeldBack {
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
pub trait Dated {
    fn draft(&self) -> bool;
    /// `None` for records that need no date (free pages may have none).
    fn published(&self) -> Option<Date>;
}

impl Publication {
    /// Whether `record` is published in this run, or why not.
    pub fn check(&self, record: &impl Dated) -> Result<(), HeldBack> {
        if record.draft() && !self.drafts {
            Err(HeldBack::Draft)
        } else if record.published().is_some_and(|p| p > self.today) {
            Err(HeldBack::Future)
        } else {
            Ok(())
        }
    }

    /// The records published in this run, counting those held back.
    pub fn select<T: Dated>(&self, records: Vec<T>, held: &mut HeldBackCount) -> Vec<T> {
        records
            .into_iter()
            .filter(|r| match self.check(r) {
                Ok(()) => true,
                Err(HeldBack::Draft) => {
                    held.drafts += 1;
                    false
                }
                Err(HeldBack::Future) => {
                    held.future += 1;
                    false
                }
            })
            .collect()
    }
}

/// Disclosures: newest publication first, then by path.
pub fn disclosure_order(a: &Disclosure, b: &Disclosure) -> Ordering {
    b.common
        .published
        .cmp(&a.common.published)
        .then_with(|| a.path.cmp(&b.path))
}

/// Plans: newest year first, then by path.
pub fn plan_order(a: &Plan, b: &Plan) -> Ordering {
    b.year.cmp(&a.year).then_with(|| a.path.cmp(&b.path))
}

/// Reports: the latest period first (then the latest published), then by path.
pub fn report_order(a: &Report, b: &Report) -> Ordering {
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
}

impl Dated for Plan {
    fn draft(&self) -> bool {
        self.common.draft
    }
    fn published(&self) -> Option<Date> {
        Some(self.common.published)
    }
}

impl Dated for Report {
    fn draft(&self) -> bool {
        self.common.draft
    }
    fn published(&self) -> Option<Date> {
        Some(self.common.published)
    }
}

impl Dated for Page {
    fn draft(&self) -> bool {
        self.draft
    }
    fn published(&self) -> Option<Date> {
        self.published
    }
}
