//! Indicator series (`indicators/*.yaml`): the numbers of the work reports
//! (高接换优 亩, 发展党员 名, 整改隐患 处), by period and unit, and
//! optionally broken down by groups (民主评议 好/一般/差).
//!
//! The series is the single source of a number: reports quote it through
//! shortcodes and charts draw it, so they can never disagree. The rules here
//! are the ones that keep a series summable: known periods and units, one
//! value per place, no negative counts, ratios within 0..100, cumulative
//! figures that never fall, groups that add up.

use super::common::{self, Correction, Withdrawal};
use super::config::Config;
use super::read::{At, EXTRA, Extra, Fields, Reader};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::domain::number::{checked_sum, parse_figure};
use crate::domain::period::Period;
use crate::load::Document;
use crate::load::yaml::Node;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// How values of a series combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Happens within a period (acres grafted): sums over units and time.
    Flow,
    /// A level at the period's end (members on the roll): sums over units only.
    Stock,
    /// A running total: sums over units, never falls.
    Cumulative,
    /// A percentage: never summed.
    Ratio,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChartKind {
    Bar,
    Line,
    Stacked,
}

/// One value as written: for a period, a unit, and a group (`None`: the whole).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Point {
    pub(crate) period: Period,
    pub(crate) unit: String,
    pub(crate) group: Option<String>,
    pub(crate) value: Decimal,
    /// Where it was written (the YAML file or the CSV file).
    pub(crate) path: String,
    pub(crate) span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Target {
    pub(crate) period: Period,
    pub(crate) value: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The file stem: `indicators/pear-grafting.yaml` → `pear-grafting`.
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) title: String,
    /// The measurement unit (亩, 名, 处, %).
    pub(crate) unit: String,
    pub(crate) measure: Measure,
    pub(crate) chart: ChartKind,
    pub(crate) target: Option<Target>,
    pub(crate) source: Option<String>,
    pub(crate) description: Option<String>,
    /// Shown on the home page.
    pub(crate) featured: bool,
    pub(crate) groups: Vec<String>,
    pub(crate) partition: bool,
    pub(crate) data: Vec<Point>,
    /// The units the indicator covers, when it lists them (`units:`); by
    /// default it covers every village and community (see
    /// `compute::series::covered`).
    pub(crate) units: Option<Vec<String>>,
    /// Correction notes: a figure already published changed (new periods
    /// added need none; see `log::diff::added_data`).
    pub(crate) corrections: Vec<Correction>,
    /// Set when the indicator was withdrawn (已撤回): its page stays, marked.
    pub(crate) withdrawn: Option<Withdrawal>,
    /// Custom data for the theme, never checked.
    pub(crate) extra: Extra,
}

const FIELDS: [&str; 16] = [
    EXTRA,
    "corrections",
    "withdrawn",
    "units",
    "title",
    "unit",
    "measure",
    "chart",
    "target",
    "source",
    "description",
    "featured",
    "groups",
    "partition",
    "data",
    "csv",
];

/// The id of an indicator file: its stem.
pub(crate) fn id_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml").unwrap_or(name).to_string()
}

/// The file name is the indicator's id, which goes into URLs, element ids
/// of the chart and shortcodes: it must be in the id alphabet, or the file
/// is renamed.
fn check_id(path: &str, diags: &mut Diagnostics) {
    let id = id_of(path);
    if super::common::is_id(&id) {
        return;
    }
    let example = super::common::id_like(&id).unwrap_or_else(|| "jiti-shouru".to_string());
    diags.push(
        Diagnostic::error(
            path,
            None,
            format!("指标文件名“{id}.yaml”不能作指标代码：只能用小写字母、数字和连字符"),
        )
        .with_help(format!(
            "把文件改名，例如 {example}.yaml（指标代码就是文件名，用在网址和报告的短代码里；中文名称写在 title 中）"
        )),
    );
}

/// Where an indicator's `csv:` data comes from.
#[derive(Clone, Copy)]
pub(crate) enum DataFile<'a> {
    /// The file `csv:` names in the site folder, beside the indicator.
    InFolder(&'a Path),
    /// The data an earlier version of the indicator was published with, as
    /// its canonical JSON keeps it (the file's path and masked text): the
    /// file in the folder today holds the corrected figures.
    Kept(Option<(&'a str, &'a str)>),
}

