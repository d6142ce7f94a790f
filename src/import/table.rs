//! Reading the clerk's file into [`Table`]s, and finding the header row
//! that says what a sheet holds.
//!
//! A workbook (calamine) gives one table per sheet; a CSV file, in UTF-8 or
//! the GBK that Excel on Chinese Windows saves, gives one table. A file that
//! cannot be read is a [`Failure`] with one [`Diagnostic`] naming it.

use super::Failure;
use crate::diagnostics::{CellRef, Diagnostic};
use calamine::{Data, Reader};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

/// One cell's value as the import sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    /// A number the sheet shows as a percentage (0.85 shown as 85%): read
    /// as its fraction it would be a hundredth of what the clerk sees.
    Percent(f64),
    Date(Date),
    Bool(bool),
    Error(String),
}

/// A row of a sheet: its number as the spreadsheet shows it (1-based),
/// and its cells.
pub(crate) type Row = (u32, Vec<Cell>);

/// One sheet: its rows, each with its row number as the spreadsheet shows
/// it (1-based).
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// The file's name, without its folder.
    pub(crate) file_name: String,
    /// The sheet's name; `None` for a CSV file, which has one table.
    pub(crate) sheet: Option<String>,
    pub(crate) rows: Vec<Row>,
    /// Column number (0-based) of each row's first cell.
    pub(crate) first_col: u32,
}

impl Table {
    /// How diagnostics name the table: `账.xlsx（工作表 明细）`, or `账.csv`.
    pub(crate) fn path(&self) -> String {
        match &self.sheet {
            Some(sheet) => sheet_path(&self.file_name, sheet),
            None => self.file_name.clone(),
        }
    }

    /// How the record written from it names its source:
    /// `账.xlsx 工作表“明细”`, or `账.csv`.
    pub(crate) fn source(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{} 工作表“{sheet}”", self.file_name),
            None => self.file_name.clone(),
        }
    }

    /// The cell at sheet row `row` and column `col` of the rows (the
    /// header's column numbering), under the heading `heading`.
    pub(crate) fn cell(&self, row: u32, col: usize, heading: &str) -> CellRef {
        CellRef {
            row,
            column: self.first_col + u32::try_from(col).unwrap_or(u32::MAX - self.first_col),
            heading: Some(heading.to_string()),
        }
    }

    /// An error about the whole table, such as a missing header.
    pub(crate) fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.path(), None, message)
    }
}

fn sheet_path(file_name: &str, sheet: &str) -> String {
    format!("{file_name}（工作表 {sheet}）")
}

/// Reads every sheet of a workbook, or the one table of a CSV file.
pub(crate) fn read_tables(path: &Path) -> Result<Vec<Table>, Failure> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path, &file_name).map(|t| vec![t]),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, &file_name),
        _ => Err(
            Diagnostic::error(&file_name, None, "不是 Excel 工作簿，也不是 CSV 文件")
                .with_help("只能导入 Excel 工作簿（.xlsx、.xls、.ods）或 CSV 文件（.csv）")
                .into(),
        ),
    }
}

/// The largest table file read: a village's ledger or indicator table is
/// kilobytes; a file past this is not one, and would be read whole.
const MAX_TABLE_BYTES: u64 = 64 << 20;

fn read_workbook(path: &Path, file_name: &str) -> Result<Vec<Table>, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(file_name, None, format!("无法读取：{e}")))?;
    if !meta.is_file() || meta.len() > MAX_TABLE_BYTES {
        return Err(Diagnostic::error(
            file_name,
            None,
            "不是普通文件，或者太大（超过 64 MB），不像是一张台账",
        )
        .into());
    }
    refuse_oversized_archive(path, file_name)?;
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| Diagnostic::error(file_name, None, format!("无法打开工作簿：{e}")))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        refuse_sprawling_sheet(&mut book, &sheet, file_name)?;
        let percent = percent_cells(&mut book, &sheet);
        let range = book.worksheet_range(&sheet).map_err(|e| {
            Diagnostic::error(
                &sheet_path(file_name, &sheet),
                None,
                format!("无法读取：{e}"),
            )
        })?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let at = row0 + u32::try_from(i).unwrap_or(u32::MAX - row0);
                let cells = cells
                    .iter()
                    .enumerate()
                    .map(|(j, data)| match (cell(data), &percent) {
                        (Cell::Float(f), Some(styles))
                            if is_percent_at(styles, at, col0 + j as u32) =>
                        {
                            Cell::Percent(f)
                        }
                        (Cell::Int(n), Some(styles))
                            if is_percent_at(styles, at, col0 + j as u32) =>
                        {
                            Cell::Percent(n as f64)
                        }
                        (c, _) => c,
                    })
                    .collect();
                (at + 1, cells)
            })
            .collect();
        tables.push(Table {
            file_name: file_name.to_string(),
            sheet: Some(sheet),
            rows,
            first_col: col0,
        });
    }
    Ok(tables)
}

