//! Village-affairs decisions (四议两公开).

use super::*;

// ---------------------------------------------------------------- decision

pub(super) fn decision_error(text: &str) -> Diagnostic {
    one_error(&[(DECISION_MD, text)])
}

pub(super) const REVIEW_VOTES: &str = "expected: 40, present: 35, for: 33, against: 1, abstain: 1";
pub(super) const RESOLVE_VOTES: &str = "expected: 30, present: 25, for: 22, against: 2, abstain: 1";

#[test]
fn decision_steps_out_of_order() {
    let text = edit(DECISION, "date: 2013-03-05", "date: 2013-03-01");
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "2013-03-01"),
        "“商议”的日期 2013-03-01 早于“提议”的日期 2013-03-02",
    );
}

#[test]
fn decision_result_posted_before_completion() {
    let text = edit(
        DECISION,
        "result_posted: 2013-07-02",
        "result_posted: 2013-06-29",
    );
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "2013-06-29"),
        "“结果公开”的日期 2013-06-29 早于“完成”的日期 2013-06-30",
    );
}

#[test]
fn decision_more_votes_than_present() {
    let votes = "expected: 40, present: 35, for: 33, against: 2, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "33"),
        "审议：赞成 33 + 反对 2 + 弃权 1 = 36，多于实到 35 人",
    );
}

#[test]
fn decision_more_present_than_expected() {
    let votes = "expected: 40, present: 41, for: 33, against: 1, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "41"),
        "审议：实到 41 人，多于应到 40 人",
    );
}

#[test]
fn decision_review_without_two_thirds_present() {
    let votes = "expected: 40, present: 26, for: 24, against: 1, abstain: 1";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "26"),
        "审议：实到 26 人，不足应到 40 人的三分之二",
    );
    assert_help(&d, "至少须 27 人到会");

    // 27 of 40 is two thirds.
    let votes = "expected: 40, present: 27, for: 24, against: 2, abstain: 1";
    let (site, diags) = check(&[(DECISION_MD, &edit(DECISION, REVIEW_VOTES, votes))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn decision_review_majority_counts_all_members() {
    // 20 for is more than half of the 30 present but not of the 40 members.
    let votes = "expected: 40, present: 30, for: 20, against: 8, abstain: 2";
    let text = edit(DECISION, REVIEW_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "20"),
        "审议：赞成 20 人，未超过应到 40 人的半数",
    );
}

#[test]
fn decision_resolve_majority_counts_those_present() {
    let votes = "expected: 30, present: 24, for: 12, against: 10, abstain: 2";
    let text = edit(DECISION, RESOLVE_VOTES, votes);
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, votes, "12"),
        "决议：赞成 12 人，未超过实到 24 人的半数",
    );

    // 13 of 24 present carries the vote, though it is not half of the 30.
    let votes = "expected: 30, present: 24, for: 13, against: 9, abstain: 2";
    let (site, diags) = check(&[(DECISION_MD, &edit(DECISION, RESOLVE_VOTES, votes))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn decision_done_without_completion_date() {
    let text = edit(DECISION, "completed: 2013-06-30, ", "");
    let d = decision_error(&text);
    assert_diag(
        &d,
        DECISION_MD,
        pos_in(&text, "status: done", "done"),
        "实施状态为已完成（done），但没有写完成日期",
    );
}

#[test]
fn decision_missing_step() {
    let text = edit(
        DECISION,
        "    consult: { date: 2013-03-05, body: 村两委联席会 }\n",
        "",
    );
    let d = decision_error(&text);
    // The steps start with `propose`: that is where `consult` is missing.
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "propose"),
        "缺少必填字段 `consult`",
    );
    assert_help(&d, "商议");
}
