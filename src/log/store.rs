//! The log's folder: reading it as a [`Source`] and writing an append
//! into it.
//!
//! An append writes its new files first and the checkpoint last, each
//! under a temporary name renamed into place: the checkpoint says which
//! tiles and entries are the log, so a build cut short before it leaves
//! the log as it was (plus files the next append overwrites or removes),
//! and one cut short after it leaves the new log whole.

use super::{CHECKPOINT, Source, VERSIONS};
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{self, ErrorKind, IoSlice, Write};
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
        let full = self.root.join(path);
        // The log's own files only: a link (to /dev/zero, to a file
        // elsewhere) is not one of them.
        match fs::symlink_metadata(&full) {
            Ok(m) if !m.is_file() => return Err("不是普通文件（是链接、设备或文件夹）".into()),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            _ => {}
        }
        match fs::read(full) {
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

/// A file of the log to write, as the pieces it is made of: a version
/// pack is its versions, each followed by a newline, written as they are
/// rather than copied into one buffer first (at N = 10,000 that copy was
/// 27 MB).
pub(crate) struct LogFile<'a> {
    /// Inside the log: `tile/0/000`, `versions/001.p/44`.
    pub(crate) path: String,
    pub(crate) pieces: Vec<&'a [u8]>,
}

impl<'a> LogFile<'a> {
    /// Files each held whole, as `(path, bytes)`: tiles and entry bundles.
    pub(crate) fn all(files: &'a [(String, Vec<u8>)]) -> Vec<LogFile<'a>> {
        files
            .iter()
            .map(|(path, bytes)| LogFile {
                path: path.clone(),
                pieces: vec![bytes.as_slice()],
            })
            .collect()
    }

    fn len(&self) -> usize {
        self.pieces.iter().map(|p| p.len()).sum()
    }

    /// Whether `old` holds exactly this file's bytes.
    fn is(&self, old: &[u8]) -> bool {
        if old.len() != self.len() {
            return false;
        }
        let mut rest = old;
        self.pieces.iter().all(|piece| {
            let (head, tail) = rest.split_at(piece.len());
            rest = tail;
            head == *piece
        })
    }
}

/// What an append writes into the log's folder, all at once: for tests
/// (a build stages the files while its pages render, then seals).
#[cfg(test)]
pub(crate) struct Commit<'a> {
    /// Every tile, entry bundle and version pack of the new log.
    pub(crate) files: &'a [LogFile<'a>],
    pub(crate) checkpoint: &'a [u8],
}

#[cfg(test)]
impl Commit<'_> {
    /// Writes the new log into `root`: [`stage`] then [`seal`].
    pub(crate) fn write(&self, root: &Path) -> io::Result<()> {
        seal(stage(root, self.files, &HashSet::new())?, self.checkpoint)
    }
}

/// The files of a new log written beside their places under temporary
/// names, until [`seal`] renames them into place; dropped unsealed (the
/// build failed), it removes them, and the log is as it was.
pub(crate) struct Staged {
    root: PathBuf,
    /// Whether the log's folder was there before (a first append that
    /// fails removes the folder it made).
    root_existed: bool,
    /// Each temporary file and the place it is for.
    moves: Vec<(PathBuf, PathBuf)>,
    /// The paths inside the log of every file of the new log.
    wanted: Vec<String>,
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.moves {
            let _ = remove_file_in(&self.root, tmp);
        }
        if !self.root_existed {
            let _ = fs::remove_dir(&self.root);
        }
    }
}

/// Writes the files of a new log that differ from those in `root`, each
/// under a temporary name beside its place and flushed to the disk: a
/// build stages them while its pages render, and seals them once the pages
/// are all written. The files whose paths are `logged` are the log's as it
/// was read, checked already against its checkpoint, and are left as they
/// are.
pub(crate) fn stage(
    root: &Path,
    files: &[LogFile],
    logged: &HashSet<String>,
) -> io::Result<Staged> {
    let mut staged = Staged {
        root: root.to_path_buf(),
        root_existed: root.is_dir(),
        moves: Vec::new(),
        wanted: files.iter().map(|f| f.path.clone()).collect(),
    };
    for file in files.iter().filter(|f| !logged.contains(&f.path)) {
        let path = root.join(&file.path);
        if fs::read(&path).is_ok_and(|old| file.is(&old)) {
            continue;
        }
        let tmp = write_beside(&path, &file.pieces).map_err(located(&file.path))?;
        staged.moves.push((tmp, path));
    }
    Ok(staged)
}