/// Reads and checks one indicator file (and its CSV data, if any).
pub(crate) fn read(
    doc: &Document,
    config: &Config,
    site_dir: &Path,
    diags: &mut Diagnostics,
) -> Option<Indicator> {
    read_from(doc, config, DataFile::InFolder(site_dir), diags)
}

/// Reads and checks one indicator, its CSV data (if any) taken from
/// `csv`: the same rules for the file in the folder and for an earlier
/// version read back from the log.
/// The fields are read in a fixed order, each part even when another is
/// wrong, so one run reports every mistake; the figures are checked against
/// the measure and groups only once those fields were read cleanly.
pub(crate) fn read_from(
    doc: &Document,
    config: &Config,
    csv: DataFile,
    diags: &mut Diagnostics,
) -> Option<Indicator> {
    let errors_before = diags.error_count();
    check_id(&doc.path, diags);
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "指标")?;
    let heading = read_heading(&mut f, &mut r);
    let notes = read_notes(&mut f, &mut r);
    let (groups, partition) = read_groups(&mut f, &mut r);
    let units = f.optional("units").map(|n| read_units(n, &mut r, config));
    let data_node = f.optional("data");
    let csv_node = f.optional("csv");
    let (corrections, withdrawn) = read_history(&mut f, &mut r);
    let extra = f.extra();
    f.finish(&mut r, &FIELDS);
    let ctx = DataContext {
        config,
        groups: &groups,
    };
    let data = read_data(data_node, csv_node, &mut r, &ctx, csv, doc);
    if let Some(units) = &units {
        check_covered(&data, units, config, diags);
    }
    let measure = heading.measure?.value;
    let partition = partition.unwrap_or(true);
    let clean = diags.error_count() == errors_before;
    check_points(&data, measure, &groups, partition, clean, diags);
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Indicator {
        id: id_of(&doc.path),
        path: doc.path.clone(),
        title: heading.title?.value,
        unit: heading.unit?.value,
        measure,
        chart: heading
            .chart
            .map(|c| c.value)
            .unwrap_or(default_chart(measure, &groups, partition)),
        target: notes.target,
        source: notes.source,
        description: notes.description,
        featured: notes.featured,
        groups,
        partition,
        data,
        units,
        corrections,
        withdrawn,
        extra,
    })
}

/// What the indicator counts and how it is drawn: its name, the unit of
/// measure, the kind of figure (which decides how periods add up) and the
/// chart, when the file chooses one over the measure's default.
struct Heading {
    title: Option<At<String>>,
    unit: Option<At<String>>,
    measure: Option<At<Measure>>,
    chart: Option<At<ChartKind>>,
}

fn read_heading(f: &mut Fields, r: &mut Reader) -> Heading {
    let title = f.required_as(
        "title",
        r,
        "写指标名称，例如 title: 玉露香梨高接换优面积",
        Reader::text,
    );
    let unit = f.required_as(
        "unit",
        r,
        "写计量单位，例如 unit: 亩（人数写 名，比例写 %）",
        Reader::text,
    );
    let measure = f
        .required(
            "measure",
            r,
            "写 measure: flow（当期发生量）、stock（期末存量）、cumulative（累计数）或 ratio（比例，%）",
        )
        .and_then(|n| {
            r.choice(
                n,
                "measure",
                &[
                    ("flow", Measure::Flow),
                    ("stock", Measure::Stock),
                    ("cumulative", Measure::Cumulative),
                    ("ratio", Measure::Ratio),
                ],
            )
        });
    if let (Some(unit), Some(measure)) = (&unit, &measure)
        && is_percent(&unit.value)
        && measure.value != Measure::Ratio
    {
        r.error_help(
            measure.span,
            format!(
                "单位是“{}”，这是比例：比例不能相加，不能按 flow、stock 或 cumulative 汇总全镇合计和全年数",
                unit.value
            ),
            "写 measure: ratio；要汇总的是人数、户数等时，单位写 人、户，数值写实数",
        );
    }
    let chart = f.optional("chart").and_then(|n| {
        r.choice(
            n,
            "chart",
            &[
                ("bar", ChartKind::Bar),
                ("line", ChartKind::Line),
                ("stacked", ChartKind::Stacked),
            ],
        )
    });
    Heading {
        title,
        unit,
        measure,
        chart,
    }
}

