//! Nothing shown before its time: what a record dates after `--today`.

use super::*;

#[test]
fn checks_and_ratings_dated_after_today_are_not_shown_nor_counted() {
    let plan = edit(
        PLAN,
        "      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }\n    rating: { grade: 好, date: 2013-06-30 }\n",
        "      - { date: 2013-04-15, kind: 进度, progress: 1200, note: 已完成1200亩 }\n      - { date: 2013-07-20, kind: 验收, progress: 3000, note: 全部完成 }\n    rating: { grade: 好, date: 2013-12-20 }\n",
    );
    let files = [(PLAN_YAML, plan.as_str())];
    let on = |y, m, d| {
        build_pages(
            &files,
            jiff::civil::date(y, m, d),
            &["plans/2013/index.html", "index.html"],
        )
    };

    // On 2013-07-05 the acceptance check and the grade are still to come:
    // the item is overdue at 1,200 of 3,000, and no grade is shown.
    let [plan_page, home] = <[String; 2]>::try_from(on(2013, 7, 5)).unwrap();
    assert!(plan_page.contains("1项实事，已逾期1项"), "{plan_page}");
    assert!(
        !plan_page.contains("全部完成") && !plan_page.contains("7月20日"),
        "{plan_page}"
    );
    assert!(!plan_page.contains("12月20日评定"), "{plan_page}");
    assert!(plan_page.contains("完成 40%"), "{plan_page}");
    assert!(home.contains("已逾期1项"), "{home}");

    // After the check, before the grade.
    let [plan_page, _] = <[String; 2]>::try_from(on(2013, 7, 25)).unwrap();
    assert!(plan_page.contains("1项实事，已完成1项"), "{plan_page}");
    assert!(plan_page.contains("全部完成"), "{plan_page}");
    assert!(!plan_page.contains("12月20日评定"), "{plan_page}");

    // After both.
    let [plan_page, _] = <[String; 2]>::try_from(on(2013, 12, 31)).unwrap();
    assert!(plan_page.contains("2013年12月20日评定"), "{plan_page}");
}

#[test]
fn an_implementation_result_dated_after_today_is_not_shown() {
    let decision = edit(
        DECISION,
        "implementation: { status: done, completed: 2013-06-30, result_posted: 2013-07-02, budget: 200000, spent: 186500.00 }",
        "implementation: { status: done, completed: 2013-07-10, result_posted: 2013-07-12, budget: 200000, spent: 186500.00 }",
    );
    let files = [(DECISION_MD, decision.as_str())];
    let page = "disclosures/2013/xiguan-cundao/index.html";
    let before = &build_pages(&files, jiff::civil::date(2013, 7, 5), &[page])[0];
    assert!(before.contains("实施中"), "{before}");
    assert!(!before.contains("已完成"), "{before}");
    assert!(
        !before.contains("186,500.00"),
        "the result is not yet public: {before}"
    );
    assert!(
        before.contains("200,000.00"),
        "the budget was resolved: {before}"
    );
    let after = &build_pages(&files, jiff::civil::date(2013, 7, 12), &[page])[0];
    assert!(
        after.contains("已完成") && after.contains("186,500.00"),
        "{after}"
    );
}

#[test]
fn a_correction_dated_after_today_is_not_shown() {
    let notice = edit(
        NOTICE,
        "category: village\n",
        "category: village\ncorrections: [{ date: 2013-07-20, reason: 更正评议名单 }]\n",
    );
    let files = [(NOTICE_MD, notice.as_str())];
    let page = "disclosures/2013/xiguan-dibao/index.html";
    let before = &build_pages(&files, jiff::civil::date(2013, 7, 5), &[page])[0];
    assert!(!before.contains("更正评议名单"), "{before}");
    let after = &build_pages(&files, jiff::civil::date(2013, 7, 20), &[page])[0];
    assert!(after.contains("更正评议名单"), "{after}");
}