/// Most bytes a workbook's parts may hold unpacked: a ledger's are
/// kilobytes, and a small file that unpacks to gigabytes (a "zip bomb")
/// would be read whole into memory.
const MAX_UNPACKED_BYTES: u64 = 128 << 20;

/// Most cells a sheet's used area may span: the reader makes one for every
/// place in it, so one cell in the far corner (XFD1048576) would ask for
/// seventeen thousand million.
const MAX_SHEET_CELLS: u64 = 4_000_000;

/// Refuses an xlsx or ods workbook whose parts unpack to more than
/// [`MAX_UNPACKED_BYTES`], by the sizes its zip directory declares (the
/// reader checks each part against them as it unpacks).
fn refuse_oversized_archive(path: &Path, file_name: &str) -> Result<(), Failure> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    // Not a zip (xls, xlsb's older kin): calamine says what it is.
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            unpacked = unpacked.saturating_add(part.size());
        }
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(Diagnostic::error(
            file_name,
            None,
            format!(
                "工作簿解压后有 {} MB，远超一本台账：不会读取",
                unpacked >> 20
            ),
        )
        .with_help("在 Excel 中只留下台账所在的工作表，另存后再导入")
        .into());
    }
    Ok(())
}

/// Refuses a sheet whose used area spans more than [`MAX_SHEET_CELLS`]
/// places, counted from its cells before the reader lays them out (xlsx;
/// the other formats are bounded by their file size).
fn refuse_sprawling_sheet(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    file_name: &str,
) -> Result<(), Failure> {
    let calamine::Sheets::Xlsx(x) = book else {
        return Ok(());
    };
    let Ok(mut cells) = x.worksheet_cells_reader(sheet) else {
        return Ok(());
    };
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0, 0);
    while let Ok(Some(cell)) = cells.next_cell() {
        let (row, col) = cell.get_position();
        top = top.min(row);
        left = left.min(col);
        bottom = bottom.max(row);
        right = right.max(col);
    }
    if top > bottom {
        return Ok(());
    }
    let area = u64::from(bottom - top + 1) * u64::from(right - left + 1);
    if area > MAX_SHEET_CELLS {
        return Err(Diagnostic::error(
            &sheet_path(file_name, sheet),
            None,
            format!(
                "工作表用到的范围太大（{} 行 × {} 列）：远处还有写了东西的单元格",
                bottom - top + 1,
                right - left + 1
            ),
        )
        .with_help("删去台账以外的单元格（按 Ctrl+End 可以找到最远的一个），另存后再导入")
        .into());
    }
    Ok(())
}

/// The cell styles of a workbook's sheet, where the format says which
/// numbers show as percentages (xlsx only: the other formats' readers do
/// not give styles, and their percentages read as fractions).
fn percent_cells(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> Option<calamine::StyleRange> {
    match book {
        calamine::Sheets::Xlsx(x) => x.worksheet_style(sheet).ok(),
        _ => None,
    }
}

/// Whether the cell at `(row, col)` is formatted to show a percentage.
fn is_percent_at(styles: &calamine::StyleRange, row: u32, col: u32) -> bool {
    styles
        .get((row, col))
        .and_then(|s| s.number_format.as_ref())
        .is_some_and(|f| f.format_code.contains('%'))
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Error(format!("{y}-{m}-{d}")),
            }
        }
        Data::DateTime(dt) => Cell::Float(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e:?}")),
    }
}

/// A text cell, trimmed; blank text is an empty cell.
fn text_cell(s: &str) -> Cell {
    match s.trim() {
        "" => Cell::Empty,
        t => Cell::Text(t.to_string()),
    }
}

fn read_csv(path: &Path, file_name: &str) -> Result<Table, Failure> {
    let error = |message: String| Diagnostic::error(file_name, None, message);
    let bytes = crate::load::read_file_at_most(path, MAX_TABLE_BYTES)
        .map_err(|e| error(format!("无法读取：{e}")))?;
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    // Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK: accept it.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(error("既不是 UTF-8 也不是 GBK 编码".into())
                    .with_help("在 Excel 中另存为“CSV UTF-8”")
                    .into());
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| error(format!("第 {} 行无法读取：{e}", i + 1)))?;
        let number = record.position().map_or(i as u32 + 1, |p| {
            u32::try_from(p.line()).unwrap_or(u32::MAX)
        });
        rows.push((number, record.iter().map(text_cell).collect()));
    }
    Ok(Table {
        file_name: file_name.to_string(),
        sheet: None,
        rows,
        first_col: 0,
    })
}

