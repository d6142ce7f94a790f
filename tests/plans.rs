//! Key-project ledgers: every rule at its `path:line`, item states against
//! `--today`, and the pages that show them.

mod common;

use gongkai::site::{self, Options};
use jiff::civil::{Date, date};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: 测试镇公开网
base_url: https://gongkai.shiyan.test/
township: { id: shiyan, name: 测试镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
";

/// A valid plan; tests break one line of it. Line numbers are the file's.
const PLAN: &str = "\
title: 测试镇2013年重点实事
unit: shiyan
published: 2013-01-20
year: 2013
items:
  - id: SS-01
    title: 玉露香梨高接换优
    owner: 镇长 王某
    target: { value: 3000, unit: 亩 }
    due: 2013-06-30
    checks:
      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }
      - { date: 2013-06-20, kind: 验收, progress: 3000 }
    rating: { grade: 好, date: 2013-07-01 }
  - id: SS-02
    title: 便民服务站
    owner: 副镇长 李某某
    target: { text: 建成村级便民服务站 }
    due: 2013-09-30
    unit: xiguan
    checks:
      - { date: 2013-05-10, progress: 40 }
  - id: SS-03
    title: 危房改造
    owner: 副镇长 李某某
    target: { value: 60, unit: 户 }
    due: 2013-06-30
    checks:
      - { date: 2013-05-10, progress: 20 }
  - id: SS-04
    title: 冷库
    owner: 镇长 王某
    target: { value: 1000, unit: 吨 }
    due: 2013-10-31
";

fn site_with(plan: &str) -> TempDir {
    common::site(&[("site.yaml", SITE_YAML), ("plans/2013.yaml", plan)])
}

fn options(site: &Path, today: Date) -> Options {
    common::options_on(site, today)
}

/// The errors of a check as `(path, line, message)`.
fn errors(plan: &str) -> Vec<(String, u32, String)> {
    let site = site_with(plan);
    let (result, report) = site::check(&options(site.path(), date(2013, 7, 5)));
    assert!(result.is_none(), "expected errors");
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == gongkai::diagnostics::Severity::Error)
        .map(|d| {
            (
                d.path.clone(),
                d.span.map_or(0, |s| s.line),
                d.message.clone(),
            )
        })
        .collect()
}

fn assert_one_error(plan: &str, line: u32, fragment: &str) {
    let errs = errors(plan);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let (path, at, message) = &errs[0];
    assert_eq!(path, "plans/2013.yaml");
    assert_eq!(*at, line, "{message}");
    assert!(message.contains(fragment), "{message}");
}

#[test]
fn the_valid_plan_checks_clean() {
    let site = site_with(PLAN);
    let (result, report) = site::check(&options(site.path(), date(2013, 7, 5)));
    assert!(result.is_some(), "{}", report.render());
    assert!(report.diagnostics.is_empty(), "{}", report.render());
}

#[test]
fn duplicate_item_id_is_reported_at_the_second() {
    assert_one_error(
        &PLAN.replace("  - id: SS-02", "  - id: SS-01"),
        15,
        "实事编号 SS-01 重复",
    );
}

#[test]
fn check_dates_must_ascend() {
    let plan = PLAN.replace(
        "date: 2013-06-20, kind: 验收",
        "date: 2013-04-01, kind: 验收",
    );
    assert_one_error(&plan, 13, "早于上一次检查");
}

#[test]
fn check_dates_must_be_inside_the_plan_year() {
    let plan = PLAN.replace(
        "date: 2013-06-20, kind: 验收",
        "date: 2014-01-05, kind: 验收",
    );
    assert_one_error(&plan, 13, "不在计划年度 2013 年内");
}

#[test]
fn progress_never_falls() {
    let plan = PLAN.replace("progress: 3000 }", "progress: 1100 }");
    assert_one_error(&plan, 13, "进度只增不减");
}

#[test]
fn grade_must_be_one_of_the_four() {
    let plan = PLAN.replace("grade: 好,", "grade: 优秀,");
    assert_one_error(&plan, 14, "`grade` 不能是“优秀”");
}

#[test]
fn text_target_progress_is_a_percentage() {
    let plan = PLAN.replace("progress: 40 }", "progress: 140 }");
    assert_one_error(&plan, 22, "应在 0 到 100 之间");
}

