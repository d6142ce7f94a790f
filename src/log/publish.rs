//! Between the site and its log: the versions of the records a build
//! publishes, the log they are checked against, and the files of the log
//! the build writes into the output and then into the site folder.

use super::append::{self, Pending, Published};
use super::canonical::{self, Csv, RecordJson};
use super::history::RecordHistory;
use super::store::{self, Folder, LogFile};
use super::{LOG_FOLDER, Log, SigningKey, VerifierKey, record_path};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::dates;
use crate::domain::privacy;
use crate::load::Document;
use crate::output::{OutputFile, Sink};
use crate::records::common::{Common, Correction, Withdrawal};
use crate::records::disclosure::Disclosure;
use crate::records::indicator::{self, Indicator};
use crate::records::kind::RecordKind;
use crate::records::page::Page;
use crate::records::plan::Plan;
use crate::records::report::Report;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The site's log as a run found it, and what a build would add to it.
#[derive(Debug)]
pub struct SiteLog {
    /// The log in the site folder, read and checked.
    pub(crate) log: Log,
    /// The entries a build on this day appends.
    pub pending: Vec<Pending>,
    /// The key its checkpoints verify with (site.yaml's `log.key`).
    pub(crate) key: VerifierKey,
    /// The canonical JSON of each logged entry's version, in log order.
    pub(crate) versions: Vec<Vec<u8>>,
    /// Where each record stands in the log once `pending` is appended.
    pub(crate) histories: BTreeMap<String, RecordHistory>,
}

/// The version of the record read from `doc`: its canonical JSON, from the
/// masked text the record was read from.
pub(crate) fn record_version(kind: RecordKind, doc: &Document, site_dir: &Path) -> RecordJson {
    let csv = (kind == RecordKind::Indicator)
        .then(|| indicator::csv_file(doc, site_dir))
        .flatten()
        .and_then(|path| {
            let text = std::fs::read_to_string(site_dir.join(&path)).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some((path, privacy::mask(text)))
        });
    let csv = csv.as_ref().map(|(path, text)| Csv { path, text });
    canonical::record_json(kind, &doc.path, &doc.front, &doc.body, csv)
}

/// The published records of a run, by kind.
pub(crate) struct Records<'a> {
    pub(crate) disclosures: &'a [Disclosure],
    pub(crate) pages: &'a [Page],
    pub(crate) plans: &'a [Plan],
    pub(crate) reports: &'a [Report],
    pub(crate) indicators: &'a [Indicator],
}

