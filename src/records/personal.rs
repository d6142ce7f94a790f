//! Personal data in the clerk's files, before anything is published:
//! every record, `site.yaml`, an indicator's CSV data and every attachment
//! that is text. With `privacy: error` each ID, mobile or card number is an
//! error at its place; with `privacy: mask` it is masked in the text the
//! later stages read, so pages, feeds, downloads and the search index all
//! carry the masked form alike.

use super::config::Privacy;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::{as_shown, privacy};
use crate::load::{self, SourceFile};

/// Personal data in a published file: an error at each place, or masked
/// (the masked text has the same length, so every span stays right).
pub(crate) fn apply(file: SourceFile, mode: Privacy, diags: &mut Diagnostics) -> SourceFile {
    let findings = privacy::find(&file.text);
    refuse_hidden_numbers(&file, &findings, diags);
    if findings.is_empty() {
        return file;
    }
    match mode {
        Privacy::Mask => SourceFile {
            text: privacy::mask(&file.text),
            path: file.path,
        },
        Privacy::Error => {
            for f in &findings {
                let found = &file.text[f.start..f.end];
                let masked = privacy::mask_one(found, f.kind);
                let label = f.kind.label();
                diags.push(
                    Diagnostic::error(
                        &file.path,
                        Some(crate::diagnostics::Span::locate(&file.text, f.start, f.end - f.start)),
                        format!("发现{label}“{masked}”：公开的内容中不得出现完整的{label}"),
                    )
                    .with_help(format!(
                        "删去，或改写为遮盖后的形式 {masked}；也可在 site.yaml 中设 privacy: mask 自动遮盖"
                    )),
                );
            }
            file
        }
    }
}

/// Numbers that Markdown or HTML markup splits or encodes in the file but
/// a reader sees whole (`138**1234**5678`, `&#49;3812345678`): masking the
/// file's digits cannot be trusted to reach them through the markup, so
/// they are an error whatever `privacy:` says.
fn refuse_hidden_numbers(file: &SourceFile, found: &[privacy::Finding], diags: &mut Diagnostics) {
    for f in as_shown::hidden_numbers(&file.text, found) {
        let label = f.kind.label();
        diags.push(
            Diagnostic::error(
                &file.path,
                Some(crate::diagnostics::Span::locate(&file.text, f.start, f.end - f.start)),
                format!("发现{label}：这里的标记（加粗、代码、HTML 标签或 &#…; 编码）把号码拆开了，页面上读出来仍是完整的{label}"),
            )
            .with_help("删去，或把号码改写为遮盖后的形式，如 138****5678"),
        );
    }
}

/// Attachment types that are text, and so are checked like records.
const TEXT_ATTACHMENTS: [&str; 30] = [
    "svg", "xml", "json", "csv", "tsv", "txt", "md", "html", "htm", "yaml", "yml", "js", "css",
    "rtf", "ics", "geojson", "log", "vcf", "conf", "cfg", "ini", "tex", "sql", "markdown", "srt",
    "vtt", "kml", "gpx", "xhtml", "toml",
];

/// An attachment under `static/` as it will be published: a text file
/// checked (and masked) like a record, with the byte-order mark it had
/// (Excel needs it on a CSV); any other file as it is, with a warning that
/// it could not be checked. Also the text, for showing the lines of its
/// findings. `None` when the file may not be published.
pub(crate) fn attachment(
    rel: &str,
    bytes: Vec<u8>,
    mode: Privacy,
    diags: &mut Diagnostics,
) -> (Option<Vec<u8>>, Option<SourceFile>) {
    let is_text = is_text_file(rel, &bytes);
    if !is_text {
        diags.push(
            Diagnostic::warning(rel, None, "这个附件不是文本文件，没有检查其中的个人信息")
                .with_help("发布前打开核对，其中不得有完整的身份证号、手机号、银行卡号；表格可另存为 CSV 后再放入 static/，就能自动检查"),
        );
        return (Some(bytes), None);
    }
    let Some(file) = load::text_from_bytes(rel, &bytes, diags) else {
        return (None, None);
    };
    let bom: &[u8] = if bytes.starts_with(BOM) { BOM } else { &[] };
    let file = apply(file, mode, diags);
    let published = [bom, file.text.as_bytes()].concat();
    (Some(published), Some(file))
}

/// Whether a file is text, and so checked like a record: by its
/// extension, or with none, by reading as UTF-8.
pub(crate) fn is_text_file(rel: &str, bytes: &[u8]) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match &extension {
        Some(e) => TEXT_ATTACHMENTS.contains(&e.as_str()),
        None => std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes)).is_ok(),
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