// ---------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------

/// A recognised header row: where it is and what its columns are.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    /// Index of the header row in `Table::rows`.
    pub(crate) row: usize,
    pub(crate) layout: Layout,
}

/// What a sheet holds, told by its header row, and in which columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    Ledger(LedgerColumns),
    Indicator(IndicatorColumns),
}

/// The columns of a finance ledger, each an index into a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LedgerColumns {
    pub(crate) date: usize,
    pub(crate) voucher: Option<usize>,
    pub(crate) item: usize,
    pub(crate) class: Option<usize>,
    pub(crate) income: usize,
    pub(crate) expense: usize,
}

/// The columns of an indicator sheet, each an index into a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IndicatorColumns {
    pub(crate) period: usize,
    pub(crate) unit: usize,
    pub(crate) value: usize,
    pub(crate) group: Option<usize>,
    /// What the value's heading said in brackets, e.g. 亩 from 数值（亩）.
    pub(crate) measure_unit: Option<String>,
}

impl Header {
    /// The rows below the header.
    pub(crate) fn body<'t>(&self, table: &'t Table) -> &'t [Row] {
        table.rows.get(self.row + 1..).unwrap_or_default()
    }
}

/// What a diagnostic says when no header row is recognised.
pub(crate) fn no_header(table: &Table) -> Diagnostic {
    table.error("找不到表头").with_help(
        "财务明细账的表头要有 日期、摘要、收入、支出（可加 凭证号、科目）；指标数据的表头要有 期间、单位、数值（可加 分组）",
    )
}

/// The canonical name of a header cell, and what it said in brackets.
fn header_name(text: &str) -> (Option<&'static str>, Option<String>) {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (base, note) = match text.find(['(', '（']) {
        Some(i) => {
            let inner = text[i..]
                .trim_start_matches(['(', '（'])
                .trim_end_matches([')', '）'])
                .to_string();
            (text[..i].to_string(), Some(inner).filter(|s| !s.is_empty()))
        }
        None => (text.clone(), None),
    };
    let name = match base.as_str() {
        "日期" | "记账日期" => Some("日期"),
        "凭证号" | "凭证号码" | "凭证编号" | "凭证" => Some("凭证号"),
        "摘要" => Some("摘要"),
        "科目" | "会计科目" | "科目名称" => Some("科目"),
        "收入" | "收入金额" => Some("收入"),
        "支出" | "支出金额" => Some("支出"),
        "期间" | "时期" => Some("期间"),
        "单位" | "村" | "村名" | "单位名称" => Some("单位"),
        "数值" | "数量" | "值" => Some("数值"),
        "分组" | "组" => Some("分组"),
        _ => None,
    };
    (name, note)
}

/// Finds the header row among the first rows (a title row may stand above it).
pub(crate) fn find_header(table: &Table) -> Option<Header> {
    table
        .rows
        .iter()
        .take(10)
        .enumerate()
        .find_map(|(row, (_, cells))| layout(cells).map(|layout| Header { row, layout }))
}

/// What a row of headings makes of the sheet, if it is a header row.
fn layout(cells: &[Cell]) -> Option<Layout> {
    let mut columns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut measure_unit = None;
    for (i, c) in cells.iter().enumerate() {
        let Cell::Text(t) = c else { continue };
        let (Some(name), note) = header_name(t) else {
            continue;
        };
        columns.entry(name).or_insert(i);
        if name == "数值" && note.is_some() {
            measure_unit = note;
        }
    }
    let col = |name: &str| columns.get(name).copied();
    let ledger = || {
        Some(LedgerColumns {
            date: col("日期")?,
            voucher: col("凭证号"),
            item: col("摘要")?,
            class: col("科目"),
            income: col("收入")?,
            expense: col("支出")?,
        })
    };
    let indicator = || {
        Some(IndicatorColumns {
            period: col("期间")?,
            unit: col("单位")?,
            value: col("数值")?,
            group: col("分组"),
            measure_unit: measure_unit.clone(),
        })
    };
    ledger()
        .map(Layout::Ledger)
        .or_else(|| indicator().map(Layout::Indicator))
}
