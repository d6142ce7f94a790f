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
//! The output folder belongs to the generator, as with Zola and Hugo: every
//! file not in the new set is removed. The one exception is a dot-entry at
//! the top of the folder that the generator never wrote (such as `.git` when
//! the site is deployed from a repository), which is left alone, like
//! Zola's `preserve_dotfiles_in_output`. Symbolic links inside the folder are
//! never followed: a link standing where a directory or file is needed is
//! replaced, and a stray link is removed without touching its target.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated, e.g. `disclosures/2013/x/index.html`.
    pub path: String,
    /// The complete content.
    pub bytes: Vec<u8>,
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
const MANIFEST_NAME: &str = ".gongkai-manifest";

/// First line of the manifest; a different one means "no usable manifest".
const MANIFEST_HEADER: &str = "gongkai-manifest 1";

/// Longest file name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Where the render stage puts each file as soon as it is made.
///
/// Rendering streams into a sink instead of returning the whole site, so a
/// build holds one page per thread in memory rather than every page.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> io::Result<()>;

    /// Told how many more files are coming, for a progress bar.
    fn expect(&self, _files: usize) {}
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
pub struct Staging {
    out_dir: PathBuf,
    /// Whether `out_dir` existed before; if not, abandoning removes it.
    out_dir_existed: bool,
    old: HashMap<String, Entry>,
    /// Directories known to be real directories, by relative path.
    ready_dirs: Mutex<HashSet<String>>,
    /// Directories this build created, in order of creation.
    created_dirs: Mutex<Vec<PathBuf>>,
    /// Numbers the files parked in [`STAGING_DIR`] (see [`Placed::Parked`]).
    parked: AtomicUsize,
    placed: Mutex<Vec<(String, Entry, Placed)>>,
    committed: bool,
}

/// Where a file of the new site is until the commit.
enum Placed {
    /// Already at its place with the right bytes.
    Unchanged,
    /// Written beside its place, to be renamed over it.
    Beside(PathBuf),
    /// Something that is not a directory stands where one of its
    /// directories belongs; it waits in the staging directory until the
    /// commit may remove that.
    Parked(PathBuf),
}

/// Top-level directory of the output folder for files whose place cannot be
/// prepared before the commit; one per process.
const STAGING_DIR: &str = ".gongkai-staging";