/// What a reader is told beside the figures: the target, where the figures
/// come from, a description, and whether the home page features it. All
/// optional.
struct Notes {
    target: Option<Target>,
    source: Option<String>,
    description: Option<String>,
    featured: bool,
}

fn read_notes(f: &mut Fields, r: &mut Reader) -> Notes {
    let target = f.optional("target").and_then(|n| read_target(n, r));
    let source = f.optional_as("source", r, Reader::text).map(|s| s.value);
    let description = f
        .optional_as("description", r, Reader::text)
        .map(|s| s.value);
    let featured = f
        .optional_as("featured", r, Reader::boolean)
        .unwrap_or(false);
    Notes {
        target,
        source,
        description,
        featured,
    }
}

/// The indicator's life after publication: its correction notes and its
/// withdrawal, read as every record kind reads them.
fn read_history(f: &mut Fields, r: &mut Reader) -> (Vec<Correction>, Option<Withdrawal>) {
    let corrections = f
        .optional("corrections")
        .map(|n| common::read_corrections(n, r, None))
        .unwrap_or_default();
    let withdrawn = f
        .optional("withdrawn")
        .and_then(|n| common::read_withdrawal(n, r, None));
    (corrections, withdrawn)
}

/// `groups:` and `partition:` (whether the groups add up to the whole).
fn read_groups(f: &mut Fields, r: &mut Reader) -> (Vec<String>, Option<bool>) {
    let groups = f
        .optional("groups")
        .map(|n| r.strings(n, "groups"))
        .unwrap_or_default();
    let partition_node = f.optional("partition");
    let partition = partition_node.and_then(|n| r.boolean(n, "partition"));
    if !groups.is_empty() && partition_node.is_none() {
        let span = f.span();
        r.error_help(
            span,
            "写了分组 groups，但没有写 partition",
            "partition: true 表示各组相加等于总数（如 好/一般/差）；false 表示各组可以重叠（如 女/少数民族/35岁以下）",
        );
    }
    (groups, partition)
}

/// The figures: written under `data:`, or in the CSV file `csv:` names;
/// exactly one of the two.
fn read_data(
    data: Option<&Node>,
    csv: Option<&Node>,
    r: &mut Reader,
    ctx: &DataContext,
    file: DataFile,
    doc: &Document,
) -> Vec<Point> {
    match (data, csv) {
        (Some(n), None) => read_rows(n, r, ctx),
        (None, Some(n)) => read_csv_file(n, r, ctx, file, &doc.path),
        (Some(_), Some(n)) => {
            r.error_help(
                n.span,
                "数据只能写在 data 中或放在 csv 文件中，不能两处都写",
                "删去其中一个",
            );
            Vec::new()
        }
        (None, None) => {
            r.error_help(
                doc.front.span,
                "指标没有数据：缺少 data 或 csv",
                format!(
                    "写 data:，每行 {{ period: 2013-H1, unit: {}, value: 450 }}；或写 csv: 文件名.csv",
                    common::example_unit(ctx.config)
                ),
            );
            Vec::new()
        }
    }
}

/// `units: [ids]`: the units whose figures make the township total. The
/// township is not one of them: its own figure, when given, is the total.
fn read_units(node: &Node, r: &mut Reader, config: &Config) -> Vec<String> {
    let township = &config.township().id;
    let mut units = Vec::new();
    for item in r.list(node, "units") {
        let Some(unit) = r.text(item, "units") else {
            continue;
        };
        let span = unit.span;
        if &unit.value == township {
            r.error_help(
                span,
                format!("units 列出参与全镇合计的村、社区和支部，不写乡镇 {township}"),
                "删去它；全镇的数写在 data 中（unit 写乡镇代码），写了就以它为准",
            );
        } else if let Some(id) = common::check_unit(unit, r, config) {
            units.push(id);
        }
    }
    units
}

