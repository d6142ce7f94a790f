//! Supervision (查): the finance disclosure schedule and its status page,
//! project threads, and year-to-date figures on charts. Fixture sites are
//! built in temp folders and their pages read back.

mod common;

use common::{edit, pos};
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

/// A ledger of xiguan for `period` whose entries are `(date, voucher, item,
/// expense, tag)`; the closing balance is worked out.
fn tagged_ledger(
    period: &str,
    published: &str,
    entries: &[(&str, &str, &str, &str, &str)],
) -> String {
    let mut closing = rust_decimal::Decimal::from(1_000_000);
    let mut lines = String::new();
    for (day, voucher, item, expense, tag) in entries {
        closing -= expense.parse::<rust_decimal::Decimal>().unwrap();
        let tag = if tag.is_empty() {
            String::new()
        } else {
            format!(", project: {tag}")
        };
        lines.push_str(&format!(
            "    - {{ date: {day}, voucher: {voucher}, item: {item}, class: 公益事业支出, expense: {expense}{tag} }}\n"
        ));
    }
    format!(
        "---\ntitle: 西关村{period}财务公开\nunit: xiguan\npublished: {published}\ncategory: finance\n\
         period: {period}\nledger:\n  opening_balance: 1000000.00\n  opening_note: 清产核资后调整\n  entries:\n{lines}\
         \x20 closing_balance: {closing:.2}\n---\n本表经民主理财小组审核后公开。\n"
    )
}

/// The road decision of the common fixtures, tagged `road`.
fn road_decision() -> String {
    edit(
        common::DECISION,
        "  matter: 村道硬化工程筹资筹劳方案\n",
        "  matter: 村道硬化工程筹资筹劳方案\n  project: road\n",
    )
}

const ROAD_PLAN: &str = "\
title: 示例镇2013年重点实事
unit: shili
published: 2013-01-15
year: 2013
items:
  - id: SS-01
    title: 西关村村道硬化
    owner: 副镇长 孙某某
    target: { value: 0.5, unit: 公里 }
    due: 2013-06-30
    checks:
      - { date: 2013-06-28, kind: 进度, progress: 0.5, note: 完工验收 }
    unit: xiguan
    project: road
";

/// The road: decided 2013-03-15, paid in two quarters (186,500.00 in all,
/// as the decision says), its plan item done.
fn road_files() -> Vec<(&'static str, String)> {
    vec![
        ("disclosures/road.md", road_decision()),
        (
            "disclosures/q1.md",
            tagged_ledger(
                "2013-Q1",
                "2013-04-08",
                &[
                    ("2013-03-20", "记-001", "测量设计费", "4000.00", "road"),
                    ("2013-03-25", "记-002", "办公用品", "100.00", ""),
                ],
            ),
        ),
        (
            "disclosures/q2.md",
            tagged_ledger(
                "2013-Q2",
                "2013-07-03",
                &[
                    ("2013-05-28", "记-011", "工程进度款", "110000.00", "road"),
                    ("2013-06-30", "记-012", "工程结算款", "72500.00", "road"),
                ],
            ),
        ),
        ("plans/2013.yaml", ROAD_PLAN.to_string()),
    ]
}

