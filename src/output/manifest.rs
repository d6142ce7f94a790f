//! The manifest: what the last successful run wrote, so the next run can
//! tell cheaply which files changed.

use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use super::files::{Entry, write_atomically};
use super::{FRESH_MANIFEST_HEADER, MANIFEST_HEADER, MANIFEST_NAME};

/// What the previous run left in the output folder, as its manifest says.
#[derive(Default)]
pub(super) struct Previous {
    /// The files the last successful run wrote.
    pub(super) files: HashMap<String, Entry>,
    /// Whether everything in the folder is ours: a run that made the
    /// folder was cut short before its commit (see [`write_fresh_manifest`]).
    pub(super) all_ours: bool,
    /// Whether a manifest listed the files: only then is a file it does
    /// not list known not to be ours (`--force` into a folder without one
    /// replaces what the site has files of: README).
    pub(super) listed: bool,
}

/// Reads the previous manifest; a missing or unreadable one is empty, which
/// only means every existing file is compared byte for byte.
pub(super) fn read_manifest(out_dir: &Path) -> Previous {
    let Ok(text) = fs::read_to_string(out_dir.join(MANIFEST_NAME)) else {
        return Previous::default();
    };
    let mut lines = text.lines();
    match lines.next() {
        Some(MANIFEST_HEADER) => Previous {
            files: lines.filter_map(parse_manifest_line).collect(),
            all_ours: false,
            listed: true,
        },
        Some(FRESH_MANIFEST_HEADER) => Previous {
            files: HashMap::new(),
            all_ours: true,
            listed: false,
        },
        _ => Previous::default(),
    }
}

/// Marks a folder this run made, before any file is written straight under
/// its name: should the run be cut short (a power cut, `kill -9`), the next
/// build finds this manifest, knows that every file in the folder is ours,
/// and removes those it does not want.
pub(super) fn write_fresh_manifest(out_dir: &Path) -> io::Result<()> {
    write_atomically(
        &out_dir.join(MANIFEST_NAME),
        format!("{FRESH_MANIFEST_HEADER}\n").as_bytes(),
    )
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
/// Sorted and written on the worker threads: the commit runs after every
/// page, with the workers idle, and a logged site at N = 10,000 has 32,000
/// lines.
pub(super) fn write_manifest(out_dir: &Path, mut entries: Vec<(&str, &Entry)>) -> io::Result<()> {
    entries.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let chunks: Vec<String> = entries
        .par_chunks(2048)
        .map(|chunk| {
            let mut text = String::with_capacity(chunk.len() * 120);
            for (path, e) in chunk {
                let mtime = e.mtime.as_deref().unwrap_or("-");
                let _ = writeln!(text, "{} {} {mtime} {path}", e.hash, e.size);
            }
            text
        })
        .collect();
    let mut text = String::with_capacity(chunks.iter().map(String::len).sum::<usize>() + 32);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    chunks.iter().for_each(|c| text.push_str(c));
    write_atomically(&out_dir.join(MANIFEST_NAME), text.as_bytes())
}