/// With `units:` written, a row for a unit not in it would count nowhere:
/// an error at the row.
fn check_covered(data: &[Point], units: &[String], config: &Config, diags: &mut Diagnostics) {
    let township = &config.township().id;
    for p in data {
        if &p.unit != township && !units.contains(&p.unit) {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    Some(p.span),
                    format!(
                        "单位 {} 不在本指标的 units 中：它的数不计入全镇合计",
                        p.unit
                    ),
                )
                .with_help(format!("在 units 中加上 {}，或删去这一行", p.unit)),
            );
        }
    }
}

/// The chart a series gets when the file names none.
fn default_chart(measure: Measure, groups: &[String], partition: bool) -> ChartKind {
    match measure {
        _ if !groups.is_empty() && partition => ChartKind::Stacked,
        Measure::Flow | Measure::Stock => ChartKind::Bar,
        Measure::Cumulative | Measure::Ratio => ChartKind::Line,
    }
}

fn read_target(node: &Node, r: &mut Reader) -> Option<Target> {
    let mut f = r.fields(node, "target")?;
    let period = f
        .required("period", r, "写目标对应的期间，例如 period: 2013")
        .and_then(|n| r.period(n, "target.period"));
    let value = f
        .required("value", r, "写目标数值，例如 value: 3000")
        .and_then(|n| read_value(n, r, "target.value"));
    f.finish(r, &["period", "value"]);
    Some(Target {
        period: period?.value,
        value: value?.value,
    })
}

/// What every data row is checked against.
struct DataContext<'a> {
    config: &'a Config,
    groups: &'a [String],
}

fn read_rows(node: &Node, r: &mut Reader, ctx: &DataContext) -> Vec<Point> {
    let mut out = Vec::new();
    for row in r.list(node, "data") {
        let Some(mut f) = r.fields(row, "data") else {
            continue;
        };
        let period = f.required_as("period", r, "写期间，例如 period: 2013-H1", Reader::period);
        let unit = f
            .required_as(
                "unit",
                r,
                &format!(
                    "写单位代码，例如 unit: {}（全镇合计写乡镇代码 {}）",
                    common::example_unit(ctx.config),
                    ctx.config.township().id
                ),
                Reader::text,
            )
            .and_then(|u| common::check_unit(u, r, ctx.config));
        let group = f.optional_as("group", r, Reader::text);
        let value = f
            .required("value", r, "写数值，例如 value: 450")
            .and_then(|n| read_value(n, r, "value"));
        f.finish(r, &["period", "unit", "group", "value"]);
        let group = match group {
            Some(g) => match check_group(&g, ctx.groups) {
                Ok(()) => Some(g.value),
                Err((message, help)) => {
                    r.error_help(g.span, message, help);
                    continue;
                }
            },
            None => None,
        };
        if let (Some(period), Some(unit), Some(value)) = (period, unit, value) {
            out.push(Point {
                period: period.value,
                unit,
                group,
                value: value.value,
                path: r.path.to_string(),
                span: value.span,
            });
        }
    }
    out
}

fn check_group(group: &At<String>, groups: &[String]) -> Result<(), (String, String)> {
    if groups.contains(&group.value) {
        return Ok(());
    }
    if groups.is_empty() {
        return Err((
            format!("分组“{}”没有声明：这个指标没有写 groups", group.value),
            "在文件中写 groups: [好, 一般, 差] 等，列出全部分组".to_string(),
        ));
    }
    Err((
        format!("分组“{}”不在 groups 中", group.value),
        format!("可用的分组：{}", groups.join("、")),
    ))
}

/// A number as written, exact: `450`, `96.5`.
fn read_value(node: &Node, r: &mut Reader, field: &str) -> Option<At<Decimal>> {
    let text = r.text(node, field)?;
    match parse_figure(&text.value) {
        Ok(d) => Some(At::new(d, node.span)),
        Err(e) => {
            r.error(
                node.span,
                format!("`{field}` 的数值“{}”有误：{e}", text.value),
            );
            None
        }
    }
}

