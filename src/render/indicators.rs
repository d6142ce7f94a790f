//! Indicator pages and downloads: the chart, the data as a table (periods ×
//! units with the township total), `data.csv` for Excel and `data.json`.

use super::urls::{self, PagePath};
use crate::compute::series::Series;
use crate::domain::number::grouped as number;
use crate::domain::period::Period;
use crate::records::config::Config;
use crate::records::indicator::{Indicator, Measure};
use serde::Serialize;

/// Where an indicator's page lives.
pub(crate) fn page_path(id: &str) -> PagePath {
    PagePath::dir(&format!("indicators/{id}"))
}

pub(crate) fn measure_label(m: Measure) -> &'static str {
    match m {
        Measure::Flow => "当期数",
        Measure::Stock => "期末数",
        Measure::Cumulative => "累计数",
        Measure::Ratio => "比例",
    }
}

/// An indicator's latest figure, as lists and unit pages show it.
#[derive(Serialize, Clone)]
pub(crate) struct Latest {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) period: String,
    pub(crate) value: String,
    pub(crate) unit: String,
}

pub(crate) fn latest(series: &Series, unit: Option<&str>) -> Option<Latest> {
    let ind = series.indicator;
    let (period, value) = series.latest(unit)?;
    Some(Latest {
        id: ind.id.clone(),
        title: ind.title.clone(),
        path: page_path(&ind.id).encoded(),
        period: period.label(),
        value: number(value),
        unit: ind.unit.clone(),
    })
}

#[derive(Serialize)]
pub(crate) struct IndicatorCtx<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) measure: &'static str,
    pub(crate) source: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) target: Option<String>,
    pub(crate) chart: &'a str,
    pub(crate) latest: Option<Latest>,
    pub(crate) table: Table,
    pub(crate) groups: Option<Table>,
}

/// A data table: a header row and rows of cells, first cell the period.
#[derive(Serialize)]
pub(crate) struct Table {
    pub(crate) caption: String,
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<Row>,
}

#[derive(Serialize)]
pub(crate) struct Row {
    pub(crate) period: String,
    pub(crate) cells: Vec<String>,
}

pub(crate) fn context<'a>(
    series: &Series<'a>,
    config: &Config,
    chart: &'a str,
) -> IndicatorCtx<'a> {
    let ind: &'a Indicator = series.indicator;
    IndicatorCtx {
        id: &ind.id,
        title: &ind.title,
        unit: &ind.unit,
        measure: measure_label(ind.measure),
        source: ind.source.as_deref(),
        description: ind.description.as_deref(),
        target: ind
            .target
            .as_ref()
            .map(|t| format!("{}：{} {}", t.period.label(), number(t.value), ind.unit)),
        chart,
        latest: latest(series, None),
        table: unit_table(series, config),
        groups: (!ind.groups.is_empty()).then(|| group_table(series)),
    }
}

fn cell(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or_else(|| "—".to_string(), number)
}

/// What one column shows: a unit's figure, a group's, or (neither) the
/// township's whole.
type Pick<'a> = (Option<&'a str>, Option<&'a str>);

/// One row per period, one cell per pick.
fn rows(series: &Series, periods: &[Period], picks: &[Pick]) -> Vec<Row> {
    periods
        .iter()
        .map(|p| Row {
            period: p.label(),
            cells: picks
                .iter()
                .map(|(unit, group)| cell(series.value(*p, *unit, *group)))
                .collect(),
        })
        .collect()
}

/// Periods × units, with the township total in the last column (left out
/// for a ratio, which has no total unless the data gives one).
fn unit_table(series: &Series, config: &Config) -> Table {
    let ind = series.indicator;
    let names = |u: &str| config.unit(u).map_or(u.to_string(), |x| x.name.clone());
    let mut columns: Vec<String> = series.units().iter().map(|u| names(u)).collect();
    let periods = series.periods();
    let has_total = periods
        .iter()
        .any(|p| series.value(*p, None, None).is_some());
    let mut picks: Vec<Pick> = series.units().iter().map(|u| (Some(*u), None)).collect();
    if has_total {
        columns.push(format!("{}合计", config.township().name));
        picks.push((None, None));
    }
    let rows = rows(series, &periods, &picks);
    Table {
        caption: format!("{}（单位：{}）", ind.title, ind.unit),
        columns,
        rows,
    }
}

