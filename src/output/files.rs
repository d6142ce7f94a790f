//! Files and directories of the output folder: comparing, writing
//! atomically, replacing.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::MAX_NAME_BYTES;

/// Makes `path` a directory whose parent is known to be one already.
///
/// A link there is removed rather than followed, so no write can leave the
/// output folder; a file there is stale output and is removed too.
pub(super) fn ensure_real_dir(path: &Path) -> io::Result<usize> {
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

/// What the manifest records about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// Lower-case hex SHA-256 of the content.
    pub(super) hash: String,
    pub(super) size: u64,
    /// `secs.nanos` since the epoch, `None` where the system gives none.
    pub(super) mtime: Option<String>,
}

/// The metadata of the file at `dest` if it already holds `bytes`.
pub(super) fn unchanged(
    dest: &Path,
    hash: &str,
    bytes: &[u8],
    old: Option<&Entry>,
) -> Option<Metadata> {
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
pub(super) fn holds_bytes(
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
pub(super) fn entry(hash: String, meta: &Metadata) -> Entry {
    Entry {
        hash,
        size: meta.len(),
        mtime: mtime_token(meta),
    }
}

/// A file's modification time as `secs.nanos`, exact to the nanosecond.
pub(super) fn mtime_token(meta: &Metadata) -> Option<String> {
    let since_epoch = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{}.{:09}",
        since_epoch.as_secs(),
        since_epoch.subsec_nanos()
    ))
}

/// Lower-case hex SHA-256 of `bytes`, written digit by digit rather than
/// through a formatter per byte: every output file and log record is
/// named or listed by one.
pub fn sha256_hex(bytes: &[u8]) -> String {
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
pub(super) fn write_atomically(dest: &Path, bytes: &[u8]) -> io::Result<()> {
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
pub(super) fn temp_path(dest: &Path) -> PathBuf {
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
pub(super) fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
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

/// Writes `bytes` to `path` if nothing stands there, and returns the new
/// file's metadata; `None`, having written nothing, if something does. A
/// file left half-written by a failed write is removed.
pub(super) fn write_new_file_if_free(path: &Path, bytes: &[u8]) -> io::Result<Option<Metadata>> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(None),
        other => other?,
    };
    file.write_all(bytes)
        .and_then(|()| file.metadata())
        .map(Some)
        .inspect_err(|_| {
            let _ = fs::remove_file(path);
        })
}

/// Renames `tmp` over `dest`, clearing a directory that stands at `dest`.
pub(super) fn replace(tmp: &Path, dest: &Path) -> io::Result<()> {
    match fs::rename(tmp, dest) {
        Err(e) if fs::symlink_metadata(dest).is_ok_and(|m| m.is_dir()) => {
            // Old output had a directory where the new site has a file.
            fs::remove_dir_all(dest).map_err(|_| e)?;
            fs::rename(tmp, dest)
        }
        other => other,
    }
}

/// Whether every file under the folder `dir` (the output's `rel`) is one
/// that `ours` names.
pub(super) fn only_ours_under(dir: &Path, rel: &str, ours: &dyn Fn(&str) -> bool) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .all(|e| {
            let inner = e.path().strip_prefix(dir).unwrap_or(e.path());
            let inner = inner.to_string_lossy().replace('\\', "/");
            ours(&format!("{rel}/{inner}"))
        })
}