/// Reads the site's log and works out what a build on `today` adds to it:
/// the `versions` (canonical JSON, by path) of the records published,
/// drafts left out (a `--drafts` preview is not a publication).
pub(crate) fn site_log(
    site_dir: &Path,
    key: &VerifierKey,
    records: &Records,
    versions: Vec<RecordJson>,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<SiteLog> {
    let log_dir = site_dir.join(LOG_FOLDER);
    if crate::load::is_link(&log_dir) {
        diags.push(
            Diagnostic::error(
                LOG_FOLDER,
                None,
                "log/ 是一个符号链接：透明日志只写在站点文件夹里真实的 log/ 文件夹中",
            )
            .with_help("把链接指向的 log/ 文件夹整个移进站点文件夹，代替这个链接"),
        );
        return None;
    }
    let folder = Folder::new(&log_dir, LOG_FOLDER);
    let known: HashMap<&str, &[u8]> = versions
        .iter()
        .map(|v| (v.sha256.as_str(), v.json.as_slice()))
        .collect();
    let read = super::read(&folder, key, false)
        .and_then(|log| super::read_versions(&folder, &log, &known).map(|v| (log, v)));
    let (log, logged_versions) = match read {
        Ok(found) => found,
        Err(problems) => {
            for p in problems {
                diags.push(
                    Diagnostic::error(&p.place, None, format!("透明日志损坏：{}", p.message))
                        .with_help(
                            "log/ 由 gongkai 维护，不能手工修改：从备份恢复整个 log/ 文件夹",
                        ),
                );
            }
            return None;
        }
    };
    let read: HashSet<String> = versions.iter().map(|v| v.path.clone()).collect();
    let published = published(records, versions);
    let paths: HashSet<&str> = published.iter().map(|p| p.record.path.as_str()).collect();
    refuse_disappeared(&log, site_dir, &read, &paths, diags);
    let (pending, refused) = append::plan(&log, &logged_versions, published, today);
    refused.into_iter().for_each(|d| diags.push(d));
    let histories = super::history::histories(&log, &logged_versions, &pending);
    Some(SiteLog {
        log,
        pending,
        key: key.clone(),
        versions: logged_versions,
        histories,
    })
}

/// Refuses a build dated before the log's last entry: the log's days only
/// move forward.
pub(crate) fn refuse_earlier_day(site_log: &SiteLog, today: Date) -> Option<Diagnostic> {
    let last = site_log.log.last_today()?;
    (today < last).then(|| {
        Diagnostic::error(
            "--today",
            None,
            format!("今天（{today}）早于透明日志最后一条记录的日期 {last}：日志只能按日期往后记"),
        )
        .with_help(format!(
            "用 {last} 或更晚的日期生成（--today，或改正电脑的日期）；只想看看过去某天的样子，用 gongkai serve --today {today}"
        ))
    })
}

/// Refuses to log on a day after `now` (the computer's date, a day's
/// grace for time zones): a `--today` typed wrong (2062 for 2026) would
/// otherwise be logged, and every build until that day refused.
pub(crate) fn refuse_future_day(today: Date, now: Date) -> Option<Diagnostic> {
    let latest = now.tomorrow().unwrap_or(now);
    (today > latest).then(|| {
        Diagnostic::error(
            "--today",
            None,
            format!("今天（{today}）晚于电脑的日期 {now}：透明日志记下这个日期后，在那天之前都不能再生成网站"),
        )
        .with_help(format!(
            "检查 --today 是否写错（应是 {now} 或更早）；电脑的日期不对，先改正电脑的日期；只想看看将来某天的样子，用 gongkai serve --today {today}"
        ))
    })
}

/// The records this run publishes, each with its version.
fn published(records: &Records, versions: Vec<RecordJson>) -> Vec<Published> {
    let mut versions: HashMap<String, RecordJson> =
        versions.into_iter().map(|v| (v.path.clone(), v)).collect();
    let mut out = Vec::new();
    let mut add = |kind, path: &str, about: About| {
        if let Some(record) = versions.remove(path) {
            out.push(Published {
                kind,
                unit: about.unit.map(str::to_string),
                title: about.title.to_string(),
                published: about.published,
                corrections: about.corrections.to_vec(),
                withdrawn: about.withdrawn.cloned(),
                record,
            });
        }
    };
    for d in records.disclosures {
        if let Some(about) = about_common(&d.common) {
            add(RecordKind::Disclosure, &d.path, about);
        }
    }
    for p in records.plans {
        if let Some(about) = about_common(&p.common) {
            add(RecordKind::Plan, &p.path, about);
        }
    }
    for r in records.reports {
        if let Some(about) = about_common(&r.common) {
            add(RecordKind::Report, &r.path, about);
        }
    }
    for p in records.pages.iter().filter(|p| !p.draft) {
        let about = About {
            unit: p.unit.as_deref(),
            title: &p.title,
            published: p.published,
            corrections: &p.corrections,
            withdrawn: p.withdrawn.as_ref(),
        };
        add(RecordKind::Page, &p.path, about);
    }
    for i in records.indicators {
        let about = About {
            unit: None,
            title: &i.title,
            published: None,
            corrections: &i.corrections,
            withdrawn: i.withdrawn.as_ref(),
        };
        add(RecordKind::Indicator, &i.path, about);
    }
    out
}

/// What the log records of a record with the common fields; `None` for a
/// draft (a `--drafts` preview is not a publication).
fn about_common(c: &Common) -> Option<About<'_>> {
    (!c.draft).then(|| About {
        unit: Some(&c.unit),
        title: &c.title,
        published: Some(c.published),
        corrections: &c.corrections,
        withdrawn: c.withdrawn.as_ref(),
    })
}

