//! Writing the built site to disk safely and incrementally.
//!
//! A build puts each output file into a [`Staging`] as soon as it is
//! rendered; committing the staging makes the output folder hold exactly
//! the files put, and dropping it leaves the folder as it was:
//!
//! * A reader (or a web server) never sees a half-written page: each file is
//!   written under a temporary name in its own directory and renamed over
//!   the old one, which is atomic on POSIX file systems.
//! * A rebuild touches only what changed. Deleting a 10,000-file tree takes
//!   seconds and rewriting identical files wastes work and defeats rsync and
//!   browser caches, so unchanged files are left alone, mtimes included.
//! * Files that no longer belong to the site are removed, and so are the
//!   directories they leave empty.
//!
//! To tell cheaply whether a file on disk already holds the new bytes, the
//! folder keeps a manifest, `.gongkai-manifest`, written last by every
//! successful run. After a header line it has one line per file:
//!
//! ```text
//! <sha256 hex> <size in bytes> <mtime as secs.nanos, or -> <relative path>
//! ```
//!
//! An entry is trusted only while the file's current size and mtime are the
//! ones it records; otherwise the file is read back and compared. Like make
//! and rsync, this is fooled by an edit that keeps both the size and the
//! mtime (for instance a copy that preserves timestamps); a hand edit made
//! with an editor changes the mtime and is repaired by the next build.
//!
//! The output folder is shared with whoever else keeps files there (a
//! `.git` folder when the site is deployed from a repository, a `CNAME`, a
//! verification file): a build removes only files the manifest says the
//! previous build wrote and the temporary files of an interrupted run, and
//! leaves everything else alone. [`guard`] refuses, before anything is
//! touched, an output folder that is or holds the site folder, or a
//! non-empty folder gongkai never wrote into (unless `--force`). Symbolic
//! links inside the folder are never followed: a link standing where a
//! directory or file of the site is needed is replaced, and any other link
//! is left as it is, its target untouched.
//!
//! A run writes the manifest twice: an empty one as soon as it makes a new
//! folder, and one listing the old and the new files just before renaming,
//! so that a run cut short at any point (a power cut, `kill -9`) leaves a
//! manifest that accounts for every file of ours in the folder, and the
//! next build finishes the job.
//!
//! A folder the build makes (or finds empty) is the first exception: no
//! one serves it yet, so every file is written straight under its name,
//! saving a temporary name and a rename for each of tens of thousands of
//! files. Its first manifest says so (`gongkai-manifest 1 fresh`): should
//! the run be cut short, the next build knows that everything in the
//! folder is ours and removes what it does not want. A build that fails
//! removes the files and the folder it made, as before.
//!
//! In a folder a site is served from there is no other exception, not
//! even for files named by their content's hash (the log's
//! `records/<sha256>.json`): a run killed before its commit would leave
//! such a file under its name and in no manifest, and should the record
//! then change, no build would want it again or remove it, and `verify`
//! would find a record JSON the log does not name.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

mod files;
pub(crate) mod guard;
pub(crate) mod interrupt;
mod manifest;
mod paths;
mod sweep;

pub use files::sha256_hex;
use files::{
    Entry, ensure_real_dir, entry, only_ours_under, replace, temp_path, unchanged, write_new_file,
    write_new_file_if_free,
};
use manifest::{read_manifest, write_fresh_manifest, write_manifest};
use paths::{ancestors, dest_path, validate_path, validate_paths};
use sweep::{remove_ignoring_missing, remove_stale};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated, e.g. `disclosures/2013/x/index.html`.
    pub(crate) path: String,
    /// The complete content.
    pub(crate) bytes: Vec<u8>,
}

/// What [`Staging::commit`] did, for the build summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or replaced.
    pub written: usize,
    /// Files that already held the right bytes and were not touched.
    pub unchanged: usize,
    /// Files (and links) removed because they are not part of the site.
    pub removed: usize,
}

/// Name of the manifest at the top of the output folder.
pub(crate) const MANIFEST_NAME: &str = ".gongkai-manifest";

/// First line of the manifest; a different one means "no usable manifest".
const MANIFEST_HEADER: &str = "gongkai-manifest 1";

/// First and only line of the manifest a run puts in a folder it made,
/// until its commit: everything in the folder is ours.
const FRESH_MANIFEST_HEADER: &str = "gongkai-manifest 1 fresh";

