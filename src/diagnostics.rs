//! What went wrong in the records, said so that a clerk can fix it.
//!
//! Every check in every stage reports into one [`Diagnostics`] list instead of
//! returning at the first problem, so a single run shows every mistake. Each
//! diagnostic names the file (relative to the site folder), the line and
//! column of the value at fault, a message in the clerk's words and, where we
//! can, what to write instead. Rendering shows the offending source line with
//! a caret under the value, the way compilers do.
//!
//! A spreadsheet the clerk imports is not a text file: there a finding names
//! the workbook and sheet, and the cell by its row number and column letter
//! ([`CellRef`]), which is what the clerk sees on screen.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// A place in a source file: 1-based line and column (in characters, as an
/// editor counts them) and the byte range of the value, for the caret.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span of `len` bytes at byte `start` of `text`, with its line and
    /// column counted from the text itself.
    pub(crate) fn locate(text: &str, start: usize, len: usize) -> Span {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, (start + len).min(text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..start].chars().count() as u32 + 1;
        Span {
            line,
            col,
            start,
            end,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A cell of a spreadsheet, named the way a clerk finds it on screen: the
/// row number down the left edge, the column letter across the top, and the
/// heading the column has in the sheet's header row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CellRef {
    /// 1-based, as the sheet shows it.
    pub(crate) row: u32,
    /// 0-based; shown as its letter (0 → A, 26 → AA).
    pub(crate) column: u32,
    /// The column's heading (收入), when it has one.
    pub(crate) heading: Option<String>,
}

impl fmt::Display for CellRef {
    /// `第 5 行 E 列（收入）`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行 {} 列", self.row, column_letter(self.column))?;
        match &self.heading {
            Some(h) => write!(f, "（{h}）"),
            None => Ok(()),
        }
    }
}

/// Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letter(mut n: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// How bad a finding is: errors stop the build, warnings are only shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder, with `/` separators; for a
    /// spreadsheet, its file name and sheet.
    pub path: String,
    /// Where in the file; `None` for problems with the file as a whole.
    pub span: Option<Span>,
    /// Where in a spreadsheet, when the finding is about one cell.
    pub(crate) cell: Option<CellRef>,
    pub message: String,
    /// What to write instead, when we can tell.
    pub help: Option<String>,
    /// Words for the IT person rather than the clerk (a parser's English),
    /// shown after the help.
    pub note: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(path: &str, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            span,
            cell: None,
            message: message.into(),
            help: None,
            note: None,
        }
    }

    pub(crate) fn warning(
        path: &str,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, span, message)
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_note(mut self, note: Option<String>) -> Diagnostic {
        self.note = note;
        self
    }

    /// Points the finding at a cell of the spreadsheet named by `path`.
    pub(crate) fn at_cell(mut self, cell: CellRef) -> Diagnostic {
        self.cell = Some(cell);
        self
    }

    /// The `path:line:col` a clerk (or an editor) can jump to; for a
    /// spreadsheet, `账.xlsx（工作表 明细）第 5 行 E 列（收入）`.
    pub(crate) fn location(&self) -> String {
        match (self.span, &self.cell) {
            (Some(s), _) => format!("{}:{}:{}", self.path, s.line, s.col),
            (None, Some(cell)) => {
                // A space between a Latin file name and 第, none after ）.
                let gap = if self.path.ends_with(|c: char| c.is_ascii()) {
                    " "
                } else {
                    ""
                };
                format!("{}{gap}{cell}", self.path)
            }
            (None, None) => self.path.clone(),
        }
    }

    /// The one-line form: `path:line:col: 错误：message`.
    pub(crate) fn headline(&self) -> String {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        format!("{}: {label}：{}", self.location(), self.message)
    }
}

/// All findings of a run, in the order of files and lines once sorted.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn error(&mut self, path: &str, span: Option<Span>, message: impl Into<String>) {
        self.push(Diagnostic::error(path, span, message));
    }

    pub(crate) fn error_help(
        &mut self,
        path: &str,
        span: Option<Span>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::error(path, span, message).with_help(help));
    }

    pub(crate) fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Orders findings by file, then line (or row and column), so the
    /// report reads top to bottom, and drops repeats.
    ///
    /// The sort is stable: findings at one place keep the order they were
    /// found in (a unit's missing periods oldest first, as the schedule
    /// runs), which every stage makes the same on every run, rather than
    /// the order of their words (第三季度 before 第二季度).
    pub(crate) fn sort(&mut self) {
        let place = |d: &Diagnostic| {
            (
                d.path.clone(),
                d.span.map(|s| (s.line, s.col)),
                d.cell.as_ref().map(|c| (c.row, c.column)),
                d.severity,
            )
        };
        self.items.sort_by_cached_key(place);
        let mut seen = std::collections::HashSet::new();
        let mut run = None;
        self.items.retain(|d| {
            let here = Some(place(d));
            if run != here {
                seen.clear();
                run = here;
            }
            seen.insert((d.message.clone(), d.help.clone(), d.note.clone()))
        });
    }

    /// Renders every finding with its source line, given the text of each
    /// file by its relative path.
    ///
    /// A warning at the same place as the finding before it is shown by
    /// its headline alone: a schedule owed for years gives one warning per
    /// missing period, all at the `schedule:` line, and the line, caret
    /// and help once are enough to read the rest by.
    pub(crate) fn render(&self, sources: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        let mut rest = self.items.as_slice();
        while let Some((first, after)) = rest.split_first() {
            out.push_str(&render_one(
                first,
                sources.get(&first.path).map(String::as_str),
            ));
            let same = after
                .iter()
                .take_while(|d| d.severity == Severity::Warning && same_place(first, d))
                .count();
            for d in &after[..same] {
                let _ = writeln!(out, "{}", d.headline());
            }
            out.push('\n');
            rest = &after[same..];
        }
        out
    }
}