/// What the log records of a record besides its version.
struct About<'a> {
    unit: Option<&'a str>,
    title: &'a str,
    published: Option<Date>,
    corrections: &'a [Correction],
    withdrawn: Option<&'a Withdrawal>,
}

/// Refuses a logged record that this run does not publish: its file was
/// deleted, or it was made a draft or dated later again. A record whose
/// file does not read has its own errors already.
fn refuse_disappeared(
    log: &Log,
    site_dir: &Path,
    read: &HashSet<String>,
    published: &HashSet<&str>,
    diags: &mut Diagnostics,
) {
    for (path, entry) in log.latest() {
        if published.contains(path) {
            continue;
        }
        let since = format!(
            "这条记录已于{}公开并记入透明日志（第 {} 版）",
            dates::chinese(entry.today),
            entry.version
        );
        if read.contains(path) {
            diags.push(
                Diagnostic::error(path, None, format!("{since}，不能再改为草稿或推迟发布日期"))
                    .with_help("删去 draft: true，把 published 改回原来的日期；要撤回，写 withdrawn: { date: 撤回日期, reason: 撤回原因 }"),
            );
        } else if !site_dir.join(path).exists() {
            diags.push(
                Diagnostic::error(path, None, format!("{since}，文件却被删除了：已公开的记录不能删除"))
                    .with_help("把文件恢复（从备份找回，或从输出文件夹 log/records/ 中它最后一版的 JSON 照抄）；要撤回，在记录中写 withdrawn: { date: 撤回日期, reason: 撤回原因 }，页面保留并标明已撤回"),
            );
        }
    }
}

/// A build's log: appended, signed, published into the output, and ready
/// to be written into the site folder.
pub(crate) struct Appended {
    /// Its tiles, entry bundles and version packs, staged in the site's
    /// `log/` already; `None` once sealed.
    staged: Option<store::Staged>,
    checkpoint: Vec<u8>,
    /// Files of the log put into the output.
    pub(crate) published: usize,
    /// Entries this build added.
    pub(crate) added: usize,
    /// Entries the log now holds.
    pub(crate) size: u64,
}

