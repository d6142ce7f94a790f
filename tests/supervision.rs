//! Supervision (查): the finance disclosure schedule and its status page,
//! project threads, and year-to-date figures on charts. Fixture sites are
//! built in temp folders and their pages read back.

mod common;

use common::pos;
use gongkai::diagnostics::{Diagnostic, Severity};
use gongkai::site;
use jiff::civil::{Date, date};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: 示例镇党务村务财务公开网
base_url: https://gongkai.shili.test/
township: { id: shili, name: 示例镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
  - { id: lixiang, name: 梨香社区, kind: community }
  - { id: jiguan, name: 镇机关支部, kind: branch }
";

/// A finance disclosure of `unit` for `period`, published on `published`,
/// whose ledger adds up.
fn finance(unit: &str, period: &str, published: &str) -> String {
    let day = gongkai::domain::period::Period::parse(period)
        .unwrap()
        .start();
    format!(
        "---\ntitle: {unit} {period} 财务公开\nunit: {unit}\npublished: {published}\ncategory: finance\n\
         period: {period}\nledger:\n  opening_balance: 1000.00\n  opening_note: 清产核资后调整\n  entries:\n\
         \x20   - {{ date: {day}, voucher: 记-001, item: 办公用品, class: 管理费支出, expense: 100.00 }}\n\
         \x20 closing_balance: 900.00\n---\n本表经民主理财小组审核后公开。\n"
    )
}

fn site_with(yaml: &str, files: &[(&str, String)]) -> TempDir {
    let mut all: Vec<(&str, &str)> = vec![("site.yaml", yaml)];
    all.extend(files.iter().map(|(p, t)| (*p, t.as_str())));
    common::site(&all)
}

/// Every finding of `check` on `today`, and whether it passed.
fn check_on(dir: &Path, today: Date) -> (bool, Vec<Diagnostic>) {
    let (site, report) = site::check(&common::options_on(dir, today));
    (site.is_some(), report.diagnostics.iter().cloned().collect())
}

fn warnings(diags: &[Diagnostic]) -> Vec<String> {
    let mut w: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.clone())
        .collect();
    w.sort();
    w
}

fn build_on(dir: &Path, today: Date) -> TempDir {
    let out = TempDir::new().unwrap();
    if let Err(report) = site::build(&common::options_on(dir, today), out.path()) {
        panic!("build failed:\n{}", report.render());
    }
    out
}

fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of the first `<tr>` holding `needle`.
fn row_of<'a>(page: &'a str, needle: &str) -> &'a str {
    let at = page
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on the page"));
    let start = page[..at].rfind("<tr>").unwrap();
    let end = at + page[at..].find("</tr>").unwrap();
    &page[start..end]
}

#[test]
fn the_status_page_shows_each_cell_linked_with_the_summary_per_period() {
    let dir = site_with(
        SITE_YAML,
        &[
            (
                "disclosures/x.md",
                finance("xiguan", "2013-Q1", "2013-04-15"),
            ),
            (
                "disclosures/d.md",
                finance("dongzhuang", "2013-Q1", "2013-04-23"),
            ),
            (
                "disclosures/x2.md",
                finance("xiguan", "2013-Q2", "2013-07-03"),
            ),
        ],
    );
    let out = build_on(dir.path(), date(2013, 7, 5));
    let page = read(out.path(), "status/index.html");
    assert!(page.contains("<caption>财务公开情况（按季度公开，最近一期在前）</caption>"));
    assert!(page.contains("<th scope=\"col\">2013年第一季度</th>"));
    let xiguan = row_of(&page, ">西关村</a></th>");
    assert!(xiguan.contains("href=\"../disclosures/x/\"><span class=\"badge badge-status-on-time\">已公开</span> <span class=\"small\">4月15日公开</span>"), "{xiguan}");
    assert!(
        xiguan.contains(
            "href=\"../disclosures/x2/\"><span class=\"badge badge-status-on-time\">已公开</span>"
        ),
        "published before due"
    );
    let dong = row_of(&page, ">东庄村</a></th>");
    assert!(dong.contains("href=\"../disclosures/d/\"><span class=\"badge badge-status-late\">逾期公开</span> <span class=\"small\">4月23日公开，逾期8天</span>"), "{dong}");
    assert!(
        dong.contains(">未到期</span> <span class=\"small\">7月15日前公开</span>"),
        "{dong}"
    );
    let lixiang = row_of(&page, ">梨香社区</a></th>");
    assert!(
        lixiang.contains(">未公开</span> <span class=\"small\">应于2013年4月15日前公开</span>"),
        "{lixiang}"
    );
    assert!(
        !page.contains("镇机关支部</a></th>"),
        "a branch owes no ledger"
    );
    for line in [
        "2013年第一季度：3个村（社区）应公开，已公开1个，逾期公开1个，未公开1个",
        "2013年第二季度：3个村（社区）应公开，已公开1个，未到期2个",
    ] {
        assert!(page.contains(line), "{line}");
    }
    assert!(page.contains("class=\"table-scroll\" tabindex=\"0\" role=\"region\""));

    let home = read(out.path(), "index.html");
    assert!(
        home.contains("2013年第一季度：3个村（社区）应公开，已公开1个，逾期公开1个，未公开1个"),
        "the home page shows the latest period that is due, not the open one"
    );
    assert!(home.contains("href=\"./status/\""));
    let unit = read(out.path(), "units/dongzhuang/index.html");
    let q1 = row_of(&unit, "<th scope=\"row\">2013年第一季度</th>");
    assert!(
        q1.contains("逾期8天") && q1.contains("href=\"../../disclosures/d/\""),
        "{q1}"
    );
    assert!(!unit.contains("梨香社区财务公开情况"), "only its own row");
    assert!(
        !read(out.path(), "units/jiguan/index.html").contains("财务公开情况"),
        "a branch has no row"
    );
}