impl Staging {
    /// Starts a build into `out_dir`. Nothing is touched until a file is put.
    pub fn begin(out_dir: &Path) -> Staging {
        Staging {
            out_dir: out_dir.to_path_buf(),
            out_dir_existed: out_dir.exists(),
            old: read_manifest(out_dir),
            ready_dirs: Mutex::new(HashSet::new()),
            created_dirs: Mutex::new(Vec::new()),
            parked: AtomicUsize::new(0),
            placed: Mutex::new(Vec::new()),
            committed: false,
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
    pub fn commit(mut self) -> io::Result<WriteStats> {
        validate_paths(lock(&self.placed).iter().map(|(p, _, _)| p.as_str()))?;
        self.ensure_out_dir()?;
        // From here on an I/O error leaves a mix of old and new files.
        self.committed = true;
        let placed = std::mem::take(&mut *lock(&self.placed));
        let mut stats = WriteStats {
            removed: self.prepare_parked_dirs(&placed)?,
            ..WriteStats::default()
        };
        placed
            .par_iter()
            .try_for_each(|(path, _, placed)| match placed {
                Placed::Unchanged => Ok(()),
                Placed::Beside(tmp) | Placed::Parked(tmp) => {
                    replace(tmp, &dest_path(&self.out_dir, path))
                }
            })?;
        remove_ignoring_missing(fs::remove_dir(self.staging_dir()))?;
        for (_, _, p) in &placed {
            match p {
                Placed::Unchanged => stats.unchanged += 1,
                _ => stats.written += 1,
            }
        }
        let wanted: HashSet<&str> = placed.iter().map(|(p, _, _)| p.as_str()).collect();
        stats.removed += remove_stale(&self.out_dir, &wanted, &self.old)?;
        let entries = placed.iter().map(|(p, e, _)| (p.as_str(), e.clone()));
        write_manifest(&self.out_dir, entries.collect())?;
        Ok(stats)
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

    fn ensure_out_dir(&self) -> io::Result<()> {
        if !self.out_dir_existed {
            fs::create_dir_all(&self.out_dir)?;
        }
        Ok(())
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
            if let Placed::Beside(tmp) | Placed::Parked(tmp) = placed {
                let _ = fs::remove_file(tmp);
            }
        }
        let _ = fs::remove_dir(self.staging_dir());
        for dir in lock(&self.created_dirs).drain(..).rev() {
            let _ = fs::remove_dir(dir);
        }
        if !self.out_dir_existed {
            let _ = fs::remove_dir(&self.out_dir);
        }
    }
}

impl Sink for Staging {
    /// Compares `file` with its place and writes it beside it if it changed.
    fn put(&self, file: OutputFile) -> io::Result<()> {
        validate_path(&file.path)?;
        let hash = sha256_hex(&file.bytes);
        let (entry, placed) = if self.prepare_dirs_of(&file.path)? {
            let dest = dest_path(&self.out_dir, &file.path);
            match unchanged(&dest, &hash, &file.bytes, self.old.get(&file.path)) {
                Some(meta) => (entry(hash, &meta), Placed::Unchanged),
                None => {
                    let tmp = temp_path(&dest);
                    write_new_file(&tmp, &file.bytes)?;
                    (
                        entry(hash, &fs::symlink_metadata(&tmp)?),
                        Placed::Beside(tmp),
                    )
                }
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

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// Checks every path and returns the set of them.
///
/// Besides unsafe paths, this rejects duplicates and a path that is also
/// another path's directory, which no file system could hold.
fn validate_paths<'a>(paths: impl Iterator<Item = &'a str>) -> io::Result<HashSet<&'a str>> {
    let mut wanted = HashSet::new();
    for path in paths {
        validate_path(path)?;
        if !wanted.insert(path) {
            return Err(invalid(path, "listed twice"));
        }
    }
    for path in &wanted {
        if let Some(dir) = ancestors(path).find(|dir| wanted.contains(dir)) {
            return Err(invalid(path, &format!("{dir:?} is also a file")));
        }
    }
    Ok(wanted)
}

/// Rejects paths that could escape the output folder or break the manifest.
fn validate_path(path: &str) -> io::Result<()> {
    if path.is_empty() {
        return Err(invalid(path, "empty path"));
    }
    if path.starts_with('/') {
        return Err(invalid(path, "absolute path"));
    }
    let top = path.split('/').next().unwrap_or(path);
    if top == MANIFEST_NAME || top.starts_with(STAGING_DIR) {
        return Err(invalid(path, "reserved for the generator's own use"));
    }
    for name in path.split('/') {
        if let Some(reason) = bad_name(name) {
            return Err(invalid(path, reason));
        }
    }
    Ok(())
}

/// Why `name` cannot be one component of an output path, if it cannot.
///
/// Control characters (newlines above all) would corrupt the manifest, and
/// a backslash is a separator on some systems the site may be copied to.
fn bad_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("empty name")
    } else if name == "." || name == ".." {
        Some("`.` or `..` component")
    } else if name.len() > MAX_NAME_BYTES {
        Some("name longer than 255 bytes")
    } else if name.chars().any(|c| c.is_control() || c == '\\') {
        Some("control character or backslash")
    } else {
        None
    }
}

/// An `InvalidInput` error naming the offending path.
fn invalid(path: &str, reason: &str) -> io::Error {
    io::Error::new(
        ErrorKind::InvalidInput,
        format!("invalid output path {path:?}: {reason}"),
    )
}

/// The directories a relative path lies in, outermost first: `a`, `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(|(i, _)| &path[..i])
}

/// The place of a validated relative path under `out_dir`.
fn dest_path(out_dir: &Path, path: &str) -> PathBuf {
    path.split('/')
        .fold(out_dir.to_path_buf(), |p, name| p.join(name))
}

// ---------------------------------------------------------------------------
// Directories
// ---------------------------------------------------------------------------

/// Makes `path` a directory whose parent is known to be one already.
///
/// A link there is removed rather than followed, so no write can leave the
/// output folder; a file there is stale output and is removed too.
fn ensure_real_dir(path: &Path) -> io::Result<usize> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(0),
        Ok(_) => {
            fs::remove_file(path)?;
            fs::create_dir(path)?;
            Ok(1)
        }
        Err(e) if e.kind() == ErrorKind::NotFound => fs::create_dir(path).map(|()| 0),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/// What the manifest records about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Lower-case hex SHA-256 of the content.
    hash: String,
    size: u64,
    /// `secs.nanos` since the epoch, `None` where the system gives none.
    mtime: Option<String>,
}

