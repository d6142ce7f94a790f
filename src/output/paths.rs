//! Output paths: which relative paths may be written, and where they land.

use std::collections::HashSet;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use super::{MANIFEST_NAME, MAX_NAME_BYTES, STAGING_DIR};

/// Checks every path and returns the set of them.
///
/// Besides unsafe paths, this rejects duplicates and a path that is also
/// another path's directory, which no file system could hold.
pub(super) fn validate_paths<'a>(
    paths: impl Iterator<Item = &'a str>,
) -> io::Result<HashSet<&'a str>> {
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
