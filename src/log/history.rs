//! Where each record stands in the log, for its page: which version this
//! is, its hash and place in the log, and every version before it with
//! what changed and why, computed from the versions' canonical JSON.

use super::append::Pending;
use super::{Entry, Log, diff, record_path};
use crate::domain::dates;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A record's place in the log, as its page shows it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecordHistory {
    /// The version the page shows (the latest).
    pub(crate) version: u32,
    pub(crate) sha256: String,
    /// The first 12 hex digits, for print under the QR code.
    pub(crate) short: String,
    /// Its entry's place in the log, counting from 1.
    pub(crate) position: u64,
    /// Entries in the log once this build is done.
    pub(crate) size: u64,
    /// This version's canonical JSON, relative to the site's root.
    pub(crate) json: String,
    /// Every version, oldest first, the page's own last; empty when this
    /// is the record's only version (the page lists none then, and ten
    /// thousand first versions are not worth ten thousand lists).
    pub(crate) history: Vec<VersionLine>,
}

/// One version of a record, in the list on its page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct VersionLine {
    pub(crate) version: u32,
    /// The day it was logged.
    pub(crate) date: String,
    pub(crate) date_label: String,
    /// Why it replaced the version before (its correction notes).
    pub(crate) reason: Option<String>,
    /// What changed from the version before: `账目 第3笔支出 12,600.00 →
    /// 12,800.00`.
    pub(crate) changes: Vec<String>,
    /// Its canonical JSON, relative to the site's root.
    pub(crate) json: String,
    pub(crate) withdrawn: bool,
    /// The page's own version.
    pub(crate) current: bool,
    /// Its page, relative to the current page (`v1/`), when it has one.
    pub(crate) page: Option<String>,
}

/// An earlier version of a record, as its own page shows it: which version
/// it is and what replaced it, so that nobody takes it for the current one.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Superseded {
    pub(crate) version: u32,
    pub(crate) sha256: String,
    /// The first 12 hex digits, for print under the QR code.
    pub(crate) short: String,
    /// Its entry's place in the log, counting from 1.
    pub(crate) position: u64,
    /// Its canonical JSON, relative to the site's root.
    pub(crate) json: String,
    /// The day it was logged.
    pub(crate) date: String,
    pub(crate) date_label: String,
    /// The version that replaced it, and the day that one was logged.
    pub(crate) next: u32,
    pub(crate) superseded: String,
    pub(crate) superseded_label: String,
    /// Why it was replaced: the next version's reason.
    pub(crate) reason: Option<String>,
    /// The version that replaced it withdrew the record.
    pub(crate) withdrawn: bool,
}

/// A version of a record that a later one replaced: its canonical JSON and
/// what its page says of it.
pub(crate) struct Earlier<'a> {
    pub(crate) path: &'a str,
    pub(crate) json: &'a [u8],
    pub(crate) mark: Superseded,
}

/// Every version in `log` (whose entries' versions are `logged`), once
/// `pending` is appended, that a later version of its record replaced, in
/// log order.
pub(crate) fn earlier<'a>(
    log: &'a Log,
    logged: &'a [Vec<u8>],
    pending: &'a [Pending],
) -> Vec<Earlier<'a>> {
    let mut out = Vec::new();
    for versions in by_path(log, logged, pending).into_values() {
        for pair in versions.windows(2) {
            let ((index, entry, json), (_, next, _)) = (pair[0], pair[1]);
            out.push(Earlier {
                path: &entry.path,
                json,
                mark: Superseded {
                    version: entry.version,
                    sha256: entry.record.clone(),
                    short: entry.record[..12].to_string(),
                    position: index + 1,
                    json: json_url(&entry.record),
                    date: entry.today.to_string(),
                    date_label: dates::chinese(entry.today),
                    next: next.version,
                    superseded: next.today.to_string(),
                    superseded_label: dates::chinese(next.today),
                    reason: next.reason.clone(),
                    withdrawn: next.withdrawn.is_some(),
                },
            });
        }
    }
    out.sort_by_key(|e| e.mark.position);
    out
}

/// The page of version `version` of a record, relative to the record's
/// page.
pub(crate) fn page_of(version: u32) -> String {
    format!("v{version}/")
}

/// The history of every record in `log` (whose entries' versions are
/// `logged`) once `pending` is appended, by path.
pub(crate) fn histories(
    log: &Log,
    logged: &[Vec<u8>],
    pending: &[Pending],
) -> BTreeMap<String, RecordHistory> {
    let size = log.entries.len() + pending.len();
    // On the worker threads: every record's is made before any page.
    by_path(log, logged, pending)
        .into_par_iter()
        .map(|(path, versions)| (path.to_string(), history(&versions, size as u64)))
        .collect()
}

/// Every entry of `log` and `pending`, grouped by record, oldest first.
fn by_path<'a>(
    log: &'a Log,
    logged: &'a [Vec<u8>],
    pending: &'a [Pending],
) -> BTreeMap<&'a str, Vec<Logged<'a>>> {
    let all = log
        .entries
        .iter()
        .zip(logged)
        .chain(pending.iter().map(|p| (&p.entry, &p.json)));
    let mut by_path: BTreeMap<&str, Vec<Logged>> = BTreeMap::new();
    for (i, (entry, json)) in all.enumerate() {
        by_path
            .entry(entry.path.as_str())
            .or_default()
            .push((i as u64, entry, json.as_slice()));
    }
    by_path
}

/// An entry with its index in the log and its version's canonical JSON.
type Logged<'a> = (u64, &'a Entry, &'a [u8]);

fn history(versions: &[Logged], size: u64) -> RecordHistory {
    let (index, last, _) = versions[versions.len() - 1];
    let listed = if versions.len() > 1 { versions } else { &[] };
    let lines = listed
        .iter()
        .enumerate()
        .map(|(k, (_, entry, json))| VersionLine {
            version: entry.version,
            date: entry.today.to_string(),
            date_label: dates::chinese(entry.today),
            reason: entry.reason.clone(),
            changes: match k.checked_sub(1).map(|j| versions[j].2) {
                Some(before) => diff::changes(before, json)
                    .iter()
                    .map(diff::Change::describe)
                    .collect(),
                None => Vec::new(),
            },
            json: json_url(&entry.record),
            withdrawn: entry.withdrawn.is_some(),
            current: k + 1 == versions.len(),
            page: None,
        })
        .collect();
    RecordHistory {
        version: last.version,
        sha256: last.record.clone(),
        short: last.record[..12].to_string(),
        position: index + 1,
        size,
        json: json_url(&last.record),
        history: lines,
    }
}

/// Where a version's canonical JSON is published, relative to the root.
fn json_url(sha256: &str) -> String {
    format!("{}/{}", super::LOG_FOLDER, record_path(sha256))
}
