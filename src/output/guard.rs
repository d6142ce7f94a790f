//! Whether a build may write into the output folder at all.
//!
//! The output folder is swept of stale files on every build, so pointing it
//! at the wrong place could cost the township its only copy of its records:
//! `cd proj && gongkai build --out .` with the records in `proj/content/`,
//! or `--out` the site folder itself. Before anything is read or written,
//! the build is refused when the output folder
//!
//! * is the site folder, contains it, or lies inside it (a build would then
//!   sweep the records, or copy its own output into itself on every run);
//! * is a file rather than a folder;
//! * is not empty and holds no `.gongkai-manifest`, so it was not made by
//!   gongkai and may be anything (a home folder, a document folder), unless
//!   the command line says `--force`.
//!
//! Paths are compared after resolving links and `..`, and also by file
//! identity, so a case-insensitive file system (`Content` for `content`) or
//! a bind mount cannot hide the site folder from the check.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::MANIFEST_NAME;

/// Why the build may not write into the output folder.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The output folder is the site folder.
    IsSite { out: PathBuf },
    /// The site folder lies inside the output folder.
    ContainsSite { out: PathBuf, site: PathBuf },
    /// The output folder lies inside the site folder.
    InsideSite { out: PathBuf, site: PathBuf },
    /// A file, not a folder, has the output folder's name.
    NotAFolder { out: PathBuf },
    /// A non-empty folder that gongkai did not make, without `--force`.
    NotOurs { out: PathBuf, examples: Vec<String> },
    /// The folder cannot be looked into.
    Unreadable { out: PathBuf, error: io::Error },
}

/// Checks that a build of `site_dir` may write into `out_dir`; touches
/// nothing. `force` allows a non-empty folder without a manifest.
pub(crate) fn check(site_dir: &Path, out_dir: &Path, force: bool) -> Result<(), Refusal> {
    let out = resolve(out_dir);
    if let Ok(site) = fs::canonicalize(site_dir) {
        check_apart(&site, &out, out_dir)?;
    }
    match fs::metadata(&out) {
        Ok(meta) if !meta.is_dir() => Err(Refusal::NotAFolder {
            out: out_dir.to_path_buf(),
        }),
        Ok(_) if !force => check_ours(&out, out_dir),
        _ => Ok(()),
    }
}

/// Refuses an output folder that is, contains or lies in the site folder.
fn check_apart(site: &Path, out: &Path, shown: &Path) -> Result<(), Refusal> {
    let same = |a: &Path, b: &Path| a == b || same_file::is_same_file(a, b).unwrap_or(false);
    if same(out, site) {
        return Err(Refusal::IsSite {
            out: shown.to_path_buf(),
        });
    }
    if out.ancestors().skip(1).any(|dir| same(dir, site)) {
        return Err(Refusal::InsideSite {
            out: shown.to_path_buf(),
            site: site.to_path_buf(),
        });
    }
    if site.ancestors().skip(1).any(|dir| same(dir, out)) {
        return Err(Refusal::ContainsSite {
            out: shown.to_path_buf(),
            site: site.to_path_buf(),
        });
    }
    Ok(())
}

/// Refuses a non-empty folder without a manifest.
fn check_ours(out: &Path, shown: &Path) -> Result<(), Refusal> {
    let unreadable = |error| Refusal::Unreadable {
        out: shown.to_path_buf(),
        error,
    };
    if fs::symlink_metadata(out.join(MANIFEST_NAME)).is_ok() {
        return Ok(());
    }
    let mut names = Vec::new();
    for entry in fs::read_dir(out).map_err(unreadable)? {
        names.push(
            entry
                .map_err(unreadable)?
                .file_name()
                .to_string_lossy()
                .into_owned(),
        );
    }
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    names.truncate(3);
    Err(Refusal::NotOurs {
        out: shown.to_path_buf(),
        examples: names,
    })
}

/// The absolute path `path` will have once it exists: links in the part
/// that exists are resolved, and `..` is applied the way the system will
/// apply it (`new/../content` is `content` once `new` is made).
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                if let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