/// Data from a CSV file beside the indicator (`period,unit,value` and an
/// optional `group` column); errors point at the CSV file and its line.
fn read_csv_file(
    node: &Node,
    r: &mut Reader,
    ctx: &DataContext,
    from: DataFile,
    yaml_path: &str,
) -> Vec<Point> {
    let file = match from {
        DataFile::InFolder(site_dir) => csv_in_folder(node, r, site_dir, yaml_path),
        DataFile::Kept(kept) => csv_kept(node, r, kept),
    };
    let Some(file) = file else {
        return Vec::new();
    };
    // Published as it is read (as data.csv and on the pages): the same
    // privacy rule as the records.
    let file = super::personal::apply(file, ctx.config.privacy, r.diags);
    let mut csv_reader = Reader::new(&file.path, r.diags);
    read_csv_rows(&file.text, &mut csv_reader, ctx)
}

/// The CSV file `csv:` (`node`) names, read from the site folder.
fn csv_in_folder(
    node: &Node,
    r: &mut Reader,
    site_dir: &Path,
    yaml_path: &str,
) -> Option<crate::load::SourceFile> {
    let name = r.text(node, "csv")?;
    let folder = yaml_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let csv_path = match csv_location(&name.value, folder, site_dir) {
        Ok(path) => path,
        Err(why) => {
            r.error_help(
                node.span,
                format!("`csv` 写的“{}”{why}", name.value),
                "csv 写与本指标文件同一文件夹中的 .csv 文件名，例如 csv: pear-grafting.csv",
            );
            return None;
        }
    };
    let Some(file) = crate::load::read_text(&csv_path, &site_dir.join(&csv_path), r.diags) else {
        r.error_help(
            node.span,
            format!("无法读取数据文件 {csv_path}"),
            format!(
                "csv 写与本指标文件同一文件夹中的文件名，例如 csv: {}.csv",
                id_of(yaml_path)
            ),
        );
        return None;
    };
    Some(file)
}

/// The CSV data an earlier version kept in its canonical JSON; an error
/// when it kept none (the version then cannot be shown as it was).
fn csv_kept(
    node: &Node,
    r: &mut Reader,
    kept: Option<(&str, &str)>,
) -> Option<crate::load::SourceFile> {
    let Some((path, text)) = kept else {
        r.error_help(
            node.span,
            "这一版写了 csv，透明日志中却没有它的数据",
            "这一版的原文仍在 log/records/ 中；无须处理",
        );
        return None;
    };
    Some(crate::load::SourceFile {
        path: path.to_string(),
        text: text.to_string(),
    })
}

/// The data file of the indicator read from `doc`, relative to the site
/// folder, when its data is in one (`csv:`) that may be read.
pub(crate) fn csv_file(doc: &Document, site_dir: &Path) -> Option<String> {
    let name = doc.front.get("csv")?.as_scalar()?.trim();
    let folder = doc.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    csv_location(name, folder, site_dir).ok()
}

/// Where the data file `name` of an indicator in `folder` is, relative to
/// the site folder, if it may be read: a `.csv` file in the indicator's own
/// folder or below it, reached without `..`, an absolute path or a link, so
/// that no record can publish (or echo in its errors) a file from outside.
fn csv_location(name: &str, folder: &str, site_dir: &Path) -> Result<String, &'static str> {
    let parts: Vec<&str> = name.split('/').collect();
    if name.starts_with('/') || name.contains(['\\', ':']) {
        return Err("不是本文件夹中的文件：不能写盘符、绝对路径或反斜杠");
    }
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err("不是本文件夹中的文件：不能用 .. 指向别的文件夹");
    }
    if !name.ends_with(".csv") {
        return Err("不是 .csv 文件");
    }
    let mut rel = folder.to_string();
    for part in parts {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str(part);
        match std::fs::symlink_metadata(site_dir.join(&rel)) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err("是符号链接（快捷方式）：请把数据文件本身放在这里");
            }
            Ok(_) => {}
            Err(_) => return Err("找不到：文件不存在"),
        }
    }
    Ok(rel)
}