/// Makes the staged log the log. The checkpoint, which says which tiles
/// and entries are the log, is written (and flushed) first under a
/// temporary name; then the staged files take their names, their folders
/// are flushed, and only then does the checkpoint take its name. A failure
/// before that puts the folder back as it was: the files just renamed in
/// are new paths, never the old log's. Last, the tiles and packs the new
/// log no longer has (partial ones now full, or left by a run cut short)
/// are removed; other files in the folder are left alone.
pub(crate) fn seal(mut staged: Staged, checkpoint: &[u8]) -> io::Result<()> {
    let root = staged.root.clone();
    let path = root.join(CHECKPOINT);
    let tmp = write_beside(&path, &[checkpoint]).map_err(located(CHECKPOINT))?;
    let sealed = rename_staged(&mut staged).and_then(|renamed| {
        fs::rename(&tmp, &path).map_err(|e| {
            undo(&root, &renamed);
            located(CHECKPOINT)(e)
        })
    });
    if let Err(e) = sealed {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(&root).map_err(located(""))?;
    let folder = Folder::new(&root, "");
    let wanted: HashSet<&str> = staged.wanted.iter().map(String::as_str).collect();
    for under in ["tile", VERSIONS] {
        for path in folder.files(under) {
            if !wanted.contains(path.as_str()) {
                // What is left stays harmless: no checkpoint names it, and
                // the next append tries again.
                let _ = remove(&root, &path);
            }
        }
    }
    Ok(())
}

/// Renames every staged file into place and flushes the folders they are
/// in; returns the files renamed in. On a failure, removes those already
/// renamed in.
fn rename_staged(staged: &mut Staged) -> io::Result<Vec<PathBuf>> {
    let mut renamed: Vec<PathBuf> = Vec::new();
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    let done = loop {
        let Some((tmp, dest)) = staged.moves.pop() else {
            break folders.iter().try_for_each(|dir| sync_dir(dir));
        };
        if let Err(e) = fs::rename(&tmp, &dest) {
            staged.moves.push((tmp, dest.clone()));
            break Err(located_at(&staged.root, &dest)(e));
        }
        folders.extend(dest.parent().map(Path::to_path_buf));
        renamed.push(dest);
    };
    match done {
        Ok(()) => Ok(renamed),
        Err(e) => {
            undo(&staged.root, &renamed);
            Err(e)
        }
    }
}

/// Removes the files a failed seal renamed in: new paths, never the old
/// log's, so the folder is as it was.
fn undo(root: &Path, renamed: &[PathBuf]) {
    for dest in renamed {
        let _ = remove_file_in(root, dest);
    }
}

/// Flushes a folder's entries (the names renamed into it) to the disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// An I/O error that names the file of the log it happened to.
fn located(path: &str) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("log/{path}：{e}"))
}

/// [`located`] for the file at `full`, inside the log's folder `root`.
fn located_at<'a>(root: &'a Path, full: &'a Path) -> impl FnOnce(io::Error) -> io::Error + 'a {
    let rel = full.strip_prefix(root).unwrap_or(full);
    move |e| located(&rel.display().to_string())(e)
}

/// Removes a file of the log and the folders it leaves empty (up to the
/// log's own).
fn remove(root: &Path, path: &str) -> io::Result<()> {
    remove_file_in(root, &root.join(path))
}

