//! What a build adds to the log: one entry for each published record whose
//! version is not the one last logged for it; and what it refuses to add.
//!
//! A record once logged changes only with a new correction note: a
//! `corrections` entry that the last logged version did not have, dated on
//! or after the day that version was logged. Its reason goes into the log
//! beside the new version. A change without one is refused at the record's
//! file, naming every value that changed (old → new), so that a ledger is
//! never rewritten in silence.

use super::canonical::{self, RecordJson};
use super::diff;
use super::{Entry, Log, entry};
use crate::diagnostics::Diagnostic;
use crate::domain::dates;
use crate::records::common::{Correction, Withdrawal};
use crate::records::kind::RecordKind;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A record this build publishes, as the log sees it.
#[derive(Clone, Debug)]
pub(crate) struct Published {
    pub(crate) kind: RecordKind,
    pub(crate) unit: Option<String>,
    pub(crate) title: String,
    pub(crate) published: Option<Date>,
    /// Its correction notes, as published on this day.
    pub(crate) corrections: Vec<Correction>,
    /// Its withdrawal, if it was withdrawn by this day.
    pub(crate) withdrawn: Option<Withdrawal>,
    pub(crate) record: RecordJson,
}

/// An entry this build appends, with its bytes and the canonical JSON it
/// names.
#[derive(Clone, Debug)]
pub struct Pending {
    pub(crate) entry: Entry,
    /// The entry written ([`Entry::to_bytes`]), as the log appends it.
    pub(crate) bytes: Vec<u8>,
    pub(crate) json: Vec<u8>,
}

/// What a build on `today` appends to `log` (whose entries' versions are
/// `logged`) for the `published` records (each path once): an entry for
/// each record never logged, or whose canonical JSON differs from its
/// latest logged version, in the order of their paths; and an error for
/// each change made without a new correction note.
pub(crate) fn plan(
    log: &Log,
    logged: &[Vec<u8>],
    published: Vec<Published>,
    today: Date,
) -> (Vec<Pending>, Vec<Diagnostic>) {
    let mut latest: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in log.entries.iter().enumerate() {
        latest.insert(e.path.as_str(), i);
    }
    // Each path is published once (`publish::published` takes each
    // record's version once): sorted, they are the order of the entries.
    let mut published = published;
    published.sort_by(|a, b| a.record.path.cmp(&b.record.path));
    debug_assert!(
        published
            .windows(2)
            .all(|w| w[0].record.path != w[1].record.path)
    );
    // Each record's entry, written and checked, on the worker threads: a
    // first build writes ten thousand of them.
    let planned: Vec<Option<Result<Pending, Diagnostic>>> = published
        .into_par_iter()
        .map(|p| {
            let before = latest
                .get(p.record.path.as_str())
                .map(|&i| (&log.entries[i], logged[i].as_slice()));
            plan_one(before, p, today)
        })
        .collect();
    let mut pending = Vec::new();
    let mut refused = Vec::new();
    for outcome in planned.into_iter().flatten() {
        match outcome {
            Ok(p) => pending.push(p),
            Err(d) => refused.push(d),
        }
    }
    (pending, refused)
}

/// The entry a build on `today` appends for the record `p`, whose latest
/// logged version is `before` (its entry and canonical JSON): none when
/// that is this version, an error when it changed without a new correction
/// note or its entry is too long for a bundle.
/// An HTML comment in a version about to be logged: the page never shows
/// it, but the record's canonical JSON, published under `log/records/`
/// for good, holds it as written, so an internal note (a complainant's
/// name) would be public and could never be taken back.
fn hidden_comment(p: &Published) -> Option<Diagnostic> {
    memchr::memmem::find(&p.record.json, b"<!--")?;
    Some(
        Diagnostic::error(
            &p.record.path,
            None,
            "记录里有 HTML 注释（<!-- … -->）：页面上不显示，但会随记录原文永久公开在透明日志里（log/records/），不能撤回",
        )
        .with_help("删去注释；内部备注不要写进记录文件"),
    )
}

