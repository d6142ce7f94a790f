//! `gongkai import`: records from a spreadsheet the clerk already keeps.
//!
//! An Excel workbook (`.xlsx`, `.xls`, `.ods`, read with calamine) or a CSV
//! file holds one of two kinds of sheet, told apart by its header row:
//!
//! * a finance ledger (日期, 凭证号, 摘要, 科目, 收入, 支出, in any order)
//!   becomes the `ledger` of a new finance disclosure;
//! * an indicator sheet (期间, 单位, 数值, optionally 分组) becomes a new
//!   indicator file with `data:` rows `{ period, unit, value }`.
//!
//! Amounts are read exactly. A text cell is parsed as written; a number
//! cell is turned into its shortest decimal form (`0.1` stays `0.1`), never
//! through arithmetic. When that form has float noise past the cent
//! (`0.30000000000000004`, what a formula `=0.1+0.2` stores), the value is
//! read as Excel shows it, to 15 significant digits (`0.3`).
//!
//! Every problem is reported with the sheet, the row and the column, all of
//! them in one run, and nothing is written while there is any.

use crate::diagnostics::Diagnostics;
use crate::domain::dates;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::privacy;
use crate::load;
use crate::records::config::{self, Config, Privacy};
use crate::records::disclosure;
use crate::scaffold;
use calamine::{Data, Reader};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What to import, and where to write it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The workbook (`.xlsx`, `.xls`, `.ods`) or CSV file.
    pub file: PathBuf,
    /// The record file to write: a finance `.md` or an indicator `.yaml`.
    pub out: PathBuf,
    /// The sheet to read (default: the first whose header is recognised).
    pub sheet: Option<String>,
    /// The site folder (default: found upwards from `out`).
    pub site: Option<PathBuf>,
    /// A finance ledger's unit, by name or id.
    pub unit: Option<String>,
    /// A finance ledger's period (default: inferred from the dates).
    pub period: Option<String>,
    pub opening_balance: Option<String>,
    pub title: Option<String>,
    /// An indicator's unit of measure (亩).
    pub measure_unit: Option<String>,
    /// The record's `published` date.
    pub today: Date,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum Failure {
    /// The command was given wrong (exit status 2).
    Usage(String),
    /// The spreadsheet has errors, each naming its sheet, row and column.
    Errors(Vec<String>),
    /// The record file could not be written (exit status 1).
    Write(String),
}

/// One cell as the import sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Date(Date),
    Bool(bool),
    Error(String),
}

/// One sheet: its name and its rows, each with its row number as the
/// spreadsheet shows it (1-based).
#[derive(Clone, Debug)]
pub struct Table {
    /// `账.xlsx 工作表“二季度”` or `账.csv`: how errors name it.
    pub name: String,
    pub sheet: String,
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// Column number (0-based) of each row's first cell.
    pub first_col: u32,
}

/// Reads every sheet of a workbook, or the one table of a CSV file.
pub fn read_tables(path: &Path) -> Result<Vec<Table>, String> {
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
        _ => Err(format!(
            "{file_name}：只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"
        )),
    }
}

fn read_workbook(path: &Path, file_name: &str) -> Result<Vec<Table>, String> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("{file_name}：无法打开工作簿：{e}"))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("{file_name} 工作表“{sheet}”：无法读取：{e}"))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let number = row0 + u32::try_from(i).unwrap_or(u32::MAX - row0) + 1;
                (number, cells.iter().map(cell).collect())
            })
            .collect();
        tables.push(Table {
            name: format!("{file_name} 工作表“{sheet}”"),
            sheet,
            rows,
            first_col: col0,
        });
    }
    Ok(tables)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.trim().to_string())
            }
        }
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

fn read_csv(path: &Path, file_name: &str) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{file_name}：无法读取：{e}"))?;
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    // Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK: accept it.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(format!(
                    "{file_name}：既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为“CSV UTF-8”"
                ));
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
        let record = record.map_err(|e| format!("{file_name}：第 {} 行无法读取：{e}", i + 1))?;
        let number = record.position().map_or(i as u32 + 1, |p| {
            u32::try_from(p.line()).unwrap_or(u32::MAX)
        });
        let cells = record
            .iter()
            .map(|s| {
                let s = s.trim();
                if s.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push((number, cells));
    }
    Ok(Table {
        name: file_name.to_string(),
        sheet: file_name.to_string(),
        rows,
        first_col: 0,
    })
}

