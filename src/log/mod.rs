//! The transparency log: an append-only, signed record of every version of
//! every record the site published (issue #13; the format is in
//! docs/log.md).
//!
//! Each build that publishes a version not yet logged appends one [`Entry`]
//! for it to a Merkle tree (C2SP tlog-tiles), publishes the version's
//! canonical JSON at `/log/records/<sha256>.json`, and signs a new
//! checkpoint (C2SP tlog-checkpoint, a signed-note with Ed25519). Anyone
//! holding an earlier checkpoint can then show that the history was only
//! ever added to: a rewritten ledger cannot hide.
//!
//! The log's state is a folder, `log/` in the site folder:
//!
//! ```text
//! log/checkpoint                   the signed checkpoint
//! log/tile/<L>/<N>[.p/<W>]         hash tiles
//! log/tile/entries/<N>[.p/<W>]     entry bundles
//! log/versions/<N>[.p/<W>]         the canonical JSON of each entry's version
//! ```
//!
//! It is published under `/log/` with the versions one file each, as
//! `/log/records/<sha256>.json`. The site keeps them 256 to a file, like
//! the entries: ten thousand small files cost a build more than all the
//! rest of the log (creating files is what a build spends most on).
//!
//! Reading a log ([`read`]) checks it through: the checkpoint's signature,
//! that the entries hash to it, that every tile holds the hashes the
//! entries give. The build and `gongkai verify` read the same way, from a
//! folder or over HTTP (a [`Source`]).

pub(crate) mod append;
pub mod canonical;
pub mod checkpoint;
pub(crate) mod diff;
pub mod entry;
pub(crate) mod history;
pub mod keyfile;
pub(crate) mod publish;
pub mod store;
pub(crate) mod tree;
pub(crate) mod verify;

pub(crate) use canonical::RecordJson;
pub use checkpoint::{Signed, SigningKey, VerifierKey};
pub use entry::Entry;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use tree::Tree;

/// The log's folder, in the site folder and in the output.
pub(crate) const LOG_FOLDER: &str = "log";

/// The checkpoint's path inside the log.
pub(crate) const CHECKPOINT: &str = "checkpoint";

/// The folder of the versions' canonical JSON inside the log.
pub(crate) const RECORDS: &str = "records";

/// The site's folder of version packs inside the log.
pub(crate) const VERSIONS: &str = "versions";

/// The path of a version's canonical JSON inside the log.
pub(crate) fn record_path(sha256: &str) -> String {
    format!("{RECORDS}/{sha256}.json")
}

/// Where a log is read from: a folder, or a site over HTTP.
pub trait Source: Sync {
    /// The file at `path` inside the log (`checkpoint`, `tile/0/000`);
    /// `Ok(None)` when there is none.
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, String>;

    /// How to name `path` to the reader: the file's place or its URL.
    fn name(&self, path: &str) -> String;

    /// The files under the folder `under` of the log, when they can be
    /// listed (a web server cannot list them).
    fn list(&self, _under: &str) -> Option<Vec<String>> {
        None
    }
}

/// A problem found reading a log: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as [`Source::name`] gives it.
    pub(crate) place: String,
    pub(crate) message: String,
}

/// A log, read and checked.
#[derive(Debug, Default)]
pub struct Log {
    /// `None` for a log that has no entry yet.
    pub(crate) checkpoint: Option<Signed>,
    pub entries: Vec<Entry>,
    /// Each entry's bytes, as stored.
    entry_bytes: Vec<Vec<u8>>,
    pub(crate) tree: Tree,
}

impl Log {
    /// The latest version of each record, by path.
    pub(crate) fn latest(&self) -> BTreeMap<&str, &Entry> {
        let mut latest = BTreeMap::new();
        for e in &self.entries {
            latest.insert(e.path.as_str(), e);
        }
        latest
    }

    /// The `--today` of the last build that appended.
    pub(crate) fn last_today(&self) -> Option<jiff::civil::Date> {
        self.entries.iter().map(|e| e.today).max()
    }

    /// Appends `entry`, written here: for tests, which make their entries
    /// by hand.
    #[cfg(test)]
    pub(crate) fn push(&mut self, entry: Entry) {
        let bytes = entry.to_bytes();
        self.push_written(entry, bytes);
    }

    /// Appends `entry`, whose bytes [`Entry::to_bytes`] already wrote as
    /// `bytes`: an entry read from a bundle, or checked for its length
    /// before it was appended, is not written again.
    pub(crate) fn push_written(&mut self, entry: Entry, bytes: Vec<u8>) {
        debug_assert_eq!(bytes, entry.to_bytes(), "{}", entry.path);
        self.tree.push(&bytes);
        self.entries.push(entry);
        self.entry_bytes.push(bytes);
    }