fn plan_one(
    before: Option<(&Entry, &[u8])>,
    p: Published,
    today: Date,
) -> Option<Result<Pending, Diagnostic>> {
    // A withdrawal dated later is written in the file before it takes
    // effect: the day it does is a version of its own.
    let withdrawn = p.withdrawn.as_ref().map(|w| w.date);
    if before.is_some_and(|(e, _)| e.record == p.record.sha256 && e.withdrawn == withdrawn) {
        return None;
    }
    if let Some(d) = hidden_comment(&p) {
        return Some(Err(d));
    }
    let reason = match before {
        None => p.withdrawn.as_ref().map(withdrawal_note),
        Some((entry, json)) => match change_reason(entry, json, &p, today) {
            Ok(reason) => reason,
            Err(d) => return Some(Err(*d)),
        },
    };
    let entry = Entry {
        path: p.record.path,
        kind: canonical::kind_id(p.kind).to_string(),
        unit: p.unit,
        title: p.title,
        version: before.map_or(1, |(e, _)| e.version + 1),
        published: p.published,
        today,
        reason,
        withdrawn,
        record: p.record.sha256,
    };
    let bytes = entry.to_bytes();
    if let Some(d) = too_long(&entry, bytes.len()) {
        return Some(Err(d));
    }
    Some(Ok(Pending {
        entry,
        bytes,
        json: p.record.json,
    }))
}

/// An entry holds the record's title and its correction's reason, which
/// the clerk writes and nothing else bounds, but a bundle gives each
/// entry 16 bits of length: a longer one is refused here, at its record,
/// rather than failing when the bundle is written. `len` is the length
/// of the entry written.
fn too_long(entry: &Entry, len: usize) -> Option<Diagnostic> {
    (len > entry::MAX_ENTRY_BYTES).then(|| {
        Diagnostic::error(
            &entry.path,
            None,
            format!(
                "这一版的透明日志条目太长：{len} 字节，最多 {} 字节（标题和更正原因都记在条目里）",
                entry::MAX_ENTRY_BYTES
            ),
        )
        .with_help(
            "把更正原因（reason）和标题写短，几句话说明改了什么、为什么改；详细说明写在正文里",
        )
    })
}

/// Why the record `p` changed since its version `before` (whose canonical
/// JSON is `before_json`): the reasons of its new correction notes, and of
/// its withdrawal if that is new; none when only the notes themselves
/// changed. A change of content without a new correction note is refused.
fn change_reason(
    before: &Entry,
    before_json: &[u8],
    p: &Published,
    today: Date,
) -> Result<Option<String>, Box<Diagnostic>> {
    let noted = noted_before(before_json);
    let mut reasons: Vec<String> = p
        .corrections
        .iter()
        .filter(|c| {
            c.date >= before.today && !noted.contains(&(c.date.to_string(), c.reason.clone()))
        })
        .map(|c| c.reason.clone())
        .collect();
    let corrected = !reasons.is_empty();
    if before.withdrawn.is_none() {
        reasons.extend(p.withdrawn.as_ref().map(withdrawal_note));
    }
    if !corrected {
        // An indicator that only gained new figures needs no note.
        if let Some(added) = diff::added_data(before_json, &p.record.json) {
            reasons.insert(0, format!("新增数据 {added} 项"));
            return Ok(Some(reasons.join("；")));
        }
        let changes = diff::changes(before_json, &p.record.json);
        if !changes.is_empty() {
            return Err(Box::new(silent_edit(
                before,
                &changes,
                today,
                &p.record.path,
            )));
        }
    }
    Ok((!reasons.is_empty()).then(|| reasons.join("；")))
}

/// A withdrawal as the log's reason gives it.
fn withdrawal_note(w: &Withdrawal) -> String {
    format!("撤回：{}", w.reason)
}