/// The metadata of the file at `dest` if it already holds `bytes`.
fn unchanged(dest: &Path, hash: &str, bytes: &[u8], old: Option<&Entry>) -> Option<Metadata> {
    let meta = fs::symlink_metadata(dest).ok()?;
    (meta.is_file()
        && meta.len() == bytes.len() as u64
        && holds_bytes(dest, &meta, hash, bytes, old))
    .then_some(meta)
}

/// Whether the regular file at `dest`, of the right size, holds `bytes`.
///
/// The manifest answers when the file still has the size and mtime it
/// recorded; only otherwise is the file read back.
fn holds_bytes(
    dest: &Path,
    meta: &Metadata,
    hash: &str,
    bytes: &[u8],
    old: Option<&Entry>,
) -> bool {
    let mtime = mtime_token(meta);
    match old {
        Some(e) if e.size == meta.len() && mtime.is_some() && e.mtime == mtime => e.hash == hash,
        _ => fs::read(dest).is_ok_and(|current| current == bytes),
    }
}

/// The manifest entry for a file with content hash `hash` and metadata `meta`.
fn entry(hash: String, meta: &Metadata) -> Entry {
    Entry {
        hash,
        size: meta.len(),
        mtime: mtime_token(meta),
    }
}

/// A file's modification time as `secs.nanos`, exact to the nanosecond.
fn mtime_token(meta: &Metadata) -> Option<String> {
    let since_epoch = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{}.{:09}",
        since_epoch.as_secs(),
        since_epoch.subsec_nanos()
    ))
}

/// Lower-case hex SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Replaces `dest` with `bytes` so that readers see the old or the new
/// content, never a part of it.
///
/// There is no fsync: it would cost a disk flush per file, tens of seconds
/// or more for ten thousand files, and guards only against a power cut or
/// kernel crash, after which the site is simply built again. Readers of a
/// running system always see either the old or the new file without it.
fn write_atomically(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(dest);
    let result = write_new_file(&tmp, bytes).and_then(|()| replace(&tmp, dest));
    if result.is_err() {
        // Best effort: a leftover temporary file is removed by the next run.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `.name.tmp-<pid>` beside `dest`, or a hashed name when that is too long.
///
/// The pid keeps two builds from sharing a temporary file; within one build
/// every destination has its own name.
fn temp_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    let pid = std::process::id();
    let mut tmp_name = format!(".{name}.tmp-{pid}");
    if tmp_name.len() > MAX_NAME_BYTES {
        let short = &sha256_hex(name.as_bytes())[..16];
        tmp_name = format!(".{short}.tmp-{pid}");
    }
    dest.with_file_name(tmp_name)
}

/// Writes `bytes` to a file that must not exist yet.
///
/// Creating exclusively never follows a link left at that name; a stale
/// leftover from a crashed run is removed and creation tried once more.
fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let create = || OpenOptions::new().write(true).create_new(true).open(path);
    let mut file: File = match create() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create()?
        }
        other => other?,
    };
    file.write_all(bytes)
}

