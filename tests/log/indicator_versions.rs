//! An indicator's earlier versions get their page at `<indicator url>v<N>/`,
//! drawn from the version's canonical JSON (its CSV text included), so an
//! auditor sees the figures as they were shown.

use super::*;

/// [`INDICATOR`] with its figure corrected from 1200 to 1250 on 2013-07-08.
fn corrected_roads() -> String {
    INDICATOR.replace("value: 1200", "value: 1250").replace(
        "source: 镇交通办\n",
        "source: 镇交通办\ncorrections:\n  - { date: 2013-07-08, reason: 二季度西关村数字录入有误 }\n",
    )
}

const MEMBERS: &str = "\
title: 新发展党员
unit: 名
measure: flow
csv: members.csv
";

const MEMBERS_CSV: &str = "period,unit,value\n2013-Q2,xiguan,3\n";

/// A table cell holding `figure`.
fn cell(figure: &str) -> String {
    format!("<td class=\"num\">{figure}</td>")
}

fn read(s: &Logged, path: &str) -> String {
    fs::read_to_string(s.out.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The files of the output, other than the pages of `page` and its
/// versions and the list of files this tool wrote, that name `version`:
/// the sitemap, the feeds and the search index must not.
fn naming_outside(s: &Logged, page: &str, version: &str) -> Vec<String> {
    files_naming(s.out.path(), version)
        .into_iter()
        .filter(|p| {
            p != &format!("{page}index.html")
                && p != ".gongkai-manifest"
                && !p.starts_with(&format!("{page}v1/"))
        })
        .collect()
}

#[test]
fn a_corrected_indicator_keeps_its_first_figures_at_v1() {
    let s = Logged::new(&[("indicators/roads.yaml", INDICATOR)]);
    s.build(TODAY);
    assert!(!s.out.path().join("indicators/roads/v1").exists());
    s.write("indicators/roads.yaml", &corrected_roads());
    s.build(date(2013, 7, 8));
    let v1_record = s.entries()[0].record.clone();

    let v1 = read(&s, "indicators/roads/v1/index.html");
    assert!(v1.contains(&cell("1,200")), "the old figure: {v1}");
    assert!(!v1.contains("1,250"), "{v1}");
    assert!(v1.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        v1.contains("由第 2 版更正（二季度西关村数字录入有误）"),
        "the banner says what replaced it and why: {v1}"
    );
    assert!(v1.contains(&v1_record), "its own hash");
    assert!(
        v1.contains("<a href=\"../../../indicators/roads/\">现行版本</a>"),
        "{v1}"
    );
    assert!(v1.contains("qr-version\">第 1 版（已被更正）· "), "{v1}");
    assert!(!v1.contains("本页为第"), "no version list of its own: {v1}");
    // Its downloads are the old figures too, beside it.
    assert!(read(&s, "indicators/roads/v1/data.csv").contains("1200"));
    assert!(!read(&s, "indicators/roads/v1/data.csv").contains("1250"));
    assert!(read(&s, "indicators/roads/v1/data.json").contains("1200"));
    assert!(read(&s, "indicators/roads/v1/chart.svg").starts_with("<svg"));

    let current = read(&s, "indicators/roads/index.html");
    assert!(current.contains(&cell("1,250")) && !current.contains("noindex"));
    assert!(
        current.contains("<a href=\"v1/\">第 1 版</a>"),
        "the version list links the page: {current}"
    );
    assert_eq!(
        naming_outside(&s, "indicators/roads/", "roads/v1"),
        Vec::<String>::new(),
        "not in the sitemap, a feed or the search index"
    );
}

#[test]
fn a_csv_indicator_s_earlier_version_is_drawn_from_the_csv_it_was_published_with() {
    let s = Logged::new(&[
        ("indicators/members.yaml", MEMBERS),
        ("indicators/members.csv", MEMBERS_CSV),
    ]);
    s.build(TODAY);
    s.write(
        "indicators/members.csv",
        &MEMBERS_CSV.replace("xiguan,3", "xiguan,4"),
    );
    // Without a note the build is refused, naming the figure, not the text.
    let refused = s.try_build(date(2013, 7, 8)).map(|_| ()).unwrap_err();
    let text = refused.render();
    assert!(
        text.contains("数据文件第2行（2013-Q2,xiguan）数值 3 → 4"),
        "{text}"
    );
    s.write(
        "indicators/members.yaml",
        &format!("{MEMBERS}corrections:\n  - {{ date: 2013-07-08, reason: 漏报一名 }}\n"),
    );
    s.build(date(2013, 7, 8));

    let v1 = read(&s, "indicators/members/v1/index.html");
    assert!(v1.contains(&cell("3")) && !v1.contains(&cell("4")), "{v1}");
    assert!(v1.contains("已被更正") && v1.contains("漏报一名"), "{v1}");
    assert!(read(&s, "indicators/members/v1/data.csv").contains(",3,"));
    let current = read(&s, "indicators/members/index.html");
    assert!(current.contains(&cell("4")) && !current.contains(&cell("3")));
    assert!(current.contains("<a href=\"v1/\">第 1 版</a>"), "{current}");
    assert!(
        current.contains("<li>数据文件第2行（2013-Q2,xiguan）数值 3 → 4</li>"),
        "what changed, figure by figure: {current}"
    );
    assert_eq!(
        naming_outside(&s, "indicators/members/", "members/v1"),
        Vec::<String>::new()
    );
}

#[test]
fn an_indicator_that_only_gained_figures_keeps_its_earlier_table_too() {
    let s = indicator_then_a_new_quarter();

    let v1 = read(&s, "indicators/roads/v1/index.html");
    assert!(v1.contains("由第 2 版更正（新增数据 1 项）"), "{v1}");
    assert!(v1.contains(&cell("1,200")), "{v1}");
    assert!(
        !v1.contains("2013年第三季度") && !v1.contains(&cell("800")),
        "the figure added later is not in it: {v1}"
    );
    let current = read(&s, "indicators/roads/index.html");
    assert!(current.contains(&cell("800")));
    assert!(current.contains("<a href=\"v1/\">第 1 版</a>"), "{current}");
}

#[test]
fn an_indicator_version_today_s_rules_cannot_read_gets_no_page_and_a_warning() {
    // Its first version gave a figure for a unit site.yaml no longer has.
    let both = format!("{INDICATOR}  - {{ period: 2013-Q2, unit: jiguan, value: 5 }}\n");
    let s = Logged::new(&[("indicators/roads.yaml", &both)]);
    s.build(TODAY);
    s.write("indicators/roads.yaml", &corrected_roads());
    let yaml = fs::read_to_string(s.site.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &yaml.replace("  - { id: jiguan, name: 镇机关支部, kind: branch }\n", ""),
    );
    let (built, report) =
        site::build_signed(&s.options(date(2013, 7, 8)), s.out.path(), Some(&s.key))
            .unwrap_or_else(|r| panic!("{}", r.render()));
    assert_eq!(built.log.map(|l| l.size), Some(2));
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.path == "indicators/roads.yaml")
        .unwrap_or_else(|| panic!("{}", report.render()));
    assert!(warning.message.contains("第 1 版"), "{}", warning.message);
    assert!(!s.out.path().join("indicators/roads/v1").exists());
    let current = read(&s, "indicators/roads/index.html");
    assert!(!current.contains("href=\"v1/\""), "{current}");
    let v1_json = format!("log/records/{}.json", s.entries()[0].record);
    assert!(current.contains(&v1_json), "its JSON is still linked");
}

#[test]
fn an_indicator_in_a_subfolder_has_its_earlier_version_beside_its_page() {
    let s = Logged::new(&[("indicators/transport/roads.yaml", INDICATOR)]);
    s.build(TODAY);
    s.write("indicators/transport/roads.yaml", &corrected_roads());
    s.build(date(2013, 7, 8));
    // The page is named by the indicator's id, not its folder.
    let v1 = read(&s, "indicators/roads/v1/index.html");
    assert!(v1.contains(&cell("1,200")), "{v1}");
    assert!(
        v1.contains("<a href=\"../../../indicators/roads/\">现行版本</a>"),
        "{v1}"
    );
    assert!(!s.out.path().join("indicators/transport").exists());
}
