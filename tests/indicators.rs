//! Indicators, charts and reports: rules at their `path:line`, roll-ups as
//! the built pages show them, the SVG, the downloads, and shortcodes.

mod common;

use gongkai::diagnostics::Severity;
use gongkai::site::{self, Options};
use jiff::civil::date;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: 测试镇公开网
base_url: https://gongkai.shiyan.test/
township: { id: shiyan, name: 测试镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
";

const PEAR: &str = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
target: { period: 2013-H1, value: 500 }
source: 镇农业办公室
data:
  - { period: 2013-Q1, unit: xiguan, value: 100 }
  - { period: 2013-Q2, unit: xiguan, value: 350 }
  - { period: 2013-Q1, unit: dongzhuang, value: 20 }
  - { period: 2013-Q2, unit: dongzhuang, value: 30 }
";

const REVIEW: &str = "\
title: 民主评议党员结果
unit: 名
measure: stock
groups: [好, 一般, 差]
partition: true
units: [xiguan]
data:
  - { period: 2014, unit: xiguan, group: 好, value: 379 }
  - { period: 2014, unit: xiguan, group: 一般, value: 142 }
  - { period: 2014, unit: xiguan, group: 差, value: 19 }
";

const REPORT: &str = "\
---
title: 测试镇2013年上半年工作总结
unit: shiyan
published: 2013-07-05
period: 2013-H1
type: half_year
---
上半年完成高接换优{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}亩，
其中西关村{{ value(indicator=\"pear-grafting\", period=\"2013-H1\", unit=\"xiguan\") }}亩。

{{ chart(indicator=\"pear-grafting\") }}

评议为好的党员{{ value(indicator=\"review\", period=\"2014\", group=\"好\") }}名，共{{ value(indicator=\"review\", period=\"2014\", unit=\"xiguan\") }}名。
";

fn site(files: &[(&str, &str)]) -> TempDir {
    common::site(&[&[("site.yaml", SITE_YAML)], files].concat())
}

fn options(dir: &Path) -> Options {
    common::options_on(dir, date(2013, 7, 6))
}

fn build(files: &[(&str, &str)]) -> TempDir {
    let dir = site(files);
    let out = TempDir::new().unwrap();
    site::build(&options(dir.path()), out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    out
}

fn read(out: &TempDir, path: &str) -> String {
    fs::read_to_string(out.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Errors of a site as `(path, line, message)`.
fn errors(files: &[(&str, &str)]) -> Vec<(String, u32, String)> {
    let dir = site(files);
    let (result, report) = site::check(&options(dir.path()));
    assert!(result.is_none(), "expected errors");
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            (
                d.path.clone(),
                d.span.map_or(0, |s| s.line),
                d.message.clone(),
            )
        })
        .collect()
}

fn assert_error(files: &[(&str, &str)], path: &str, line: u32, fragment: &str) {
    let errs = errors(files);
    assert!(
        errs.iter()
            .any(|(p, l, m)| p == path && *l == line && m.contains(fragment)),
        "no error at {path}:{line} containing {fragment:?}: {errs:?}"
    );
    assert_eq!(errs.len(), 1, "exactly one error: {errs:?}");
}

fn pear_with(row: &str) -> String {
    format!("{PEAR}{row}\n")
}

#[test]
fn report_quotes_rolled_up_figures() {
    let out = build(&[
        ("indicators/pear-grafting.yaml", PEAR),
        ("indicators/review.yaml", REVIEW),
        ("reports/h1.md", REPORT),
    ]);
    let page = read(&out, "reports/h1/index.html");
    assert!(
        page.contains("上半年完成高接换优500亩，其中西关村450亩。"),
        "units and quarters summed"
    );
    assert!(
        page.contains("评议为好的党员379名，共540名。"),
        "group and partition whole"
    );
    assert!(
        page.contains("<figure class=\"chart\"><svg"),
        "chart inline where the shortcode stood"
    );
    assert!(!page.contains("GONGKAICHART"), "no marker left");
    assert!(
        page.contains(
            "<figcaption><a href=\"../../indicators/pear-grafting/\">查看数据表格</a></figcaption>"
        ),
        "every chart links to its data table"
    );
    assert!(read(&out, "reports/index.html").contains("测试镇2013年上半年工作总结"));
}

#[test]
fn report_tables_get_a_caption_and_a_scroll_box() {
    // A report's tables are as readable on a phone and to a screen reader
    // as a record's: named by the heading above them, scrolling in a box.
    let report = format!(
        "{REPORT}\n## 各村完成情况\n\n| 村 | 亩数 |\n|---|---:|\n| 西关村 | 450 |\n| 东庄村 | 50 |\n"
    );
    let out = build(&[
        ("indicators/pear-grafting.yaml", PEAR),
        ("indicators/review.yaml", REVIEW),
        ("reports/h1.md", &report),
    ]);
    let page = read(&out, "reports/h1/index.html");
    // The box is a named region in the Tab order, so that a keyboard can
    // scroll it; header cells say what they head.
    assert!(
        page.contains(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"各村完成情况\"><table>"
        ),
        "{page}"
    );
    assert!(page.contains("各村完成情况</caption>"), "{page}");
    assert!(
        page.contains("<th scope=\"col\">村</th><th scope=\"col\" class=\"align-right\">亩数</th>"),
        "{page}"
    );
    assert!(
        page.contains("<tr><th scope=\"row\">西关村</th><td class=\"align-right\">450</td></tr>"),
        "{page}"
    );
}

#[test]
fn indicator_page_has_chart_table_and_downloads() {
    let out = build(&[("indicators/pear-grafting.yaml", PEAR)]);
    let page = read(&out, "indicators/pear-grafting/index.html");
    assert!(
        page.contains("<svg")
            && page.contains("<title id=\"chart-pear-grafting-title\">玉露香梨高接换优面积")
    );
    assert!(page.contains("<caption>玉露香梨高接换优面积（单位：亩）</caption>"));
    assert!(page.contains("测试镇合计"), "township total column");
    let q1 = page.find("2013年第一季度").unwrap();
    let q2 = page.find("2013年第二季度").unwrap();
    let h1 = page.find("2013年上半年</th>").unwrap();
    assert!(q1 < q2 && q2 < h1, "parts before their total");
    assert!(page.contains("href=\"data.csv\"") && page.contains("href=\"data.json\""));
    assert!(read(&out, "indicators/index.html").contains("玉露香梨高接换优面积"));
    assert!(
        read(&out, "index.html").contains("主要指标"),
        "home shows key figures"
    );
    assert!(
        read(&out, "units/xiguan/index.html").contains("450"),
        "unit page shows its latest figure"
    );
}

#[test]
fn chart_svg_holds_chinese_text_title_and_scales() {
    let out = build(&[("indicators/pear-grafting.yaml", PEAR)]);
    let svg = read(&out, "indicators/pear-grafting/chart.svg");
    assert!(svg.starts_with("<svg viewBox=\"0 0 "), "{}", &svg[..80]);
    assert!(
        !svg[..200].contains(" width=\""),
        "no fixed size: scales with its box"
    );
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains(
        "<title id=\"chart-pear-grafting-title\">玉露香梨高接换优面积（单位：亩）</title>"
    ));
    // The name is the short title; the long text describes, and is not
    // read a second time as part of the name.
    assert!(
        svg.contains(
            "aria-labelledby=\"chart-pear-grafting-title\" aria-describedby=\"chart-pear-grafting-desc\""
        ),
        "{}",
        &svg[..300]
    );
    assert!(
        svg.contains("<desc id=\"chart-pear-grafting-desc\">堆积柱状图"),
        "a target stacks the units against the township total"
    );
    assert!(
        svg.contains(">\n西关村\n</text>") || svg.contains(">西关村"),
        "legend names the unit in Chinese"
    );
    assert!(svg.contains("2013Q1"), "period labels");
    assert!(svg.contains("单位：亩"), "axis titled with the unit");
}

/// The y axis labels each tick with the decimals it needs: small figures
/// (0.01–0.03 万元) were labelled 0.0, and a tick at 0.05 as 0.1.
#[test]
fn chart_axis_labels_small_figures_with_their_decimals() {
    let small = "\
title: 集体经济收入
unit: 万元
measure: flow
data:
  - { period: 2013-Q1, unit: xiguan, value: 0.01 }
  - { period: 2013-Q2, unit: xiguan, value: 0.03 }
";
    let out = build(&[("indicators/income.yaml", small)]);
    let svg = read(&out, "indicators/income/chart.svg");
    let labels: Vec<&str> = svg
        .split("</text>")
        .filter_map(|t| t.rsplit_once('>').map(|(_, label)| label.trim()))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(
        labels.contains(&"0.01") && labels.contains(&"0.03"),
        "{labels:?}"
    );
    assert!(
        !labels.iter().any(|l| *l == "0.0" || *l == "0.1"),
        "{labels:?}"
    );
}

#[test]
fn data_csv_has_a_bom_and_every_figure() {
    let out = build(&[("indicators/pear-grafting.yaml", PEAR)]);
    let bytes = fs::read(out.path().join("indicators/pear-grafting/data.csv")).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "BOM so Excel reads UTF-8"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "期间,单位代码,单位,分组,数值,来源");
    assert!(lines.contains(&"2013-Q1,xiguan,西关村,,100,填报"));
    assert!(lines.contains(&"2013-H1,shiyan,测试镇,,500,汇总"));
    let json: serde_json::Value = serde_json::from_slice(
        &fs::read(out.path().join("indicators/pear-grafting/data.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["id"], "pear-grafting");
    assert!(
        json["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["period"] == "2013-H1" && d["value"] == "500")
    );
}

#[test]
fn csv_data_is_read_and_its_errors_point_into_the_csv() {
    let yaml = "title: 新发展党员\nunit: 名\nmeasure: flow\ncsv: members.csv\n";
    let csv_ok = "period,unit,value\n2013,xiguan,3\n2013,dongzhuang,2\n";
    let out = build(&[
        ("indicators/members.yaml", yaml),
        ("indicators/members.csv", csv_ok),
    ]);
    assert!(
        read(&out, "indicators/members/index.html").contains(">5</td>"),
        "township total from CSV rows"
    );
    let csv_bad = "period,unit,value\n2013,xiguan,3\n2013,nowhere,2\n";
    assert_error(
        &[
            ("indicators/members.yaml", yaml),
            ("indicators/members.csv", csv_bad),
        ],
        "indicators/members.csv",
        3,
        "未知的单位",
    );
    // A column named twice would have its second copy dropped.
    assert_error(
        &[
            ("indicators/members.yaml", yaml),
            (
                "indicators/members.csv",
                "period,unit,value,value\n2013,xiguan,3,4\n",
            ),
        ],
        "indicators/members.csv",
        1,
        "出现了两次",
    );
    // Excel saves CSV with CRLF: an error still points at its own line.
    assert_error(
        &[
            ("indicators/members.yaml", yaml),
            ("indicators/members.csv", &csv_bad.replace('\n', "\r\n")),
        ],
        "indicators/members.csv",
        3,
        "未知的单位",
    );
}

#[test]
fn invalid_period_is_reported_at_its_row() {
    assert_error(
        &[(
            "indicators/pear-grafting.yaml",
            &pear_with("  - { period: 2013-H3, unit: xiguan, value: 1 }"),
        )],
        "indicators/pear-grafting.yaml",
        11,
        "不是有效的期间",
    );
}

#[test]
fn unknown_unit_is_reported() {
    assert_error(
        &[(
            "indicators/pear-grafting.yaml",
            &pear_with("  - { period: 2013-Q3, unit: beipo, value: 1 }"),
        )],
        "indicators/pear-grafting.yaml",
        11,
        "未知的单位",
    );
}

#[test]
fn one_value_per_period_and_unit() {
    assert_error(
        &[(
            "indicators/pear-grafting.yaml",
            &pear_with("  - { period: 2013-Q1, unit: xiguan, value: 5 }"),
        )],
        "indicators/pear-grafting.yaml",
        11,
        "写了两次（第 7 行已有）",
    );
}

#[test]
fn counts_are_not_negative() {
    assert_error(
        &[(
            "indicators/pear-grafting.yaml",
            &pear_with("  - { period: 2013-Q3, unit: xiguan, value: -5 }"),
        )],
        "indicators/pear-grafting.yaml",
        11,
        "不能为负数",
    );
}

#[test]
fn ratios_stay_within_one_hundred() {
    let ratio = "title: 整改率\nunit: \"%\"\nmeasure: ratio\ndata:\n  - { period: 2013, unit: xiguan, value: 96.5 }\n  - { period: 2013, unit: dongzhuang, value: 100.5 }\n";
    assert_error(
        &[("indicators/rate.yaml", ratio)],
        "indicators/rate.yaml",
        6,
        "比例应在 0 到 100 之间",
    );
}

/// A share (unit %) is a ratio: summed as a flow or a stock it would give
/// a township 'total' of 370 %.
#[test]
fn a_share_must_be_measured_as_a_ratio() {
    let summed = "title: 参保率\nunit: \"%\"\nmeasure: flow\ndata:\n  - { period: 2013, unit: xiguan, value: 85 }\n";
    assert_error(
        &[("indicators/rate.yaml", summed)],
        "indicators/rate.yaml",
        3,
        "这是比例",
    );
}

#[test]
fn cumulative_series_never_fall() {
    let cum = "title: 节水灌溉面积\nunit: 亩\nmeasure: cumulative\ndata:\n  - { period: 2013-Q1, unit: xiguan, value: 300 }\n  - { period: 2013-Q2, unit: xiguan, value: 280 }\n";
    assert_error(
        &[("indicators/irrigation.yaml", cum)],
        "indicators/irrigation.yaml",
        6,
        "累计数不能减少",
    );
}

/// A flow written for a period and for every part of it must add up, and
/// a stock written for periods ending the same day must agree: either way
/// the site would print two figures for the same time.
#[test]
fn figures_for_the_same_time_must_agree() {
    // 2013-Q1 is 10, but its months add up to 9 (line 10 is the quarter).
    let months = pear_with(
        "  - { period: 2013-01, unit: xiguan, value: 3 }\n  - { period: 2013-02, unit: xiguan, value: 3 }\n  - { period: 2013-03, unit: xiguan, value: 3 }",
    )
    .replace("2013-Q1, unit: xiguan, value: 100", "2013-Q1, unit: xiguan, value: 10");
    assert_error(
        &[("indicators/pear-grafting.yaml", &months)],
        "indicators/pear-grafting.yaml",
        7,
        "相加是 9",
    );
    // A half-year of 500 over quarters of 100 and 350.
    let half = pear_with("  - { period: 2013-H1, unit: xiguan, value: 500 }");
    assert_error(
        &[("indicators/pear-grafting.yaml", &half)],
        "indicators/pear-grafting.yaml",
        11,
        "相加是 450",
    );
    // The parts agreeing is no error.
    let agreeing = pear_with("  - { period: 2013-H1, unit: xiguan, value: 450 }");
    build(&[("indicators/pear-grafting.yaml", &agreeing)]);

    let stock = "\
title: 党员人数
unit: 人
measure: stock
data:
  - { period: 2013-06, unit: xiguan, value: 3 }
  - { period: 2013-Q2, unit: xiguan, value: 7 }
  - { period: 2013-Q1, unit: xiguan, value: 2 }
";
    let errs = errors(&[("indicators/members.yaml", stock)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].2.contains("同一天的数"), "{errs:?}");
}

#[test]
fn groups_must_be_declared() {
    let bad = REVIEW.replace("group: 差, value: 19", "group: 很差, value: 19");
    assert_error(
        &[("indicators/review.yaml", &bad)],
        "indicators/review.yaml",
        10,
        "分组“很差”不在 groups 中",
    );
}

#[test]
fn a_given_whole_of_a_partition_equals_its_groups() {
    let bad = format!("{REVIEW}  - {{ period: 2014, unit: xiguan, value: 541 }}\n");
    assert_error(
        &[("indicators/review.yaml", &bad)],
        "indicators/review.yaml",
        11,
        "总数应为各组之和 540",
    );
}

#[test]
fn overlapping_groups_need_the_whole_and_stay_below_it() {
    let base = "title: 新党员构成\nunit: 名\nmeasure: flow\ngroups: [女, 35岁以下]\npartition: false\ndata:\n";
    let no_whole = format!("{base}  - {{ period: 2013, unit: xiguan, group: 女, value: 2 }}\n");
    assert_error(
        &[("indicators/profile.yaml", &no_whole)],
        "indicators/profile.yaml",
        7,
        "没有总数",
    );
    let too_big = format!(
        "{base}  - {{ period: 2013, unit: xiguan, value: 3 }}\n  - {{ period: 2013, unit: xiguan, group: 女, value: 4 }}\n"
    );
    assert_error(
        &[("indicators/profile.yaml", &too_big)],
        "indicators/profile.yaml",
        8,
        "超过了总数 3",
    );
}

#[test]
fn shortcode_naming_a_missing_indicator_period_or_unit_is_an_error_at_its_line() {
    let indicators = [
        ("indicators/pear-grafting.yaml", PEAR),
        ("indicators/review.yaml", REVIEW),
    ];
    let with = |from: &str, to: &str| {
        let mut files = indicators.to_vec();
        let report = REPORT.replace(from, to);
        files.push(("reports/h1.md", Box::leak(report.into_boxed_str())));
        files
    };
    assert_error(
        &with(
            "indicator=\"review\", period=\"2014\", group",
            "indicator=\"reviews\", period=\"2014\", group",
        ),
        "reports/h1.md",
        13,
        "找不到指标“reviews”",
    );
    assert_error(
        &with(
            "period=\"2013-H1\", unit=\"xiguan\"",
            "period=\"2013-H2\", unit=\"xiguan\"",
        ),
        "reports/h1.md",
        9,
        "没有西关村 2013-H2 的数据",
    );
    assert_error(
        &with("2013-H1\", unit=\"xiguan\"", "2013-H1\", unit=\"beipo\""),
        "reports/h1.md",
        9,
        "未知的单位“beipo”",
    );
    assert_error(
        &with("group=\"好\"", "group=\"优\""),
        "reports/h1.md",
        13,
        "没有分组“优”",
    );
    assert_error(
        &with(
            "{{ chart(indicator=\"pear-grafting\") }}",
            "{{ chart(indicator=pear-grafting) }}",
        ),
        "reports/h1.md",
        11,
        "要加英文引号",
    );
}

#[test]
fn the_example_indicators_and_reports_build() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = TempDir::new().unwrap();
    let opts = Options {
        site_dir: content,
        today: date(2013, 7, 5),
        base_url: None,
        drafts: false,
        force: false,
    };
    let (built, _) = site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(built.site.indicators.len() >= 6);
    assert!(!built.site.reports.is_empty());
    let report = read(&out, "reports/2013/liyuan-2013h1-work-report/index.html");
    assert!(
        report.contains("3,050"),
        "the half-year grafting total quoted from data"
    );
}

#[test]
fn an_indicator_file_name_outside_the_id_alphabet_is_an_error_saying_how_to_rename() {
    let hostile = "indicators/x\" onload=\"alert(1)\" y=\".yaml";
    let errs = errors(&[(hostile, PEAR)]);
    assert!(errs.iter().all(|(path, _, _)| path == hostile), "{errs:?}");
    assert!(
        errs.iter()
            .any(|(_, _, m)| m.contains("只能用小写字母、数字和连字符")),
        "{errs:?}"
    );
    let errs = errors(&[("indicators/Pear_Grafting.yaml", PEAR)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let dir = site(&[(hostile, PEAR), ("indicators/梨树.yaml", PEAR)]);
    let (_, report) = site::check(&options(dir.path()));
    let helps: Vec<&str> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert!(
        helps.iter().any(|h| h.contains("x-onload-alert-1-y.yaml")),
        "{helps:?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("jiti-shouru.yaml")),
        "{helps:?}"
    );
}

#[test]
fn a_chart_shortcode_inside_an_attribute_adds_no_markup_there() {
    let report = REPORT.replace(
        "{{ chart(indicator=\"pear-grafting\") }}",
        "<span title=\"{{ chart(indicator=\"pear-grafting\") }}\">注</span>\n\n<a href=\"#main\" title='a>{{ chart(indicator=\"pear-grafting\") }}'>b</a>",
    );
    let out = build(&[
        ("indicators/pear-grafting.yaml", PEAR),
        ("indicators/review.yaml", REVIEW),
        ("reports/h1.md", &report),
    ]);
    let page = read(&out, "reports/h1/index.html");
    assert!(!page.contains("GONGKAICHART"), "{page}");
    assert!(!page.contains("<figure"), "{page}");
    assert!(page.contains(">注</span>"), "{page}");
}

#[test]
fn data_csv_cells_never_start_a_formula() {
    let yaml = "\
title: 分组
unit: 名
measure: stock
groups: [\"=HYPERLINK(\\\"http://evil.example\\\")\", \"+1\", \"-2\", \"@SUM(A1)\", 好]
partition: false
data:
  - { period: 2014, unit: xiguan, value: 10 }
  - { period: 2014, unit: xiguan, group: \"=HYPERLINK(\\\"http://evil.example\\\")\", value: 1 }
  - { period: 2014, unit: xiguan, group: \"+1\", value: 1 }
  - { period: 2014, unit: xiguan, group: \"-2\", value: 1 }
  - { period: 2014, unit: xiguan, group: \"@SUM(A1)\", value: 1 }
  - { period: 2014, unit: xiguan, group: 好, value: 1 }
";
    let out = build(&[("indicators/groups.yaml", yaml)]);
    let csv = read(&out, "indicators/groups/data.csv");
    for line in csv.lines().skip(1) {
        let mut in_quotes = false;
        let mut cell = String::new();
        let mut cells = Vec::new();
        for c in line.chars() {
            match c {
                '"' => in_quotes = !in_quotes,
                ',' if !in_quotes => cells.push(std::mem::take(&mut cell)),
                _ => cell.push(c),
            }
        }
        cells.push(cell);
        for cell in cells {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{line}");
        }
    }
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains(",'+1,"), "{csv}");
}

/// Agency services done each month, by village: a flow series.
const AGENCY: &str = "\
title: 代办服务次数
unit: 次
measure: flow
data:
  - { period: 2013-01, unit: xiguan, value: 10 }
  - { period: 2013-02, unit: xiguan, value: 12 }
  - { period: 2013-03, unit: xiguan, value: 8 }
  - { period: 2013-04, unit: xiguan, value: 1000 }
  - { period: 2013-01, unit: dongzhuang, value: 5 }
  - { period: 2013-02, unit: dongzhuang, value: 7 }
  - { period: 2013-03, unit: dongzhuang, value: 6 }
  - { period: 2013-04, unit: dongzhuang, value: 2000 }
";

const YEAR_TO_DATE: &str = "\
---
title: 测试镇2013年上半年工作总结
unit: shiyan
published: 2013-07-05
period: 2013-H1
type: half_year
---
截至3月份，全年开展代办服务{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\") }}次，
其中西关村{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\", unit=\"xiguan\") }}次，
一季度{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-Q1\") }}次。
";

#[test]
fn through_sums_a_flow_from_the_period_start_to_the_end_of_through() {
    let out = build(&[
        ("indicators/agency-services.yaml", AGENCY),
        ("reports/h1.md", YEAR_TO_DATE),
    ]);
    let page = read(&out, "reports/h1/index.html");
    assert!(
        page.contains("全年开展代办服务48次，其中西关村30次，一季度48次。"),
        "January to March summed over both villages, and by quarter; April left out: {page}"
    );
}

/// A report whose body is the one shortcode `code`, on line 8.
fn report_quoting(code: &str) -> String {
    let head: String = YEAR_TO_DATE
        .lines()
        .take(7)
        .map(|l| format!("{l}\n"))
        .collect();
    format!("{head}截至目前{code}。\n")
}

#[test]
fn through_with_a_month_missing_is_an_error_naming_it() {
    let agency = AGENCY.replace("  - { period: 2013-02, unit: dongzhuang, value: 7 }\n", "");
    for (code, fragment) in [
        (
            "{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\") }}",
            "全镇 2013 截至 2013-03 的累计数无法得出：东庄村没有 2013-02 的数",
        ),
        (
            "{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\", unit=\"dongzhuang\") }}",
            "东庄村 2013 截至 2013-03 的累计数无法得出：东庄村没有 2013-02 的数",
        ),
        (
            "{{ value(indicator=\"agency-services\", period=\"2013-Q1\", through=\"2013-03\") }}",
            "东庄村没有 2013-02 的数",
        ),
    ] {
        let report = report_quoting(code);
        let files = [
            ("indicators/agency-services.yaml", agency.as_str()),
            ("reports/h1.md", &report),
        ];
        assert_error(&files, "reports/h1.md", 8, fragment);
    }
    // With every month there, the same quotes resolve.
    let files = [
        ("indicators/agency-services.yaml", AGENCY),
        (
            "reports/h1.md",
            &report_quoting(
                "{{ value(indicator=\"agency-services\", period=\"2013-Q1\", through=\"2013-03\", unit=\"dongzhuang\") }}",
            ),
        ),
    ];
    assert!(read(&build(&files), "reports/h1/index.html").contains("截至目前18。"));
}

#[test]
fn through_is_an_error_for_stocks_ratios_and_outside_the_period() {
    let ratio = "\
title: 代办满意率
unit: \"%\"
measure: ratio
data:
  - { period: 2013-01, unit: xiguan, value: 90 }
";
    let cases = [
        (
            "{{ value(indicator=\"review\", period=\"2014\", through=\"2014-11\", unit=\"xiguan\") }}",
            "是期末存量（stock）",
        ),
        (
            "{{ value(indicator=\"satisfaction\", period=\"2013\", through=\"2013-01\", unit=\"xiguan\") }}",
            "是比率（ratio）",
        ),
        (
            "{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2014-01\") }}",
            "through=\"2014-01\" 不在 period=\"2013\" 之内",
        ),
        (
            "{{ value(indicator=\"agency-services\", period=\"2013\", through=\"2013-13\") }}",
            "不是有效的期间",
        ),
    ];
    for (code, fragment) in cases {
        let report = report_quoting(code);
        let files = [
            ("indicators/agency-services.yaml", AGENCY),
            ("indicators/review.yaml", REVIEW),
            ("indicators/satisfaction.yaml", ratio),
            ("reports/h1.md", &report),
        ];
        assert_error(&files, "reports/h1.md", 8, fragment);
    }
}

/// The one chart of a report page whose element ids start with `id`.
fn chart_with_id<'p>(page: &'p str, id: &str) -> &'p str {
    let at = page
        .find(&format!("aria-labelledby=\"chart-{id}-title\""))
        .unwrap_or_else(|| panic!("no chart {id}: {page}"));
    let start = page[..at].rfind("<svg").unwrap();
    let end = at + page[at..].find("</svg>").unwrap();
    &page[start..end]
}

#[test]
fn a_chart_through_a_month_shows_the_year_to_that_month_only() {
    let report = report_quoting(
        "{{ chart(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\") }}\n\n\
         {{ chart(indicator=\"agency-services\") }}",
    );
    let out = build(&[
        ("indicators/agency-services.yaml", AGENCY),
        ("reports/h1.md", &report),
    ]);
    let page = read(&out, "reports/h1/index.html");
    let ytd = chart_with_id(&page, "agency-services-2013-2013-03");
    assert!(
        ytd.contains("2013年1月至2013年3月") && ytd.contains("最近一期（2013年3月）全镇合计 14 次"),
        "{ytd}"
    );
    assert!(!ytd.contains("2013年4月"), "April is after through: {ytd}");
    // The whole chart beside it still runs to April.
    let whole = chart_with_id(&page, "agency-services");
    assert!(whole.contains("2013年1月至2013年4月"), "{whole}");
}

#[test]
fn a_chart_through_follows_the_rules_of_a_year_to_date_figure() {
    let gap = AGENCY.replace("  - { period: 2013-02, unit: dongzhuang, value: 7 }\n", "");
    let cases = [
        (
            AGENCY.to_string(),
            "{{ chart(indicator=\"review\", period=\"2014\", through=\"2014-11\") }}",
            "是期末存量（stock）",
        ),
        (
            gap,
            "{{ chart(indicator=\"agency-services\", period=\"2013\", through=\"2013-03\") }}",
            "东庄村没有 2013-02 的数",
        ),
        (
            AGENCY.to_string(),
            "{{ chart(indicator=\"agency-services\", through=\"2013-03\") }}",
            "写了 through，却没有写 period",
        ),
        (
            AGENCY.to_string(),
            "{{ chart(indicator=\"agency-services\", period=\"2013\", through=\"2014-01\") }}",
            "through=\"2014-01\" 不在 period=\"2013\" 之内",
        ),
    ];
    for (agency, code, fragment) in cases {
        let report = report_quoting(code);
        let files = [
            ("indicators/agency-services.yaml", agency.as_str()),
            ("indicators/review.yaml", REVIEW),
            ("reports/h1.md", &report),
        ];
        assert_error(&files, "reports/h1.md", 8, fragment);
    }
}

/// An indicator's page is named by its id wherever its file is, so a link
/// to the file of one in a subfolder leads to that page.
#[test]
fn a_link_to_an_indicator_file_in_a_subfolder_leads_to_its_page() {
    let page = "\
---
title: 数据说明
---

见[梨树嫁接面积](/indicators/farming/pear.yaml)。
";
    let out = build(&[
        ("indicators/farming/pear.yaml", PEAR),
        ("pages/data.md", page),
    ]);
    let html = read(&out, "pages/data/index.html");
    assert!(
        html.contains("<a href=\"../../indicators/pear/\""),
        "{html}"
    );
    assert!(out.path().join("indicators/pear/index.html").is_file());
}