/// Whether two findings point at the same line and column of one file.
fn same_place(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.path == b.path && a.span.is_some() && a.span == b.span && a.severity == b.severity
}

/// One finding: the headline, then the source line with a caret under the
/// value (annotate-snippets does the layout, including wide CJK characters),
/// then the help.
fn render_one(d: &Diagnostic, source: Option<&str>) -> String {
    let mut out = d.headline();
    out.push('\n');
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let snippet = match (d.span, source) {
        (Some(span), Some(text)) => Some(snippet_for(text, span)),
        _ => None,
    };
    let mut group = Group::with_level(level.clone());
    if let Some((line_text, line_no, range)) = &snippet {
        group = group.element(
            Snippet::source(line_text.as_str())
                .line_start(*line_no)
                .annotation(AnnotationKind::Primary.span(range.clone())),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.no_name().message(format!("提示：{help}")));
    }
    if let Some(note) = &d.note {
        group = group.element(
            Level::NOTE
                .no_name()
                .message(format!("解析器原文（供信息化人员参考）：{note}")),
        );
    }
    if snippet.is_some() || d.help.is_some() || d.note.is_some() {
        let rendered = Renderer::plain().render(&[group]);
        let _ = writeln!(out, "{rendered}");
    }
    out
}

/// The single source line a span starts on, its number, and the span's byte
/// range within it (at least one character wide, so the caret shows even for
/// an empty value).
fn snippet_for(text: &str, span: Span) -> (String, usize, std::ops::Range<usize>) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    let rel_start = (start - line_start).min(line.len());
    let mut rel_end = span.end.saturating_sub(line_start).min(line.len());
    if rel_end <= rel_start {
        rel_end = line[rel_start..]
            .chars()
            .next()
            .map_or(rel_start, |c| rel_start + c.len_utf8());
    }
    (line, span.line as usize, rel_start..rel_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "title: 标题\nunit: 西关\n";
        let at = text.find("西关").unwrap();
        let s = Span::locate(text, at, "西关".len());
        assert_eq!((s.line, s.col), (2, 7));
    }

    #[test]
    fn column_letters_as_excel_shows_them() {
        let letters: Vec<String> = [0, 4, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "E", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn a_cell_finding_names_sheet_row_and_column() {
        let cell = |heading: Option<&str>| CellRef {
            row: 5,
            column: 4,
            heading: heading.map(str::to_string),
        };
        let sheet = Diagnostic::error("账.xlsx（工作表 明细）", None, "金额有误")
            .at_cell(cell(Some("收入")));
        assert_eq!(
            sheet.headline(),
            "账.xlsx（工作表 明细）第 5 行 E 列（收入）: 错误：金额有误"
        );
        let csv = Diagnostic::error("账.csv", None, "金额有误").at_cell(cell(None));
        assert_eq!(csv.headline(), "账.csv 第 5 行 E 列: 错误：金额有误");
        let mut diags = Diagnostics::new();
        diags.push(csv.with_help("写 860.00"));
        assert_eq!(
            diags.render(&BTreeMap::new()),
            "账.csv 第 5 行 E 列: 错误：金额有误\n = 提示：写 860.00\n\n"
        );
    }

    #[test]
    fn render_shows_headline_line_and_caret() {
        let text = "a: 1\nclosing_balance: 1500.00\n".to_string();
        let at = text.find("1500").unwrap();
        let mut diags = Diagnostics::new();
        diags.error_help(
            "x.md",
            Some(Span::locate(&text, at, 7)),
            "结余应为 1,400.00，记录中为 1,500.00",
            "把 closing_balance 改为 1400.00",
        );
        let sources = BTreeMap::from([("x.md".to_string(), text)]);
        let out = diags.render(&sources);
        assert!(
            out.starts_with("x.md:2:18: 错误：结余应为 1,400.00"),
            "{out}"
        );
        assert!(out.contains("closing_balance: 1500.00"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
        assert!(
            out.contains("提示：把 closing_balance 改为 1400.00"),
            "{out}"
        );
    }

    #[test]
    fn warnings_at_one_place_show_the_line_once_and_keep_their_order() {
        let text = "schedule:\n  every: quarter\n".to_string();
        let span = Some(Span::locate(&text, text.find("every").unwrap(), 5));
        let mut diags = Diagnostics::new();
        for period in ["2013年第二季度", "2013年第三季度", "2013年第二季度"] {
            diags.push(
                Diagnostic::warning("site.yaml", span, format!("西关村{period}财务未公开"))
                    .with_help(format!("把西关村{period}的记录放进 disclosures/")),
            );
        }
        diags.push(Diagnostic::error("site.yaml", span, "另一处错误"));
        diags.sort();
        let sources = BTreeMap::from([("site.yaml".to_string(), text)]);
        let out = diags.render(&sources);
        let second = out.find("2013年第二季度财务未公开").unwrap();
        let third = out.find("2013年第三季度财务未公开").unwrap();
        assert!(second < third, "found order, not word order: {out}");
        assert_eq!(
            out.matches("财务未公开").count(),
            2,
            "a repeat is dropped: {out}"
        );
        assert_eq!(out.matches("every: quarter").count(), 2, "{out}");
        assert!(!out.contains("第三季度的记录"), "{out}");
        assert!(out.contains("另一处错误"), "{out}");
    }
}