impl Refusal {
    /// What to do instead, in the clerk's words.
    pub(crate) fn help(&self) -> String {
        match self {
            Refusal::IsSite { .. } | Refusal::ContainsSite { .. } | Refusal::InsideSite { .. } => {
                "输出文件夹要和站点文件夹分开，例如站点在 content/ 时用 --out public（默认）".into()
            }
            Refusal::NotAFolder { .. } => "--out 写一个文件夹的名字，例如 --out public".into(),
            Refusal::NotOurs { .. } => {
                "换一个新的或空的文件夹，例如 --out public；确认要生成到这个文件夹时加 --force：\
                 只写入和删除 gongkai 自己生成的文件，文件夹里原有的其他文件都保留"
                    .into()
            }
            Refusal::Unreadable { .. } => "检查这个文件夹的读写权限，或换一个文件夹".into(),
        }
    }
}

/// The message, naming the folders as the command line gave them.
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::IsSite { out } => write!(
                f,
                "输出文件夹“{}”就是站点文件夹：生成会删掉其中的记录，已停止，没有改动任何文件",
                out.display()
            ),
            Refusal::ContainsSite { out, site } => write!(
                f,
                "输出文件夹“{}”包含站点文件夹“{}”：生成会删掉其中的记录，已停止，没有改动任何文件",
                out.display(),
                site.display()
            ),
            Refusal::InsideSite { out, site } => write!(
                f,
                "输出文件夹“{}”在站点文件夹“{}”里面：生成的网站会被当作记录或附件再次读入，已停止，没有改动任何文件",
                out.display(),
                site.display()
            ),
            Refusal::NotAFolder { out } => write!(
                f,
                "“{}”是一个文件，不是文件夹，不能作为输出文件夹：已停止，没有改动任何文件",
                out.display()
            ),
            Refusal::NotOurs { out, examples } => write!(
                f,
                "输出文件夹“{}”不是空的（有 {} 等），也不是 gongkai 生成的（没有 {MANIFEST_NAME}）：\
                 为免删掉别的文件，已停止，没有改动任何文件",
                out.display(),
                examples.join("、")
            ),
            Refusal::Unreadable { out, error } => {
                write!(f, "无法读取输出文件夹“{}”：{error}", out.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("proj/content");
        fs::create_dir_all(&site).unwrap();
        fs::write(site.join("site.yaml"), "title: x").unwrap();
        (tmp, site)
    }

    #[test]
    fn the_site_folder_and_its_relatives_are_refused() {
        let (tmp, site) = tree();
        let proj = tmp.path().join("proj");
        let cases = [
            (site.clone(), "IsSite"),
            (site.join("."), "IsSite"),
            (site.join("new/.."), "IsSite"),
            (proj.clone(), "ContainsSite"),
            (tmp.path().to_path_buf(), "ContainsSite"),
            (site.join("static/pub"), "InsideSite"),
            (site.join("public"), "InsideSite"),
        ];
        for (out, kind) in cases {
            let refusal = check(&site, &out, true).unwrap_err();
            assert!(
                format!("{refusal:?}").starts_with(kind),
                "{out:?}: {refusal:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_do_not_hide_the_site_folder() {
        let (tmp, site) = tree();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&site, &link).unwrap();
        assert!(matches!(
            check(&site, &link, true),
            Err(Refusal::IsSite { .. })
        ));
        assert!(matches!(
            check(&link, &site.join("out"), true),
            Err(Refusal::InsideSite { .. })
        ));
    }

    #[test]
    fn a_separate_new_or_empty_folder_is_fine() {
        let (tmp, site) = tree();
        assert!(check(&site, &tmp.path().join("proj/public"), false).is_ok());
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(check(&site, &empty, false).is_ok());
        assert!(check(&tmp.path().join("missing"), &empty, false).is_ok());
    }

    #[test]
    fn a_foreign_folder_needs_force_and_a_file_is_refused() {
        let (tmp, site) = tree();
        let docs = tmp.path().join("docs");
        fs::create_dir(&docs).unwrap();
        fs::write(docs.join("报告.docx"), "x").unwrap();
        let refusal = check(&site, &docs, false).unwrap_err();
        assert!(refusal.to_string().contains("报告.docx"), "{refusal}");
        assert!(refusal.help().contains("--force"));
        assert!(check(&site, &docs, true).is_ok());
        fs::write(docs.join(MANIFEST_NAME), "gongkai-manifest 1\n").unwrap();
        assert!(check(&site, &docs, false).is_ok());
        assert!(matches!(
            check(&site, &docs.join("报告.docx"), true),
            Err(Refusal::NotAFolder { .. })
        ));
    }
}
