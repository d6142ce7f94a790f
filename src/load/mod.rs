//! The load stage: find the site's files, read them as UTF-8, split front
//! matter from Markdown, and parse the YAML into span-carrying trees.
//!
//! Nothing here knows what a disclosure is; it only turns files into
//! [`Document`]s in a stable order (sorted by path), so the later stages and
//! the output are the same on every run and every machine.

pub(crate) mod frontmatter;
pub(crate) mod names;
pub(crate) mod nesting;
pub(crate) mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::domain::Invalid;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;
use yaml::Node;

/// A text file of the site, read and checked as UTF-8.
#[derive(Clone, Debug)]
pub(crate) struct SourceFile {
    /// Relative to the site folder, `/`-separated: what diagnostics and URLs use.
    pub(crate) path: String,
    pub(crate) text: String,
}

/// A record file split into its YAML fields and its Markdown body.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    pub(crate) path: String,
    pub(crate) front: Node,
    /// The Markdown body (empty for `.yaml` records).
    pub(crate) body: String,
    /// Line of the file on which the body starts (1-based), so body
    /// diagnostics can point into the file.
    pub(crate) body_line: u32,
    /// Byte offset of the body in the file, for the same reason.
    pub(crate) body_offset: usize,
}

/// Every path under `folder` (relative to `root`), sorted, skipping hidden
/// files and editors' scratch files, which are never records.
pub(crate) fn walk(root: &Path, folder: &str) -> Vec<(String, PathBuf)> {
    site_entries(root, folder)
        .filter(|(_, e)| e.file_type().is_file())
        .map(|(rel, e)| (rel, e.into_path()))
        .collect()
}

/// Every entry under `folder` but folders, sorted by name, with its path
/// relative to `root` (`/`-separated): hidden files and folders and editors'
/// scratch files left out. What [`walk`] and the name checks both go over.
pub(crate) fn site_entries(
    root: &Path,
    folder: &str,
) -> impl Iterator<Item = (String, walkdir::DirEntry)> {
    let dir = root.join(folder);
    let walker = dir.is_dir().then(|| {
        WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
    });
    let root = root.to_path_buf();
    walker
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir() && !is_scratch(e.file_name()))
        .filter_map(move |e| {
            let rel = slash_path(e.path().strip_prefix(&root).ok()?);
            Some((rel, e))
        })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_scratch(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with('~') || name.ends_with(".swp") || name.starts_with("~$")
}

fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a text file the clerk wrote: UTF-8, with or without a byte-order
/// mark. Anything else is refused with a hint on how to save it as UTF-8,
/// naming GBK when the bytes look like it (Notepad's old default).
pub(crate) fn read_text(path: &str, source: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let bytes = match read_file_at_most(source, MAX_TEXT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            diags.error(path, None, format!("无法读取文件：{e}"));
            return None;
        }
    };
    if refuse_private_key(path, &bytes, diags) {
        return None;
    }
    text_from_bytes(path, &bytes, diags)
}

/// The largest record, settings or template file read: the longest real
/// record is tens of kilobytes; a file far past that is not one, and
/// parsing and rendering it would take the machine's memory.
const MAX_TEXT_BYTES: u64 = 8 << 20;

/// What the text of a transparency log's private key begins with
/// (`gongkai keygen` writes signed-note keys).
const PRIVATE_KEY_MARK: &[u8] = b"PRIVATE+KEY+";

/// Refuses a file of the site that holds a private key's text, as an
/// error at the file: what the site folder holds may be published (a
/// record's text, an attachment, a template), and a published key lets
/// anyone sign a false history of the township's log. Whether it did.
pub(crate) fn refuse_private_key(path: &str, bytes: &[u8], diags: &mut Diagnostics) -> bool {
    let found = memchr::memmem::find(bytes, PRIVATE_KEY_MARK).is_some();
    if found {
        diags.push(
            Diagnostic::error(
                path,
                None,
                "这个文件里有透明日志的签名私钥（PRIVATE+KEY+…）：站点文件夹里的内容会被公开，私钥一旦公开，谁都能冒用本镇的名义签日志",
            )
            .with_help("把私钥从这个文件中删去；私钥文件只能放在站点文件夹和输出文件夹以外，由专人保管"),
        );
    }
    found
}

