//! The log's folder: reading it as a [`Source`] and writing an append
//! into it.
//!
//! An append writes its new files first and the checkpoint last, each
//! under a temporary name renamed into place: the checkpoint says which
//! tiles and entries are the log, so a build cut short before it leaves
//! the log as it was (plus files the next append overwrites or removes),
//! and one cut short after it leaves the new log whole.

use super::{CHECKPOINT, Source, VERSIONS};
use std::collections::HashSet;
use std::fs;
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A log in a folder on disk.
pub struct Folder {
    root: PathBuf,
    /// How the folder is named in messages (`log`, or the output's path).
    shown: String,
}

impl Folder {
    pub fn new(root: &Path, shown: &str) -> Folder {
        Folder {
            root: root.to_path_buf(),
            shown: shown.to_string(),
        }
    }

    /// Every file under the folder, as paths inside the log, sorted.
    pub(crate) fn files(&self, under: &str) -> Vec<String> {
        let dir = self.root.join(under);
        let mut files: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.root).ok()?;
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                Some(parts.join("/"))
            })
            .collect();
        files.sort();
        files
    }
}

impl Source for Folder {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        match fs::read(self.root.join(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("无法读取：{e}")),
        }
    }

    fn name(&self, path: &str) -> String {
        format!("{}/{path}", self.shown)
    }

    fn list(&self, under: &str) -> Option<Vec<String>> {
        Some(self.files(under))
    }
}

/// What an append writes into the log's folder.
pub(crate) struct Commit<'a> {
    /// Every tile, entry bundle and version pack of the new log, by path
    /// inside it.
    pub(crate) files: &'a [(String, Vec<u8>)],
    pub(crate) checkpoint: &'a [u8],
}

impl Commit<'_> {
    /// Writes the new log into `root`: changed files first, the checkpoint
    /// last; then removes the tiles and packs the new log no longer has
    /// (partial ones now full, or left by a run cut short). Other files in
    /// the folder are left alone.
    pub(crate) fn write(&self, root: &Path) -> io::Result<()> {
        for (path, bytes) in self.files {
            write_if_changed(&root.join(path), bytes)?;
        }
        write_durably(&root.join(CHECKPOINT), self.checkpoint)?;
        let folder = Folder::new(root, "");
        let wanted: HashSet<&str> = self.files.iter().map(|(p, _)| p.as_str()).collect();
        for under in ["tile", VERSIONS] {
            for path in folder.files(under) {
                if !wanted.contains(path.as_str()) {
                    remove(root, &path)?;
                }
            }
        }
        Ok(())
    }
}

/// Removes a file of the log and the folders it leaves empty (up to the
/// log's own).
fn remove(root: &Path, path: &str) -> io::Result<()> {
    let full = root.join(path);
    fs::remove_file(&full)?;
    let mut dir = full.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    write_replacing(path, bytes, false)
}

/// Writes the checkpoint: flushed to the disk before it takes its name.
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replacing(path, bytes, true)
}

/// Writes `bytes` beside `path` and renames them over it.
fn write_replacing(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    let dir = path.parent().expect("log files are inside the log folder");
    if !dir.is_dir() {
        fs::create_dir_all(dir)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut file = fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    if sync {
        file.sync_all()?;
    }
    drop(file);
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}
