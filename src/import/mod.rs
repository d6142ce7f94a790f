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
//! Amounts are read exactly (see `values`).
//!
//! Every problem in the clerk's files is a [`Diagnostic`] naming the file
//! and sheet, the row and the column (`账.xlsx（工作表 明细）第 5 行 E 列`),
//! all of them in one run, and nothing is written while there is any.
//!
//! The parts: `table` reads the file into tables and finds the header
//! row; `values` reads cells; `ledger` and `indicator` make the two
//! kinds of record; this module picks the sheet and writes the file.

mod indicator;
mod ledger;
mod table;
mod values;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load;
use crate::records::config::{self, Config};
use crate::scaffold;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::{Header, Layout, Table};

/// What to import, and where to write it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Request {
    /// The workbook (`.xlsx`, `.xls`, `.ods`) or CSV file.
    pub(crate) file: PathBuf,
    /// The record file to write: a finance `.md` or an indicator `.yaml`.
    pub(crate) out: PathBuf,
    /// The sheet to read (default: the first whose header is recognised).
    pub(crate) sheet: Option<String>,
    /// The site folder (default: found upwards from `out`).
    pub(crate) site: Option<PathBuf>,
    /// A finance ledger's unit, by name or id.
    pub(crate) unit: Option<String>,
    /// A finance ledger's period (default: inferred from the dates).
    pub(crate) period: Option<String>,
    pub(crate) opening_balance: Option<String>,
    pub(crate) title: Option<String>,
    /// An indicator's unit of measure (亩).
    pub(crate) measure_unit: Option<String>,
    /// The record's `published` date.
    pub(crate) today: Date,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command was given wrong (exit status 2).
    Usage(String),
    /// The clerk's files have errors (exit status 1): every one of them,
    /// and the text of the files they point into, for rendering.
    Errors {
        diagnostics: Diagnostics,
        sources: BTreeMap<String, String>,
    },
    /// The record file could not be written (exit status 1).
    Write(String),
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Failure {
        Failure::Errors {
            diagnostics,
            sources: BTreeMap::new(),
        }
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Failure {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(diagnostic);
        Failure::from(diagnostics)
    }
}

/// Runs `gongkai import`; returns the message to print.
pub(crate) fn run(request: &Request) -> Result<String, Failure> {
    let site_dir = site_dir(request)?;
    let config = site_config(&site_dir)?;
    if request.out.exists() {
        return Err(Failure::Usage(format!(
            "{} 已经存在，不会覆盖它；换一个文件名，或先把原文件改名",
            request.out.display()
        )));
    }
    let tables = table::read_tables(&request.file)?;
    let (table, header) = pick(&tables, request.sheet.as_deref())?;
    let body = header.body(table);
    let text = match &header.layout {
        Layout::Ledger(columns) => ledger::import(request, &config, table, body, columns)?,
        Layout::Indicator(columns) => indicator::import(request, &config, table, body, columns)?,
    };
    let folder = match &header.layout {
        Layout::Ledger(_) => "disclosures",
        Layout::Indicator(_) => "indicators",
    };
    scaffold::write_new(&request.out, &text).map_err(|e| Failure::Write(format!("{e:#}")))?;
    let mut done = format!(
        "已从{}导入，写出 {}；运行 gongkai check 检查，或 gongkai serve 预览",
        table.source(),
        request.out.display()
    );
    if !lies_under(&request.out, &site_dir.join(folder)) {
        done.push_str(&format!(
            "\n注意：{} 不在站点的 {folder}/ 文件夹里，生成网站时不会读取它；请把它移到 {} 下",
            request.out.display(),
            site_dir.join(folder).display()
        ));
    }
    Ok(done)
}

/// Whether the file `path` (just written) lies under `folder`, as the build
/// walks it: links resolved, `..` followed.
fn lies_under(path: &Path, folder: &Path) -> bool {
    let (Ok(file), Ok(folder)) = (path.canonicalize(), folder.canonicalize()) else {
        return false;
    };
    // The build does not follow links inside the site folder.
    file.starts_with(&folder)
        && path
            .parent()
            .is_some_and(|p| !has_linked_folder(p, &folder))
}

/// Whether a folder on the way from `folder` down to `dir` is a link.
fn has_linked_folder(dir: &Path, folder: &Path) -> bool {
    dir.ancestors()
        .take_while(|a| a.canonicalize().is_ok_and(|c| c != *folder))
        .any(crate::load::is_link)
}

/// The site the record goes into: the one named, else the one holding `out`.
fn site_dir(request: &Request) -> Result<PathBuf, Failure> {
    match &request.site {
        Some(d) => Ok(d.clone()),
        None => scaffold::find_site(&request.out).ok_or_else(|| {
            Failure::Usage(format!(
                "找不到 {} 所在站点的 site.yaml；把文件写到站点文件夹里，或用 --site 指定站点文件夹",
                request.out.display()
            ))
        }),
    }
}

/// The site's `site.yaml`: its units name the units a sheet may name, and
/// its privacy rule applies to what is imported.
fn site_config(dir: &Path) -> Result<Config, Failure> {
    let mut diagnostics = Diagnostics::new();
    let file = load::read_text("site.yaml", &dir.join("site.yaml"), &mut diagnostics);
    let config = file
        .as_ref()
        .and_then(|f| load::yaml_document(f, &mut diagnostics))
        .and_then(|doc| config::read(&doc, &mut diagnostics));
    config.ok_or_else(|| Failure::Errors {
        diagnostics,
        sources: file.map(|f| (f.path, f.text)).into_iter().collect(),
    })
}

/// Picks the sheet to import: the one named, else the first whose header
/// row is recognised.
fn pick<'t>(tables: &'t [Table], sheet: Option<&str>) -> Result<(&'t Table, Header), Failure> {
    if let Some(name) = sheet {
        let Some(table) = tables.iter().find(|t| t.sheet.as_deref() == Some(name)) else {
            let names: Vec<&str> = tables.iter().filter_map(|t| t.sheet.as_deref()).collect();
            return Err(Failure::Usage(format!(
                "没有名为“{name}”的工作表；工作簿中有：{}",
                names.join("、")
            )));
        };
        return table::find_header(table)
            .map(|h| (table, h))
            .ok_or_else(|| Failure::from(table::no_header(table)));
    }
    tables
        .iter()
        .find_map(|t| table::find_header(t).map(|h| (t, h)))
        .ok_or_else(|| {
            let mut diagnostics = Diagnostics::new();
            for t in tables {
                diagnostics.push(table::no_header(t));
            }
            Failure::from(diagnostics)
        })
}
