//! The manifest: what the last successful run wrote, so the next run can
//! tell cheaply which files changed.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use super::files::{Entry, write_atomically};
use super::{MANIFEST_HEADER, MANIFEST_NAME};

/// Reads the previous manifest; a missing or unreadable one is empty, which
/// only means every existing file is compared byte for byte.
pub(super) fn read_manifest(out_dir: &Path) -> HashMap<String, Entry> {
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
pub(super) fn parse_manifest_line(line: &str) -> Option<(String, Entry)> {
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
pub(super) fn write_manifest(out_dir: &Path, mut entries: Vec<(&str, Entry)>) -> io::Result<()> {
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