fn read_csv_rows(text: &str, r: &mut Reader, ctx: &DataContext) -> Vec<Point> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            r.diags
                .error(r.path, None, format!("CSV 文件无法读取：{e}"));
            return Vec::new();
        }
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(pc), Some(uc), Some(vc)) = (col("period"), col("unit"), col("value")) else {
        let span = Span::locate(text, 0, text.find('\n').unwrap_or(text.len()));
        r.error_help(
            span,
            "CSV 文件第一行应为列名 period,unit,value（可再加 group）",
            format!(
                "例如第一行写 period,unit,value，下面每行写 2013-H1,{},450",
                common::example_unit(ctx.config)
            ),
        );
        return Vec::new();
    };
    let gc = col("group");
    check_csv_columns(text, &header, r);
    let mut out = Vec::new();
    for record in rdr.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                // A row the CSV reader cannot take is never dropped silently.
                let at = e.position().map_or(0, |p| p.byte() as usize);
                r.error_help(
                    line_at(text, at),
                    "CSV 这一行读不出来",
                    format!("检查引号是否配对；CSV 读取器原文：{e}"),
                );
                continue;
            }
        };
        let Some(pos) = record.position() else {
            continue;
        };
        let span = line_at(text, pos.byte() as usize);
        if record.len() > header.len() {
            r.error_help(
                span,
                format!(
                    "CSV 这一行有 {} 项，比第一行的列名多 {} 项：多出的不知算在哪一列",
                    record.len(),
                    record.len() - header.len()
                ),
                "数值里不要写千位逗号（写 1200，不写 1,200）；文字里有逗号时用英文双引号括起来",
            );
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        if let Some(point) = csv_point(r, ctx, span, field(pc), field(uc), gc.map(field), field(vc))
        {
            out.push(point);
        }
    }
    out
}

/// Whether a unit of measure is a share (%, ‰, 百分比): such figures are
/// ratios, and a sum of them means nothing.
pub(crate) fn is_percent(unit: &str) -> bool {
    let unit = unit.trim();
    ["%", "％", "‰", "百分比", "百分点"].contains(&unit)
}

/// The whole line of `text` at byte `at`. After a CRLF the CSV reader
/// places a row at the `\n` that ends the line before it (it ends a line
/// at the `\r`): that row starts after it.
fn line_at(text: &str, at: usize) -> Span {
    let mut start = at.min(text.len());
    if text[start..].starts_with('\n') {
        start += 1;
    }
    let len = text[start..].find('\n').unwrap_or(text.len() - start);
    Span::locate(text, start, len)
}

