//! Work reports (`reports/*.md`): half-year, annual and duty (述职) reports
//! whose numbers are quoted from the indicator series through shortcodes.
//!
//! Shortcodes are parsed and checked here, while validating (the name, the
//! arguments, the period and unit), so a malformed one is an error at its
//! own line. Quoting a figure needs the indicator series: the compute stage
//! resolves each [`Quote`] (`compute::quotes`), and a missing indicator,
//! period or group is an error at the same line there.

use super::common::{self, Common};
use super::config::Config;
use super::read::Reader;
use crate::diagnostics::{Diagnostics, Span};
use crate::domain::period::Period;
use crate::load::Document;
use crate::records::shortcodes::{self, Call};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReportType {
    HalfYear,
    Annual,
    Duty,
}

impl ReportType {
    pub(crate) fn label(&self) -> &'static str {
        match self {
            ReportType::HalfYear => "半年工作报告",
            ReportType::Annual => "年度工作报告",
            ReportType::Duty => "述职报告",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub(crate) path: String,
    pub(crate) common: Common,
    pub(crate) period: Period,
    pub(crate) kind: ReportType,
    /// The Markdown body as written, shortcodes and all.
    pub(crate) body: String,
    /// Every shortcode of the body, in order.
    pub(crate) quotes: Vec<Quote>,
    /// The body's links, checked once every page is known.
    pub(crate) links: Vec<super::links::BodyLink>,
}

/// One shortcode of a report body: what it quotes, and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Quote {
    /// The indicator id (its file name under `indicators/`).
    pub(crate) indicator: String,
    pub(crate) kind: QuoteKind,
    /// Byte range of the shortcode in the body.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Where it stands in the file, for diagnostics.
    pub(crate) span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum QuoteKind {
    /// `{{ value(indicator=…, period=…, unit=…, group=…, through=…) }}`: a
    /// number.
    Value {
        period: Period,
        /// A unit id; `None` is the township total.
        unit: Option<String>,
        group: Option<String>,
        /// A year-to-date figure: the flow summed from the period's start to
        /// the end of this period, which lies inside it ("截至11月份").
        through: Option<Period>,
    },
    /// `{{ chart(indicator=…, period=…, through=…) }}`: the indicator's
    /// chart; with `period`, only the periods inside it; with `through`
    /// too, a flow's periods from the start of `period` to the end of
    /// `through`, every one of which must have its figure.
    Chart {
        period: Option<Period>,
        through: Option<Period>,
    },
}

const FIELDS: [&str; 2] = ["period", "type"];

pub(crate) fn read(doc: &Document, config: &Config, diags: &mut Diagnostics) -> Option<Report> {
    let errors_before = diags.error_count();
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "报告")?;
    let common = common::read(&mut f, &mut r, config);
    let period = f.required_as(
        "period",
        &mut r,
        "写报告期间，例如 period: 2013-H1",
        Reader::period,
    );
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
    let quotes = read_quotes(doc, &mut r, config);
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Report {
        path: doc.path.clone(),
        common: common?,
        period: period?.value,
        kind: kind?.value,
        body: doc.body.clone(),
        quotes,
        links: super::links::body_links(doc),
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

/// Every shortcode of the body, checked as far as the records alone allow.
fn read_quotes(doc: &Document, r: &mut Reader, config: &Config) -> Vec<Quote> {
    let mut quotes = Vec::new();
    for found in shortcodes::find(&doc.body) {
        let call = match found {
            Ok(call) => call,
            Err(m) => {
                r.error(body_span(doc, m.start, m.end), m.message);
                continue;
            }
        };
        let span = body_span(doc, call.start, call.end);
        match quote(&call, config) {
            Ok((indicator, kind)) => quotes.push(Quote {
                indicator,
                kind,
                start: call.start,
                end: call.end,
                span,
            }),
            Err((message, help)) => r.error_help(span, message, help),
        }
    }
    quotes
}

type Problem = (String, String);

/// What one shortcode quotes: its name and arguments checked.
fn quote(call: &Call, config: &Config) -> Result<(String, QuoteKind), Problem> {
    let allowed: &[&str] = match call.name.as_str() {
        "value" => &["indicator", "period", "unit", "group", "through"],
        "chart" => &["indicator", "period", "through"],
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
            "写 indicator=\"指标代码\"：indicators/ 下的文件名，不含 .yaml".to_string(),
        )
    })?;
    if call.name == "chart" {
        return chart_quote(call, id);
    }
    let period_text = call.args.get("period").ok_or_else(|| {
        (
            "短代码 value 缺少参数 period".to_string(),
            "写 period=\"2013-H1\" 等".to_string(),
        )
    })?;
    let period = parse_period(period_text)?;
    let through = call
        .args
        .get("through")
        .map(|t| through(period, t))
        .transpose()?;
    let unit = call.args.get("unit").cloned();
    if let Some(u) = &unit
        && config.unit(u).is_none()
    {
        return Err((
            format!("未知的单位“{u}”：site.yaml 中没有这个单位"),
            common::unknown_unit_help(u, config),
        ));
    }
    let group = call.args.get("group").cloned();
    Ok((
        id.clone(),
        QuoteKind::Value {
            period,
            unit,
            group,
            through,
        },
    ))
}

/// A `chart` shortcode: `through` only with the `period` it lies in.
fn chart_quote(call: &Call, id: &str) -> Result<(String, QuoteKind), Problem> {
    let period = call
        .args
        .get("period")
        .map(|p| parse_period(p))
        .transpose()?;
    let through = match (period, call.args.get("through")) {
        (_, None) => None,
        (Some(p), Some(t)) => Some(through(p, t)?),
        (None, Some(t)) => {
            return Err((
                "短代码 chart 写了 through，却没有写 period".to_string(),
                format!(
                    "写明从哪一期开始累计，例如全年截至11月份写 period=\"{}\", through=\"{t}\"",
                    t.get(..4).unwrap_or("2014")
                ),
            ));
        }
    };
    Ok((id.to_string(), QuoteKind::Chart { period, through }))
}

fn parse_period(text: &str) -> Result<Period, Problem> {
    Period::parse(text).map_err(|e| {
        (
            e.0,
            "期间写作 2013、2013-H1、2013-Q2 或 2013-04".to_string(),
        )
    })
}

/// The last period a year-to-date figure adds up: it must lie inside
/// `period`, or the sum would run outside the period it is quoted for.
fn through(period: Period, text: &str) -> Result<Period, Problem> {
    let last = parse_period(text)?;
    if period.contains(&last) {
        return Ok(last);
    }
    Err((
        format!("through=\"{last}\" 不在 period=\"{period}\" 之内"),
        format!(
            "through 写累计到的月份或季度，要在{}之内；例如全年截至11月份写 period=\"{y}\", through=\"{y}-11\"",
            period.label(),
            y = period.year(),
        ),
    ))
}
