//! The indicator path: the rows of an indicator sheet (期间, 单位, 数值,
//! optionally 分组) become a new indicator file with `data:` rows
//! `{ period, unit, value }`, unit names (西关村) turned into unit ids.

use super::table::{Cell, IndicatorColumns, Row, Table};
use super::values::{self, BadValue, get, text, yaml_text};
use super::{Failure, Request};
use crate::diagnostics::Diagnostics;
use crate::domain::period::Period;
use crate::records::config::Config;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The text of the indicator file made from an indicator sheet.
pub(crate) fn import(
    request: &Request,
    config: &Config,
    table: &Table,
    body: &[Row],
    columns: &IndicatorColumns,
) -> Result<String, Failure> {
    if request.out.extension().and_then(|e| e.to_str()) != Some("yaml") {
        return Err(Failure::Usage(format!(
            "{} 是指标数据，导入为指标文件：写出的文件名应以 .yaml 结尾，放在 indicators/ 下",
            table.source()
        )));
    }
    let measure_unit = request
        .measure_unit
        .clone()
        .or_else(|| columns.measure_unit.clone())
        .ok_or_else(|| {
            Failure::Usage("请写明计量单位：加 --measure-unit 亩，或把表头写成“数值（亩）”".into())
        })?;
    let share = crate::records::indicator::is_percent(&measure_unit);
    let rows = DataRows::new(table, columns, config, share).read(body)?;
    let title = request.title.clone().unwrap_or_else(|| match &table.sheet {
        Some(sheet) => sheet.clone(),
        // A CSV file: its name without the extension.
        None => request
            .file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    });
    Ok(indicator_text(
        &title,
        &measure_unit,
        &table.source(),
        &rows,
    ))
}

/// One data row of an indicator.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DataRow {
    pub(crate) period: Period,
    pub(crate) unit: String,
    pub(crate) group: Option<String>,
    pub(crate) value: Decimal,
}

/// Reads the data rows below the header; every bad cell is an error.
struct DataRows<'t> {
    table: &'t Table,
    columns: &'t IndicatorColumns,
    config: &'t Config,
    /// Whether the values are shares (unit %), read as their cells show.
    share: bool,
    /// Each (period, unit, group) seen, with the row it was first seen on.
    seen: BTreeMap<(Period, String, Option<String>), u32>,
    diags: Diagnostics,
}

impl<'t> DataRows<'t> {
    fn new(
        table: &'t Table,
        columns: &'t IndicatorColumns,
        config: &'t Config,
        share: bool,
    ) -> DataRows<'t> {
        DataRows {
            table,
            columns,
            config,
            share,
            seen: BTreeMap::new(),
            diags: Diagnostics::new(),
        }
    }

    /// Every data row of `body`, or every error in it.
    fn read(mut self, body: &[Row]) -> Result<Vec<DataRow>, Failure> {
        let mut rows = Vec::new();
        for (row, cells) in body {
            if cells.iter().all(|c| *c == Cell::Empty) {
                continue;
            }
            rows.extend(self.data_row(*row, cells));
        }
        if rows.is_empty() && !self.diags.has_errors() {
            self.diags.push(
                self.table
                    .error("表头下面没有任何数据")
                    .with_help("在表头下面每行写一个期间、单位和数值"),
            );
        }
        if self.diags.has_errors() {
            self.diags.sort();
            return Err(Failure::from(self.diags));
        }
        Ok(rows)
    }

    /// The data row on one sheet row; its errors go into the diagnostics.
    fn data_row(&mut self, row: u32, cells: &[Cell]) -> Option<DataRow> {
        let c = self.columns;
        let period = values::period(get(cells, c.period))
            .map_err(|bad| self.bad(row, c.period, "期间", bad))
            .ok();
        let unit = self
            .unit_id(get(cells, c.unit))
            .map_err(|bad| self.bad(row, c.unit, "单位", bad))
            .ok();
        let group = text(get(cells, c.group));
        let read = if self.share {
            values::share
        } else {
            values::number
        };
        let value = read(get(cells, c.value))
            .map_err(|bad| self.bad(row, c.value, "数值", bad))
            .ok();
        let (period, unit, value) = (period?, unit?, value?);
        let key = (period, unit.clone(), group.clone());
        if let Some(first) = self.seen.get(&key) {
            let bad = BadValue::new(format!("与第 {first} 行重复"))
                .help("同一期间、同一单位（同一分组）只能有一个数；删去其中一行");
            self.bad(row, c.period, "期间", bad);
            return None;
        }
        self.seen.insert(key, row);
        Some(DataRow {
            period,
            unit,
            group,
            value: value.normalize(),
        })
    }

    /// The id of the unit a cell names by its name (西关村) or its id.
    fn unit_id(&self, cell: &Cell) -> Result<String, BadValue> {
        let Some(u) = text(cell) else {
            return Err(BadValue::new("单位为空").help("写村名（如 西关村）或单位 id"));
        };
        let units = &self.config.units;
        match units.iter().find(|x| x.name == u || x.id == u) {
            Some(x) => Ok(x.id.clone()),
            None => {
                let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
                Err(
                    BadValue::new(format!("单位“{u}”不在 site.yaml 的 units 中"))
                        .help(format!("可写：{}", names.join("、"))),
                )
            }
        }
    }

    fn bad(&mut self, row: u32, col: usize, heading: &str, bad: BadValue) {
        self.diags.push(bad.at(self.table, row, col, heading));
    }
}

/// The text of an indicator file holding `rows`.
pub(crate) fn indicator_text(
    title: &str,
    measure_unit: &str,
    source: &str,
    rows: &[DataRow],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 由 gongkai import 从 {source} 导入；核对 measure（统计口径）和 chart 后发布。"
    );
    let _ = writeln!(out, "title: {}", yaml_text(title));
    let _ = writeln!(out, "unit: {}   # 计量单位", yaml_text(measure_unit));
    let measure = if crate::records::indicator::is_percent(measure_unit) {
        "ratio"
    } else {
        "flow"
    };
    let _ = writeln!(
        out,
        "measure: {measure}   # flow 期间发生额、stock 时点存量、cumulative 累计数、ratio 百分比"
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
