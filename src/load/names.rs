//! The names of the site's files, which become the names of the published
//! files and the URLs readers type and share.
//!
//! A record or attachment is refused, at `check` as at `build`, when its
//! name could not be served as written: control characters (a newline),
//! a backslash (a folder separator on Windows), the characters Windows
//! forbids (`< > : " | ? *`), a name ending in a space or a dot (which
//! Windows drops), or a name too long for most file systems. So are two
//! names that differ only in upper and lower case or in how the same
//! letters are encoded (NFC and NFD, as macOS writes names): on a
//! case-insensitive host (Windows, macOS, many object stores) they are one
//! URL, and one would silently replace the other.
//!
//! A symbolic link in the site folder is an error too: gongkai publishes
//! only what is in the site folder itself, never what a link points to.
//! So is a personal number in a name (`张三13812345678.pdf`): names are
//! published as URLs, titles and sitemap entries, and cannot be masked
//! without breaking the links to them.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::privacy;
use std::collections::BTreeMap;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Longest file name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Characters Windows and its web server refuse in a file name.
const WINDOWS_FORBIDDEN: [char; 7] = ['<', '>', ':', '"', '|', '?', '*'];

/// Checks the names of every file under the site's `folders` (relative to
/// `root`), as the load stage walks them: hidden files and editors'
/// scratch files are not published and not checked.
pub(crate) fn check(root: &Path, folders: &[&str]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for folder in folders {
        for (rel, entry) in entries(root, folder) {
            match entry {
                Entry::Link => {
                    diags.push(
                        Diagnostic::error(&rel, None, "这是一个符号链接（快捷方式），不会发布")
                            .with_help(
                                "把链接指向的文件本身复制到这里；gongkai 只发布站点文件夹里的文件",
                            ),
                    );
                    continue;
                }
                Entry::NotUtf8 => {
                    diags.push(
                        Diagnostic::error(&rel, None, "文件名不是 UTF-8 编码，网站上无法访问")
                            .with_help("在文件管理器中给文件重新命名（重新输入一遍文件名即可）"),
                    );
                    continue;
                }
                Entry::Special => {
                    diags.push(
                        Diagnostic::error(
                            &rel,
                            None,
                            "这不是普通文件（是管道、套接字或设备），不会发布",
                        )
                        .with_help("删去它；站点文件夹里只放记录和要公开的文件"),
                    );
                    continue;
                }
                Entry::File => {}
            }
            if let Some(d) = check_name(&rel) {
                diags.push(d);
                continue;
            }
            let key = fold(&rel);
            if let Some(first) = folded.get(&key) {
                diags.push(
                    Diagnostic::error(
                        &rel,
                        None,
                        format!("“{rel}”与“{first}”只差大小写或字符的编码方式，在不区分大小写的主机上是同一个网址"),
                    )
                    .with_help("给其中一个文件改名"),
                );
            } else {
                folded.insert(key, rel);
            }
        }
    }
    diags
}

/// What is wrong with one file's name on its own, if anything: a part a
/// host cannot serve, or a personal number. (Collisions between names need
/// them all: [`check`].)
pub(crate) fn check_name(rel: &str) -> Option<Diagnostic> {
    if let Some((name, reason)) = rel.split('/').find_map(|n| bad_name(n).map(|r| (n, r))) {
        return Some(
            Diagnostic::error(
                rel,
                None,
                format!("文件名“{}”{reason}，网站上无法访问", name.escape_debug()),
            )
            .with_help(
                "给文件改名：用汉字、字母、数字和 - _ . 等常见符号，不用 \\ < > : \" | ? * 和换行",
            ),
        );
    }
    let f = privacy::find(rel).into_iter().next()?;
    let masked = privacy::mask_one(&rel[f.start..f.end], f.kind);
    let label = f.kind.label();
    Some(
        Diagnostic::error(
            rel,
            None,
            format!(
                "文件名中有{label}“{masked}”：文件名会出现在网址、标题和站点地图中，不得含有完整的{label}"
            ),
        )
        .with_help("给文件改名，去掉这个号码（privacy: mask 不改文件名）"),
    )
}

/// The form under which two names are the same URL on a case-insensitive
/// host: Unicode-normalised (NFC) and lower-cased.
pub(crate) fn fold(path: &str) -> String {
    // Most paths are ASCII, which normalisation leaves as it is.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc().collect::<String>().to_lowercase()
}

/// What a walked entry is, as far as its name goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    File,
    Link,
    /// A pipe, a socket or a device: nothing a site publishes.
    Special,
    /// A name that is not UTF-8 (written by an old Windows tool in GBK).
    NotUtf8,
}

/// Every file and symbolic link under `folder`, by path relative to `root`,
/// skipping what [`super::walk`] skips.
fn entries(root: &Path, folder: &str) -> Vec<(String, Entry)> {
    super::site_entries(root, folder)
        .map(|(rel, e)| {
            let entry = if e.path_is_symlink() {
                Entry::Link
            } else if !e.file_type().is_file() {
                Entry::Special
            } else if e
                .path()
                .strip_prefix(root)
                .ok()
                .and_then(Path::to_str)
                .is_none()
            {
                Entry::NotUtf8
            } else {
                Entry::File
            };
            (rel, entry)
        })
        .collect()
}

/// Why one part of a path cannot be published under its name, if it cannot.
pub(crate) fn bad_name(name: &str) -> Option<&'static str> {
    if name.chars().any(char::is_control) {
        Some("含有换行等控制字符")
    } else if name.contains('\\') {
        Some("含有反斜杠 \\")
    } else if name.contains(WINDOWS_FORBIDDEN) {
        Some("含有 < > : \" | ? * 之一")
    } else if name.ends_with([' ', '.']) || name.starts_with(' ') {
        Some("以空格或句点结尾（或以空格开头）")
    } else if name.len() > MAX_NAME_BYTES {
        Some("太长（超过 255 字节，约 85 个汉字）")
    } else if is_windows_device(name) {
        Some(
            "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1、LPT1 等），在 Windows 和 U 盘上不能建这个文件或文件夹",
        )
    } else {
        None
    }
}

/// Whether a name, before its first dot, is one Windows keeps for a device
/// (`CON.md` → a page folder `CON/`), whatever its case.
fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_host_cannot_serve_are_named() {
        for bad in [
            "a\nb.md", "a\\b.md", "a:b.md", "问?.md", "a.md ", "a.", " a.md", "CON.md", "aux.md",
            "com1.pdf", "Lpt9",
        ] {
            assert!(bad_name(bad).is_some(), "{bad:?}");
        }
        let long = "财".repeat(86);
        assert!(bad_name(&long).is_some());
        for good in [
            "西关村二季度财务.md",
            "2013-h1.md",
            "通知 第1号.pdf",
            "a_b.c~d#e%f.txt",
            "console.md",
            "com10.md",
            "com0.md",
        ] {
            assert_eq!(bad_name(good), None, "{good:?}");
        }
    }

    #[test]
    fn case_and_normalisation_fold_together() {
        assert_eq!(fold("Static/A.PDF"), fold("static/a.pdf"));
        // "é" written as one character and as e + combining accent.
        assert_eq!(fold("caf\u{e9}.pdf"), fold("cafe\u{301}.pdf"));
        assert_ne!(fold("西关村.md"), fold("东关村.md"));
    }
}
