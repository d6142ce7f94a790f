//! Indicator charts drawn at build time with plotters (SVG backend, no font
//! feature: the text stays `<text>` and the reader's browser draws the
//! Chinese with its own fonts).
//!
//! One chart per indicator, drawn once, written as `chart.svg` and inlined
//! where pages show it. The SVG scales with its `viewBox` (readable at
//! 360 px), carries a `<title>` and `<desc>` for screen readers, and every
//! unit keeps one colour across all charts of the site. plotters estimates
//! text width from UTF-8 bytes, which over-measures Chinese about 2×, so the
//! legend is laid out here with our own width estimate.

use crate::compute::series::Series;
use crate::domain::period::Period;
use crate::domain::text::end_with;
use crate::records::config::Config;
use crate::records::indicator::ChartKind;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::ops::Range;

/// Small enough that text stays legible when a phone scales the chart
/// down to about 330 px.
const WIDTH: u32 = 480;
const PLOT_HEIGHT: u32 = 300;
const TEXT: u32 = 22;
const FONT: &str = "sans-serif";

/// Colour-blind-safe colours; a unit's colour is fixed by its place in
/// site.yaml, so 西关村 is the same blue in every chart.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 95, 158),
    RGBColor(213, 94, 0),
    RGBColor(0, 130, 104),
    RGBColor(204, 102, 153),
    RGBColor(70, 160, 210),
    RGBColor(200, 140, 0),
    RGBColor(117, 112, 179),
    RGBColor(90, 150, 30),
    RGBColor(150, 80, 40),
    RGBColor(110, 110, 110),
];
const TOWNSHIP_COLOUR: RGBColor = RGBColor(60, 60, 60);
const TARGET_COLOUR: RGBColor = RGBColor(163, 38, 42);

/// One line or set of bars: a unit, a group, or the whole.
struct Line {
    name: String,
    colour: RGBColor,
    values: Vec<Option<f64>>,
}

/// What a chart shows, in plain numbers.
struct Plan {
    periods: Vec<Period>,
    lines: Vec<Line>,
    kind: ChartKind,
    target: Option<(String, f64)>,
}

/// The chart of an indicator as a standalone SVG document.
pub(crate) fn draw(series: &Series, config: &Config) -> String {
    let plan = plan(series, config);
    let desc = describe(series, &plan, series.latest(None));
    draw_plan(series, &plan, &series.indicator.id, &desc)
}

/// The chart of an indicator over the periods from the start of `first`
/// to the end of `last` (a report's `chart(period=…, through=…)`), with
/// element ids of its own, since the page may show the whole chart too.
pub(crate) fn draw_span(
    series: &Series,
    config: &Config,
    (first, last): (Period, Period),
) -> String {
    let mut plan = plan(series, config);
    let keep: Vec<bool> = plan
        .periods
        .iter()
        .map(|p| first.start() <= p.start() && p.end() <= last.end())
        .collect();
    let kept = |values: &mut Vec<Option<f64>>| {
        let mut i = 0;
        values.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    };
    for line in &mut plan.lines {
        kept(&mut line.values);
    }
    plan.periods
        .retain(|p| first.start() <= p.start() && p.end() <= last.end());
    let latest = plan
        .periods
        .iter()
        .rev()
        .find_map(|p| series.value(*p, None, None).map(|v| (*p, v)));
    let desc = describe(series, &plan, latest);
    let id = format!("{}-{first}-{last}", series.indicator.id);
    draw_plan(series, &plan, &id, &desc)
}

/// Draws `plan` as an SVG document named by the indicator's title and
/// described by `desc`, its title and description ids made from `id`.
fn draw_plan(series: &Series, plan: &Plan, id: &str, desc: &str) -> String {
    let legend_rows = legend_layout(&plan.lines).len().max(1) as u32;
    let height = PLOT_HEIGHT + 16 + legend_rows * 32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let (plot_area, legend_area) = root.split_vertically(PLOT_HEIGHT);
        let _ = draw_plot(&plot_area, plan, &series.indicator.unit);
        draw_legend(&legend_area, &plan.lines);
        let _ = root.present();
    }
    super::xml_chars(accessible(svg, id, &title(series), desc))
}

