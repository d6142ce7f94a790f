//! Earlier versions of records, read back from the log and computed like
//! the current ones, for their pages at `<record url>v<N>/`: a version a
//! correction replaced stays readable as it was.

use super::quotes::ReportText;
use super::{DisclosureFigures, PlanFigures};
use crate::log::history::Superseded;
use crate::records::disclosure::Disclosure;
use crate::records::indicator::Indicator;
use crate::records::page::Page;
use crate::records::plan::Plan;
use crate::records::report::Report;

/// One earlier version with its page's mark (已被更正).
pub(crate) struct EarlierVersion {
    pub(crate) mark: Superseded,
    pub(crate) record: EarlierRecord,
}

/// The record of an earlier version, as read from its canonical JSON, with
/// its figures on this build's `--today`.
pub(crate) enum EarlierRecord {
    Disclosure(Box<Disclosure>, DisclosureFigures),
    Plan(Box<Plan>, PlanFigures),
    Report(Box<Report>, ReportText),
    Page(Box<Page>),
    /// An indicator with the figures of that version (from its canonical
    /// JSON's CSV text when its data is in a file): its table and chart as
    /// they were shown.
    Indicator(Box<Indicator>),
}

impl EarlierVersion {
    /// The record file this is a version of.
    pub(crate) fn path(&self) -> &str {
        match &self.record {
            EarlierRecord::Disclosure(d, _) => &d.path,
            EarlierRecord::Plan(p, _) => &p.path,
            EarlierRecord::Report(r, _) => &r.path,
            EarlierRecord::Page(p) => &p.path,
            EarlierRecord::Indicator(i) => &i.path,
        }
    }
}