/// Longest file name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Where the render stage puts each file as soon as it is made.
///
/// Rendering streams into a sink instead of returning the whole site, so a
/// build holds one page per thread in memory rather than every page.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> io::Result<()>;

    /// Takes a file whose SHA-256 (lower-case hex) the caller already
    /// knows: a sink that hashes what it takes need not hash it again.
    fn put_known(&self, file: OutputFile, sha256: String) -> io::Result<()> {
        let _ = sha256;
        self.put(file)
    }

    /// Told how many more files are coming, for a progress bar.
    fn expect(&self, _files: usize) {}

    /// Told that a phase of making the files ended (the pages, the search
    /// index), for `GONGKAI_TIMINGS`' per-phase figures.
    fn phase_done(&self, _name: &'static str) {}

    /// Whether the sink takes no more files (the build was interrupted), so
    /// that the files still to come need not even be made.
    fn stopped(&self) -> bool {
        false
    }
}

/// A sink that keeps every file in memory, for the live preview.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> io::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path so that the order does not depend on which
    /// thread finished first.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// A build on its way into the output folder.
///
/// Each file is compared with what the folder holds as soon as it is
/// rendered; a changed one is written at once under a temporary name beside
/// its place (`.name.tmp-<pid>`), and nothing takes its real name until
/// [`Staging::commit`], which runs only when every page rendered. Dropping
/// the staging without committing removes the temporary files and the
/// directories it made, so a failed build leaves the previous site as it
/// was, while a successful one never held the whole site in memory.
pub(crate) struct Staging {
    out_dir: PathBuf,
    /// Whether `out_dir` existed before; if not, abandoning removes it.
    out_dir_existed: bool,
    /// Whether `out_dir` was missing or empty: then nothing serves it yet,
    /// and every file is written straight under its name.
    fresh: bool,
    old: HashMap<String, Entry>,
    /// Whether everything in `out_dir` is ours (a run that made it was cut
    /// short), so the commit removes whatever this build does not want.
    old_all_ours: bool,
    /// Whether the old manifest listed its files (see `Previous::listed`).
    old_listed: bool,
    /// Directories known to be real directories, by relative path.
    ready_dirs: Mutex<HashSet<String>>,
    /// Directories this build created.
    created_dirs: Mutex<Vec<PathBuf>>,
    /// Numbers the files parked in [`STAGING_DIR`] (see [`Placed::Parked`]).
    parked: AtomicUsize,
    placed: Mutex<Vec<(String, Entry, Placed)>>,
    /// Set once the output folder is ready: whether this build gave it its
    /// first (empty) manifest, which abandoning then removes.
    wrote_empty_manifest: Mutex<Option<bool>>,
    /// Whether [`Staging::check`] found the paths in order, so that the
    /// commit need not look again.
    checked: bool,
    committed: bool,
    /// Keeps a signal from ending the process while this staging may have
    /// files to clean up (see [`interrupt`]).
    _writing: interrupt::Writing,
}

/// Where a file of the new site is until the commit.
enum Placed {
    /// Already at its place with the right bytes.
    Unchanged,
    /// Written straight to its place in a fresh folder, which nothing
    /// serves yet. Abandoning removes it.
    Named(PathBuf),
    /// Written beside its place, to be renamed over it.
    Beside(PathBuf),
    /// Something that is not a directory stands where one of its
    /// directories belongs; it waits in the staging directory until the
    /// commit may remove that.
    Parked(PathBuf),
}

/// Top-level directory of the output folder for files whose place cannot be
/// prepared before the commit; one per process.
pub(crate) const STAGING_DIR: &str = ".gongkai-staging";

impl Staging {
    /// Starts a build into `out_dir`. Nothing is touched until a file is put.
    pub(crate) fn begin(out_dir: &Path) -> Staging {
        let out_dir_existed = out_dir.exists();
        let previous = read_manifest(out_dir);
        Staging {
            out_dir: out_dir.to_path_buf(),
            out_dir_existed,
            fresh: !out_dir_existed || is_empty_dir(out_dir),
            old: previous.files,
            old_all_ours: previous.all_ours,
            old_listed: previous.listed,
            ready_dirs: Mutex::new(HashSet::new()),
            created_dirs: Mutex::new(Vec::new()),
            parked: AtomicUsize::new(0),
            placed: Mutex::new(Vec::new()),
            wrote_empty_manifest: Mutex::new(None),
            committed: false,
            checked: false,
            _writing: interrupt::Writing::start(),
        }
    }