// ---------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------

/// What a sheet holds, told by its header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Ledger,
    Indicator,
}

/// The columns of a recognised header row.
#[derive(Clone, Debug)]
pub struct Header {
    pub kind: SheetKind,
    /// Index of the header row in `Table::rows`.
    pub row: usize,
    /// Column name (日期, 收入, …) → index in the row.
    pub columns: BTreeMap<&'static str, usize>,
    /// What a header said in brackets, e.g. 亩 from 数值（亩）.
    pub measure_unit: Option<String>,
}

const LEDGER_REQUIRED: [&str; 4] = ["日期", "摘要", "收入", "支出"];
const INDICATOR_REQUIRED: [&str; 3] = ["期间", "单位", "数值"];

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
pub fn find_header(table: &Table) -> Option<Header> {
    for (idx, (_, cells)) in table.rows.iter().enumerate().take(10) {
        let mut columns = BTreeMap::new();
        let mut measure_unit = None;
        for (i, c) in cells.iter().enumerate() {
            if let Cell::Text(t) = c {
                let (name, note) = header_name(t);
                if let Some(name) = name {
                    columns.entry(name).or_insert(i);
                    if name == "数值" && note.is_some() {
                        measure_unit = note;
                    }
                }
            }
        }
        let kind = if LEDGER_REQUIRED.iter().all(|c| columns.contains_key(c)) {
            SheetKind::Ledger
        } else if INDICATOR_REQUIRED.iter().all(|c| columns.contains_key(c)) {
            SheetKind::Indicator
        } else {
            continue;
        };
        return Some(Header {
            kind,
            row: idx,
            columns,
            measure_unit,
        });
    }
    None
}

/// Column letters as Excel shows them: 0 → A, 26 → AA.
pub fn column_letter(mut n: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Where an error is: `账.xlsx 工作表“明细”第 5 行 E 列（收入）`.
fn at(table: &Table, row: u32, col: usize, name: &str) -> String {
    let letter = column_letter(table.first_col + col as u32);
    format!("{}第 {row} 行 {letter} 列（{name}）", table.name)
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// The decimal text of a number cell: its shortest form, and when that has
/// float noise, the 15 significant digits Excel shows.
fn float_text(f: f64, max_decimals: u32) -> String {
    let shortest = format!("{f}");
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len() as u32);
    if decimals <= max_decimals {
        return shortest;
    }
    let excel = format!("{f:.14e}");
    match Decimal::from_scientific(&excel) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => shortest,
    }
}

