//! Key-project ledgers (`plans/*.yaml`): 定实事·定责任·定目标, 查进度, 评等次.
//!
//! A plan is a year's list of promised projects. Each item says what was
//! promised (title, target), who answers for it (owner), by when (due); the
//! checks through the year record progress; the rating grades it at the end.
//! Villagers ask one question of it: what was promised, and was it done?

use super::common::{self, Common};
use super::config::Config;
use super::read::{At, Reader};
use crate::diagnostics::Diagnostics;
use crate::domain::number::{FigureError, parse_figure};
use crate::load::Document;
use crate::load::yaml::Node;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What an item promises: a number of something, or a described result.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Target {
    Quantity { value: Decimal, unit: String },
    Text(String),
}

/// One on-site check (查) of an item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Check {
    pub(crate) date: Date,
    pub(crate) kind: Option<String>,
    /// In the target's unit, or a percentage for a text-only target.
    pub(crate) progress: Decimal,
    pub(crate) note: Option<String>,
}

/// The year-end grade (评等次).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rating {
    pub(crate) grade: String,
    pub(crate) date: Date,
}

pub(crate) const GRADES: [&str; 4] = ["好", "较好", "一般", "差"];

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) owner: String,
    pub(crate) target: Target,
    pub(crate) due: Date,
    pub(crate) checks: Vec<Check>,
    pub(crate) rating: Option<Rating>,
    pub(crate) indicator: Option<String>,
    /// The item's own unit, or the plan's.
    pub(crate) unit: String,
    /// A remark shown under the item (备注).
    pub(crate) note: Option<String>,
    /// The project it is part of (`project: xiguan-cundao`).
    pub(crate) project: Option<At<String>>,
}

impl Item {
    /// The latest progress recorded, if any check has been made.
    pub(crate) fn latest_progress(&self) -> Option<Decimal> {
        self.checks.last().map(|c| c.progress)
    }

    /// The value that completes the item: the target quantity, or 100 (%).
    pub(crate) fn goal(&self) -> Decimal {
        match &self.target {
            Target::Quantity { value, .. } => *value,
            Target::Text(_) => Decimal::ONE_HUNDRED,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub(crate) path: String,
    pub(crate) common: Common,
    pub(crate) year: i16,
    pub(crate) items: Vec<Item>,
}

const FIELDS: [&str; 2] = ["year", "items"];
const ITEM_FIELDS: [&str; 11] = [
    "project",
    "id",
    "title",
    "owner",
    "target",
    "due",
    "checks",
    "rating",
    "indicator",
    "unit",
    "note",
];

/// Reads and checks one plan file; `indicators` are the ids of the site's
/// indicator files, for the link check.
pub(crate) fn read(
    doc: &Document,
    config: &Config,
    indicators: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let errors_before = diags.error_count();
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "计划")?;
    let common = common::read(&mut f, &mut r, config);
    let year = f
        .required("year", &mut r, "写计划年度，例如 year: 2013")
        .and_then(|n| read_year(n, &mut r));
    let items_node = f.required("items", &mut r, "写 items:，每项实事以“- id: SS-01”开头");
    let mut known: Vec<&str> = common::FIELDS.to_vec();
    known.extend(FIELDS);
    f.finish(&mut r, &known);
    let plan_unit = common.as_ref().map(|c| c.unit.clone());
    let mut items = Vec::new();
    let mut ids: Vec<At<String>> = Vec::new();
    for node in items_node.map(|n| r.list(n, "items")).unwrap_or(&[]) {
        let ctx = ItemContext {
            year: year.as_ref().map(|y| y.value),
            plan_unit: plan_unit.as_deref(),
            config,
            indicators,
        };
        if let Some(item) = read_item(node, &mut r, &ctx, &mut ids) {
            items.push(item);
        }
    }
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Plan {
        path: doc.path.clone(),
        common: common?,
        year: year?.value,
        items,
    })
}

fn read_year(node: &Node, r: &mut Reader) -> Option<At<i16>> {
    let text = r.text(node, "year")?;
    match text.value.parse::<i16>() {
        Ok(y) if (1900..=2999).contains(&y) && text.value.len() == 4 => Some(At::new(y, node.span)),
        _ => {
            r.error_help(
                node.span,
                format!("`year` 应为四位年份，记录中为“{}”", text.value),
                "例如 year: 2013",
            );
            None
        }
    }
}

/// What every item of a plan is checked against.
struct ItemContext<'a> {
    year: Option<i16>,
    plan_unit: Option<&'a str>,
    config: &'a Config,
    indicators: &'a BTreeSet<String>,
}