/// The text of bytes already read, with the same encoding rules as
/// [`read_text`] (for callers that also need the bytes themselves).
pub(crate) fn text_from_bytes(
    path: &str,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    match decode(bytes) {
        Ok(text) => Some(SourceFile {
            path: path.to_string(),
            text,
        }),
        Err(message) => {
            diags.push(Diagnostic::error(path, None, message).with_help(
                "用记事本打开此文件，选“另存为”，在“编码”中选 UTF-8 后保存；WPS/Word 中选“纯文本 UTF-8”",
            ));
            None
        }
    }
}

fn decode(bytes: &[u8]) -> Result<String, Invalid> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Invalid(
            "文件是 UTF-16 编码，gongkai 只读 UTF-8 编码的文件".to_string(),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let (_, _, had_errors) = encoding_rs::GBK.decode(bytes);
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            if had_errors {
                Err(Invalid(format!(
                    "文件不是 UTF-8 编码（第 {line} 行起无法识别）"
                )))
            } else {
                Err(Invalid(format!(
                    "文件看起来是 GBK 编码，不是 UTF-8（第 {line} 行起无法识别）"
                )))
            }
        }
    }
}

/// Refuses an attachment a browser would run as part of the site: an HTML
/// or SVG file with a script, an event handler (`onload=`), a
/// `javascript:` address or an embedded frame. Served from the
/// government's own address, it could show anything in the township's
/// name; a document to download is fine, a program is not.
pub(crate) fn refuse_active_content(file: &SourceFile, diags: &mut Diagnostics) {
    let name = file.path.to_ascii_lowercase();
    let opened_by_browser = [".html", ".htm", ".xhtml", ".svg", ".xml", ".svgz"]
        .iter()
        .any(|e| name.ends_with(e));
    if !opened_by_browser {
        return;
    }
    let lower = file.text.to_ascii_lowercase();
    let found = ACTIVE_MARKS
        .iter()
        .filter_map(|mark| lower.find(mark).map(|at| (at, *mark)))
        .chain(event_handler(&lower))
        .min();
    if let Some((at, mark)) = found {
        diags.push(
            Diagnostic::error(
                &file.path,
                Some(Span::locate(&file.text, at, mark.len())),
                format!(
                    "这个附件里有会在本站网址下运行的内容（{}）：网页和图形附件不能带脚本",
                    mark.trim()
                ),
            )
            .with_help("删去脚本后再放进 static/；要公开的文件另存为 PDF 或图片"),
        );
    }
}

/// What makes a page or a drawing run something, in lower case.
const ACTIVE_MARKS: [&str; 6] = [
    "<script",
    "javascript:",
    "<iframe",
    "<object",
    "<embed",
    "<foreignobject",
];

/// The first event handler attribute (`onload=`, ` onclick =`) in `lower`.
fn event_handler(lower: &str) -> Option<(usize, &'static str)> {
    let bytes = lower.as_bytes();
    lower.match_indices("on").find_map(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i])?;
        if !(before.is_ascii_whitespace() || before == b'/' || before == b'"' || before == b'\'') {
            return None;
        }
        let name_end = at
            + 2
            + bytes[at + 2..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
        let rest = lower[name_end..].trim_start();
        (name_end > at + 2 && rest.starts_with('=')).then_some((at, "on…="))
    })
}