    /// Makes every file put so far the output folder's content: renames the
    /// new files into place, removes what no longer belongs and writes the
    /// manifest. Returns what was done.
    ///
    /// A path that is invalid, put twice, or also another path's directory
    /// fails with [`ErrorKind::InvalidInput`] before anything is renamed.
    /// On a later I/O error the folder may hold a mix of old and new files,
    /// each of them complete, and the old manifest stays in place, so the
    /// next run compares bytes wherever it cannot trust it.
    pub(crate) fn commit(mut self) -> io::Result<WriteStats> {
        stop_if_interrupted()?;
        if !self.checked {
            self.check()?;
        }
        self.ensure_out_dir()?;
        // Should the renames below be cut short (a power cut, a kill), the
        // manifest must already account for every file they may leave, so
        // that the next build removes what it no longer wants. A fresh
        // folder's manifest already says that all in it is ours.
        if !self.fresh {
            write_manifest(&self.out_dir, self.old_and_new(&lock(&self.placed)))?;
        }
        // From here on an I/O error leaves a mix of old and new files.
        self.committed = true;
        self.put_in_place()
            .map_err(|e| io::Error::new(e.kind(), PartlyCommitted(e)))
    }

    /// What the commit refuses before anything is renamed: a path that is
    /// invalid, put twice, or also another path's directory, and a file no
    /// build of ours wrote standing where a new one goes. A build that
    /// logs calls it before it seals the log, so that versions are never
    /// logged for a site that then cannot be written.
    pub(crate) fn check(&mut self) -> io::Result<()> {
        validate_paths(lock(&self.placed).iter().map(|(p, _, _)| p.as_str()))?;
        self.refuse_to_remove_what_is_not_ours(&lock(&self.placed))?;
        self.checked = true;
        Ok(())
    }

    /// The commit's second half: the new files take their names, the
    /// stale ones go, and the manifest is written.
    fn put_in_place(&self) -> io::Result<WriteStats> {
        let placed = std::mem::take(&mut *lock(&self.placed));
        let mut stats = WriteStats {
            removed: self.prepare_parked_dirs(&placed)?,
            ..WriteStats::default()
        };
        placed
            .par_iter()
            .try_for_each(|(path, _, placed)| match placed {
                Placed::Unchanged | Placed::Named(_) => Ok(()),
                Placed::Beside(tmp) | Placed::Parked(tmp) => {
                    replace(tmp, &dest_path(&self.out_dir, path))
                        .map_err(|e| io::Error::new(e.kind(), format!("{path}：{e}")))
                }
            })?;
        remove_ignoring_missing(fs::remove_dir(self.staging_dir()))?;
        for (_, _, p) in &placed {
            match p {
                Placed::Unchanged => stats.unchanged += 1,
                _ => stats.written += 1,
            }
        }
        // A fresh folder holds only the files just placed, every one wanted.
        if !self.fresh {
            let wanted: HashSet<&str> = placed.iter().map(|(p, _, _)| p.as_str()).collect();
            stats.removed += remove_stale(&self.out_dir, &wanted, &self.old, self.old_all_ours)?;
        }
        let entries = placed.iter().map(|(p, e, _)| (p.as_str(), e));
        write_manifest(&self.out_dir, entries.collect())?;
        Ok(stats)
    }

    /// Refuses, before anything is put in place, a file or folder of the
    /// output that no build of ours wrote and that stands where a new file
    /// must go (a file where its folder belongs, a folder or another file
    /// where it belongs): the folder's other files are always kept (README), so it
    /// is not removed but named, for the clerk to move.
    fn refuse_to_remove_what_is_not_ours(
        &self,
        placed: &[(String, Entry, Placed)],
    ) -> io::Result<()> {
        if self.fresh || self.old_all_ours {
            return Ok(());
        }
        let ours = |rel: &str| self.old.contains_key(rel);
        let refused = placed.par_iter().find_map_first(|(path, _, how)| {
            let blocker = match how {
                Placed::Parked(_) => ancestors(path).find(|dir| {
                    fs::symlink_metadata(dest_path(&self.out_dir, dir))
                        .is_ok_and(|m| !m.is_dir() && !ours(dir))
                }),
                Placed::Beside(_) => {
                    let dest = dest_path(&self.out_dir, path);
                    match fs::symlink_metadata(&dest) {
                        Ok(m) if m.is_dir() => {
                            (!only_ours_under(&dest, path, &ours)).then_some(path.as_str())
                        }
                        // A file of the clerk's own under a new page's very
                        // name would be replaced by it.
                        Ok(_) => (self.old_listed && !ours(path)).then_some(path.as_str()),
                        Err(_) => None,
                    }
                }
                Placed::Unchanged | Placed::Named(_) => None,
            };
            blocker.map(|blocker| {
                io::Error::new(
                    ErrorKind::AlreadyExists,
                    format!(
                        "输出文件夹里的 {blocker} 不是 gongkai 写的，正挡在新文件 {path} 的位置上：把它移到别处或改名后再生成（gongkai 不删不是自己写的文件）"
                    ),
                )
            })
        });
        refused.map_or(Ok(()), Err)
    }