/// An amount cell: `None` when empty or zero (the unused one of 收入/支出).
fn amount(c: &Cell) -> Result<Option<Money>, String> {
    let shown = match c {
        Cell::Text(t) => t.clone(),
        _ => String::new(),
    };
    let text = match c {
        Cell::Empty => return Ok(None),
        Cell::Text(t) => clean_amount(t)?,
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => float_text(*f, 2),
        Cell::Date(d) => return Err(format!("单元格是日期 {d}，不是金额")),
        Cell::Bool(_) => return Err("单元格是“是/否”，不是金额".into()),
        Cell::Error(e) => return Err(format!("单元格是公式错误（{e}）")),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let shown = if shown.is_empty() {
        text.clone()
    } else {
        shown
    };
    let money = Money::parse(&text).map_err(|e| format!("金额“{shown}”有误：{e}"))?;
    Ok((!money.is_zero()).then_some(money))
}

/// Strips what a spreadsheet shows around an amount (¥, 元, thousands
/// commas in their proper places); `-` or `—` alone means no amount.
fn clean_amount(t: &str) -> Result<String, String> {
    let s: String = t
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .trim()
        .to_string();
    if matches!(s.as_str(), "-" | "—" | "－" | "--") {
        return Ok(String::new());
    }
    if !s.contains([',', '，']) {
        return Ok(s);
    }
    let int = s.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split([',', '，']).collect();
    let grouped_ok = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if grouped_ok {
        Ok(s.replace([',', '，'], ""))
    } else {
        Err(format!(
            "金额“{t}”有误：逗号只能用作千位分隔（如 12,345.60），或不写逗号"
        ))
    }
}

/// A date cell, in any of the ways a clerk types one.
fn date(c: &Cell) -> Result<Date, String> {
    let hint = "日期写作 2013-04-08（也认 2013/4/8、2013.4.8、2013年4月8日，或 Excel 的日期格式）";
    match c {
        Cell::Date(d) => Ok(*d),
        Cell::Text(t) => parse_date_text(t).ok_or_else(|| format!("“{t}”不是有效的日期；{hint}")),
        Cell::Int(i) => {
            number_date(*i as f64).ok_or_else(|| format!("“{i}”不是有效的日期；{hint}"))
        }
        Cell::Float(f) => number_date(*f).ok_or_else(|| format!("“{f}”不是有效的日期；{hint}")),
        Cell::Empty => Err(format!("日期为空；{hint}")),
        Cell::Bool(_) | Cell::Error(_) => Err(format!("单元格不是日期；{hint}")),
    }
}

fn parse_date_text(t: &str) -> Option<Date> {
    let t = t.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&t[..4], &t[4..6], &t[6..]);
    }
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    match parts.as_slice() {
        [y, m, d] => ymd(y, m, d),
        _ => dates::parse_date(t).ok(),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1900..=2999).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A number standing for a date: `20130408`, or an Excel serial day.
fn number_date(f: f64) -> Option<Date> {
    if f.fract() != 0.0 {
        return None;
    }
    let n = f as i64;
    if (19_000_101..=29_991_231).contains(&n) {
        let s = n.to_string();
        return ymd(&s[..4], &s[4..6], &s[6..]);
    }
    if (1..2_958_466).contains(&n) {
        let dt = calamine::ExcelDateTime::new(f, calamine::ExcelDateTimeType::DateTime, false);
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        return Date::new(y as i16, m as i8, d as i8).ok();
    }
    None
}

/// A text cell (摘要, 科目, 凭证号): numbers and dates as written.
fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Empty => None,
        Cell::Text(t) => Some(t.clone()),
        Cell::Int(i) => Some(i.to_string()),
        Cell::Float(f) => Some(float_text(*f, 6)),
        Cell::Date(d) => Some(d.to_string()),
        Cell::Bool(b) => Some(if *b { "是" } else { "否" }.into()),
        Cell::Error(_) => None,
    }
}

fn get(cells: &[Cell], col: Option<usize>) -> &Cell {
    col.and_then(|i| cells.get(i)).unwrap_or(&Cell::Empty)
}

// ---------------------------------------------------------------------------
// Ledger
// ---------------------------------------------------------------------------

/// One ledger line read from a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub row: u32,
    pub date: Date,
    pub voucher: Option<String>,
    pub item: String,
    pub class: Option<String>,
    pub income: Option<Money>,
    pub expense: Option<Money>,
}