/// The chart's accessible name: the indicator and its unit.
fn title(series: &Series) -> String {
    format!(
        "{}（单位：{}）",
        series.indicator.title, series.indicator.unit
    )
}

/// A sentence that says what the chart shows, for screen readers;
/// `latest` is the last period shown with the township's figure.
fn describe(series: &Series, plan: &Plan, latest: Option<(Period, Decimal)>) -> String {
    let kind = match plan.kind {
        ChartKind::Bar => "柱状图",
        ChartKind::Line => "折线图",
        ChartKind::Stacked => "堆积柱状图",
    };
    let span = match (plan.periods.first(), plan.periods.last()) {
        (Some(a), Some(b)) if a != b => format!("{}至{}", a.label(), b.label()),
        (Some(a), _) => a.label(),
        _ => "暂无数据".to_string(),
    };
    let names: Vec<&str> = plan.lines.iter().map(|l| l.name.as_str()).collect();
    let mut s = format!(
        "{kind}：{span}{}分{}显示",
        end_with(&series.indicator.title, "，"),
        names.join("、")
    );
    if let Some((label, _)) = &plan.target {
        s.push_str(&format!("；{label}"));
    }
    if let Some((p, v)) = latest {
        s.push_str(&format!(
            "。最近一期（{}）全镇合计 {} {}",
            p.label(),
            crate::domain::number::grouped(v),
            series.indicator.unit
        ));
    }
    end_with(&s, "。")
}

/// Decides periods, lines and colours from the series.
fn plan(series: &Series, config: &Config) -> Plan {
    let ind = series.indicator;
    let periods = chart_periods(series);
    let as_f64 = |v: Option<Decimal>| v.and_then(|d| d.to_f64());
    let mut lines = Vec::new();
    if !ind.groups.is_empty() {
        if !ind.partition {
            lines.push(Line {
                name: "总数".to_string(),
                colour: TOWNSHIP_COLOUR,
                values: periods
                    .iter()
                    .map(|p| as_f64(series.value(*p, None, None)))
                    .collect(),
            });
        }
        for (i, g) in ind.groups.iter().enumerate() {
            lines.push(Line {
                name: g.clone(),
                colour: PALETTE[i % PALETTE.len()],
                values: periods
                    .iter()
                    .map(|p| as_f64(series.value(*p, None, Some(g))))
                    .collect(),
            });
        }
    } else if series.units().is_empty() {
        lines.push(Line {
            name: config.township().name.clone(),
            colour: TOWNSHIP_COLOUR,
            values: periods
                .iter()
                .map(|p| as_f64(series.value(*p, None, None)))
                .collect(),
        });
    } else {
        for u in series.units() {
            let index = config.units.iter().position(|x| x.id == *u).unwrap_or(1);
            let name = config.unit(u).map_or(u.to_string(), |x| x.name.clone());
            lines.push(Line {
                name,
                colour: PALETTE[(index.saturating_sub(1)) % PALETTE.len()],
                values: periods
                    .iter()
                    .map(|p| as_f64(series.value(*p, Some(u), None)))
                    .collect(),
            });
        }
    }
    let kind = match ind.chart {
        ChartKind::Stacked if !ind.groups.is_empty() && !ind.partition => ChartKind::Bar,
        // A target is the township's: stack the units so the bar it is
        // measured against is the township total.
        ChartKind::Bar
            if ind.target.is_some()
                && ind.groups.is_empty()
                && ind.measure != crate::records::indicator::Measure::Ratio =>
        {
            ChartKind::Stacked
        }
        k => k,
    };
    let target = ind.target.as_ref().and_then(|t| {
        let label = format!(
            "目标（{}）{} {}",
            t.period.label(),
            crate::domain::number::grouped(t.value),
            ind.unit
        );
        t.value.to_f64().map(|v| (label, v))
    });
    Plan {
        periods,
        lines,
        kind,
        target,
    }
}