fn read_item(
    node: &Node,
    r: &mut Reader,
    ctx: &ItemContext,
    ids: &mut Vec<At<String>>,
) -> Option<Item> {
    let mut f = r.fields(node, "items")?;
    let id = f.required_as("id", r, "写实事编号，例如 id: SS-01", Reader::text);
    let title = f.required_as(
        "title",
        r,
        "写实事名称，例如 title: 玉露香梨高接换优",
        Reader::text,
    );
    let owner = f.required_as(
        "owner",
        r,
        "写责任人（定责任），例如 owner: 镇长 王某",
        Reader::text,
    );
    let target = f
        .required("target", r, "写目标（定目标）：target: { value: 3000, unit: 亩 } 或 target: { text: 建成便民服务站 }")
        .and_then(|n| read_target(n, r));
    let due = f.required_as("due", r, "写完成时限，例如 due: 2013-06-30", Reader::date);
    let checks_node = f.optional("checks");
    let rating = f
        .optional("rating")
        .and_then(|n| read_rating(n, r, ctx.year));
    let indicator = f
        .optional_as("indicator", r, Reader::text)
        .and_then(|i| check_indicator(i, r, ctx.indicators));
    let unit = match f.optional("unit") {
        Some(n) => r
            .text(n, "unit")
            .and_then(|u| common::check_unit(u, r, ctx.config)),
        None => ctx.plan_unit.map(str::to_string),
    };
    let note = f.optional_as("note", r, Reader::text).map(|n| n.value);
    let project = f
        .optional("project")
        .and_then(|n| common::project_tag(n, r, "project"));
    f.finish(r, &ITEM_FIELDS);
    if let Some(id) = &id {
        if let Some(first) = ids.iter().find(|seen| seen.value == id.value) {
            r.error_help(
                id.span,
                format!(
                    "实事编号 {} 重复（第 {} 行已用过）",
                    id.value, first.span.line
                ),
                "同一计划中每项实事的编号只能用一次",
            );
        } else {
            ids.push(id.clone());
        }
    }
    let is_percent = matches!(target, Some(Target::Text(_)));
    let checks = checks_node
        .map(|n| read_checks(n, r, ctx.year, is_percent))
        .unwrap_or(Some(Vec::new()));
    Some(Item {
        id: id?.value,
        title: title?.value,
        owner: owner?.value,
        target: target?,
        due: due?.value,
        checks: checks?,
        rating,
        indicator,
        unit: unit?,
        note,
        project,
    })
}

fn read_target(node: &Node, r: &mut Reader) -> Option<Target> {
    let mut f = r.fields(node, "target")?;
    let value = f.optional("value");
    let unit = f.optional("unit");
    let text = f.optional("text");
    f.finish(r, &["value", "unit", "text"]);
    match (value, text) {
        (Some(v), None) => {
            let value = read_number(v, r, "target.value")?;
            let unit = match unit {
                Some(u) => r.text(u, "target.unit")?.value,
                None => {
                    r.error_help(
                        v.span,
                        "目标有数值但没有单位",
                        "加上单位，例如 target: { value: 3000, unit: 亩 }",
                    );
                    return None;
                }
            };
            if value.value <= Decimal::ZERO {
                r.error(v.span, "目标数值应大于 0");
                return None;
            }
            Some(Target::Quantity {
                value: value.value,
                unit,
            })
        }
        (None, Some(t)) => r.text(t, "target.text").map(|t| Target::Text(t.value)),
        (Some(_), Some(t)) => {
            r.error_help(
                t.span,
                "目标只能写数值（value）或文字（text）之一",
                "删去其中一个",
            );
            None
        }
        (None, None) => {
            r.error_help(
                node.span,
                "目标没有内容",
                "写 target: { value: 3000, unit: 亩 } 或 target: { text: 建成便民服务站 }",
            );
            None
        }
    }
}

/// A non-negative number as written (`1200`, `1.2`), held exactly.
fn read_number(node: &Node, r: &mut Reader, field: &str) -> Option<At<Decimal>> {
    let text = r.text(node, field)?;
    let figure = if text.value.starts_with('-') {
        Err(FigureError::NotANumber)
    } else {
        parse_figure(&text.value)
    };
    match figure {
        Ok(d) => Some(At::new(d, node.span)),
        Err(FigureError::NotANumber) => {
            r.error_help(
                node.span,
                format!("`{field}` 应为不小于 0 的数字，记录中为“{}”", text.value),
                "只写阿拉伯数字，例如 1200 或 1.5，不要写单位",
            );
            None
        }
        Err(e) => {
            r.error(
                node.span,
                format!("`{field}` 的数值“{}”有误：{e}", text.value),
            );
            None
        }
    }
}