/// Whether `path` is a symbolic link itself (not what it points to):
/// gongkai reads and writes only the site's real files and folders.
pub(crate) fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Reads a file the command line names (a signing key, a saved
/// checkpoint, a spreadsheet to import): a regular file of at most `limit`
/// bytes. A device or a pipe (`/dev/zero`) would be read without end, and
/// a file far larger than any of these can be is not one.
pub(crate) fn read_file_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    // Asked of the path before opening it: opening a pipe waits for a
    // writer, which may never come.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "不是普通文件（是设备、管道或文件夹）",
        ));
    }
    let too_big = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("文件太大：超过 {limit} 字节，不像是这种文件"),
        )
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Reads a `.md` record: front matter fields and body.
pub(crate) fn markdown_document(file: &SourceFile, diags: &mut Diagnostics) -> Option<Document> {
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err(message) => {
            diags.push(
                Diagnostic::error(&file.path, Some(Span::locate(&file.text, 0, 0)), message).with_help(
                    "记录文件以一行 --- 开头，接着写 title: 等字段，再以一行 --- 结束，下面是正文",
                ),
            );
            return None;
        }
    };
    let front = parse_yaml(file, split.yaml, split.origin, diags)?;
    if let Some(too_deep) = nesting::check(&file.path, &file.text, split.body_offset, split.body) {
        diags.push(too_deep);
        return None;
    }
    if let Some(open) =
        nesting::unclosed_raw_text(&file.path, &file.text, split.body_offset, split.body)
    {
        diags.push(open);
    }
    Some(Document {
        path: file.path.clone(),
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
        body_offset: split.body_offset,
    })
}

/// Reads a `.yaml` record: the whole file is fields.
pub(crate) fn yaml_document(file: &SourceFile, diags: &mut Diagnostics) -> Option<Document> {
    let front = parse_yaml(file, &file.text, yaml::Origin::default(), diags)?;
    Some(Document {
        path: file.path.clone(),
        front,
        body: String::new(),
        body_line: 1,
        body_offset: file.text.len(),
    })
}

fn parse_yaml(
    file: &SourceFile,
    text: &str,
    origin: yaml::Origin,
    diags: &mut Diagnostics,
) -> Option<Node> {
    match yaml::parse(text, origin) {
        Ok(node) => {
            refuse_numbers_yaml_assembles(file, &node, diags);
            Some(node)
        }
        Err(e) => {
            diags.push(Diagnostic::error(&file.path, e.span, e.message).with_note(e.detail));
            None
        }
    }
}

/// Personal numbers that YAML's escapes, line folding or continuation put
/// together in a value (`"\x31\x33812345678"`, a folded title split
/// across two lines): the scan of the file's text cannot see them, and
/// masking the text cannot reach them, so they are an error whatever
/// `privacy:` says.
fn refuse_numbers_yaml_assembles(file: &SourceFile, node: &Node, diags: &mut Diagnostics) {
    match &node.value {
        yaml::Value::Scalar(value) => {
            let written = file.text.get(node.span.start..node.span.end).unwrap_or("");
            if written.contains(value.as_str()) {
                return;
            }
            let found = crate::domain::privacy::find(value);
            if found.len() <= crate::domain::privacy::find(written).len() {
                return;
            }
            for f in found {
                let masked = crate::domain::privacy::mask_one(&value[f.start..f.end], f.kind);
                let label = f.kind.label();
                diags.push(
                    Diagnostic::error(
                        &file.path,
                        Some(node.span),
                        format!("这个值读出来含有完整的{label}“{masked}”：YAML 的转义或换行把它拼在了一起，公开的内容中不得出现"),
                    )
                    .with_help(format!("直接写遮盖后的形式 {masked}，不要用转义（如 \\x31）或把号码拆在几行")),
                );
            }
        }
        yaml::Value::Seq(items) => {
            for item in items {
                refuse_numbers_yaml_assembles(file, item, diags);
            }
        }
        yaml::Value::Map(entries) => {
            for (_, item) in entries {
                refuse_numbers_yaml_assembles(file, item, diags);
            }
        }
        yaml::Value::Null => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_accepted() {
        assert_eq!(decode(b"\xEF\xBB\xBFtitle: x").unwrap(), "title: x");
    }

    #[test]
    fn gbk_is_refused_by_name() {
        let (gbk, _, _) = encoding_rs::GBK.encode("标题：西关村财务公开");
        let e = decode(&gbk).unwrap_err();
        assert!(e.0.contains("GBK"), "{e}");
    }

    #[test]
    fn utf16_is_refused() {
        assert!(decode(b"\xFF\xFEt\x00").unwrap_err().0.contains("UTF-16"));
    }
}
