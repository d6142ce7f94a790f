//! Record files where no record kind reads them: saved in the site folder
//! itself, or in a misspelt folder (`disclosure/`), a record would be left
//! out of the site without a word. Each gets a warning that names the
//! folder it probably belongs in, guessed from its fields or from the name
//! of the folder it is in.

use super::kind::RecordKind;
use super::read::closest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;
use walkdir::{DirEntry, WalkDir};

/// Folders of a site that hold no records and are read all the same.
const OTHER_FOLDERS: [&str; 3] = ["static", "themes", "log"];

/// Warns about every `.md`, `.yaml` or `.yml` file under `site_dir` outside
/// the record folders (site.yaml aside).
pub(crate) fn check(site_dir: &Path, diags: &mut Diagnostics) {
    let walk = WalkDir::new(site_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || is_searched(e));
    for entry in walk.filter_map(Result::ok) {
        let Ok(rel) = entry.path().strip_prefix(site_dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !entry.file_type().is_file() || rel == "site.yaml" || !looks_like_a_record(&rel) {
            continue;
        }
        let text = std::fs::read(entry.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let message = match rel.split_once('/') {
            None => format!("`{rel}` 在站点文件夹的最上层，生成网站时不会读它"),
            Some((folder, _)) => {
                format!("`{rel}` 在 {folder}/ 文件夹中，这不是记录文件夹，生成网站时不会读它")
            }
        };
        diags.push(
            Diagnostic::warning(&rel, None, message).with_help(where_it_belongs(&rel, &text)),
        );
    }
}

/// Whether the walk goes into (or looks at) `entry`: not hidden, and not
/// a folder whose files are read anyway.
fn is_searched(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return false;
    }
    let read_anyway = entry.depth() == 1
        && entry.file_type().is_dir()
        && (RecordKind::ALL.iter().any(|k| k.folder() == name)
            || OTHER_FOLDERS.contains(&name.as_ref()));
    !read_anyway
}

/// A file a clerk writes records in: Markdown or YAML.
pub(crate) fn looks_like_a_record(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("md" | "yaml" | "yml"))
}

/// What a record file found in the wrong place should be, said as a help:
/// the folder its fields point to, else the record folder its folder's
/// name is closest to, else the list of record folders.
pub(crate) fn where_it_belongs(rel: &str, text: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match guess(text) {
        Some(Guess::Settings) => {
            "这是一份站点设置：只有站点文件夹最上层的 site.yaml 才算数；不用就删去".to_string()
        }
        Some(Guess::Kind(kind)) => format!(
            "看字段是{}，应放在 {}/ 下：{}/{stem}.{}",
            kind.label(),
            kind.folder(),
            kind.folder(),
            kind.extension()
        ),
        None => match folder_meant(rel) {
            Some(kind) => format!("文件夹名是不是想写 {}/？", kind.folder()),
            None => "记录按种类放在 disclosures/（党务、村务、财务公开）、plans/（重点实事）、\
                     reports/（工作报告）、indicators/（指标）、pages/（页面）下；附件放在 static/ 下"
                .to_string(),
        },
    }
}

enum Guess {
    Kind(RecordKind),
    /// A second site.yaml.
    Settings,
}

/// The kind of record a text is, from its top-level fields.
fn guess(text: &str) -> Option<Guess> {
    let fields = top_level_fields(text);
    let has = |names: &[&str]| names.iter().any(|n| fields.contains(n));
    let markdown = text.trim_start_matches('\u{feff}').starts_with("---");
    if has(&["township", "units", "base_url"]) {
        Some(Guess::Settings)
    } else if has(&["category"]) {
        Some(Guess::Kind(RecordKind::Disclosure))
    } else if has(&["items"]) {
        Some(Guess::Kind(RecordKind::Plan))
    } else if has(&["measure", "data", "csv"]) {
        Some(Guess::Kind(RecordKind::Indicator))
    } else if markdown && has(&["type", "period"]) {
        Some(Guess::Kind(RecordKind::Report))
    } else if markdown && has(&["title"]) {
        Some(Guess::Kind(RecordKind::Page))
    } else {
        None
    }
}

/// The names of the fields written at the start of a line: those of the
/// front matter for Markdown, of the whole text for YAML.
fn top_level_fields(text: &str) -> Vec<&str> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let front: Vec<&str> = if text.starts_with("---") {
        lines.next();
        lines.take_while(|l| l.trim_end() != "---").collect()
    } else {
        lines.collect()
    };
    front
        .into_iter()
        .filter_map(|line| {
            let (name, _) = line.split_once(':')?;
            let plain = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit());
            plain.then_some(name)
        })
        .collect()
}

/// The record folder a folder's name is a slip of: misspelt (`disclosure`,
/// `Plans`) or with something added (`pages-old`, `reports2013`).
fn folder_meant(rel: &str) -> Option<RecordKind> {
    let (folder, _) = rel.split_once('/')?;
    let folder = folder.to_lowercase();
    let folders: Vec<&str> = RecordKind::ALL.iter().map(|k| k.folder()).collect();
    let near = closest(&folder, &folders)
        .or_else(|| folders.iter().copied().find(|f| folder.starts_with(f)))?;
    RecordKind::ALL.into_iter().find(|k| k.folder() == near)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_tell_the_kind() {
        let help = |text: &str| where_it_belongs("x/a.md", text);
        assert!(help("---\ntitle: a\ncategory: finance\n---\n").contains("disclosures/a.md"));
        assert!(help("title: a\nyear: 2013\nitems:\n").contains("plans/a.yaml"));
        assert!(help("title: a\nmeasure: flow\n").contains("indicators/a.yaml"));
        assert!(help("---\ntitle: a\nperiod: 2013\ntype: annual\n---\n").contains("reports/"));
        assert!(help("---\ntitle: 关于\n---\n").contains("pages/"));
        assert!(help("title: x\nbase_url: https://a.cn/\n").contains("site.yaml"));
    }

    #[test]
    fn a_misspelt_folder_is_named() {
        assert!(where_it_belongs("disclosure/2013/a.md", "").contains("disclosures/"));
        assert!(where_it_belongs("Plans/2013.yaml", "x: 1").contains("plans/"));
        assert!(where_it_belongs("zzz/a.md", "").contains("static/"));
    }
}
