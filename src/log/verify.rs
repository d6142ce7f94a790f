//! `gongkai verify`: what a 村务监督委员会, the county or anyone else runs
//! against a published site to see that its log holds together and only
//! ever grew.
//!
//! It reads the log the way the build does ([`super::read`]: the
//! checkpoint's signature, the entries against the checkpoint, every tile
//! against the entries), then every version's JSON against its entry, and,
//! given a checkpoint saved from an earlier visit, that the new tree starts
//! with the old one: a history rebuilt or cut short cannot hide.

use super::store::Folder;
use super::{Log, Problem, RECORDS, Source, VerifierKey, check_record, record_path};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// What a verification found, line by line, in Chinese.
#[derive(Debug, Default)]
pub(crate) struct Verification {
    /// Each check: passed or not, and what it says.
    pub(crate) lines: Vec<(bool, String)>,
    /// The published checkpoint, to save for the next visit.
    pub(crate) checkpoint: Option<Vec<u8>>,
}

impl Verification {
    /// Whether every check passed.
    pub(crate) fn passed(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|(ok, _)| *ok)
    }

    fn pass(&mut self, line: String) {
        self.lines.push((true, line));
    }

    fn fail(&mut self, line: String) {
        self.lines.push((false, line));
    }

    fn problems(&mut self, problems: Vec<Problem>) {
        for p in problems {
            self.fail(format!("{}：{}", p.place, p.message));
        }
    }
}

/// Verifies the log at `source` with `key`; with `saved`, a checkpoint kept
/// from an earlier visit, also that the log only grew since.
pub(crate) fn verify(source: &dyn Source, key: &VerifierKey, saved: Option<&[u8]>) -> Verification {
    let mut v = Verification::default();
    let log = match super::read(source, key, true) {
        Ok(log) => log,
        Err(problems) => {
            v.problems(problems);
            return v;
        }
    };
    let Some(checkpoint) = &log.checkpoint else {
        return v;
    };
    v.pass(format!(
        "检查点的签名有效：日志“{}”，{} 条，根哈希 {}",
        checkpoint.origin, checkpoint.size, checkpoint.hash
    ));
    v.pass(format!(
        "{} 条日志条目和 {} 个哈希瓦片都与检查点一致",
        log.entries.len(),
        log.tree.tiles().len()
    ));
    check_records(source, &log, &mut v);
    if let Some(saved) = saved {
        check_saved(&log, key, saved, &mut v);
    }
    v.checkpoint = Some(checkpoint.bytes.clone());
    v
}

/// Every version an entry names is published and hashes to its name; and,
/// where the files can be listed, every published version is in the log.
fn check_records(source: &dyn Source, log: &Log, v: &mut Verification) {
    let logged: BTreeSet<&str> = log.entries.iter().map(|e| e.record.as_str()).collect();
    let problems: Vec<Problem> = logged
        .par_iter()
        .filter_map(|sha| {
            let path = record_path(sha);
            let message = match source.get(&path) {
                Ok(Some(bytes)) => check_record(sha, &bytes).err()?,
                Ok(None) => "缺少日志条目记录的版本 JSON".to_string(),
                Err(e) => e,
            };
            Some(Problem {
                place: source.name(&path),
                message,
            })
        })
        .collect();
    let unlogged: Vec<String> = source
        .list(RECORDS)
        .unwrap_or_default()
        .into_iter()
        .filter(|path| {
            let sha = path
                .strip_prefix("records/")
                .and_then(|p| p.strip_suffix(".json"));
            sha.is_none_or(|sha| !logged.contains(sha))
        })
        .collect();
    let ok = problems.is_empty() && unlogged.is_empty();
    v.problems(problems);
    for path in unlogged {
        v.fail(format!(
            "{}：公开了日志中没有的记录 JSON（未经记录就发布，或被替换）",
            source.name(&path)
        ));
    }
    if ok {
        v.pass(format!(
            "{} 个版本的记录 JSON 都已公开，内容与日志条目记的 SHA-256 一致",
            logged.len()
        ));
    }
}

/// The log starts with the tree of the saved checkpoint.
fn check_saved(log: &Log, key: &VerifierKey, saved: &[u8], v: &mut Verification) {
    let old = match key.open(saved) {
        Ok(old) => old,
        Err(e) => {
            v.fail(format!("保存的检查点不能用：{e}"));
            return;
        }
    };
    let size = log.tree.size();
    if old.size > size {
        v.fail(format!(
            "日志被截短了：保存的检查点有 {} 条，现在只有 {size} 条",
            old.size
        ));
    } else if log.tree.hash_at(old.size) != old.hash {
        v.fail(format!(
            "日志的历史被改写了：现在的前 {} 条与保存的检查点（根哈希 {}）不一致",
            old.size, old.hash
        ));
    } else {
        v.pass(format!(
            "与保存的检查点一致：原有的 {} 条一条未改，此后新增 {} 条",
            old.size,
            size - old.size
        ));
    }
}

/// A published site's log over HTTP(S).
pub(crate) struct Http {
    /// The log's address, ending with `/`.
    base: String,
    agent: ureq::Agent,
}

/// Largest file the verifier downloads: a tile is 8 KB, a version's JSON
/// the size of one record.
const MAX_DOWNLOAD: u64 = 64 * 1024 * 1024;

impl Http {
    /// The log of the site at `url` (its `base_url`, or the log's own
    /// address ending in `/log/`).
    pub(crate) fn new(url: &str) -> Http {
        let mut base = url.trim_end_matches('/').to_string();
        if !base.ends_with("/log") {
            base.push_str("/log");
        }
        base.push('/');
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Http { base, agent }
    }
}

impl Source for Http {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        let url = format!("{}{path}", self.base);
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| format!("无法下载：{e}"))?;
        match response.status().as_u16() {
            200 => response
                .body_mut()
                .with_config()
                .limit(MAX_DOWNLOAD)
                .read_to_vec()
                .map(Some)
                .map_err(|e| format!("下载中断：{e}")),
            404 | 410 => Ok(None),
            status => Err(format!("服务器答复 HTTP {status}")),
        }
    }

    fn name(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Where `target` (a folder or an address) publishes its log.
pub(crate) fn source_of(target: &str) -> Box<dyn Source> {
    if target.starts_with("http://") || target.starts_with("https://") {
        Box::new(Http::new(target))
    } else {
        let dir = Path::new(target);
        let log = if dir.ends_with(super::LOG_FOLDER) && dir.join(super::CHECKPOINT).is_file() {
            dir.to_path_buf()
        } else {
            dir.join(super::LOG_FOLDER)
        };
        let shown = log.display().to_string();
        Box::new(Folder::new(&log, &shown))
    }
}