/// Periods × groups for the township, with the whole.
fn group_table(series: &Series) -> Table {
    let ind = series.indicator;
    let mut columns = ind.groups.clone();
    columns.push("总数".to_string());
    let mut picks: Vec<Pick> = ind
        .groups
        .iter()
        .map(|g| (None, Some(g.as_str())))
        .collect();
    picks.push((None, None));
    let rows = rows(series, &series.periods(), &picks);
    Table {
        caption: format!("{}分组情况（全镇，单位：{}）", ind.title, ind.unit),
        columns,
        rows,
    }
}

/// Every figure of the table, written and derived, as (period, unit, group, value, derived).
fn figures(
    series: &Series,
    config: &Config,
) -> Vec<(Period, String, Option<String>, String, bool)> {
    let ind = series.indicator;
    let township = config.township().id.clone();
    let mut units: Vec<String> = series.units().iter().map(|u| u.to_string()).collect();
    units.push(township);
    let mut groups: Vec<Option<String>> = vec![None];
    groups.extend(ind.groups.iter().cloned().map(Some));
    let mut out = Vec::new();
    for p in series.periods() {
        for u in &units {
            for g in &groups {
                if let Some(v) = series.value(p, Some(u), g.as_deref()) {
                    let written = ind
                        .data
                        .iter()
                        .any(|d| d.period == p && &d.unit == u && d.group == *g);
                    out.push((p, u.clone(), g.clone(), v.to_string(), !written));
                }
            }
        }
    }
    out
}

/// `data.csv`: UTF-8 with a byte-order mark, so Excel shows the Chinese.
pub(crate) fn csv(series: &Series, config: &Config) -> Vec<u8> {
    let mut out = String::from("\u{feff}期间,单位代码,单位,分组,数值,来源\r\n");
    for (p, u, g, v, derived) in figures(series, config) {
        let name = config.unit(&u).map_or(u.clone(), |x| x.name.clone());
        let source = if derived { "汇总" } else { "填报" };
        out.push_str(&format!(
            "{p},{u},{},{},{v},{source}\r\n",
            csv_field(&name),
            csv_field(g.as_deref().unwrap_or(""))
        ));
    }
    out.into_bytes()
}

/// A text cell of `data.csv`. One that starts like a formula (`=`, `+`,
/// `-`, `@`, or a tab or carriage return before one) gets a leading `'`,
/// which Excel and WPS show as text rather than run: a downloaded table
/// must never compute anything (OWASP "CSV injection").
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `data.json`: values as strings, so they stay exact (`"96.50"`).
pub(crate) fn json(series: &Series, config: &Config) -> Vec<u8> {
    let ind = series.indicator;
    let data: Vec<serde_json::Value> = figures(series, config)
        .into_iter()
        .map(|(p, u, g, v, derived)| {
            serde_json::json!({ "period": p.to_string(), "unit": u, "group": g, "value": v, "derived": derived })
        })
        .collect();
    let doc = serde_json::json!({
        "id": ind.id,
        "title": ind.title,
        "unit": ind.unit,
        "measure": measure_label(ind.measure),
        "source": ind.source,
        "data": data,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The list line of an indicator on `/indicators/`.
#[derive(Serialize)]
pub(crate) struct ListItem {
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) chart: String,
    pub(crate) latest: Option<Latest>,
    pub(crate) source: Option<String>,
}

pub(crate) fn list_item(series: &Series) -> ListItem {
    let ind = series.indicator;
    ListItem {
        title: ind.title.clone(),
        path: page_path(&ind.id).encoded(),
        chart: urls::encode_path(&format!("indicators/{}/chart.svg", ind.id)),
        latest: latest(series, None),
        source: ind.source.clone(),
    }
}

/// The latest figure of every indicator `unit` has data in.
pub(crate) fn unit_figures(series: &[Series], unit: &str) -> Vec<Latest> {
    series
        .iter()
        .filter_map(|s| latest(s, Some(unit)))
        .collect()
}

/// The home page's key figures: indicators marked `featured`, else the first four.
pub(crate) fn key_figures(series: &[Series]) -> Vec<Latest> {
    let featured: Vec<&Series> = series.iter().filter(|s| s.indicator.featured).collect();
    let chosen: Vec<&Series> = if featured.is_empty() {
        series.iter().take(4).collect()
    } else {
        featured
    };
    chosen.into_iter().filter_map(|s| latest(s, None)).collect()
}
