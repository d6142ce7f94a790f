//! Work reports (`reports/*.md`): half-year, annual and duty (述职) reports
//! whose numbers are quoted from the indicator series through shortcodes.
//!
//! Shortcodes are resolved here, while validating, so that a report naming a
//! missing indicator, period, unit or group is an error at its own line, and
//! the render stage only has text and chart places left to fill.

use super::common::{self, Common};
use super::config::Config;
use super::read::Reader;
use crate::compute::series::Series;
use crate::diagnostics::{Diagnostics, Span};
use crate::domain::period::Period;
use crate::load::Document;
use crate::render::shortcodes::{self, Call};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportType {
    HalfYear,
    Annual,
    Duty,
}

impl ReportType {
    pub fn label(&self) -> &'static str {
        match self {
            ReportType::HalfYear => "半年工作报告",
            ReportType::Annual => "年度工作报告",
            ReportType::Duty => "述职报告",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub path: String,
    pub common: Common,
    pub period: Period,
    pub kind: ReportType,
    /// The body with every `value` shortcode replaced by its number and
    /// every `chart` shortcode by a place marker ([`chart_marker`]).
    pub body: String,
    /// The indicator of each chart marker, in order.
    pub charts: Vec<String>,
}

/// The text a `chart` shortcode leaves in the body, replaced by the chart
/// after Markdown rendering (plain letters, so Markdown and the sanitizer
/// leave it alone).
pub fn chart_marker(n: usize) -> String {
    format!("GONGKAICHART{n}X")
}

const FIELDS: [&str; 2] = ["period", "type"];

pub fn read(
    doc: &Document,
    config: &Config,
    series: &BTreeMap<String, Series>,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let errors_before = diags.error_count();
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "报告")?;
    let common = common::read(&mut f, &mut r, config);
    let period = f
        .required("period", &mut r, "写报告期间，例如 period: 2013-H1")
        .and_then(|n| r.period(n, "period"));
    let kind = f
        .required(
            "type",
            &mut r,
            "写 type: half_year（半年）、annual（年度）或 duty（述职）",
        )
        .and_then(|n| {
            r.choice(
                n,
                "type",
                &[
                    ("half_year", ReportType::HalfYear),
                    ("annual", ReportType::Annual),
                    ("duty", ReportType::Duty),
                ],
            )
        });
    let mut known: Vec<&str> = common::FIELDS.to_vec();
    known.extend(FIELDS);
    f.finish(&mut r, &known);
    let (body, charts) = resolve_shortcodes(doc, &mut r, config, series);
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Report {
        path: doc.path.clone(),
        common: common?,
        period: period?.value,
        kind: kind?.value,
        body,
        charts,
    })
}

/// The span of body bytes `start..end`, placed in the file.
fn body_span(doc: &Document, start: usize, end: usize) -> Span {
    let inner = Span::locate(&doc.body, start, end - start);
    Span {
        line: inner.line + doc.body_line - 1,
        col: inner.col,
        start: inner.start + doc.body_offset,
        end: inner.end + doc.body_offset,
    }
}

fn resolve_shortcodes(
    doc: &Document,
    r: &mut Reader,
    config: &Config,
    series: &BTreeMap<String, Series>,
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(doc.body.len());
    let mut charts = Vec::new();
    let mut last = 0;
    for found in shortcodes::find(&doc.body) {
        let call = match found {
            Ok(call) => call,
            Err(m) => {
                r.error(body_span(doc, m.start, m.end), m.message);
                continue;
            }
        };
        out.push_str(&doc.body[last..call.start]);
        last = call.end;
        let span = body_span(doc, call.start, call.end);
        match resolve(&call, config, series) {
            Ok(Resolved::Text(text)) => out.push_str(&text),
            Ok(Resolved::Chart(id)) => {
                out.push_str(&chart_marker(charts.len()));
                charts.push(id);
            }
            Err((message, help)) => r.error_help(span, message, help),
        }
    }
    out.push_str(&doc.body[last.min(doc.body.len())..]);
    (out, charts)
}

enum Resolved {
    Text(String),
    Chart(String),
}

type Problem = (String, String);

fn resolve(
    call: &Call,
    config: &Config,
    series: &BTreeMap<String, Series>,
) -> Result<Resolved, Problem> {
    let allowed: &[&str] = match call.name.as_str() {
        "value" => &["indicator", "period", "unit", "group"],
        "chart" => &["indicator"],
        other => {
            return Err((
                format!("未知的短代码“{other}”"),
                "可用的短代码：value（引用数值）、chart（插入图表）".to_string(),
            ));
        }
    };
    if let Some(extra) = call.args.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err((
            format!("短代码 {} 没有参数“{extra}”", call.name),
            format!("可用的参数：{}", allowed.join("、")),
        ));
    }
    let id = call.args.get("indicator").ok_or_else(|| {
        (
            format!("短代码 {} 缺少参数 indicator", call.name),
            "写 indicator=\"指标文件名\"，例如 indicator=\"pear-grafting\"".to_string(),
        )
    })?;
    let s = series.get(id).ok_or_else(|| {
        let known: Vec<&str> = series.keys().map(String::as_str).collect();
        (
            format!("找不到指标“{id}”：indicators/ 下没有 {id}.yaml"),
            if known.is_empty() {
                "先在 indicators/ 下建立该指标".to_string()
            } else {
                format!("已有的指标：{}", known.join("、"))
            },
        )
    })?;
    if call.name == "chart" {
        return Ok(Resolved::Chart(id.clone()));
    }
    value_text(call, s, config).map(Resolved::Text)
}

/// The number a `value` shortcode stands for, formatted as the site wants.
fn value_text(call: &Call, s: &Series, config: &Config) -> Result<String, Problem> {
    let ind = s.indicator;
    let period_text = call.args.get("period").ok_or_else(|| {
        (
            "短代码 value 缺少参数 period".to_string(),
            "写 period=\"2013-H1\" 等".to_string(),
        )
    })?;
    let period = Period::parse(period_text)
        .map_err(|e| (e, "期间写作 2013、2013-H1、2013-Q2 或 2013-04".to_string()))?;
    let unit = call.args.get("unit").map(String::as_str);
    if let Some(u) = unit
        && config.unit(u).is_none()
    {
        return Err((
            format!("未知的单位“{u}”"),
            "unit 写 site.yaml 中的单位代码，例如 unit=\"xiguan\"".to_string(),
        ));
    }
    let group = call.args.get("group").map(String::as_str);
    if let Some(g) = group
        && !ind.groups.iter().any(|x| x == g)
    {
        return Err((
            format!("指标“{}”没有分组“{g}”", ind.title),
            if ind.groups.is_empty() {
                "该指标没有分组，删去 group".to_string()
            } else {
                format!("可用的分组：{}", ind.groups.join("、"))
            },
        ));
    }
    let value = s.value(period, unit, group).ok_or_else(|| {
        let where_ = unit
            .and_then(|u| config.unit(u))
            .map_or_else(|| "全镇".to_string(), |u| u.name.clone());
        let periods: Vec<String> = s.periods().iter().map(|p| p.to_string()).collect();
        (
            format!("指标“{}”没有{where_} {period} 的数据", ind.title),
            format!("有数据的期间：{}", periods.join("、")),
        )
    })?;
    Ok(if config.grouped_numbers {
        crate::render::context::number(value)
    } else {
        value.to_string()
    })
}