    /// The log's tiles and entry bundles as they stand, with their paths
    /// inside the log (the checkpoint and the records are apart).
    pub(crate) fn tiles(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.tree.tiles();
        for (_, range, path) in tree::bundles(self.tree.size()) {
            let entries = &self.entry_bytes[range.start as usize..range.end as usize];
            files.push((path, entry::encode_bundle(entries)));
        }
        files
    }
}

/// Reads the log at `source` and checks it against `key`: the checkpoint's
/// signature, every entry bundle the checkpoint's size calls for, the
/// entries' tree hash against the checkpoint, and every hash tile against
/// the entries. Without a checkpoint the log is new and empty, unless
/// `required`. The records' JSON is not read here (see [`check_record`]).
pub fn read(source: &dyn Source, key: &VerifierKey, required: bool) -> Result<Log, Vec<Problem>> {
    let problem = |path: &str, message: String| Problem {
        place: source.name(path),
        message,
    };
    let bytes = match source.get(CHECKPOINT) {
        Ok(Some(bytes)) => bytes,
        Ok(None) if !required => return Ok(Log::default()),
        Ok(None) => return Err(vec![problem(CHECKPOINT, "找不到检查点".into())]),
        Err(e) => return Err(vec![problem(CHECKPOINT, e)]),
    };
    let signed = key
        .open(&bytes)
        .map_err(|e| vec![problem(CHECKPOINT, e.to_string())])?;
    let mut log = Log::default();
    let mut problems = Vec::new();
    for (_, range, path) in tree::bundles(signed.size) {
        if let Err(message) = read_bundle(source, &path, range.end - range.start, &mut log) {
            problems.push(problem(&path, message));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if log.tree.hash() != signed.hash {
        return Err(vec![problem(
            CHECKPOINT,
            format!(
                "日志条目算出的根哈希与签名的检查点不同：{} 条条目中有内容被改动过",
                signed.size
            ),
        )]);
    }
    for (path, want) in log.tree.tiles() {
        match source.get(&path) {
            Ok(Some(got)) if got == want => {}
            Ok(Some(_)) => problems.push(problem(
                &path,
                "哈希瓦片与日志条目算出的不同：被改动过".into(),
            )),
            Ok(None) => problems.push(problem(&path, "缺少哈希瓦片".into())),
            Err(e) => problems.push(problem(&path, e)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    log.checkpoint = Some(signed);
    Ok(log)
}

/// Reads one entry bundle of `count` entries into `log`.
fn read_bundle(source: &dyn Source, path: &str, count: u64, log: &mut Log) -> Result<(), String> {
    let bytes = source.get(path)?.ok_or("缺少条目包")?;
    let entries = entry::decode_bundle(&bytes).map_err(|e| e.to_string())?;
    if entries.len() as u64 != count {
        return Err(format!(
            "条目包应有 {count} 条条目，实有 {} 条",
            entries.len()
        ));
    }
    for (i, bytes) in entries.into_iter().enumerate() {
        let entry = Entry::from_bytes(bytes).map_err(|e| format!("第 {} 条：{e}", i + 1))?;
        // `from_bytes` took only the bytes the entry writes.
        log.push_written(entry, bytes.to_vec());
    }
    Ok(())
}

/// The path of the version pack that holds the versions of entry bundle
/// `bundle_path` (`tile/entries/x001/234.p/3` → `versions/x001/234.p/3`).
fn pack_path(bundle_path: &str) -> String {
    let rest = bundle_path
        .strip_prefix("tile/entries/")
        .expect("entry bundles live under tile/entries/");
    format!("{VERSIONS}/{rest}")
}

/// The paths of every tile, entry bundle and version pack of a log of
/// `size` entries, inside the log: a file of these paths holds the same
/// bytes in every later log (a tile or bundle once written never changes;
/// a grown one is a new, wider, partial one or a full one).
pub(crate) fn file_paths(size: u64) -> HashSet<String> {
    let bundles = tree::bundles(size).into_iter().map(|(_, _, path)| path);
    let packs = bundles.clone().map(|path| pack_path(&path));
    tree::tile_paths(size).chain(bundles).chain(packs).collect()
}

/// The version packs of a log whose entries' versions are `versions`, in
/// log order: for each entry bundle, the canonical JSON of its entries'
/// versions, one a line (canonical JSON has no raw line break).
pub(crate) fn version_packs(versions: &[Vec<u8>]) -> Vec<store::LogFile<'_>> {
    tree::bundles(versions.len() as u64)
        .into_iter()
        .map(|(_, range, bundle)| {
            let versions = &versions[range.start as usize..range.end as usize];
            let pieces = versions
                .iter()
                .flat_map(|json| [json.as_slice(), b"\n"])
                .collect();
            store::LogFile {
                path: pack_path(&bundle),
                pieces,
            }
        })
        .collect()
}

/// Reads the version packs of `log` from `source`: the canonical JSON of
/// each entry's version, in log order, each checked against its entry.
/// A version whose bytes are those `known` gives for its SHA-256 (the
/// records as this run read them, just hashed) is not hashed again: on a
/// build with nothing changed, that is every record's latest version.
pub(crate) fn read_versions(
    source: &dyn Source,
    log: &Log,
    known: &HashMap<&str, &[u8]>,
) -> Result<Vec<Vec<u8>>, Vec<Problem>> {
    let mut versions = Vec::with_capacity(log.entries.len());
    let mut problems = Vec::new();
    for (_, range, bundle) in tree::bundles(log.tree.size()) {
        let path = pack_path(&bundle);
        let mut problem = |message: String| {
            problems.push(Problem {
                place: source.name(&path),
                message,
            })
        };
        let bytes = match source.get(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                problem("缺少记录版本包".into());
                continue;
            }
            Err(e) => {
                problem(e);
                continue;
            }
        };
        let lines: Vec<&[u8]> = bytes
            .strip_suffix(b"\n")
            .unwrap_or(&bytes)
            .split(|b| *b == b'\n')
            .collect();
        let entries = &log.entries[range.start as usize..range.end as usize];
        if lines.len() != entries.len() || !bytes.ends_with(b"\n") {
            problem(format!(
                "记录版本包应有 {} 个版本，实有 {} 个",
                entries.len(),
                lines.len()
            ));
            continue;
        }
        // Hashing every version is most of reading a log: in parallel.
        let checked: Vec<Result<Vec<u8>, String>> = lines
            .into_par_iter()
            .zip(entries)
            .enumerate()
            .map(|(i, (line, entry))| {
                let same = known.get(entry.record.as_str()) == Some(&line);
                let checked = if same {
                    Ok(())
                } else {
                    check_record(&entry.record, line)
                };
                checked
                    .map(|()| line.to_vec())
                    .map_err(|m| format!("第 {} 个版本（{}）：{m}", i + 1, entry.path))
            })
            .collect();
        for result in checked {
            match result {
                Ok(json) => versions.push(json),
                Err(message) => problem(message),
            }
        }
    }
    if problems.is_empty() {
        Ok(versions)
    } else {
        Err(problems)
    }
}

/// Checks that `bytes`, read as the version `sha256`, are it.
pub(crate) fn check_record(sha256: &str, bytes: &[u8]) -> Result<(), String> {
    let got = canonical::sha256_hex(bytes);
    if got == sha256 {
        Ok(())
    } else {
        Err(format!(
            "内容的 SHA-256 为 {got}，与日志条目记的 {sha256} 不同：被改动过"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::store::{Commit, Folder};
    use super::*;
    use jiff::civil::date;

    const ORIGIN: &str = "gongkai.example.cn/shili";

    fn entry(i: usize) -> Entry {
        Entry {
            path: format!("disclosures/{i}.md"),
            kind: "disclosure".into(),
            unit: Some("xiguan".into()),
            title: format!("公开 {i}"),
            version: 1,
            published: Some(date(2013, 7, 3)),
            today: date(2013, 7, 5),
            reason: None,
            withdrawn: None,
            record: canonical::sha256_hex(format!("{i}").as_bytes()),
        }
    }

    /// A log of `n` entries written into a fresh folder, and its keys.
    fn written(n: usize) -> (tempfile::TempDir, VerifierKey, Log) {
        let (skey, vkey) = checkpoint::generate(ORIGIN);
        let (signer, verifier) = (
            SigningKey::parse(&skey).unwrap(),
            VerifierKey::parse(&vkey).unwrap(),
        );
        let mut log = Log::default();
        (0..n).for_each(|i| log.push(entry(i)));
        let dir = tempfile::tempdir().unwrap();
        let tiles = log.tiles();
        let checkpoint = signer.sign(log.tree.size(), log.tree.hash());
        Commit {
            files: &store::LogFile::all(&tiles),
            checkpoint: &checkpoint,
        }
        .write(dir.path())
        .unwrap();
        (dir, verifier, log)
    }

    #[test]
    fn a_written_log_reads_back() {
        let (dir, key, log) = written(300);
        let read = read(&Folder::new(dir.path(), "log"), &key, true).unwrap();
        assert_eq!(read.entries, log.entries);
        assert_eq!(read.checkpoint.unwrap().size, 300);
        assert!(dir.path().join("tile/entries/001.p/44").is_file());
        assert!(dir.path().join("tile/1/000.p/1").is_file());
    }

    #[test]
    fn a_missing_log_is_empty_unless_required() {
        let dir = tempfile::tempdir().unwrap();
        let (_, vkey) = checkpoint::generate(ORIGIN);
        let key = VerifierKey::parse(&vkey).unwrap();
        let folder = Folder::new(dir.path(), "log");
        assert_eq!(read(&folder, &key, false).unwrap().entries, vec![]);
        assert!(read(&folder, &key, true).is_err());
    }

    #[test]
    fn a_changed_tile_or_entry_is_found() {
        let (dir, key, _) = written(300);
        let tile = dir.path().join("tile/0/000");
        let mut bytes = std::fs::read(&tile).unwrap();
        bytes[0] ^= 1;
        std::fs::write(&tile, bytes).unwrap();
        let problems = read(&Folder::new(dir.path(), "log"), &key, true).unwrap_err();
        assert_eq!(problems[0].place, "log/tile/0/000");
        assert!(problems[0].message.contains("被改动过"), "{problems:?}");

        let (dir, key, _) = written(3);
        let bundle = dir.path().join("tile/entries/000.p/3");
        let mut bytes = std::fs::read(&bundle).unwrap();
        let at = bytes
            .windows(8)
            .position(|w| w == "公开 1".as_bytes())
            .unwrap();
        bytes[at + 7] = b'7';
        std::fs::write(&bundle, bytes).unwrap();
        let problems = read(&Folder::new(dir.path(), "log"), &key, true).unwrap_err();
        assert_eq!(problems[0].place, "log/checkpoint");
        assert!(problems[0].message.contains("根哈希"), "{problems:?}");
    }

    #[test]
    fn file_paths_name_every_tile_bundle_and_pack() {
        for n in [0, 1, 255, 256, 257, 300, 513] {
            let mut log = Log::default();
            (0..n).for_each(|i| log.push(entry(i)));
            let versions = vec![b"{}".to_vec(); n];
            let mut made: Vec<String> = log.tiles().into_iter().map(|(p, _)| p).collect();
            made.extend(version_packs(&versions).into_iter().map(|f| f.path));
            made.sort();
            let mut named: Vec<String> = file_paths(n as u64).into_iter().collect();
            named.sort();
            assert_eq!(named, made, "{n} entries");
        }
    }

    #[test]
    fn version_packs_read_back_and_are_checked() {
        let mut log = Log::default();
        let versions: Vec<Vec<u8>> = (0..300)
            .map(|i| format!("{{\"v\":{i}}}").into_bytes())
            .collect();
        for (i, v) in versions.iter().enumerate() {
            log.push(Entry {
                record: canonical::sha256_hex(v),
                ..entry(i)
            });
        }
        let dir = tempfile::tempdir().unwrap();
        let packs = version_packs(&versions);
        assert_eq!(
            packs.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
            ["versions/000", "versions/001.p/44"]
        );
        for pack in &packs {
            let full = dir.path().join(&pack.path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, pack.pieces.concat()).unwrap();
        }
        let folder = Folder::new(dir.path(), "log");
        assert_eq!(
            read_versions(&folder, &log, &HashMap::new()).unwrap(),
            versions
        );
        let pack = dir.path().join("versions/001.p/44");
        let text = std::fs::read_to_string(&pack)
            .unwrap()
            .replace("\"v\":299", "\"v\":298");
        std::fs::write(&pack, text).unwrap();
        let problems = read_versions(&folder, &log, &HashMap::new()).unwrap_err();
        assert_eq!(problems[0].place, "log/versions/001.p/44");
        assert!(problems[0].message.contains("第 44 个版本"), "{problems:?}");
        // Versions this run knows are taken by their bytes, not hashed
        // again; a changed one is not among them and is still found.
        let shas: Vec<String> = versions.iter().map(|v| canonical::sha256_hex(v)).collect();
        let known: HashMap<&str, &[u8]> = shas
            .iter()
            .zip(&versions)
            .map(|(sha, v)| (sha.as_str(), v.as_slice()))
            .collect();
        let problems = read_versions(&folder, &log, &known).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("第 44 个版本"), "{problems:?}");
    }

    #[test]
    fn a_record_must_hash_to_its_name() {
        let sha = canonical::sha256_hex(b"{}");
        assert!(check_record(&sha, b"{}").is_ok());
        assert!(check_record(&sha, b"{ }").is_err());
    }
}
