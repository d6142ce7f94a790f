//! Removing what no longer belongs to the site.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, ErrorKind};
use std::path::Path;

use super::files::Entry;
use super::{MANIFEST_NAME, STAGING_DIR};

/// Removes every file under `out_dir` that is not wanted, then empty
/// directories; returns how many files and links were removed.
pub(super) fn remove_stale(
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