/// Reads the ledger lines below the header; every bad cell is an error.
pub fn ledger(table: &Table, header: &Header, privacy: Privacy) -> Result<Vec<Entry>, Vec<String>> {
    let col = |name: &str| header.columns.get(name).copied();
    let (c_date, c_voucher, c_item, c_class, c_in, c_out) = (
        col("日期"),
        col("凭证号"),
        col("摘要"),
        col("科目"),
        col("收入"),
        col("支出"),
    );
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut vouchers: BTreeMap<String, u32> = BTreeMap::new();
    for (row, cells) in &table.rows[header.row + 1..] {
        let row = *row;
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let item = text(get(cells, c_item));
        // A totals line (合计, 本月合计, 累计) with no date is not an entry.
        if *get(cells, c_date) == Cell::Empty
            && item
                .as_deref()
                .is_some_and(|i| i.contains("合计") || i.contains("累计"))
        {
            continue;
        }
        let mut ok = true;
        let mut err = |col: Option<usize>, name: &str, msg: String| {
            errors.push(format!("{}：{msg}", at(table, row, col.unwrap_or(0), name)));
        };
        let date = match date(get(cells, c_date)) {
            Ok(d) => Some(d),
            Err(e) => {
                err(c_date, "日期", e);
                None
            }
        };
        let voucher = text(get(cells, c_voucher));
        if let Some(v) = &voucher {
            if let Some(first) = vouchers.get(v) {
                err(
                    c_voucher,
                    "凭证号",
                    format!("凭证号 {v} 与第 {first} 行重复；每个凭证号只用一次"),
                );
                ok = false;
            } else {
                vouchers.insert(v.clone(), row);
            }
        }
        if item.is_none() {
            err(
                c_item,
                "摘要",
                "摘要为空；写明这笔钱收的或花的是什么".into(),
            );
            ok = false;
        }
        let income = amount(get(cells, c_in)).unwrap_or_else(|e| {
            err(c_in, "收入", e);
            ok = false;
            None
        });
        let expense = amount(get(cells, c_out)).unwrap_or_else(|e| {
            err(c_out, "支出", e);
            ok = false;
            None
        });
        if ok {
            match (income, expense) {
                (Some(_), Some(_)) => {
                    err(
                        c_out,
                        "支出",
                        "这一行既有收入又有支出；一笔账只能有收入或支出之一，请分成两行".into(),
                    );
                    ok = false;
                }
                (None, None) => {
                    err(c_in, "收入", "收入、支出都为空；在其中一列写金额".into());
                    ok = false;
                }
                _ => {}
            }
        }
        let class = text(get(cells, c_class));
        if privacy == Privacy::Error {
            for (c, name, value) in [
                (c_item, "摘要", &item),
                (c_class, "科目", &class),
                (c_voucher, "凭证号", &voucher),
            ] {
                if let Some(v) = value {
                    for f in privacy::find(v) {
                        let label = f.kind.label();
                        err(
                            c,
                            name,
                            format!("有{label}：公开的内容中不得出现完整的{label}，请删去或遮盖"),
                        );
                        ok = false;
                    }
                }
            }
        }
        if let (true, Some(date), Some(item)) = (ok, date, item) {
            entries.push(Entry {
                row,
                date,
                voucher,
                item,
                class,
                income,
                expense,
            });
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(format!("{}：表头下面没有任何收支", table.name));
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// The shortest period (quarter, half-year, year) holding every date.
pub fn infer_period(entries: &[Entry]) -> Option<Period> {
    let first = entries.iter().map(|e| e.date).min()?;
    let last = entries.iter().map(|e| e.date).max()?;
    let y = first.year();
    if last.year() != y {
        return None;
    }
    let q = |d: Date| (d.month() as u8 - 1) / 3 + 1;
    let h = |d: Date| (d.month() as u8 - 1) / 6 + 1;
    Some(if q(first) == q(last) {
        Period::Quarter(y, q(first))
    } else if h(first) == h(last) {
        Period::Half(y, h(first))
    } else {
        Period::Year(y)
    })
}

/// Quotes a YAML value when it would not read back as the same text.
pub fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(['-', '?', '!', '&', '*', '|', '>', '%', '@', '`', '\'', '"'])
        && !s.contains([
            ',', '[', ']', '{', '}', '#', ':', '"', '\'', '\\', '\n', '\t',
        ])
        && !s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    }
}

/// What a finance disclosure made from a ledger needs besides the entries.
pub struct FinanceHead {
    pub title: String,
    pub unit: String,
    pub published: Date,
    pub period: Period,
    pub opening: Money,
    pub source: String,
}

/// The text of a finance disclosure with the imported entries.
pub fn finance_text(head: &FinanceHead, entries: &[Entry]) -> String {
    let mut closing = head.opening;
    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "# 由 gongkai import 从 {} 导入；核对期初余额、补写公示期和审核后发布。",
        head.source
    );
    let _ = writeln!(out, "title: {}", yaml_text(&head.title));
    let _ = writeln!(out, "unit: {}", head.unit);
    let _ = writeln!(out, "published: {}", head.published);
    let _ = writeln!(out, "category: finance");
    let _ = writeln!(out, "period: {}", head.period);
    let _ = writeln!(
        out,
        "# posting: {{ from: {}, to: {}, channels: [村务公开栏] }}   # 公示期（去掉行首的 # 即生效）",
        head.published,
        head.published
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(head.published)
    );
    let _ = writeln!(out, "ledger:");
    let _ = writeln!(
        out,
        "  opening_balance: {}   # 期初余额：上期的期末余额",
        head.opening.plain()
    );
    let _ = writeln!(out, "  entries:");
    for e in entries {
        let mut fields = vec![format!("date: {}", e.date)];
        if let Some(v) = &e.voucher {
            fields.push(format!("voucher: {}", yaml_text(v)));
        }
        fields.push(format!("item: {}", yaml_text(&e.item)));
        if let Some(c) = &e.class {
            fields.push(format!("class: {}", yaml_text(c)));
        }
        if let Some(m) = e.income {
            closing += m;
            fields.push(format!("income: {}", m.plain()));
        }
        if let Some(m) = e.expense {
            closing -= m;
            fields.push(format!("expense: {}", m.plain()));
        }
        let _ = writeln!(out, "    - {{ {} }}", fields.join(", "));
    }
    let _ = writeln!(
        out,
        "  closing_balance: {}   # 期末余额 = 期初 + 收入合计 − 支出合计",
        closing.plain()
    );
    let _ = writeln!(
        out,
        "# review: {{ by: 民主理财小组, date: {}, opinion: 收支真实完整, signers: [组长 李某某] }}   # 审核",
        head.published
    );
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "本表经村民主理财小组审核后公开。");
    out
}

