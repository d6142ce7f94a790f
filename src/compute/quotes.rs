//! Report quotes: each `value` shortcode of a work report becomes its
//! number, each `chart` shortcode a place for the chart, from the same
//! series the indicator pages show, so a figure in a report always agrees
//! with the table beside it.

use super::series::Series;
use crate::diagnostics::Diagnostics;
use crate::domain::number;
use crate::domain::period::Period;
use crate::records::config::Config;
use crate::records::indicator::{Indicator, Measure};
use crate::records::report::{Quote, QuoteKind, Report};
use std::collections::BTreeMap;

/// A report's body with its quotes resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportText {
    /// The body with every `value` shortcode replaced by its number and
    /// every `chart` shortcode by a place marker ([`chart_marker`]).
    pub body: String,
    /// The chart of each chart marker, in order.
    pub(crate) charts: Vec<ChartQuote>,
}

/// A chart a report asks for: an indicator's, whole or over a span.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ChartQuote {
    pub(crate) indicator: String,
    /// The first and last period shown (`period=`, `through=`); `None`
    /// for the whole series, as on the indicator's page.
    pub(crate) span: Option<(Period, Period)>,
}

/// The text a `chart` shortcode leaves in the body, replaced by the chart
/// after Markdown rendering (plain letters, so Markdown and the sanitizer
/// leave it alone).
pub(crate) fn chart_marker(n: usize) -> String {
    format!("GONGKAICHART{n}X")
}

/// Resolves every quote of `report`; a quote that names a missing
/// indicator, period or group is an error at its line.
pub(crate) fn resolve(
    report: &Report,
    series: &BTreeMap<&str, &Series>,
    records: &super::Records,
    diags: &mut Diagnostics,
) -> ReportText {
    let config = records.config;
    let body = &report.body;
    let mut out = ReportText {
        body: String::with_capacity(body.len()),
        charts: Vec::new(),
    };
    let mut last = 0;
    for quote in &report.quotes {
        out.body.push_str(&body[last..quote.start]);
        last = quote.end;
        if records.unread_indicators.contains(&quote.indicator) {
            continue;
        }
        match resolve_one(quote, series, config) {
            Ok(Resolved::Text(text)) => out.body.push_str(&text),
            Ok(Resolved::Chart(chart)) => {
                out.body.push_str(&chart_marker(out.charts.len()));
                out.charts.push(chart);
            }
            Err((message, help)) => diags.error_help(&report.path, Some(quote.span), message, help),
        }
    }
    out.body.push_str(&body[last.min(body.len())..]);
    out
}

enum Resolved {
    Text(String),
    Chart(ChartQuote),
}

type Problem = (String, String);

fn resolve_one(
    quote: &Quote,
    series: &BTreeMap<&str, &Series>,
    config: &Config,
) -> Result<Resolved, Problem> {
    let id = &quote.indicator;
    let s = series.get(id.as_str()).ok_or_else(|| {
        let known: Vec<&str> = series.keys().copied().collect();
        (
            format!("找不到指标“{id}”：indicators/ 下没有 {id}.yaml"),
            if known.is_empty() {
                "先在 indicators/ 下建立该指标".to_string()
            } else {
                format!("已有的指标：{}", known.join("、"))
            },
        )
    })?;
    match &quote.kind {
        QuoteKind::Chart { period, through } => {
            chart_span(s, *period, *through, config).map(|span| {
                Resolved::Chart(ChartQuote {
                    indicator: id.clone(),
                    span,
                })
            })
        }
        QuoteKind::Value {
            period,
            unit,
            group,
            through: None,
        } => value_text(s, *period, unit.as_deref(), group.as_deref(), config).map(Resolved::Text),
        QuoteKind::Value {
            period,
            unit,
            group,
            through: Some(last),
        } => {
            let q = Quoted {
                unit: unit.as_deref(),
                group: group.as_deref(),
                config,
            };
            year_to_date_text(s, *period, *last, &q).map(Resolved::Text)
        }
    }
}

/// Who and what a `value` shortcode quotes, besides the period.
struct Quoted<'a> {
    unit: Option<&'a str>,
    group: Option<&'a str>,
    config: &'a Config,
}

impl Quoted<'_> {
    fn unit_name(&self, id: &str) -> String {
        self.config
            .unit(id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }

    fn format(&self, value: rust_decimal::Decimal) -> String {
        if self.config.grouped_numbers {
            number::grouped(value)
        } else {
            value.to_string()
        }
    }
}