/// Renames `tmp` over `dest`, clearing a directory that stands at `dest`.
fn replace(tmp: &Path, dest: &Path) -> io::Result<()> {
    match fs::rename(tmp, dest) {
        Err(e) if fs::symlink_metadata(dest).is_ok_and(|m| m.is_dir()) => {
            // Old output had a directory where the new site has a file.
            fs::remove_dir_all(dest).map_err(|_| e)?;
            fs::rename(tmp, dest)
        }
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Removing what no longer belongs
// ---------------------------------------------------------------------------

/// Removes every file under `out_dir` that is not wanted, then empty
/// directories; returns how many files and links were removed.
fn remove_stale(
    out_dir: &Path,
    wanted: &HashSet<&str>,
    old: &HashMap<String, Entry>,
) -> io::Result<usize> {
    let owned_top: HashSet<&str> = wanted
        .iter()
        .copied()
        .chain(old.keys().map(String::as_str))
        .map(|p| p.split('/').next().unwrap_or(p))
        .collect();
    let sweep = Sweep { wanted, owned_top };
    sweep.dir(out_dir, "").map(|(removed, _)| removed)
}

/// What the sweep of the output folder needs to know.
struct Sweep<'a> {
    wanted: &'a HashSet<&'a str>,
    /// Top-level names this or the previous build put files under.
    owned_top: HashSet<&'a str>,
}

impl Sweep<'_> {
    /// Sweeps `dir` (at relative path `rel`); returns the number removed
    /// and whether `dir` is now empty.
    fn dir(&self, dir: &Path, rel: &str) -> io::Result<(usize, bool)> {
        let mut removed = 0;
        let mut empty = true;
        for item in fs::read_dir(dir)? {
            let item = item?;
            let name = item.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let path = item.path();
            // The entry's own type: a link is never followed into.
            let file_type = item.file_type()?;
            if rel.is_empty() && self.is_preserved_top(&name) {
                empty = false;
            } else if file_type.is_dir() {
                let (n, now_empty) = self.dir(&path, &child_rel)?;
                removed += n;
                if now_empty {
                    remove_ignoring_missing(fs::remove_dir(&path))?;
                } else {
                    empty = false;
                }
            } else if self.wanted.contains(child_rel.as_str()) {
                empty = false;
            } else {
                remove_ignoring_missing(fs::remove_file(&path))?;
                removed += 1;
            }
        }
        Ok((removed, empty))
    }

    /// Whether a top-level entry is kept though it is not in the new set:
    /// the manifest, and dot-entries the generator never wrote under.
    fn is_preserved_top(&self, name: &str) -> bool {
        name == MANIFEST_NAME
            || (name.starts_with('.')
                && !is_temp_name(name)
                && !name.starts_with(STAGING_DIR)
                && !self.owned_top.contains(name))
    }
}

/// Whether `name` looks like one of our temporary files, `.x.tmp-<pid>`.
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Treats "already gone" as success, since the goal is absence.
fn remove_ignoring_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------

/// Reads the previous manifest; a missing or unreadable one is empty, which
/// only means every existing file is compared byte for byte.
fn read_manifest(out_dir: &Path) -> HashMap<String, Entry> {
    let Ok(text) = fs::read_to_string(out_dir.join(MANIFEST_NAME)) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return HashMap::new();
    }
    lines.filter_map(parse_manifest_line).collect()
}

/// Parses `<hash> <size> <mtime> <path>`; the path may contain spaces.
fn parse_manifest_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(4, ' ');
    let hash = fields.next()?;
    let size = fields.next()?.parse().ok()?;
    let mtime = fields.next()?;
    let path = fields.next()?;
    let entry = Entry {
        hash: hash.to_string(),
        size,
        mtime: (mtime != "-").then(|| mtime.to_string()),
    };
    Some((path.to_string(), entry))
}