/// Appends the pending entries, signs the new checkpoint with `key`,
/// stages the new log's files in the site's `log/` (all but the
/// checkpoint, which [`Appended::write`] writes once the output is ready),
/// and puts the whole log into the output under `/log/`: checkpoint,
/// tiles, entry bundles and each version's JSON as
/// `records/<sha256>.json`.
pub(crate) fn publish(
    site_dir: &Path,
    out_dir: &Path,
    site_log: SiteLog,
    key: &SigningKey,
    sink: &dyn Sink,
) -> Result<Appended, Diagnostics> {
    let SiteLog {
        mut log,
        pending,
        key: verifier,
        mut versions,
        ..
    } = site_log;
    let added = pending.len();
    let logged = super::file_paths(log.tree.size());
    for p in pending {
        versions.push(p.json);
        log.push_written(p.entry, p.bytes);
    }
    let mut diags = Diagnostics::new();
    if let Some(refusal) = refuse_forked_history(&log, out_dir, &verifier) {
        diags.push(refusal);
        return Err(diags);
    }
    let tiles = log.tiles();
    let checkpoint = key.sign(log.tree.size(), log.tree.hash());
    let staged = match stage(site_dir, &tiles, &versions, &logged) {
        Ok(staged) => staged,
        Err(d) => {
            diags.push(*d);
            return Err(diags);
        }
    };
    let mut seen = HashSet::new();
    let records = log
        .entries
        .iter()
        .zip(versions)
        .filter(|(e, _)| seen.insert(e.record.as_str()))
        .map(|(e, json)| (record_path(&e.record), json, Some(e.record.clone())));
    // A record's file is named by its SHA-256: the output need not hash it.
    let everything: Vec<(String, Vec<u8>, Option<String>)> =
        std::iter::once((super::CHECKPOINT.to_string(), checkpoint.clone(), None))
            .chain(
                tiles
                    .iter()
                    .map(|(path, bytes)| (path.clone(), bytes.clone(), None)),
            )
            .chain(records)
            .collect();
    let published = everything.len();
    // One after the other: files created in one folder in parallel wait
    // for each other (the folder is locked), and the pages render meanwhile.
    let failed: Vec<Diagnostic> = everything
        .into_iter()
        .filter_map(|(path, bytes, sha256)| {
            let path = format!("{LOG_FOLDER}/{path}");
            let file = OutputFile {
                path: path.clone(),
                bytes,
            };
            let put = match sha256 {
                Some(sha256) => sink.put_known(file, sha256),
                None => sink.put(file),
            };
            put.err()
                .map(|e| Diagnostic::error(&path, None, format!("写入输出文件失败：{e}")))
        })
        .collect();
    failed.into_iter().for_each(|d| diags.push(d));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Appended {
        staged: Some(staged),
        checkpoint,
        published,
        added,
        size: log.tree.size(),
    })
}

/// Refuses a log that does not continue the one the output folder already
/// publishes: the site's `log/` was lost, or replaced by another history,
/// and building on would publish a log that contradicts what readers may
/// have saved. A checkpoint there that this key did not sign is no
/// concern of this log.
fn refuse_forked_history(log: &Log, out_dir: &Path, key: &VerifierKey) -> Option<Diagnostic> {
    let path = out_dir.join(LOG_FOLDER).join(super::CHECKPOINT);
    let bytes = std::fs::read(path).ok()?;
    let published = key.open(&bytes).ok()?;
    let size = log.tree.size();
    let continues = published.size <= size && log.tree.hash_at(published.size) == published.hash;
    (!continues).then(|| {
        Diagnostic::error(
            &format!("{LOG_FOLDER}/{}", super::CHECKPOINT),
            None,
            format!(
                "站点的透明日志（{size} 条）不是输出文件夹中已公开日志（{} 条）的延续：log/ 丢失了，或被换成了另一段历史",
                published.size
            ),
        )
        .with_help("从备份恢复站点文件夹的整个 log/ 再生成；已公开的日志不能重新开始")
    })
}

/// Writes the new log's tiles, entry bundles and version packs into the
/// site's `log/` under temporary names, while the pages render; those of
/// the `logged` paths, the log's as the build read it, are there already.
fn stage(
    site_dir: &Path,
    tiles: &[(String, Vec<u8>)],
    versions: &[Vec<u8>],
    logged: &HashSet<String>,
) -> Result<store::Staged, Box<Diagnostic>> {
    let mut files = LogFile::all(tiles);
    files.extend(super::version_packs(versions));
    store::stage(&site_dir.join(LOG_FOLDER), &files, logged).map_err(|e| write_failed(&e))
}

fn write_failed(e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        LOG_FOLDER,
        None,
        format!("写入透明日志失败：{e}"),
    ))
}

impl Appended {
    /// Makes the staged log the site's: its files take their names in
    /// the `log/` folder, then the checkpoint is written, and what the new
    /// log no longer has is removed.
    pub(crate) fn write(&mut self) -> Result<(), Box<Diagnostic>> {
        match self.staged.take() {
            Some(staged) => store::seal(staged, &self.checkpoint).map_err(|e| write_failed(&e)),
            None => Ok(()),
        }
    }
}