/// The periods along the x axis: those written in the data, leaving out
/// any that contains another written one (quarters rather than the half-year
/// they add up to), so no span of time is drawn twice.
fn chart_periods(series: &Series) -> Vec<Period> {
    let written: std::collections::BTreeSet<Period> =
        series.indicator.data.iter().map(|p| p.period).collect();
    let mut periods: Vec<Period> = written
        .iter()
        .filter(|p| !written.iter().any(|q| q != *p && p.contains(q)))
        .copied()
        .collect();
    periods.sort_by_key(|p| (p.end(), std::cmp::Reverse(p.start())));
    periods
}

/// The y range: from zero to a little above the largest bar, stack or target.
fn y_max(plan: &Plan) -> f64 {
    let per_period = (0..plan.periods.len()).map(|i| {
        let column = plan.lines.iter().filter_map(|l| l.values[i]);
        if plan.kind == ChartKind::Stacked {
            column.sum::<f64>()
        } else {
            column.fold(0.0, f64::max)
        }
    });
    let top = per_period
        .fold(0.0, f64::max)
        .max(plan.target.as_ref().map_or(0.0, |t| t.1));
    if top <= 0.0 { 1.0 } else { top * 1.12 }
}

fn draw_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    plan: &Plan,
    unit: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let axis = PeriodAxis {
        labels: plan.periods.iter().map(short_label).collect(),
    };
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .margin_right(20)
        .x_label_area_size(44)
        .y_label_area_size(84)
        .build_cartesian_2d(axis, 0.0..y_max(plan))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(215, 215, 215))
        .y_desc(format!("单位：{unit}"))
        .axis_desc_style((FONT, TEXT))
        .label_style((FONT, TEXT))
        .y_label_formatter(&|v| trim_number(*v))
        .draw()?;
    match plan.kind {
        ChartKind::Line => draw_lines(&mut chart, plan)?,
        ChartKind::Stacked => draw_stacked(&mut chart, plan)?,
        ChartKind::Bar => draw_bars(&mut chart, plan)?,
    }
    if let Some((_, value)) = &plan.target {
        let n = plan.periods.len() as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, *value), (n, *value)],
            ShapeStyle::from(&TARGET_COLOUR).stroke_width(2),
        )))?;
    }
    Ok(())
}

type Chart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<PeriodAxis, plotters::coord::types::RangedCoordf64>>;

fn draw_bars<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    plan: &Plan,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let k = plan.lines.len().max(1) as f64;
    let slot = 0.8 / k;
    for (j, line) in plan.lines.iter().enumerate() {
        let bars = line.values.iter().enumerate().filter_map(|(i, v)| {
            let v = (*v)?;
            let x0 = i as f64 + 0.1 + slot * j as f64;
            Some(Rectangle::new(
                [(x0, 0.0), (x0 + slot * 0.92, v)],
                line.colour.filled(),
            ))
        });
        chart.draw_series(bars)?;
    }
    Ok(())
}

fn draw_stacked<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    plan: &Plan,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut base = vec![0.0; plan.periods.len()];
    for line in &plan.lines {
        let bars: Vec<_> = line
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                let b = base[i];
                base[i] += v;
                Some(Rectangle::new(
                    [(i as f64 + 0.2, b), (i as f64 + 0.8, b + v)],
                    line.colour.filled(),
                ))
            })
            .collect();
        chart.draw_series(bars)?;
    }
    Ok(())
}

fn draw_lines<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    plan: &Plan,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for line in &plan.lines {
        let points: Vec<(f64, f64)> = line
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i as f64 + 0.5, v)))
            .collect();
        chart.draw_series(LineSeries::new(
            points.clone(),
            ShapeStyle::from(&line.colour).stroke_width(3),
        ))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, line.colour.filled())),
        )?;
    }
    Ok(())
}

