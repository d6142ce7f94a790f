//! The fields every record has, the category and the posting period.

use super::*;

// ----------------------------------------------------------- common fields

#[test]
fn record_without_title() {
    let text = edit(NOTICE, "title: 西关村低保评议结果公示\n", "");
    let d = one_error(&[(NOTICE_MD, &text)]);
    // No value to point at: the start of the fields.
    assert_diag(&d, NOTICE_MD, (2, 1), "缺少必填字段 `title`");
}

#[test]
fn record_with_unknown_unit_lists_the_units() {
    let text = edit(NOTICE, "unit: xiguan", "unit: dongguan");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "dongguan"),
        "未知的单位“dongguan”",
    );
    assert_help(&d, "xiguan（西关村）");
}

#[test]
fn record_unit_written_as_chinese_name_suggests_the_id() {
    let text = edit(NOTICE, "unit: xiguan", "unit: 西关村");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos_in(&text, "unit: 西关村", "西关村"),
        "未知的单位“西关村”",
    );
    assert_help(&d, "改为 xiguan");
}

#[test]
fn published_not_a_date() {
    let text = edit(NOTICE, "published: 2013-07-03", "published: 七月三日");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "七月三日"), "`published`");
    assert!(d.message.contains("不是有效的日期"), "{d:#?}");
}

#[test]
fn published_written_with_slashes() {
    let text = edit(NOTICE, "published: 2013-07-03", "published: 2013/07/03");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013/07/03"),
        "“2013/07/03”不是有效的日期",
    );
    assert!(
        d.message.contains("2013-04-08"),
        "shows the right form: {d:#?}"
    );
}

#[test]
fn correction_dated_before_publication() {
    let text = edit(
        NOTICE,
        "published: 2013-07-03\n",
        "published: 2013-07-03\ncorrections:\n  - { date: 2013-07-01, reason: 更正公示名单 }\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-01"),
        "更正日期 2013年7月1日 早于发布日期 2013年7月3日",
    );
}

// ---------------------------------------------------------------- category

#[test]
fn category_missing() {
    let text = edit(NOTICE, "category: village\n", "");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, (2, 1), "缺少必填字段 `category`");
}

#[test]
fn category_not_one_of_the_three() {
    let text = edit(NOTICE, "category: village", "category: news");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "news"), "`category` 不能是“news”");
    assert_help(&d, "party");
}

// ----------------------------------------------------------------- posting

#[test]
fn posting_ends_before_it_starts() {
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-01");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-01"),
        "公示结束日期 2013-07-01 早于开始日期 2013-07-03",
    );
}

#[test]
fn posting_shorter_than_notice_min_days() {
    // 07-03 to 07-05 is three days counted inclusively; five are required.
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-05");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "2013-07-05"),
        "公示期只有 3 天，少于规定的 5 天",
    );
    assert_help(&d, "2013-07-07");

    // Exactly five days is enough.
    let text = edit(NOTICE, "to: 2013-07-12", "to: 2013-07-07");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}