/// A CSV column the reader does not know would be dropped: an error at the
/// first line, naming it.
fn check_csv_columns(text: &str, header: &[String], r: &mut Reader) {
    const KNOWN: [&str; 4] = ["period", "unit", "group", "value"];
    let first_line = &text[..text.find('\n').unwrap_or(text.len())];
    // A column named twice: only the first would be read, the other
    // dropped in silence.
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() || !header[..i].contains(name) {
            continue;
        }
        let at = first_line
            .match_indices(name.as_str())
            .nth(header[..i].iter().filter(|h| *h == name).count())
            .map_or(0, |(at, _)| at);
        r.error_help(
            Span::locate(text, at, name.len()),
            format!("CSV 的列名“{name}”出现了两次：只会用到第一列，另一列的数会被丢掉"),
            "每个列名只写一次；两列数不同时核对后只留一列",
        );
    }
    for name in header.iter().filter(|h| !KNOWN.contains(&h.as_str())) {
        let at = first_line.find(name.as_str()).unwrap_or(0);
        let mut help =
            "CSV 只有 period、unit、value 和 group 四列；说明文字写在指标文件的 description 中"
                .to_string();
        if let Some(near) = super::read::closest(name, &KNOWN) {
            help = format!("是否想写 {near}？{help}");
        }
        r.error_help(
            Span::locate(text, at, name.len()),
            format!("CSV 的列“{name}”gongkai 不认识：这一列的内容不会用到"),
            help,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn csv_point(
    r: &mut Reader,
    ctx: &DataContext,
    span: Span,
    period: String,
    unit: String,
    group: Option<String>,
    value: String,
) -> Option<Point> {
    let period = match Period::parse(&period) {
        Ok(p) => p,
        Err(e) => {
            r.error(span, format!("period：{e}"));
            return None;
        }
    };
    let unit = common::check_unit(At::new(unit, span), r, ctx.config)?;
    let group = group.filter(|g| !g.is_empty());
    if let Some(g) = &group
        && let Err((message, help)) = check_group(&At::new(g.clone(), span), ctx.groups)
    {
        r.error_help(span, message, help);
        return None;
    }
    let value = match parse_figure(&value) {
        Ok(value) => value,
        Err(e) => {
            r.error(span, format!("value 的数值“{value}”有误：{e}"));
            return None;
        }
    };
    Some(Point {
        period,
        unit,
        group,
        value,
        path: r.path.to_string(),
        span,
    })
}

/// The series rules that look across rows. Those that compare rows with
/// each other run only on a `clean` file: a sum or a fall computed from a
/// misread row (a thousands comma inside `{ }`) would name a wrong figure.
fn check_points(
    data: &[Point],
    measure: Measure,
    groups: &[String],
    partition: bool,
    clean: bool,
    diags: &mut Diagnostics,
) {
    let errors_before = diags.error_count();
    let mut seen: BTreeMap<(Period, &str, Option<&str>), &Point> = BTreeMap::new();
    for p in data {
        let key = (p.period, p.unit.as_str(), p.group.as_deref());
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    Some(p.span),
                    format!(
                        "{} {}{} 的数值写了两次（第 {} 行已有）",
                        p.period,
                        p.unit,
                        p.group
                            .as_deref()
                            .map(|g| format!(" {g}"))
                            .unwrap_or_default(),
                        first.span.line
                    ),
                )
                .with_help("每个期间、单位（和分组）只写一个数值"),
            );
            continue;
        }
        seen.insert(key, p);
        if p.value < Decimal::ZERO {
            diags.push(Diagnostic::error(
                &p.path,
                Some(p.span),
                format!("数值不能为负数，记录中为 {}", p.value),
            ));
        } else if measure == Measure::Ratio && p.value > Decimal::ONE_HUNDRED {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    Some(p.span),
                    format!("比例应在 0 到 100 之间，记录中为 {}", p.value),
                )
                .with_help("比例写百分数的数字部分，例如 96.5 表示 96.5%"),
            );
        }
    }
    if !clean || diags.error_count() > errors_before {
        return;
    }
    if measure == Measure::Cumulative {
        check_never_falls(&seen, diags);
    }
    match measure {
        Measure::Flow => check_parts_add_up(&seen, diags),
        Measure::Stock | Measure::Cumulative => check_same_day_agrees(&seen, diags),
        Measure::Ratio => {}
    }
    if !groups.is_empty() {
        check_groups_add_up(&seen, groups, partition, diags);
    }
}

/// Each unit's and group's figures of one series, by period.
type Seen<'p> = BTreeMap<(Period, &'p str, Option<&'p str>), &'p Point>;

/// A flow given for a period and for all the periods it is made of adds
/// up: a quarter written as 10 whose months are written 3, 3 and 3, or a
/// half-year of 20 over quarters of 10 and 5, would print two different
/// figures for the same months (the half-year's table and a year-to-date
/// sum through its quarters).
fn check_parts_add_up(seen: &Seen, diags: &mut Diagnostics) {
    for ((period, unit, group), p) in seen {
        let parts = period.parts();
        if parts.is_empty() {
            continue;
        }
        let values: Option<Vec<Decimal>> = parts
            .iter()
            .map(|part| known_flow(seen, *part, unit, *group))
            .collect();
        let Some(sum) = values.and_then(checked_sum) else {
            continue;
        };
        if sum != p.value {
            let names: Vec<String> = parts.iter().map(Period::to_string).collect();
            diags.push(
                Diagnostic::error(
                    &p.path,
                    Some(p.span),
                    format!(
                        "{period} {unit} 写的是 {}，但其中各期（{}）相加是 {sum}：同一段时间的数不能有两个",
                        p.value,
                        names.join("、")
                    ),
                )
                .with_help("核对这一行和各期的数；各期齐全时可以删去这一行，由各期相加得出"),
            );
        }
    }
}

/// A flow's figure for `period` as written, or as the sum of its parts when
/// every part is known.
fn known_flow(seen: &Seen, period: Period, unit: &str, group: Option<&str>) -> Option<Decimal> {
    if let Some(p) = seen.get(&(period, unit, group)) {
        return Some(p.value);
    }
    let parts = period.parts();
    if parts.is_empty() {
        return None;
    }
    let values: Option<Vec<Decimal>> = parts
        .iter()
        .map(|part| known_flow(seen, *part, unit, group))
        .collect();
    values.and_then(checked_sum)
}