/// Writes the manifest, sorted by path so that it diffs well, atomically.
fn write_manifest(out_dir: &Path, mut entries: Vec<(&str, Entry)>) -> io::Result<()> {
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = String::with_capacity(entries.len() * 120);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (path, e) in entries {
        let mtime = e.mtime.as_deref().unwrap_or("-");
        text.push_str(&format!("{} {} {mtime} {path}\n", e.hash, e.size));
    }
    write_atomically(&out_dir.join(MANIFEST_NAME), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes `out_dir` hold exactly `files`, as a build's staging does.
    fn write_site(out_dir: &Path, files: &[OutputFile]) -> io::Result<WriteStats> {
        let staging = Staging::begin(out_dir);
        files.par_iter().try_for_each(|f| staging.put(f.clone()))?;
        staging.commit()
    }
    use std::time::{Duration, SystemTime};

    fn file(path: &str, content: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: content.as_bytes().to_vec(),
        }
    }

    fn site() -> Vec<OutputFile> {
        vec![
            file("index.html", "<h1>首页</h1>"),
            file("disclosures/2013/a/index.html", "A"),
            file("disclosures/2013/b/index.html", "B"),
            file("static/site.css", "body{}"),
        ]
    }

    fn stats(written: usize, unchanged: usize, removed: usize) -> WriteStats {
        WriteStats {
            written,
            unchanged,
            removed,
        }
    }

    fn read(dir: &Path, path: &str) -> String {
        fs::read_to_string(dest_path(dir, path)).unwrap()
    }

    fn mtime(dir: &Path, path: &str) -> SystemTime {
        fs::metadata(dest_path(dir, path))
            .unwrap()
            .modified()
            .unwrap()
    }

    fn set_mtime(dir: &Path, path: &str, time: SystemTime) {
        let f = OpenOptions::new()
            .write(true)
            .open(dest_path(dir, path))
            .unwrap();
        f.set_modified(time).unwrap();
    }

    fn long_ago() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_000_000_000)
    }

    #[test]
    fn first_write_creates_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        assert_eq!(write_site(&out, &site()).unwrap(), stats(4, 0, 0));
        assert_eq!(read(&out, "index.html"), "<h1>首页</h1>");
        assert_eq!(read(&out, "disclosures/2013/b/index.html"), "B");
        let manifest = read(&out, MANIFEST_NAME);
        assert!(manifest.starts_with(MANIFEST_HEADER));
        assert_eq!(manifest.lines().count(), 5);
        assert!(manifest.contains(" static/site.css\n"));
    }

    #[test]
    fn identical_rewrite_touches_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let before = mtime(out, "disclosures/2013/a/index.html");
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
        assert_eq!(mtime(out, "disclosures/2013/a/index.html"), before);

        // With mtimes far in the past, any rewrite would show. The first run
        // cannot trust the manifest and compares bytes; the second trusts it.
        for f in site() {
            set_mtime(out, &f.path, long_ago());
        }
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
        for f in site() {
            assert_eq!(mtime(out, &f.path), long_ago(), "{}", f.path);
        }
    }

    #[test]
    fn changing_one_file_rewrites_only_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        set_mtime(out, "index.html", long_ago());
        let mut files = site();
        files[1].bytes = b"A, revised".to_vec();
        assert_eq!(write_site(out, &files).unwrap(), stats(1, 3, 0));
        assert_eq!(read(out, "disclosures/2013/a/index.html"), "A, revised");
        assert_eq!(mtime(out, "index.html"), long_ago());
    }

    #[test]
    fn same_size_change_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let mut files = site();
        files[1].bytes = b"Z".to_vec();
        assert_eq!(write_site(out, &files).unwrap(), stats(1, 3, 0));
        assert_eq!(read(out, "disclosures/2013/a/index.html"), "Z");
    }

    #[test]
    fn dropped_file_and_its_empty_directory_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let mut files = site();
        files.remove(2);
        assert_eq!(write_site(out, &files).unwrap(), stats(0, 3, 1));
        assert!(!out.join("disclosures/2013/b").exists());
        assert!(out.join("disclosures/2013/a/index.html").exists());
        assert!(!read(out, MANIFEST_NAME).contains("2013/b"));
    }

    #[test]
    fn hand_edit_with_new_mtime_is_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let path = "disclosures/2013/a/index.html";
        fs::write(dest_path(out, path), "X").unwrap();
        set_mtime(out, path, long_ago());
        assert_eq!(write_site(out, &site()).unwrap(), stats(1, 3, 0));
        assert_eq!(read(out, path), "A");
    }

    #[test]
    fn manifest_is_trusted_while_size_and_mtime_match() {
        // The documented trade-off: a same-size edit that restores the mtime
        // is not noticed, which proves unchanged files are not read back.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let path = "disclosures/2013/a/index.html";
        let recorded = mtime(out, path);
        fs::write(dest_path(out, path), "X").unwrap();
        set_mtime(out, path, recorded);
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
        assert_eq!(read(out, path), "X");
    }

    #[test]
    fn missing_or_corrupt_manifest_falls_back_to_comparing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        fs::write(out.join(MANIFEST_NAME), "garbage\nmore").unwrap();
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
        fs::remove_file(out.join(MANIFEST_NAME)).unwrap();
        fs::write(dest_path(out, "index.html"), "old").unwrap();
        assert_eq!(write_site(out, &site()).unwrap(), stats(1, 3, 0));
        assert!(read(out, MANIFEST_NAME).starts_with(MANIFEST_HEADER));
    }

    #[test]
    fn invalid_paths_are_rejected_before_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for bad in [
            "../escape.html",
            "a/../../escape.html",
            "/etc/passwd",
            "",
            "a//b",
            "a/",
            "./a",
            "a\nb",
            "a\\b",
            MANIFEST_NAME,
            ".gongkai-manifest/x.html",
        ] {
            let mut files = site();
            files.push(file(bad, "x"));
            let err = write_site(&out, &files).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
            assert!(!out.exists(), "something was written for {bad:?}");
        }
        assert!(!tmp.path().join("escape.html").exists());
    }

    #[test]
    fn duplicate_and_file_directory_clashes_are_rejected() {
        let tmp = tempfile::tempdir().unwrap();
        for files in [
            vec![file("a.html", "1"), file("a.html", "2")],
            vec![file("a", "1"), file("a/b.html", "2")],
        ] {
            let err = write_site(tmp.path(), &files).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
        }
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn chinese_file_names_work() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let path = "disclosures/2013/西关村二季度财务/index.html";
        let files = vec![file(path, "财务公开"), file("附件/通知 第1号.pdf", "%PDF")];
        assert_eq!(write_site(out, &files).unwrap(), stats(2, 0, 0));
        assert_eq!(read(out, path), "财务公开");
        assert_eq!(write_site(out, &files).unwrap(), stats(0, 2, 0));
        assert_eq!(write_site(out, &files[..1]).unwrap(), stats(0, 1, 1));
        assert!(!out.join("附件").exists());
    }

    #[test]
    fn foreign_files_go_but_top_level_dotfiles_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/config"), "[core]").unwrap();
        fs::create_dir_all(out.join("old/empty")).unwrap();
        fs::write(out.join("old/page.html"), "old").unwrap();
        fs::create_dir_all(out.join("static")).unwrap();
        fs::write(out.join("static/.site.css.tmp-99"), "partial").unwrap();
        fs::write(out.join(".index.html.tmp-12345"), "partial").unwrap();
        assert_eq!(write_site(out, &site()).unwrap(), stats(4, 0, 3));
        assert!(out.join(".git/config").exists());
        assert!(out.join(".git/objects").is_dir());
        assert!(!out.join("old").exists());
        assert!(!out.join(".index.html.tmp-12345").exists());
        assert!(!out.join("static/.site.css.tmp-99").exists());
    }

    #[test]
    fn dotfiles_the_generator_wrote_are_removed_when_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let mut files = site();
        files.push(file(".well-known/security.txt", "Contact: x"));
        write_site(out, &files).unwrap();
        assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 1));
        assert!(!out.join(".well-known").exists());
    }

    #[test]
    fn file_and_directory_may_swap_places() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &[file("a", "file"), file("b/index.html", "dir")]).unwrap();
        let swapped = [file("a/index.html", "dir"), file("b", "file")];
        assert_eq!(write_site(out, &swapped).unwrap(), stats(2, 0, 1));
        assert_eq!(read(out, "a/index.html"), "dir");
        assert_eq!(read(out, "b"), "file");
    }

    #[test]
    fn empty_site_empties_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        assert_eq!(write_site(out, &[]).unwrap(), stats(0, 0, 4));
        let left: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [MANIFEST_NAME]);
    }

    #[test]
    fn long_names_use_a_short_temporary_name() {
        let tmp = tempfile::tempdir().unwrap();
        let name = format!("{}.html", "财".repeat(83));
        assert!(name.len() <= MAX_NAME_BYTES);
        let files = [file(&name, "x")];
        assert_eq!(write_site(tmp.path(), &files).unwrap(), stats(1, 0, 0));
        assert_eq!(read(tmp.path(), &name), "x");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_never_followed_out_of_the_folder() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("victim.txt"), "keep me").unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        symlink(&outside, out.join("static")).unwrap();
        symlink(outside.join("victim.txt"), out.join("stray.html")).unwrap();
        symlink(outside.join("victim.txt"), out.join("index.html")).unwrap();

        assert_eq!(write_site(&out, &site()).unwrap(), stats(4, 0, 2));
        assert!(fs::symlink_metadata(out.join("static")).unwrap().is_dir());
        assert!(
            !fs::symlink_metadata(out.join("index.html"))
                .unwrap()
                .is_symlink()
        );
        assert!(!out.join("stray.html").exists());
        assert_eq!(
            fs::read_to_string(outside.join("victim.txt")).unwrap(),
            "keep me"
        );
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    }

    /// Every file under `dir` with its bytes, and every directory.
    fn tree(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string();
            let bytes = entry
                .file_type()
                .is_file()
                .then(|| fs::read(entry.path()).unwrap());
            out.push((rel, bytes));
        }
        out
    }

    #[test]
    fn staging_dropped_without_commit_leaves_the_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let before = tree(out);
        let staging = Staging::begin(out);
        staging.put(file("index.html", "<h1>新首页</h1>")).unwrap();
        staging
            .put(file("disclosures/2014/new/index.html", "new"))
            .unwrap();
        staging.put(file("static/site.css", "body{}")).unwrap();
        drop(staging);
        assert_eq!(tree(out), before);
    }

    #[test]
    fn staging_into_a_new_folder_dropped_leaves_no_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::begin(&out);
        for f in site() {
            staging.put(f).unwrap();
        }
        drop(staging);
        assert!(!out.exists());
    }

    #[test]
    fn staging_rejects_a_path_put_twice_at_commit_and_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write_site(out, &site()).unwrap();
        let before = tree(out);
        let staging = Staging::begin(out);
        staging.put(file("a.html", "1")).unwrap();
        staging.put(file("a.html", "2")).unwrap();
        let err = staging.commit().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(tree(out), before);
    }

    #[test]
    fn staging_commit_matches_write_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        write_site(&a, &site()).unwrap();
        let staging = Staging::begin(&b);
        for f in site().into_iter().rev() {
            staging.put(f).unwrap();
        }
        assert_eq!(staging.commit().unwrap(), stats(4, 0, 0));
        let strip = |t: Vec<(String, Option<Vec<u8>>)>| {
            t.into_iter()
                .filter(|(p, _)| p != MANIFEST_NAME)
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(tree(&a)), strip(tree(&b)));
        assert!(!fs::read_dir(&b).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(STAGING_DIR)
        }));
    }

    #[test]
    fn hashes_are_lower_case_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp_name(".index.html.tmp-123"));
        assert!(!is_temp_name(".git"));
        assert!(!is_temp_name(".x.tmp-"));
        assert!(!is_temp_name("index.html.tmp-1"));
    }
}