#[test]
fn linked_indicator_must_exist() {
    let plan = PLAN.replace(
        "    due: 2013-10-31\n",
        "    due: 2013-10-31\n    indicator: cold-storage\n",
    );
    assert_one_error(&plan, 35, "找不到指标“cold-storage”");
}

#[test]
fn linked_indicator_that_exists_is_accepted() {
    let plan = PLAN.replace(
        "    due: 2013-10-31\n",
        "    due: 2013-10-31\n    indicator: cold-storage\n",
    );
    let site = site_with(&plan);
    fs::create_dir_all(site.path().join("indicators")).unwrap();
    fs::write(
        site.path().join("indicators/cold-storage.yaml"),
        "title: 冷库库容\nunit: 吨\nmeasure: cumulative\ndata:\n  - { period: 2013-Q2, unit: shiyan, value: 400 }\n",
    )
    .unwrap();
    let (result, report) = site::check(&options(site.path(), date(2013, 7, 5)));
    assert!(result.is_some(), "{}", report.render());
}

#[test]
fn missing_owner_and_target_are_both_reported() {
    let plan = PLAN
        .replace(
            "    owner: 镇长 王某\n    target: { value: 3000, unit: 亩 }\n",
            "",
        )
        .replace("unit: 户 }", "unit: 户, text: 六十户 }");
    let errs = errors(&plan);
    let messages: Vec<&str> = errs.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("缺少必填字段 `owner`")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("缺少必填字段 `target`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("只能写数值（value）或文字（text）之一")),
        "{messages:?}"
    );
}

#[test]
fn plan_page_shows_summary_ledger_and_states() {
    let site = site_with(PLAN);
    let out = TempDir::new().unwrap();
    site::build(&options(site.path(), date(2013, 7, 5)), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let page = fs::read_to_string(out.path().join("plans/2013/index.html")).unwrap();
    assert!(
        page.contains("4项实事，已完成1项，进行中1项，已逾期1项，未开始1项"),
        "summary"
    );
    for text in [
        "镇长 王某",
        "3,000 亩",
        "2013年6月30日",
        "1,200 亩",
        "已完成1200亩",
        "<strong>好</strong>",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert!(
        page.contains("class=\"plan-item state-overdue\""),
        "overdue marked"
    );
    assert!(
        page.contains("style=\"width: 40%\""),
        "progress bar of the text target"
    );
    assert!(
        page.contains("style=\"width: 33%\""),
        "progress bar: 20 of 60"
    );
    let index = fs::read_to_string(out.path().join("plans/index.html")).unwrap();
    assert!(index.contains("测试镇2013年重点实事") && index.contains("4项实事"));
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        home.contains("4项实事，已完成1项"),
        "home shows the current plan"
    );
    let unit = fs::read_to_string(out.path().join("units/xiguan/index.html")).unwrap();
    assert!(
        unit.contains("便民服务站") && !unit.contains("危房改造"),
        "unit page lists its own items"
    );
}

#[test]
fn states_move_with_today() {
    let site = site_with(PLAN);
    let out = TempDir::new().unwrap();
    site::build(&options(site.path(), date(2013, 6, 1)), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let page = fs::read_to_string(out.path().join("plans/2013/index.html")).unwrap();
    // Before any due date nothing is overdue; the acceptance check of
    // 2013-06-20 has not happened yet, so the first item is still in progress.
    assert!(
        page.contains("4项实事，进行中3项，未开始1项"),
        "before any due date nothing is overdue, and later checks do not count"
    );
}

#[test]
fn progress_and_targets_too_large_are_errors_not_panics() {
    let plan = PLAN.replace("progress: 1200,", "progress: 1000000000000000000000000000,");
    assert_one_error(&plan, 12, "数值过大");
    let plan = PLAN.replace(
        "target: { value: 3000, unit: 亩 }",
        "target: { value: 0.000001, unit: 亩 }",
    );
    let site = site_with(&plan);
    // A tiny target and a large progress: the percentage does not overflow.
    let plan = plan.replace("progress: 3000 }", "progress: 999999999999999 }");
    let site2 = site_with(&plan);
    for site in [site, site2] {
        let out = TempDir::new().unwrap();
        site::build(&options(site.path(), date(2013, 7, 5)), out.path())
            .unwrap_or_else(|r| panic!("{}", r.render()));
    }
}
