//! Output paths: which relative paths may be written, and where they land.

use rayon::prelude::*;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use super::{MANIFEST_NAME, MAX_NAME_BYTES, STAGING_DIR};

/// Checks every path.
///
/// Besides unsafe paths, this rejects duplicates and a path that is also
/// another path's directory, which no file system could hold. On the
/// worker threads, through the paths sorted: this runs at the commit, after
/// every page, with the workers idle.
pub(super) fn validate_paths<'a>(paths: impl Iterator<Item = &'a str>) -> io::Result<()> {
    let mut sorted: Vec<&str> = paths.collect();
    sorted.par_sort_unstable();
    if let Some(twice) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(twice[0], "listed twice"));
    }
    let problem = sorted.par_iter().find_map_first(|path| {
        if let Err(e) = validate_path(path) {
            return Some(e);
        }
        let dir = ancestors(path).find(|dir| sorted.binary_search(dir).is_ok())?;
        Some(invalid(path, &format!("{dir:?} is also a file")))
    });
    problem.map_or(Ok(()), Err)
}

/// Rejects paths that could escape the output folder or break the manifest.
pub(super) fn validate_path(path: &str) -> io::Result<()> {
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
pub(super) fn bad_name(name: &str) -> Option<&'static str> {
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
pub(super) fn invalid(path: &str, reason: &str) -> io::Error {
    io::Error::new(
        ErrorKind::InvalidInput,
        format!("invalid output path {path:?}: {reason}"),
    )
}

/// The directories a relative path lies in, outermost first: `a`, `a/b`.
pub(super) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(|(i, _)| &path[..i])
}

/// The place of a validated relative path under `out_dir`.
pub(super) fn dest_path(out_dir: &Path, path: &str) -> PathBuf {
    path.split('/')
        .fold(out_dir.to_path_buf(), |p, name| p.join(name))
}
