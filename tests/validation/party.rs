//! Party disclosures and 发展党员 candidates.

use super::*;

// ------------------------------------------------------------------- party

pub(super) fn party_error(text: &str) -> Diagnostic {
    one_error(&[(PARTY_MD, text)])
}

#[test]
fn party_candidates_without_posting() {
    let text = edit(PARTY, "posting: { from: 2013-06-20, to: 2013-06-26 }\n", "");
    let d = party_error(&text);
    // At the list of candidates, which is what needs the posting.
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "- { name: 王某某"),
        "发展党员公示必须写公示期 posting",
    );
}

#[test]
fn party_posting_that_is_wrong_is_not_also_called_missing() {
    let text = edit(PARTY, "to: 2013-06-26", "to: 2013-06-10");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "2013-06-10"),
        "公示结束日期 2013-06-10 早于开始日期 2013-06-20",
    );
}

#[test]
fn party_candidates_without_objections() {
    let text = edit(
        PARTY,
        "objections: { office: 镇党委组织办, phone: 0357-5123456, address: 镇政府二楼 }\n",
        "",
    );
    let d = party_error(&text);
    assert_diag(&d, PARTY_MD, (2, 1), "缺少必填字段 `objections`");
}

#[test]
fn party_full_birth_date_refused() {
    let text = edit(PARTY, "born: 1990-05", "born: 1990-05-12");
    let d = party_error(&text);
    assert_diag(&d, PARTY_MD, pos(&text, "1990-05-12"), "出生日期只公开到月");
    assert_help(&d, "born: 1990-05");
}

#[test]
fn party_candidate_under_eighteen_when_applying() {
    let text = edit(PARTY, "born: 1990-05", "born: 1993-04");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "2011-03-01"),
        "递交申请时（2011-03-01）只有 17 周岁",
    );

    // Born in February 1993: eighteen by March 2011.
    let (site, diags) = check(&[(PARTY_MD, &edit(PARTY, "born: 1990-05", "born: 1993-02"))]);
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");
}

#[test]
fn party_invalid_stage() {
    let text = edit(PARTY, "stage: 拟接收预备党员", "stage: 正式党员");
    let d = party_error(&text);
    assert_diag(
        &d,
        PARTY_MD,
        pos(&text, "正式党员"),
        "`stage` 不能是“正式党员”",
    );
    assert_help(&d, "入党积极分子");
}