/// Removes the file `full`, inside `root`, and the folders it leaves
/// empty (up to `root`).
fn remove_file_in(root: &Path, full: &Path) -> io::Result<()> {
    fs::remove_file(full)?;
    let mut dir = full.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Writes `pieces` into a new file beside `path`, under a temporary
/// name, which it returns, flushed to the disk: a power cut after the
/// checkpoint names it must not find it empty.
fn write_beside(path: &Path, pieces: &[&[u8]]) -> io::Result<PathBuf> {
    let dir = path.parent().expect("log files are inside the log folder");
    if !dir.is_dir() {
        fs::create_dir_all(dir)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut file| {
        write_all_pieces(&mut file, pieces)?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Writes every piece, in order, a few hundred to a system call.
fn write_all_pieces(file: &mut fs::File, pieces: &[&[u8]]) -> io::Result<()> {
    let mut slices: Vec<IoSlice> = pieces.iter().map(|p| IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_file(root: &Path) -> Vec<(String, Vec<u8>)> {
        Folder::new(root, "")
            .files("")
            .into_iter()
            .map(|path| {
                let bytes = fs::read(root.join(&path)).unwrap();
                (path, bytes)
            })
            .collect()
    }

    const VERSIONS_OF_NEW_LOG: [&[u8]; 4] = [b"{\"v\":1}", b"\n", b"{\"v\":2}", b"\n"];

    /// A log folder holding a partial tile, and the files of the log that
    /// grows it by one entry.
    fn folder_and_new_log() -> (tempfile::TempDir, [LogFile<'static>; 2]) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("tile/0/000.p")).unwrap();
        fs::write(dir.path().join("tile/0/000.p/1"), b"partial").unwrap();
        let files = [
            LogFile {
                path: "tile/0/000.p/2".into(),
                pieces: vec![b"tile"],
            },
            LogFile {
                path: "versions/000.p/2".into(),
                pieces: VERSIONS_OF_NEW_LOG.to_vec(),
            },
        ];
        (dir, files)
    }

    #[test]
    fn a_staged_log_dropped_unsealed_leaves_the_folder_as_it_was() {
        let (dir, files) = folder_and_new_log();
        fs::write(dir.path().join(CHECKPOINT), b"old checkpoint").unwrap();
        let before = every_file(dir.path());
        let staged = stage(dir.path(), &files, &HashSet::new()).unwrap();
        assert_ne!(every_file(dir.path()), before, "staging writes files");
        drop(staged);
        assert_eq!(every_file(dir.path()), before);
        assert!(!dir.path().join("versions").exists(), "no folder is left");
    }

    #[test]
    fn a_sealed_log_has_its_files_in_place_and_nothing_else() {
        let (dir, files) = folder_and_new_log();
        seal(
            stage(dir.path(), &files, &HashSet::new()).unwrap(),
            b"checkpoint",
        )
        .unwrap();
        assert_eq!(
            every_file(dir.path()),
            [
                ("checkpoint".to_string(), b"checkpoint".to_vec()),
                ("tile/0/000.p/2".to_string(), b"tile".to_vec()),
                (
                    "versions/000.p/2".to_string(),
                    b"{\"v\":1}\n{\"v\":2}\n".to_vec()
                ),
            ]
        );
    }
    #[test]
    fn a_seal_that_cannot_write_the_checkpoint_puts_the_folder_back() {
        let (dir, files) = folder_and_new_log();
        // A folder where the checkpoint goes: its rename fails, after the
        // staged files have taken their names.
        fs::create_dir_all(dir.path().join("checkpoint/in-the-way")).unwrap();
        let before = every_file(dir.path());
        let staged = stage(dir.path(), &files, &HashSet::new()).unwrap();
        let err = seal(staged, b"checkpoint").unwrap_err();
        assert!(err.to_string().starts_with("log/checkpoint："), "{err}");
        assert_eq!(every_file(dir.path()), before);
        assert!(!dir.path().join("versions").exists(), "no folder is left");
    }

    #[test]
    fn a_first_append_dropped_unsealed_leaves_no_log_folder() {
        let (dir, files) = folder_and_new_log();
        let root = dir.path().join("log");
        drop(stage(&root, &files, &HashSet::new()).unwrap());
        assert!(!root.exists());
    }
}
