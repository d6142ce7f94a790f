//! Removing what no longer belongs to the site.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, ErrorKind};
use std::path::Path;

use super::files::Entry;
use super::paths::ancestors;
use super::{MANIFEST_NAME, STAGING_DIR};

/// Removes every file under `out_dir` that the previous build wrote (its
/// manifest lists it, or says that everything is ours: `all_ours`) and this
/// one does not, every temporary file of an interrupted run, and the
/// directories that leaves empty; returns how many files and links were
/// removed.
///
/// Anything else is the user's and stays, wherever it is: a `.git` folder,
/// a `CNAME`, a file put there by hand. Folders that hold nothing of ours
/// are not even looked into.
pub(super) fn remove_stale(
    out_dir: &Path,
    wanted: &HashSet<&str>,
    old: &HashMap<String, Entry>,
    all_ours: bool,
) -> io::Result<usize> {
    let paths = || wanted.iter().copied().chain(old.keys().map(String::as_str));
    let owned_dirs: HashSet<&str> = paths().flat_map(ancestors).collect();
    let sweep = Sweep {
        wanted,
        old,
        owned_dirs,
        all_ours,
    };
    sweep.dir(out_dir, "").map(|(removed, _)| removed)
}

/// What the sweep of the output folder needs to know.
struct Sweep<'a> {
    wanted: &'a HashSet<&'a str>,
    /// What the previous build wrote.
    old: &'a HashMap<String, Entry>,
    /// Directories this or the previous build put files under.
    owned_dirs: HashSet<&'a str>,
    /// Whether everything in the folder is ours.
    all_ours: bool,
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
            if rel.is_empty() && is_staging_dir(&name) && file_type.is_dir() {
                remove_ignoring_missing(fs::remove_dir_all(&path))?;
                removed += 1;
            } else if rel.is_empty() && name == MANIFEST_NAME {
                empty = false;
            } else if file_type.is_dir()
                && (self.all_ours || self.owned_dirs.contains(child_rel.as_str()))
            {
                let (n, now_empty) = self.dir(&path, &child_rel)?;
                removed += n;
                if now_empty {
                    remove_ignoring_missing(fs::remove_dir(&path))?;
                } else {
                    empty = false;
                }
            } else if self.is_stale_file(&child_rel, &name, file_type.is_dir()) {
                remove_ignoring_missing(fs::remove_file(&path))?;
                removed += 1;
            } else {
                empty = false;
            }
        }
        Ok((removed, empty))
    }

    /// Whether a file (or link) is ours and no longer wanted: the previous
    /// build wrote it, or it is a temporary file an interrupted run left.
    fn is_stale_file(&self, rel: &str, name: &str, is_dir: bool) -> bool {
        !is_dir
            && !self.wanted.contains(rel)
            && (self.all_ours || self.old.contains_key(rel) || is_temp_name(name))
    }
}

/// Whether a top-level name is a staging directory, `.gongkai-staging-<pid>`.
fn is_staging_dir(name: &str) -> bool {
    name.strip_prefix(STAGING_DIR)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` looks like one of our temporary files, `.x.tmp-<pid>`.
pub(super) fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Treats "already gone" as success, since the goal is absence.
pub(super) fn remove_ignoring_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