    /// Whether `e`, an error of [`Staging::commit`], came after the new
    /// files began to take their names: the folder then holds part of the
    /// new site, and the next build completes it.
    pub fn partly_committed(e: &io::Error) -> bool {
        e.get_ref()
            .is_some_and(|inner| inner.is::<PartlyCommitted>())
    }

    fn staging_dir(&self) -> PathBuf {
        self.out_dir
            .join(format!("{STAGING_DIR}-{}", std::process::id()))
    }

    /// Makes real directories for the parked files, removing what stood in
    /// their way; returns how many files or links were removed.
    fn prepare_parked_dirs(&self, placed: &[(String, Entry, Placed)]) -> io::Result<usize> {
        let dirs: BTreeSet<&str> = placed
            .iter()
            .filter(|(_, _, p)| matches!(p, Placed::Parked(_)))
            .flat_map(|(path, _, _)| ancestors(path))
            .collect();
        // Sorted order puts every directory after its parent, a prefix of it.
        let mut removed = 0;
        for dir in dirs {
            removed += ensure_real_dir(&dest_path(&self.out_dir, dir))?;
        }
        Ok(removed)
    }

    /// Makes sure every directory of `path` is a real directory, creating the
    /// missing ones; `false` when something else stands in the way.
    fn prepare_dirs_of(&self, path: &str) -> io::Result<bool> {
        self.ensure_out_dir()?;
        for dir in ancestors(path) {
            if lock(&self.ready_dirs).contains(dir) {
                continue;
            }
            let full = dest_path(&self.out_dir, dir);
            match fs::create_dir(&full) {
                Ok(()) => lock(&self.created_dirs).push(full),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    if !fs::symlink_metadata(&full)?.is_dir() {
                        return Ok(false);
                    }
                }
                Err(e) => return Err(e),
            }
            lock(&self.ready_dirs).insert(dir.to_string());
        }
        Ok(true)
    }

    /// Makes the output folder, and gives it a manifest at once if it has
    /// none, so that a run killed before its commit leaves a folder the next
    /// build recognises as its own (see [`guard`]).
    fn ensure_out_dir(&self) -> io::Result<()> {
        let mut wrote_manifest = lock(&self.wrote_empty_manifest);
        if wrote_manifest.is_some() {
            return Ok(());
        }
        if !self.out_dir_existed {
            fs::create_dir_all(&self.out_dir)?;
        }
        let had_manifest = fs::symlink_metadata(self.out_dir.join(MANIFEST_NAME)).is_ok();
        if self.fresh && !had_manifest {
            write_fresh_manifest(&self.out_dir)?;
        } else if !had_manifest {
            write_manifest(&self.out_dir, Vec::new())?;
        }
        *wrote_manifest = Some(!had_manifest);
        Ok(())
    }

    /// The manifest entries of the previous build and of this one, the new
    /// entry winning where both have a path.
    fn old_and_new<'a>(
        &'a self,
        placed: &'a [(String, Entry, Placed)],
    ) -> Vec<(&'a str, &'a Entry)> {
        let new: HashSet<&str> = placed.iter().map(|(p, _, _)| p.as_str()).collect();
        let old = self
            .old
            .iter()
            .filter(|(p, _)| !new.contains(p.as_str()))
            .map(|(p, e)| (p.as_str(), e));
        placed
            .iter()
            .map(|(p, e, _)| (p.as_str(), e))
            .chain(old)
            .collect()
    }

    /// Writes `bytes` into the staging directory under a new number.
    fn park(&self, bytes: &[u8]) -> io::Result<PathBuf> {
        let dir = self.staging_dir();
        match fs::create_dir(&dir) {
            Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
        let n = self.parked.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(n.to_string());
        write_new_file(&tmp, bytes)?;
        Ok(tmp)
    }

    /// Removes every temporary file and every directory this build made.
    fn abandon(&mut self) {
        for (_, _, placed) in lock(&self.placed).drain(..) {
            if let Placed::Beside(tmp) | Placed::Parked(tmp) | Placed::Named(tmp) = placed {
                let _ = fs::remove_file(tmp);
            }
        }
        let _ = fs::remove_dir(self.staging_dir());
        // Deepest first: threads record the directories they make in no
        // particular order, a child possibly before its parent.
        let mut dirs = std::mem::take(&mut *lock(&self.created_dirs));
        dirs.sort_by_key(|dir| std::cmp::Reverse(dir.components().count()));
        for dir in dirs {
            let _ = fs::remove_dir(dir);
        }
        if *lock(&self.wrote_empty_manifest) == Some(true) {
            let _ = fs::remove_file(self.out_dir.join(MANIFEST_NAME));
        }
        if !self.out_dir_existed {
            let _ = fs::remove_dir(&self.out_dir);
        }
    }
}

