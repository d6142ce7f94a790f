//! Township totals that never undercount.

use super::*;

/// A site with two villages and a party branch.
const TWO_VILLAGES: &str = "\
title: 示例镇党务村务财务公开网
base_url: https://gongkai.shili.test/
township: { id: shili, name: 示例镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
  - { id: jiguan, name: 镇机关支部, kind: branch }
";

/// Pear grafting by quarter: both villages in Q1, only 西关村 in Q2.
const GRAFTING: &str = "\
title: 玉露香梨高接换优面积
unit: 亩
measure: flow
data:
  - { period: 2013-Q1, unit: xiguan, value: 300 }
  - { period: 2013-Q1, unit: dongzhuang, value: 20 }
  - { period: 2013-Q2, unit: xiguan, value: 450 }
";

fn quoting(period: &str, unit: Option<&str>) -> String {
    let unit = unit.map(|u| format!(", unit=\"{u}\"")).unwrap_or_default();
    edit(
        REPORT,
        "period=\"2013-H1\")",
        &format!("period=\"{period}\"{unit})"),
    )
}

#[test]
fn a_covered_village_without_a_figure_makes_the_total_unknown_and_a_quote_an_error() {
    let report = quoting("2013-Q2", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert_diag(
        &d,
        REPORT_MD,
        pos(&report, "{{ value"),
        "指标“玉露香梨高接换优面积”全镇 2013-Q2 的数无法得出：东庄村没有 2013-Q2 的数",
    );
    assert_help(&d, "units:");

    // A half-year names the quarter that is missing.
    let report = quoting("2013-H1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert!(d.message.ends_with("东庄村没有 2013-Q2 的数"), "{d:#?}");

    // Every row of a village deleted: the township total is unknown, not
    // the other village's figure.
    let only_xiguan = edit(
        GRAFTING,
        "  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n",
        "",
    );
    let report = quoting("2013-Q1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, only_xiguan.as_str()),
        (REPORT_MD, report.as_str()),
    ];
    let d = one_error(&files);
    assert!(d.message.ends_with("东庄村没有 2013-Q1 的数"), "{d:#?}");

    // One village's own figure is still quoted.
    let report = quoting("2013-Q2", Some("xiguan"));
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, GRAFTING),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_table_shows_an_unknown_total_as_a_dash() {
    let files = [("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, GRAFTING)];
    let page = &build_pages(&files, TODAY, &["indicators/pear-grafting/index.html"])[0];
    let row = |period: &str| {
        let at = page
            .find(&format!(">{period}<"))
            .unwrap_or_else(|| panic!("{period}: {page}"));
        let end = at + page[at..].find("</tr>").unwrap();
        page[at..end].to_string()
    };
    let q2 = row("2013年第二季度");
    assert!(
        q2.contains("450") && q2.ends_with("<td class=\"num\">—</td>"),
        "{q2}"
    );
    assert!(!q2.contains(">450</td><td class=\"num\">450<"), "{q2}");
    let q1 = row("2013年第一季度");
    assert!(q1.contains("<td class=\"num\">320</td>"), "{q1}");
}

#[test]
fn units_lists_the_units_an_indicator_covers() {
    // Listed: 东庄村 is not covered, and the total is 西关村's.
    let listed = format!("units: [xiguan]\n{GRAFTING}")
        .replace("  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n", "");
    let report = quoting("2013-H1", None);
    let files = [
        ("site.yaml", TWO_VILLAGES),
        (INDICATOR_YAML, listed.as_str()),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.unwrap();
    assert!(
        site.figures.reports[0].body.contains("完成高接换优750亩"),
        "{}",
        site.figures.reports[0].body
    );

    // A row for a unit that is not listed would count nowhere.
    let stray = format!("units: [xiguan]\n{GRAFTING}");
    let d = one_error(&[("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, &stray)]);
    assert_diag(
        &d,
        INDICATOR_YAML,
        pos_in(&stray, "dongzhuang, value: 20", "20"),
        "单位 dongzhuang 不在本指标的 units 中",
    );

    // The township is not a unit of the total.
    let township = format!("units: [xiguan, shili]\n{GRAFTING}");
    let township = edit(
        &township,
        "  - { period: 2013-Q1, unit: dongzhuang, value: 20 }\n",
        "",
    );
    let d = one_error(&[("site.yaml", TWO_VILLAGES), (INDICATOR_YAML, &township)]);
    assert_diag(
        &d,
        INDICATOR_YAML,
        pos(&township, "shili"),
        "不写乡镇 shili",
    );
}

#[test]
fn a_branch_that_gives_figures_is_counted_in_the_total() {
    let members = "\
title: 发展党员人数
unit: 名
measure: flow
data:
  - { period: 2013, unit: xiguan, value: 2 }
  - { period: 2013, unit: dongzhuang, value: 1 }
  - { period: 2013, unit: jiguan, value: 3 }
";
    let report = edit(
        REPORT,
        "{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}",
        "{{ value(indicator=\"members\", period=\"2013\") }}",
    );
    let files = [
        ("site.yaml", TWO_VILLAGES),
        ("indicators/members.yaml", members),
        (REPORT_MD, report.as_str()),
    ];
    let (site, diags) = check(&files);
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(
        site.unwrap().figures.reports[0]
            .body
            .contains("完成高接换优6亩")
    );
}