#[test]
fn a_missing_quarter_is_warned_of_only_once_it_is_past_due() {
    let dir = site_with(
        SITE_YAML,
        &[
            (
                "disclosures/x.md",
                finance("xiguan", "2013-Q1", "2013-04-10"),
            ),
            (
                "disclosures/d.md",
                finance("dongzhuang", "2013-Q1", "2013-04-20"),
            ),
        ],
    );
    // On the due day nothing is missing yet: 梨香社区 owes, but has a day left.
    let (passed, diags) = check_on(dir.path(), date(2013, 4, 15));
    assert!(passed, "{diags:#?}");
    assert_eq!(warnings(&diags), Vec::<String>::new());
    // The day after, the community's quarter is missing; the branch owes
    // nothing and 东庄村's ledger is not out until the 20th.
    let (passed, diags) = check_on(dir.path(), date(2013, 4, 16));
    assert!(passed, "missing ledgers are warnings, not errors");
    assert_eq!(
        warnings(&diags),
        [
            "东庄村2013年第一季度财务未公开：应在2013年4月15日前公开，已过1天",
            "梨香社区2013年第一季度财务未公开：应在2013年4月15日前公开，已过1天",
        ]
    );
    let (_, diags) = check_on(dir.path(), date(2013, 4, 20));
    assert_eq!(
        warnings(&diags),
        ["梨香社区2013年第一季度财务未公开：应在2013年4月15日前公开，已过5天"],
        "published late is not missing"
    );
}

#[test]
fn a_monthly_unit_owes_every_month_by_its_own_day() {
    let yaml = format!(
        "{SITE_YAML}schedule:\n  since: 2013-Q1\n  units:\n    lixiang: {{ every: month, due_day: 10 }}\n"
    );
    let dir = site_with(
        &yaml,
        &[
            (
                "disclosures/x.md",
                finance("xiguan", "2013-Q1", "2013-04-10"),
            ),
            (
                "disclosures/d.md",
                finance("dongzhuang", "2013-Q1", "2013-04-12"),
            ),
            (
                "disclosures/l1.md",
                finance("lixiang", "2013-01", "2013-02-08"),
            ),
            (
                "disclosures/l3.md",
                finance("lixiang", "2013-03", "2013-04-09"),
            ),
        ],
    );
    let (passed, diags) = check_on(dir.path(), date(2013, 4, 11));
    assert!(passed, "{diags:#?}");
    assert_eq!(
        warnings(&diags),
        ["梨香社区2013年2月财务未公开：应在2013年3月10日前公开，已过32天"]
    );
}

#[test]
fn schedule_mistakes_are_errors_at_their_line() {
    let yaml = format!(
        "{SITE_YAML}schedule:\n  every: week\n  due_day: 0\n  units:\n    nanyuan: {{ every: month }}\n    jiguan: {{ every: month }}\n    lixiang: {{ every: month, since: 2013-Q5 }}\n"
    );
    let dir = site_with(&yaml, &[]);
    let (passed, diags) = check_on(dir.path(), date(2013, 4, 11));
    assert!(!passed);
    let errors: Vec<(u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let s = d.span.expect("every error has a place");
            assert_eq!(d.path, "site.yaml");
            (s.line, s.col, d.message.as_str())
        })
        .collect();
    let at = |needle: &str| pos(&yaml, needle);
    let expect = [
        (at("week"), "`every` 不能是“week”"),
        (at("0\n"), "`due_day` 应为 1 到 31 之间的日子，记录中为 0"),
        (
            at("nanyuan"),
            "schedule 中的单位代码“nanyuan”在 units 中没有",
        ),
        (
            common::pos_in(&yaml, "    jiguan", "jiguan"),
            "镇机关支部是党支部，财务公开时间表只管村和社区",
        ),
        (at("2013-Q5"), "2013-Q5"),
    ];
    assert_eq!(errors.len(), expect.len(), "{diags:#?}");
    for ((line, col, message), ((l, c), words)) in errors.iter().zip(expect) {
        assert_eq!((*line, *col), (l, c), "{message}");
        assert!(message.contains(words), "{message} should say {words}");
    }
}