impl Sink for Staging {
    /// Compares `file` with its place and writes it beside it if it changed.
    fn put(&self, file: OutputFile) -> io::Result<()> {
        let hash = sha256_hex(&file.bytes);
        self.place(file, hash)
    }

    fn put_known(&self, file: OutputFile, sha256: String) -> io::Result<()> {
        debug_assert_eq!(sha256, sha256_hex(&file.bytes), "{}", file.path);
        self.place(file, sha256)
    }

    fn stopped(&self) -> bool {
        interrupt::requested().is_some()
    }
}

impl Staging {
    /// Compares `file`, whose SHA-256 is `hash`, with its place and writes
    /// it beside it if it changed; in a fresh folder, straight into it.
    /// In a folder a site is served from, nothing takes its name before the
    /// commit, not even a file named by its hash (a log's record): a run
    /// killed before it would leave a file no manifest lists.
    fn place(&self, file: OutputFile, hash: String) -> io::Result<()> {
        stop_if_interrupted()?;
        validate_path(&file.path)?;
        let (entry, placed) = if self.prepare_dirs_of(&file.path)? {
            let dest = dest_path(&self.out_dir, &file.path);
            let written = |dest: &Path| {
                if self.fresh {
                    write_new_file_if_free(dest, &file.bytes)
                } else {
                    Ok(None)
                }
            };
            // A fresh folder holds no earlier file to compare with.
            let same = if self.fresh {
                None
            } else {
                unchanged(&dest, &hash, &file.bytes, self.old.get(&file.path))
            };
            match same {
                Some(meta) => (entry(hash, &meta), Placed::Unchanged),
                None => match written(&dest)? {
                    Some(meta) => (entry(hash, &meta), Placed::Named(dest)),
                    None => {
                        let tmp = temp_path(&dest);
                        write_new_file(&tmp, &file.bytes)?;
                        (
                            entry(hash, &fs::symlink_metadata(&tmp)?),
                            Placed::Beside(tmp),
                        )
                    }
                },
            }
        } else {
            let tmp = self.park(&file.bytes)?;
            (
                entry(hash, &fs::symlink_metadata(&tmp)?),
                Placed::Parked(tmp),
            )
        };
        lock(&self.placed).push((file.path, entry, placed));
        Ok(())
    }
}

/// Whether `dir` is a directory with nothing in it.
fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut items| items.next().is_none())
}

/// An error once a signal asked the build to stop: no more files are
/// written, and the staging is dropped, which cleans up.
fn stop_if_interrupted() -> io::Result<()> {
    match interrupt::requested() {
        Some(_) => Err(io::Error::new(
            ErrorKind::Interrupted,
            "收到停止信号，已停止生成",
        )),
        None => Ok(()),
    }
}

/// A commit that failed while putting the new files in place.
#[derive(Debug)]
struct PartlyCommitted(io::Error);

impl std::fmt::Display for PartlyCommitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for PartlyCommitted {}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            self.abandon();
        }
    }
}

/// Locks a mutex, carrying on after a panic elsewhere (the data are plain
/// lists, never left half-updated).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests;