/// Estimated width in pixels of `text` at `size` px: a CJK character is a
/// full em, other characters a little over half.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Legend entries laid out in rows that fit the width: (row, x, index).
fn legend_layout(lines: &[Line]) -> Vec<Vec<(f64, usize)>> {
    let mut rows: Vec<Vec<(f64, usize)>> = vec![Vec::new()];
    let mut x = 16.0;
    for (i, line) in lines.iter().enumerate() {
        let w = 24.0 + text_width(&line.name, f64::from(TEXT)) + 18.0;
        if x + w > f64::from(WIDTH) - 8.0 && x > 16.0 {
            rows.push(Vec::new());
            x = 16.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, i));
        }
        x += w;
    }
    rows
}

fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>, lines: &[Line]) {
    let style = TextStyle::from((FONT, TEXT).into_font()).color(&RGBColor(40, 40, 40));
    for (r, row) in legend_layout(lines).iter().enumerate() {
        let y = 8 + r as i32 * 32;
        for (x, i) in row {
            let line = &lines[*i];
            let x = *x as i32;
            let _ = area.draw(&Rectangle::new(
                [(x, y + 2), (x + 16, y + 18)],
                line.colour.filled(),
            ));
            let _ = area.draw(&Text::new(
                line.name.clone(),
                (x + 22, y + 1),
                style.clone(),
            ));
        }
    }
}

/// `2013年上半年` is long for an axis; `2013上半年`, `2013Q2`, `2013-04` fit.
fn short_label(p: &Period) -> String {
    match *p {
        Period::Year(y) => format!("{y}年"),
        Period::Half(y, 1) => format!("{y}上半年"),
        Period::Half(y, _) => format!("{y}下半年"),
        Period::Quarter(y, q) => format!("{y}Q{q}"),
        Period::Month(y, m) => format!("{y}-{m:02}"),
    }
}

/// An axis label: as many decimals as the tick needs and no more. A fixed
/// one decimal printed the ticks of a chart of 0.01–0.03 万元 as 0.0, 0.0,
/// 0.0 and its 0.05 as 0.1: a wrong figure on the page. Six places cover
/// any tick plotters picks (steps of 1, 2 or 5 times a power of ten) of a
/// figure written with the two decimals of money or four of a ratio, and
/// rounding there drops the float's noise (`0.15000000000000002`).
fn trim_number(v: f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Makes the SVG scale to its box and speak to screen readers: drops the
/// fixed size (the `viewBox` stays), adds `role="img"`, `<title>`, `<desc>`.
fn accessible(svg: String, id: &str, title: &str, desc: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let head = &svg[..open_end];
    let head = strip_attr(&strip_attr(head, "width"), "height");
    let id = super::escape_attr(id);
    format!(
        "{head} role=\"img\" aria-labelledby=\"chart-{id}-title\" aria-describedby=\"chart-{id}-desc\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>{}",
        super::escape_text(title),
        super::escape_text(desc),
        &svg[open_end + 1..]
    )
}

fn strip_attr(tag: &str, name: &str) -> String {
    let pat = format!(" {name}=\"");
    match tag.find(&pat) {
        Some(i) => {
            let rest = &tag[i + pat.len()..];
            let close = rest.find('"').map_or(rest.len(), |j| j + 1);
            format!("{}{}", &tag[..i], &rest[close..])
        }
        None => tag.to_string(),
    }
}

/// The x axis: one slot per period, labelled at its centre.
#[derive(Clone)]
struct PeriodAxis {
    labels: Vec<String>,
}

impl Ranged for PeriodAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let n = self.labels.len().max(1) as f64;
        let span = f64::from(limit.1 - limit.0);
        limit.0 + (value / n * span).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        (0..self.labels.len()).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.labels.len().max(1) as f64
    }
}

impl ValueFormatter<f64> for PeriodAxis {
    fn format_ext(&self, value: &f64) -> String {
        let i = value.floor().max(0.0) as usize;
        self.labels.get(i).cloned().unwrap_or_default()
    }
}