fn read_checks(
    node: &Node,
    r: &mut Reader,
    year: Option<i16>,
    is_percent: bool,
) -> Option<Vec<Check>> {
    let mut checks: Vec<Check> = Vec::new();
    let mut ok = true;
    let mut previous: Option<(At<Date>, At<Decimal>)> = None;
    for item in r.list(node, "checks") {
        let Some(mut f) = r.fields(item, "checks") else {
            ok = false;
            continue;
        };
        let date = f.required_as("date", r, "写检查日期，例如 date: 2013-04-15", Reader::date);
        let kind = f.optional_as("kind", r, Reader::text).map(|k| k.value);
        let progress = f
            .required(
                "progress",
                r,
                "写进度数值，例如 progress: 1200（文字目标写百分比 0–100）",
            )
            .and_then(|n| read_number(n, r, "progress"));
        let note = f.optional_as("note", r, Reader::text).map(|n| n.value);
        f.finish(r, &["date", "kind", "progress", "note"]);
        let (Some(date), Some(progress)) = (date, progress) else {
            ok = false;
            continue;
        };
        ok &= check_one(&date, &progress, previous.as_ref(), year, is_percent, r);
        checks.push(Check {
            date: date.value,
            kind,
            progress: progress.value,
            note,
        });
        previous = Some((date, progress));
    }
    ok.then_some(checks)
}

/// One check against the plan's year, the percentage bound and the check
/// before it: dates go forward and progress never falls.
fn check_one(
    date: &At<Date>,
    progress: &At<Decimal>,
    previous: Option<&(At<Date>, At<Decimal>)>,
    year: Option<i16>,
    is_percent: bool,
    r: &mut Reader,
) -> bool {
    let mut ok = true;
    if let Some(y) = year
        && date.value.year() != y
    {
        ok = false;
        r.error(
            date.span,
            format!("检查日期 {} 不在计划年度 {y} 年内", date.value),
        );
    }
    if is_percent && progress.value > Decimal::ONE_HUNDRED {
        ok = false;
        r.error_help(
            progress.span,
            format!(
                "文字目标的进度是百分比，应在 0 到 100 之间，记录中为 {}",
                progress.value
            ),
            "写完成的百分比，例如 progress: 60",
        );
    }
    if let Some((prev_date, prev_progress)) = previous {
        if date.value < prev_date.value {
            ok = false;
            r.error_help(
                date.span,
                format!(
                    "检查日期 {} 早于上一次检查的 {}",
                    date.value, prev_date.value
                ),
                "各次检查按日期先后排列",
            );
        }
        if progress.value < prev_progress.value {
            ok = false;
            r.error_help(
                progress.span,
                format!(
                    "进度 {} 比上一次检查（第 {} 行）的 {} 还少：进度只增不减",
                    progress.value, prev_progress.span.line, prev_progress.value
                ),
                "进度写累计完成量，而不是本次新增量",
            );
        }
    }
    ok
}

fn read_rating(node: &Node, r: &mut Reader, year: Option<i16>) -> Option<Rating> {
    let mut f = r.fields(node, "rating")?;
    let grade = f
        .required("grade", r, "写等次：好、较好、一般 或 差")
        .and_then(|n| r.choice(n, "grade", &GRADES.map(|g| (g, g))));
    let date = f
        .required("date", r, "写评定日期，例如 date: 2013-12-20")
        .and_then(|n| r.date(n, "rating.date"));
    f.finish(r, &["grade", "date"]);
    let date = date?;
    if let Some(y) = year
        && date.value.year() != y
        && date.value.year() != y + 1
    {
        r.error(
            date.span,
            format!(
                "评定日期 {} 不在计划年度 {y} 年（或次年年初）内",
                date.value
            ),
        );
        return None;
    }
    Some(Rating {
        grade: grade?.value.to_string(),
        date: date.value,
    })
}

fn check_indicator(
    id: At<String>,
    r: &mut Reader,
    indicators: &BTreeSet<String>,
) -> Option<String> {
    if indicators.contains(&id.value) {
        return Some(id.value);
    }
    let known: Vec<&str> = indicators.iter().map(String::as_str).collect();
    r.error_help(
        id.span,
        format!(
            "找不到指标“{}”：indicators/ 下没有 {}.yaml",
            id.value, id.value
        ),
        if known.is_empty() {
            "删去 indicator 一行，或先在 indicators/ 下建立该指标".to_string()
        } else {
            format!("已有的指标：{}", known.join("、"))
        },
    );
    None
}