/// A stock or a running total is a level on the last day of its period:
/// figures of one unit and group for periods ending the same day (2013-06,
/// 2013-Q2 and 2013-H1) are the same level, so they must be equal.
fn check_same_day_agrees(seen: &Seen, diags: &mut Diagnostics) {
    let mut by_day: BTreeMap<(&str, Option<&str>, jiff::civil::Date), Vec<&Point>> =
        BTreeMap::new();
    for ((period, unit, group), p) in seen {
        by_day
            .entry((unit, *group, period.end()))
            .or_default()
            .push(p);
    }
    for points in by_day.values() {
        let Some(first) = points.first() else {
            continue;
        };
        for p in points.iter().skip(1).filter(|p| p.value != first.value) {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    Some(p.span),
                    format!(
                        "{} 和 {} 都截至 {}，是同一天的数，应当相同：这里写 {}，那里写 {}",
                        p.period,
                        first.period,
                        crate::domain::dates::chinese(p.period.end()),
                        p.value,
                        first.value
                    ),
                )
                .with_help("核对两处的数；只需写其中一期"),
            );
        }
    }
}

/// A cumulative series never falls from one period to the next of the
/// same length, for each unit and group.
fn check_never_falls(seen: &Seen, diags: &mut Diagnostics) {
    let mut lines: BTreeMap<(&str, Option<&str>, u8), Vec<&Point>> = BTreeMap::new();
    for ((period, unit, group), p) in seen {
        lines
            .entry((unit, *group, period.length_in_months()))
            .or_default()
            .push(p);
    }
    for points in lines.values_mut() {
        points.sort_by_key(|p| p.period);
        for pair in points.windows(2) {
            if pair[1].value < pair[0].value {
                diags.push(
                    Diagnostic::error(
                        &pair[1].path,
                        Some(pair[1].span),
                        format!(
                            "累计数不能减少：{} 为 {}，比 {} 的 {} 少",
                            pair[1].period, pair[1].value, pair[0].period, pair[0].value
                        ),
                    )
                    .with_help("累计数写截至该期末的总数；若这是当期数，把 measure 改为 flow"),
                );
            }
        }
    }
}

/// With `partition: true` a given whole equals the sum of its groups; with
/// `partition: false` the whole is given and no group exceeds it.
fn check_groups_add_up(seen: &Seen, groups: &[String], partition: bool, diags: &mut Diagnostics) {
    let mut places: BTreeMap<(Period, &str), Vec<&Point>> = BTreeMap::new();
    for ((period, unit, group), p) in seen {
        if group.is_some() {
            places.entry((*period, unit)).or_default().push(p);
        }
    }
    for ((period, unit), members) in places {
        let whole = seen.get(&(period, unit, None));
        if partition {
            let complete = members.len() == groups.len();
            if let (Some(whole), true) = (whole, complete) {
                let sum = checked_sum(members.iter().map(|p| p.value));
                if let Some(sum) = sum.filter(|sum| *sum != whole.value) {
                    diags.push(
                        Diagnostic::error(
                            &whole.path,
                            Some(whole.span),
                            format!(
                                "{period} {unit} 的总数应为各组之和 {sum}，记录中为 {}",
                                whole.value
                            ),
                        )
                        .with_help("核对各组数值，或删去总数一行由各组相加得出"),
                    );
                }
            }
        } else {
            match whole {
                None => {
                    let first = members[0];
                    diags.push(
                        Diagnostic::error(
                            &first.path,
                            Some(first.span),
                            format!("{period} {unit} 有分组数值但没有总数：各组可以重叠时必须写出总数"),
                        )
                        .with_help(format!("加一行不写 group 的总数，例如 {{ period: {period}, unit: {unit}, value: 23 }}")),
                    );
                }
                Some(whole) => {
                    for p in members.iter().filter(|p| p.value > whole.value) {
                        diags.push(Diagnostic::error(
                            &p.path,
                            Some(p.span),
                            format!(
                                "分组“{}”的数值 {} 超过了总数 {}",
                                p.group.as_deref().unwrap_or(""),
                                p.value,
                                whole.value
                            ),
                        ));
                    }
                }
            }
        }
    }
}