/// A year-to-date figure (`through=`): the flow summed from the start of
/// `period` to the end of `last`, with every month (or quarter) in between
/// known. Only a flow adds up over time: a stock or running total at
/// `last` is simply its value there, and a ratio never adds up.
fn year_to_date_text(
    s: &Series,
    period: Period,
    last: Period,
    q: &Quoted,
) -> Result<String, Problem> {
    let ind = s.indicator;
    if ind.measure != Measure::Flow {
        return Err(not_a_flow(ind, last));
    }
    check_group(ind, q.group)?;
    let parts = period.up_to(last);
    let sum = s.sum_over(&parts, q.unit, q.group).map_err(|lacking| {
        let where_ = q.unit.map_or_else(|| "全镇".to_string(), |u| q.unit_name(u));
        let named = name_gaps(&lacking, |u| q.unit_name(u));
        (
            format!(
                "指标“{}”{where_} {period} 截至 {last} 的累计数无法得出：{}",
                ind.title,
                if named.is_empty() {
                    "合计超出了可计算的范围".to_string()
                } else {
                    named
                }
            ),
            format!(
                "累计要有 {} 到 {last} 每一期的数才不会少算：补上缺的数，或把 through 改到有数的最后一期",
                parts.first().copied().unwrap_or(last)
            ),
        )
    })?;
    Ok(q.format(sum))
}

/// The periods a chart shortcode shows: all; those inside `period`; or,
/// with `through`, a flow from the start of `period` to the end of
/// `through` with every month (or quarter) known, as a year-to-date
/// figure needs, so the chart never shows a gap as a low bar.
fn chart_span(
    s: &Series,
    period: Option<Period>,
    through: Option<Period>,
    config: &Config,
) -> Result<Option<(Period, Period)>, Problem> {
    let Some(period) = period else {
        return Ok(None);
    };
    let Some(last) = through else {
        return Ok(Some((period, period)));
    };
    // The chart needs what the township's year-to-date figure needs.
    let q = Quoted {
        unit: None,
        group: None,
        config,
    };
    year_to_date_text(s, period, last, &q)?;
    Ok(Some((period, last)))
}

/// Why `through=` does not apply to a series that is not a flow.
fn not_a_flow(ind: &Indicator, last: Period) -> Problem {
    let what = match ind.measure {
        Measure::Ratio => "是比率（ratio），比率不能相加",
        Measure::Stock => "是期末存量（stock），各月的数不能相加",
        _ => "是累计数（cumulative），本身已经是截至期末的总数，不能再相加",
    };
    let help = match ind.measure {
        Measure::Ratio => format!("去掉 through，直接引用 period=\"{last}\" 的比率"),
        _ => format!("去掉 through，直接写 period=\"{last}\" 引用期末的数"),
    };
    (
        format!(
            "指标“{}”{what}：through= 只用于流量指标（measure: flow）",
            ind.title
        ),
        help,
    )
}

/// "西关村没有 2014-10 的数，…", at most six, then how many more.
fn name_gaps(gaps: &[(String, Period)], name: impl Fn(&str) -> String) -> String {
    const SHOWN: usize = 6;
    let mut named: Vec<String> = gaps
        .iter()
        .take(SHOWN)
        .map(|(u, p)| format!("{}没有 {p} 的数", name(u)))
        .collect();
    if gaps.len() > SHOWN {
        named.push(format!("等 {} 处", gaps.len()));
    }
    named.join("，")
}

/// A group the indicator does not declare is an error naming those it does.
fn check_group(ind: &Indicator, group: Option<&str>) -> Result<(), Problem> {
    match group {
        Some(g) if !ind.groups.iter().any(|x| x == g) => Err((
            format!("指标“{}”没有分组“{g}”", ind.title),
            if ind.groups.is_empty() {
                "该指标没有分组，删去 group".to_string()
            } else {
                format!("可用的分组：{}", ind.groups.join("、"))
            },
        )),
        _ => Ok(()),
    }
}

/// Why a quoted figure is not known: the units and periods whose figures
/// it lacks (a village missing from a township total), else the periods the
/// series has.
fn missing(
    s: &Series,
    period: Period,
    unit: Option<&str>,
    group: Option<&str>,
    config: &Config,
) -> Problem {
    let title = &s.indicator.title;
    let name = |u: &str| {
        config
            .unit(u)
            .map_or_else(|| u.to_string(), |u| u.name.clone())
    };
    let where_ = unit.map_or_else(|| "全镇".to_string(), name);
    let gaps = s.gaps(period, unit, group);
    let only_itself = gaps.len() == 1 && unit == Some(gaps[0].0.as_str()) && gaps[0].1 == period;
    if gaps.is_empty() || only_itself {
        let periods: Vec<String> = s.periods().iter().map(|p| p.to_string()).collect();
        return (
            format!("指标“{title}”没有{where_} {period} 的数据"),
            format!("有数据的期间：{}", periods.join("、")),
        );
    }
    (
        format!(
            "指标“{title}”{where_} {period} 的数无法得出：{}",
            name_gaps(&gaps, name)
        ),
        "合计要有每一部分的数才不会少算：补上缺的数；这些单位若不在统计范围内，在指标文件中用 units: 列出参与合计的单位".to_string(),
    )
}

/// The number a `value` shortcode stands for, formatted as the site wants.
fn value_text(
    s: &Series,
    period: Period,
    unit: Option<&str>,
    group: Option<&str>,
    config: &Config,
) -> Result<String, Problem> {
    check_group(s.indicator, group)?;
    let value = s
        .value(period, unit, group)
        .ok_or_else(|| missing(s, period, unit, group, config))?;
    Ok(if config.grouped_numbers {
        number::grouped(value)
    } else {
        value.to_string()
    })
}