/// The correction notes (date, reason) a logged version already had.
fn noted_before(json: &[u8]) -> BTreeSet<(String, String)> {
    let value: serde_json::Value = serde_json::from_slice(json).unwrap_or_default();
    let notes = value["fields"]["corrections"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    notes
        .iter()
        .filter_map(|n| {
            let date = n["date"].as_str()?.trim().to_string();
            let reason = n["reason"].as_str()?.trim().to_string();
            Some((date, reason))
        })
        .collect()
}

/// Most changed values named in one message.
const SHOWN_CHANGES: usize = 8;

/// The error for a logged record changed without a new correction note.
fn silent_edit(before: &Entry, changes: &[diff::Change], today: Date, path: &str) -> Diagnostic {
    let mut named: Vec<String> = changes
        .iter()
        .take(SHOWN_CHANGES)
        .map(diff::Change::describe)
        .collect();
    if changes.len() > SHOWN_CHANGES {
        named.push(format!("等共 {} 处", changes.len()));
    }
    Diagnostic::error(
        path,
        None,
        format!(
            "这条记录已于{}公开并记入透明日志（第 {} 版），现在内容改了，却没有新的更正记录：{}",
            dates::chinese(before.today),
            before.version,
            named.join("；")
        ),
    )
    .with_help(format!(
        "已公开的内容不能悄悄改：在 corrections 中加一条，日期不早于 {}，写明改了什么、为什么，例如\n\
         corrections:\n  - {{ date: {today}, reason: 第3笔支出金额录入错误，由 12,600.00 更正为 12,800.00 }}\n\
         不是要改，就把文件改回原样",
        before.today
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Origin, parse};
    use jiff::civil::date;

    fn published(path: &str, yaml: &str, corrections: &[(Date, &str)]) -> Published {
        let tree = parse(yaml, Origin::default()).unwrap();
        Published {
            kind: RecordKind::Disclosure,
            unit: Some("xiguan".into()),
            title: "标题".into(),
            published: Some(date(2013, 7, 3)),
            corrections: corrections
                .iter()
                .map(|(date, reason)| Correction {
                    date: *date,
                    reason: reason.to_string(),
                })
                .collect(),
            withdrawn: None,
            record: canonical::record_json(RecordKind::Disclosure, path, &tree, "", None),
        }
    }

    /// A log of the first versions of `records`, and their JSON.
    fn logged(records: Vec<Published>) -> (Log, Vec<Vec<u8>>) {
        let (first, refused) = plan(&Log::default(), &[], records, date(2013, 7, 5));
        assert!(refused.is_empty());
        let mut log = Log::default();
        let mut jsons = Vec::new();
        for p in first {
            jsons.push(p.json);
            log.push_written(p.entry, p.bytes);
        }
        (log, jsons)
    }

    #[test]
    fn only_new_and_changed_versions_are_appended_in_path_order() {
        let (log, jsons) = logged(vec![
            published("b.md", "a: 1\n", &[]),
            published("a.md", "a: 1\n", &[]),
        ]);
        let paths: Vec<_> = log.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md"]);
        assert!(
            log.entries
                .iter()
                .all(|e| e.version == 1 && e.reason.is_none())
        );

        let fix = [(date(2013, 7, 9), "更正原因")];
        let (second, refused) = plan(
            &log,
            &jsons,
            vec![
                published("a.md", "a: 1\n", &[]),
                published(
                    "b.md",
                    "a: 2\ncorrections: [{ date: 2013-07-09, reason: 更正原因 }]\n",
                    &fix,
                ),
            ],
            date(2013, 7, 9),
        );
        assert!(refused.is_empty());
        assert_eq!(second.len(), 1);
        let e = &second[0].entry;
        assert_eq!((e.path.as_str(), e.version), ("b.md", 2));
        assert_eq!(e.reason.as_deref(), Some("更正原因"));
        assert_eq!(e.today, date(2013, 7, 9));
    }

    #[test]
    fn an_entry_too_long_for_its_bundle_is_refused_at_its_record() {
        let (log, jsons) = logged(vec![published("a.md", "a: 1\n", &[])]);
        let reason = "原因".repeat(12_000);
        let yaml = format!("a: 2\ncorrections: [{{ date: 2013-07-09, reason: {reason} }}]\n");
        let (pending, refused) = plan(
            &log,
            &jsons,
            vec![published("a.md", &yaml, &[(date(2013, 7, 9), &reason)])],
            date(2013, 7, 9),
        );
        assert!(pending.is_empty());
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].path, "a.md");
        assert!(refused[0].message.contains("透明日志条目太长"));
    }

    #[test]
    fn a_change_without_a_new_correction_is_refused_naming_it() {
        let old_fix = [(date(2013, 7, 4), "旧的更正")];
        let yaml = "ledger: { entries: [{ expense: 12600 }] }\ncorrections: [{ date: 2013-07-04, reason: 旧的更正 }]\n";
        let (log, jsons) = logged(vec![published("a.md", yaml, &old_fix)]);
        let changed = yaml.replace("12600", "12800.00");
        let (pending, refused) = plan(
            &log,
            &jsons,
            vec![published("a.md", &changed, &old_fix)],
            date(2013, 7, 9),
        );
        assert!(pending.is_empty());
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].path, "a.md");
        assert!(
            refused[0]
                .message
                .contains("账目 第1笔支出 12,600.00 → 12,800.00"),
            "{}",
            refused[0].message
        );

        // A note dated before the version it would correct is not new.
        let early = [
            (date(2013, 7, 4), "旧的更正"),
            (date(2013, 7, 4), "补写的更正"),
        ];
        let (_, refused) = plan(
            &log,
            &jsons,
            vec![published("a.md", &changed, &early)],
            date(2013, 7, 9),
        );
        assert_eq!(refused.len(), 1);
    }
}