fn with(
    files: &[(&'static str, String)],
    path: &str,
    from: &str,
    to: &str,
) -> Vec<(&'static str, String)> {
    files
        .iter()
        .map(|(p, t)| {
            (
                *p,
                if *p == path {
                    edit(t, from, to)
                } else {
                    t.clone()
                },
            )
        })
        .collect()
}

fn errors_of(dir: &Path) -> Vec<Diagnostic> {
    let (passed, diags) = check_on(dir, date(2013, 7, 5));
    assert!(!passed, "{diags:#?}");
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn at(d: &Diagnostic) -> (u32, u32) {
    let s = d.span.expect("a place");
    (s.line, s.col)
}

/// Checks a site of `files` on 2013-07-05 (no error, no project warning),
/// builds it and reads the road's project page, whose title it checks.
fn road_project_page(files: &[(&'static str, String)]) -> (TempDir, String) {
    let dir = site_with(common::SITE_YAML, files);
    let (passed, diags) = check_on(dir.path(), date(2013, 7, 5));
    assert!(
        passed && !diags.iter().any(|d| d.message.contains("项目")),
        "{diags:#?}"
    );
    let out = build_on(dir.path(), date(2013, 7, 5));
    let page = read(out.path(), "projects/road/index.html");
    assert!(page.contains("<h1>村道硬化工程筹资筹劳方案</h1>"));
    (out, page)
}

#[test]
fn a_project_page_joins_decision_budget_payments_and_plan_item() {
    let (out, page) = road_project_page(&road_files());
    assert!(
        page.contains("2013年3月15日，村民代表会议表决通过：应到 30 人，实到 25 人，赞成 22 人")
    );
    assert!(
        page.contains("href=\"../../disclosures/road/\""),
        "links the decision"
    );
    assert!(page.contains("<dd>200,000.00 元</dd>") && page.contains("<dd>186,500.00 元</dd>"));
    assert!(page.contains("<dd>93.3%</dd>"), "186,500 of 200,000");
    let first = row_of(&page, "测量设计费");
    assert!(
        first.contains("4,000.00")
            && first.contains("href=\"../../disclosures/q1/\">2013年第一季度财务公开"),
        "{first}"
    );
    assert!(row_of(&page, "工程结算款").contains("href=\"../../disclosures/q2/\""));
    assert!(!page.contains("办公用品"), "untagged entries stay out");
    assert!(
        page.contains("SS-01") && page.contains("badge-state-done"),
        "plan item with its state"
    );
    assert!(page.contains("完工验收"), "and its checks");
    assert!(!page.contains("需核实"));
    let list = read(out.path(), "projects/index.html");
    assert!(list.contains("href=\"../projects/road/\">村道硬化工程筹资筹劳方案</a>"));
    assert!(
        read(out.path(), "disclosures/road/index.html").contains("href=\"../../projects/road/\"")
    );
    assert!(
        read(out.path(), "plans/2013/index.html")
            .contains("href=\"../../projects/road/\">查看项目支出")
    );
    // Search finds the project by a word of its matter.
    let info_page = read(out.path(), "search/index.html");
    assert!(
        info_page.contains("value=\"project\""),
        "a 村级项目 kind filter"
    );
}

#[test]
fn a_tag_naming_no_project_is_an_error_where_it_is_written() {
    let files = with(
        &road_files(),
        "disclosures/q2.md",
        "project: road }\n  closing",
        "project: raod }\n  closing",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    let q2 = &files
        .iter()
        .find(|(p, _)| *p == "disclosures/q2.md")
        .unwrap()
        .1;
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let tag = errs
        .iter()
        .find(|d| d.path == "disclosures/q2.md")
        .expect("at the ledger");
    assert_eq!(at(tag), pos(q2, "raod"));
    assert_eq!(tag.message, "没有代码为“raod”的项目");
    // The tagged spending is now 114,000.00, which the decision's spent
    // no longer matches: that is told at the decision.
    assert!(errs.iter().any(|d| d.path == "disclosures/road.md"));

    let files = with(
        &road_files(),
        "plans/2013.yaml",
        "project: road",
        "project: lu",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let plan = edit(ROAD_PLAN, "project: road", "project: lu");
    assert_eq!(errs[0].path, "plans/2013.yaml");
    assert_eq!(at(&errs[0]), pos(&plan, "lu\n"));
}

#[test]
fn spent_must_be_what_the_tagged_payments_add_up_to() {
    let files = with(
        &road_files(),
        "disclosures/road.md",
        "spent: 186500.00",
        "spent: 186000.00",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].path, "disclosures/road.md");
    let decision = &files[0].1;
    assert_eq!(at(&errs[0]), pos(decision, "186000.00"));
    assert_eq!(
        errs[0].message,
        "实际支出写的是 186,000.00 元，账目中标为本项目的支出合计 186,500.00 元（3笔），两者不符"
    );
    // With no tagged payment yet, spent is the decision's word alone.
    let untagged: Vec<_> = files
        .iter()
        .map(|(p, t)| (*p, t.replace(", project: road", "")))
        .collect();
    let dir = site_with(common::SITE_YAML, &untagged);
    let (_, diags) = check_on(dir.path(), date(2013, 7, 5));
    assert!(
        !diags.iter().any(|d| d.message.contains("实际支出")),
        "{diags:#?}"
    );
}

#[test]
fn paying_before_the_villagers_resolved_is_an_error_at_the_resolve_date() {
    let files = with(
        &road_files(),
        "disclosures/q1.md",
        "2013-03-20",
        "2013-03-12",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].path, "disclosures/road.md");
    assert_eq!(
        at(&errs[0]),
        common::pos_in(&files[0].1, "resolve: { date: 2013-03-15", "2013-03-15")
    );
    assert!(
        errs[0].message.contains("2013-03-12 测量设计费"),
        "{}",
        errs[0].message
    );
    // Paid on the day of the vote is after it.
    let files = with(
        &road_files(),
        "disclosures/q1.md",
        "2013-03-20",
        "2013-03-15",
    );
    let dir = site_with(common::SITE_YAML, &files);
    assert!(check_on(dir.path(), date(2013, 7, 5)).0);
}

#[test]
fn over_budget_and_done_against_the_plan_are_warnings_on_the_page_too() {
    let files = with(
        &road_files(),
        "disclosures/road.md",
        "budget: 200000",
        "budget: 180000",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let (passed, diags) = check_on(dir.path(), date(2013, 7, 5));
    assert!(passed, "{diags:#?}");
    let over = "项目“村道硬化工程筹资筹劳方案”：已支出 186,500.00 元，超出预算 180,000.00 元（超出 6,500.00 元）";
    assert_eq!(warnings(&diags), [over]);
    let page = read(
        build_on(dir.path(), date(2013, 7, 5)).path(),
        "projects/road/index.html",
    );
    assert!(page.contains("需核实") && page.contains("超出预算 180,000.00 元"));

    // The decision says done; the plan item is at 0.3 of 0.5.
    let files = with(
        &road_files(),
        "plans/2013.yaml",
        "progress: 0.5",
        "progress: 0.3",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let (_, diags) = check_on(dir.path(), date(2013, 7, 5));
    assert_eq!(
        warnings(&diags),
        [
            "项目“村道硬化工程筹资筹劳方案”：决策记录写明已完成，但重点实事“西关村村道硬化”（SS-01）尚未完成"
        ]
    );
    // The reverse: the item is done, the decision still in progress.
    let files = with(
        &road_files(),
        "disclosures/road.md",
        "status: done, completed: 2013-06-30, result_posted: 2013-07-02, ",
        "status: in_progress, ",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let (_, diags) = check_on(dir.path(), date(2013, 7, 5));
    assert_eq!(
        warnings(&diags),
        [
            "项目“村道硬化工程筹资筹劳方案”：重点实事“西关村村道硬化”（SS-01）已完成，但决策记录的实施情况还不是“已完成”"
        ]
    );
}

#[test]
fn project_ids_are_unique_and_in_the_unit_id_alphabet() {
    let mut files = road_files();
    files.push((
        "disclosures/road2.md",
        road_decision().replace("title: 西关村", "title: 又一"),
    ));
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].path, "disclosures/road2.md");
    assert!(errs[0].message.contains("已用于 disclosures/road.md"));

    let files = with(
        &road_files(),
        "disclosures/road.md",
        "project: road",
        "project: 村道",
    );
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert!(
        errs.iter().any(
            |d| d.message == "项目代码“村道”只能用小写字母、数字和连字符"
                && at(d) == pos(&files[0].1, "村道\n")
        ),
        "{errs:#?}"
    );
}

#[test]
fn a_project_is_declared_at_the_top_of_a_decision_record_as_the_contract_has_it() {
    // The record contract puts `project:` at the record's top level; the
    // same project under `decision:` is read too.
    let top = with(
        &road_files(),
        "disclosures/road.md",
        "  project: road\n",
        "",
    );
    let top = with(
        &top,
        "disclosures/road.md",
        "decision:\n",
        "project: road\ndecision:\n",
    );
    let (_out, page) = road_project_page(&top);
    assert!(
        page.contains("186,500.00"),
        "the tagged payments are summed"
    );

    // Written in both places it is an error at the top-level one.
    let both = with(
        &road_files(),
        "disclosures/road.md",
        "decision:\n",
        "project: lu\ndecision:\n",
    );
    let dir = site_with(common::SITE_YAML, &both);
    let errs = errors_of(dir.path());
    assert!(
        errs.iter().any(|d| d.path == "disclosures/road.md"
            && d.message == "项目代码写了两处：这里写“lu”，decision 下又写了“road”"
            && at(d) == pos(&both[0].1, "lu\n")),
        "{errs:#?}"
    );

    // On a village notice, which decides nothing, it is an unknown field.
    let notice = "---\ntitle: 西关村通知\nunit: xiguan\npublished: 2013-07-02\ncategory: village\nproject: road\n---\n通知正文。\n";
    let mut files = road_files();
    files.push(("disclosures/notice.md", notice.to_string()));
    let dir = site_with(common::SITE_YAML, &files);
    let errs = errors_of(dir.path());
    assert!(
        errs.iter()
            .any(|d| d.path == "disclosures/notice.md" && d.message.contains("未知字段 `project`")),
        "{errs:#?}"
    );
}

/// A tagged payment listed again in a second ledger of the unit (the
/// month's ledger, then the quarter's) would count twice in the project's
/// spending: refused at the later-starting ledger's `period:`.
#[test]
fn a_project_payment_published_in_two_ledgers_is_an_error() {
    let mut files = road_files();
    files.push((
        "disclosures/m06.md",
        tagged_ledger(
            "2013-06",
            "2013-07-03",
            &[("2013-06-30", "记-012", "工程结算款", "72500.00", "road")],
        ),
    ));
    let dir = site_with(common::SITE_YAML, &files);
    let errors = errors_of(dir.path());
    let twice: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("公开了两次"))
        .collect();
    assert_eq!(twice.len(), 1, "{errors:#?}");
    // The ledger that starts later is named, with the one it repeats.
    assert_eq!(twice[0].path, "disclosures/m06.md", "{errors:#?}");
    assert!(
        twice[0].message.contains("disclosures/q2.md"),
        "{errors:#?}"
    );
}

/// A decision that states what was spent while no ledger entry is tagged
/// yet: the project pages show the decision's figure as such, not 0.00
/// beside the decision page's figure.
#[test]
fn a_project_with_no_tagged_payment_shows_the_decisions_figure_as_such() {
    let files: Vec<(&'static str, String)> = road_files()
        .into_iter()
        .map(|(p, t)| (p, t.replace(", project: road", "")))
        .collect();
    let dir = site_with(common::SITE_YAML, &files);
    let out = build_on(dir.path(), date(2013, 7, 5));
    let page = read(out.path(), "projects/road/index.html");
    assert!(
        page.contains("<dt>已支出</dt><dd>186,500.00 元（决策记录所写，账目中尚未标注）</dd>"),
        "{page}"
    );
    let list = read(out.path(), "projects/index.html");
    assert!(list.contains("决策记录所写，账目中尚未标注"), "{list}");
}