// ---------------------------------------------------------------------------
// Indicator
// ---------------------------------------------------------------------------

/// One data row of an indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct DataRow {
    pub row: u32,
    pub period: Period,
    pub unit: String,
    pub group: Option<String>,
    pub value: Decimal,
}

/// Reads indicator rows; unit names (西关村) become unit ids (xiguan).
pub fn indicator_rows(
    table: &Table,
    header: &Header,
    config: &Config,
) -> Result<Vec<DataRow>, Vec<String>> {
    let col = |name: &str| header.columns.get(name).copied();
    let (c_period, c_unit, c_value, c_group) = (col("期间"), col("单位"), col("数值"), col("分组"));
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: BTreeMap<(Period, String, Option<String>), u32> = BTreeMap::new();
    let names: Vec<&str> = config.units.iter().map(|u| u.name.as_str()).collect();
    for (row, cells) in &table.rows[header.row + 1..] {
        let row = *row;
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let mut err = |col: Option<usize>, name: &str, msg: String| {
            errors.push(format!("{}：{msg}", at(table, row, col.unwrap_or(0), name)));
        };
        let period = match get(cells, c_period) {
            Cell::Int(i) => Period::parse(&i.to_string()),
            Cell::Float(f) => Period::parse(&float_text(*f, 0)),
            Cell::Text(t) => Period::parse(t),
            Cell::Empty => Err("期间为空；写作 2013、2013-H1、2013-Q2 或 2013-04".into()),
            other => Err(format!(
                "“{}”不是有效的期间；期间写作 2013、2013-H1、2013-Q2 或 2013-04（请把单元格设为文本）",
                text(other).unwrap_or_default()
            )),
        };
        let period = period.map_err(|e| err(c_period, "期间", e)).ok();
        let unit = match text(get(cells, c_unit)) {
            None => {
                err(
                    c_unit,
                    "单位",
                    "单位为空；写村名（如 西关村）或单位 id".into(),
                );
                None
            }
            Some(u) => match config.units.iter().find(|x| x.name == u || x.id == u) {
                Some(x) => Some(x.id.clone()),
                None => {
                    err(
                        c_unit,
                        "单位",
                        format!(
                            "单位“{u}”不在 site.yaml 的 units 中；可写：{}",
                            names.join("、")
                        ),
                    );
                    None
                }
            },
        };
        let group = text(get(cells, c_group));
        let value = match get(cells, c_value) {
            Cell::Int(i) => Ok(Decimal::from(*i)),
            Cell::Float(f) => {
                Decimal::from_str(&float_text(*f, 6)).map_err(|_| format!("“{f}”不是数字"))
            }
            Cell::Text(t) => clean_amount(t)
                .and_then(|s| Decimal::from_str(&s).map_err(|_| format!("“{t}”不是数字"))),
            Cell::Empty => Err("数值为空".into()),
            _ => Err("单元格不是数字".into()),
        };
        let value = value.map_err(|e| err(c_value, "数值", e)).ok();
        if let (Some(period), Some(unit), Some(value)) = (period, unit, value) {
            let key = (period, unit.clone(), group.clone());
            if let Some(first) = seen.get(&key) {
                err(
                    c_period,
                    "期间",
                    format!("与第 {first} 行重复：同一期间、同一单位只能有一个数"),
                );
                continue;
            }
            seen.insert(key, row);
            rows.push(DataRow {
                row,
                period,
                unit,
                group,
                value: value.normalize(),
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(format!("{}：表头下面没有任何数据", table.name));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The text of an indicator file holding `rows`.
pub fn indicator_text(title: &str, measure_unit: &str, source: &str, rows: &[DataRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 由 gongkai import 从 {source} 导入；核对 measure（统计口径）和 chart 后发布。"
    );
    let _ = writeln!(out, "title: {}", yaml_text(title));
    let _ = writeln!(out, "unit: {}   # 计量单位", yaml_text(measure_unit));
    let _ = writeln!(
        out,
        "measure: flow   # flow 期间发生额、stock 时点存量、cumulative 累计数、ratio 百分比"
    );
    let _ = writeln!(out, "source: {}", yaml_text(source));
    let mut groups: Vec<&str> = Vec::new();
    for r in rows {
        if let Some(g) = &r.group
            && !groups.contains(&g.as_str())
        {
            groups.push(g);
        }
    }
    if !groups.is_empty() {
        let list: Vec<String> = groups.iter().map(|g| yaml_text(g)).collect();
        let _ = writeln!(out, "groups: [{}]", list.join(", "));
        let _ = writeln!(
            out,
            "partition: true   # true：各组之和等于总数；各组互相重叠时改为 false"
        );
    }
    let _ = writeln!(out, "data:");
    for r in rows {
        let group = r
            .group
            .as_ref()
            .map(|g| format!(", group: {}", yaml_text(g)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  - {{ period: {}, unit: {}{group}, value: {} }}",
            r.period, r.unit, r.value
        );
    }
    out
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

fn site_config(dir: &Path) -> Result<Config, Failure> {
    let mut diags = Diagnostics::new();
    let config = load::read_text("site.yaml", &dir.join("site.yaml"), &mut diags)
        .and_then(|f| load::yaml_document(&f, &mut diags))
        .and_then(|doc| config::read(&doc, &mut diags));
    config.ok_or_else(|| {
        Failure::Usage(format!(
            "{} 有错误，先运行 gongkai check --site {} 改正",
            dir.join("site.yaml").display(),
            dir.display()
        ))
    })
}

/// Picks the sheet to import: the one named, else the first whose header
/// row is recognised.
fn pick(tables: &[Table], sheet: Option<&str>) -> Result<(usize, Header), Failure> {
    if let Some(name) = sheet {
        let Some(i) = tables.iter().position(|t| t.sheet == name) else {
            let names: Vec<&str> = tables.iter().map(|t| t.sheet.as_str()).collect();
            return Err(Failure::Usage(format!(
                "没有名为“{name}”的工作表；工作簿中有：{}",
                names.join("、")
            )));
        };
        return find_header(&tables[i])
            .map(|h| (i, h))
            .ok_or_else(|| Failure::Errors(vec![no_header(&tables[i])]));
    }
    tables
        .iter()
        .enumerate()
        .find_map(|(i, t)| find_header(t).map(|h| (i, h)))
        .ok_or_else(|| Failure::Errors(tables.iter().map(no_header).collect()))
}

fn no_header(t: &Table) -> String {
    format!(
        "{}：找不到表头。财务明细账的表头要有 日期、摘要、收入、支出（可加 凭证号、科目）；指标数据的表头要有 期间、单位、数值（可加 分组）",
        t.name
    )
}

/// Runs `gongkai import`; returns the message to print.
pub fn run(args: &Request) -> Result<String, Failure> {
    let today = args.today;
    let site_dir: PathBuf = match &args.site {
        Some(d) => d.clone(),
        None => scaffold::find_site(&args.out).ok_or_else(|| {
            Failure::Usage(format!(
                "找不到 {} 所在站点的 site.yaml；把文件写到站点文件夹里，或用 --site 指定站点文件夹",
                args.out.display()
            ))
        })?,
    };
    let config = site_config(&site_dir)?;
    if args.out.exists() {
        return Err(Failure::Usage(format!(
            "{} 已经存在，不会覆盖它；换一个文件名，或先把原文件改名",
            args.out.display()
        )));
    }
    let tables = read_tables(&args.file).map_err(|e| Failure::Errors(vec![e]))?;
    let (i, header) = pick(&tables, args.sheet.as_deref())?;
    let table = &tables[i];
    let source = table.name.clone();
    let out_ext = args.out.extension().and_then(|e| e.to_str()).unwrap_or("");
    let text = match header.kind {
        SheetKind::Ledger => {
            if out_ext != "md" {
                return Err(Failure::Usage(format!(
                    "{source} 是财务明细账，导入为财务公开记录：写出的文件名应以 .md 结尾，放在 disclosures/ 下"
                )));
            }
            let unit = match &args.unit {
                Some(u) => config
                    .units
                    .iter()
                    .find(|x| x.name == *u || x.id == *u)
                    .ok_or_else(|| {
                        let names: Vec<&str> =
                            config.units.iter().map(|u| u.name.as_str()).collect();
                        Failure::Usage(format!(
                            "单位“{u}”不在 site.yaml 的 units 中；可写：{}",
                            names.join("、")
                        ))
                    })?,
                None => {
                    return Err(Failure::Usage(
                        "请用 --unit 写明这本账是哪个单位的，例如 --unit 西关村".into(),
                    ));
                }
            };
            let opening = match &args.opening_balance {
                Some(t) => Money::parse(t)
                    .map_err(|e| Failure::Usage(format!("--opening-balance“{t}”有误：{e}")))?,
                None => Money::from_fen(0),
            };
            let period = match &args.period {
                Some(p) => Some(Period::parse(p).map_err(Failure::Usage)?),
                None => None,
            };
            let entries = ledger(table, &header, config.privacy).map_err(Failure::Errors)?;
            let period = match period.or_else(|| infer_period(&entries)) {
                Some(p) => p,
                None => {
                    return Err(Failure::Usage(
                        "记账日期跨了年度，推算不出期间；请用 --period 写明，例如 --period 2024"
                            .into(),
                    ));
                }
            };
            let c_date = header.columns.get("日期").copied().unwrap_or(0);
            let outside: Vec<String> = entries
                .iter()
                .filter(|e| !period.contains_date(e.date))
                .map(|e| {
                    format!(
                        "{}：记账日期 {} 不在期间 {}（{}）内",
                        at(table, e.row, c_date, "日期"),
                        e.date,
                        period,
                        period.label()
                    )
                })
                .collect();
            if !outside.is_empty() {
                return Err(Failure::Errors(outside));
            }
            let title = args
                .title
                .clone()
                .unwrap_or_else(|| format!("{}{}财务公开", unit.name, period.label()));
            let head = FinanceHead {
                title,
                unit: unit.id.clone(),
                published: today,
                period,
                opening,
                source: source.clone(),
            };
            let text = finance_text(&head, &entries);
            verify_finance(&text, &config)?;
            text
        }
        SheetKind::Indicator => {
            if out_ext != "yaml" {
                return Err(Failure::Usage(format!(
                    "{source} 是指标数据，导入为指标文件：写出的文件名应以 .yaml 结尾，放在 indicators/ 下"
                )));
            }
            let measure_unit = args
                .measure_unit
                .clone()
                .or_else(|| header.measure_unit.clone())
                .ok_or_else(|| {
                    Failure::Usage(
                        "请写明计量单位：加 --measure-unit 亩，或把表头写成“数值（亩）”".into(),
                    )
                })?;
            let rows = indicator_rows(table, &header, &config).map_err(Failure::Errors)?;
            let title = args.title.clone().unwrap_or_else(|| {
                if table.sheet == table.name {
                    // A CSV file: its name without the extension.
                    args.file
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                } else {
                    table.sheet.clone()
                }
            });
            indicator_text(&title, &measure_unit, &source, &rows)
        }
    };
    scaffold::write_new(&args.out, &text).map_err(Failure::Write)?;
    Ok(format!(
        "已从{source}导入，写出 {}；运行 gongkai check 检查，或 gongkai serve 预览",
        args.out.display()
    ))
}

/// The disclosure made must pass the finance rules as it stands.
fn verify_finance(text: &str, config: &Config) -> Result<(), Failure> {
    let mut diags = Diagnostics::new();
    let file = load::SourceFile {
        path: "（导入结果）".into(),
        text: text.to_string(),
    };
    let ok = load::markdown_document(&file, &mut diags)
        .and_then(|doc| disclosure::read(&doc, config, &mut diags))
        .is_some();
    if ok && !diags.has_errors() {
        return Ok(());
    }
    let mut sources = BTreeMap::new();
    sources.insert(file.path.clone(), file.text.clone());
    Err(Failure::Errors(vec![diags.render(&sources)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_cells_keep_their_decimal_form() {
        assert_eq!(float_text(0.1, 2), "0.1");
        assert_eq!(float_text(860.0, 2), "860");
        assert_eq!(float_text(0.1 + 0.2, 2), "0.3");
        assert_eq!(float_text(1234567.89, 2), "1234567.89");
        let sum = amount(&Cell::Float(0.1)).unwrap().unwrap()
            + amount(&Cell::Float(0.2)).unwrap().unwrap();
        assert_eq!(sum.plain(), "0.30");
    }

    #[test]
    fn amounts_accept_what_spreadsheets_show() {
        let m = |s: &str| amount(&Cell::Text(s.into()));
        assert_eq!(m("12,345.60").unwrap().unwrap().plain(), "12345.60");
        assert_eq!(m("¥860").unwrap().unwrap().plain(), "860.00");
        assert_eq!(m("-").unwrap(), None);
        assert_eq!(m("0").unwrap(), None);
        assert!(m("1,2345").is_err());
        assert!(m("12.345").is_err());
        assert!(m("-5").is_err());
        assert!(amount(&Cell::Float(0.125)).is_err());
    }

    #[test]
    fn dates_in_the_ways_clerks_type_them() {
        let d = Date::constant(2013, 4, 8);
        for t in [
            "2013-04-08",
            "2013/4/8",
            "2013.4.8",
            "2013年4月8日",
            "20130408",
            "2013-04-08 00:00:00",
        ] {
            assert_eq!(date(&Cell::Text(t.into())).unwrap(), d, "{t}");
        }
        assert_eq!(date(&Cell::Int(20130408)).unwrap(), d);
        assert_eq!(date(&Cell::Float(41372.0)).unwrap(), d);
        assert!(date(&Cell::Text("2013/13/1".into())).is_err());
        assert!(date(&Cell::Text("四月八日".into())).is_err());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(4), "E");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn yaml_text_quotes_only_when_needed() {
        assert_eq!(yaml_text("办公用品"), "办公用品");
        assert_eq!(yaml_text("记-012"), "记-012");
        assert_eq!(yaml_text("a, b"), "\"a, b\"");
        assert_eq!(yaml_text("-1"), "\"-1\"");
        assert_eq!(yaml_text("012"), "\"012\"");
        assert_eq!(yaml_text("说明：x"), "说明：x");
    }
}
