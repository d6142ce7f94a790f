//! Links in record bodies: every one inside the site leads to a page or an
//! attachment that the built site has, or is an error at its line.

use super::*;

/// A notice with a heading and a footnote, for anchors to point at.
const NOTICE_WITH_HEADINGS: &str = "\
---
title: 西关村低保评议结果公示
unit: xiguan
published: 2013-07-03
category: village
---

## 评议结果

经村民代表会议评议[^1]，现将结果公示如下。

[^1]: 2013年7月1日召开。
";

/// A notice whose body is `body`.
fn notice_with(body: &str) -> String {
    format!(
        "{}{body}\n",
        NOTICE.split_once("\n\n").unwrap().0.to_string() + "\n\n"
    )
}

const LINKING_MD: &str = "disclosures/2013/xiguan-lianjie.md";

/// Checks a site with the notice at `LINKING_MD` linking as `body` says,
/// beside the finance record and the notice with headings.
fn check_links(
    body: &str,
    more: &[(&str, &str)],
) -> (Option<gongkai::site::Site>, Vec<Diagnostic>, String) {
    let linking = notice_with(body);
    let mut files = vec![
        (LINKING_MD, linking.as_str()),
        (FINANCE_MD, FINANCE),
        (NOTICE_MD, NOTICE_WITH_HEADINGS),
        ("static/attachments/预算表.csv", "科目,金额\n"),
    ];
    files.extend_from_slice(more);
    let (site, diags) = check(&files);
    (site, diags, linking)
}

#[test]
fn links_that_lead_somewhere_pass() {
    let (site, diags, _) = check_links(
        "见[财务](xiguan-q2.md)、[同一记录](/disclosures/2013/xiguan-q2.md)、\
         [页面](../xiguan-q2/)、[无斜杠](../xiguan-q2)、[首页](/)、[财务公开](/disclosures/finance/)、\
         [预算表](/static/attachments/预算表.csv)、\
         [编码的预算表](/static/attachments/%E9%A2%84%E7%AE%97%E8%A1%A8.csv)、\
         [评议结果](xiguan-dibao.md#评议结果)、[带查询](../xiguan-dibao/?from=list#评议结果)、\
         [脚注](xiguan-dibao.md#fn:1)、[正文](#main)、[外网](https://www.gov.cn/)、[邮件](mailto:a@b.cn)。",
        &[],
    );
    assert!(site.is_some(), "{diags:#?}");
    assert!(errors(&diags).is_empty(), "{diags:#?}");
}

#[test]
fn every_broken_link_is_reported_at_its_line_in_one_run() {
    let body = "见[旧页面](../xiguan-q1/)。\n\n\
                附件[预算表](/static/attachments/预算.csv)。\n\n\
                又见[财务](xiguan-q1.md)和![图](/static/tu.png)。\n\n\
                [太远](../../../../x/)\n";
    let (site, diags, text) = check_links(body, &[]);
    assert!(site.is_none());
    let errs = broken_links(
        &diags,
        &text,
        &[
            ("../xiguan-q1/", "在网站上不存在"),
            (
                "/static/attachments/预算.csv",
                "/static/attachments/预算.csv 在网站上不存在",
            ),
            (
                "xiguan-q1.md",
                "指向的记录 disclosures/2013/xiguan-q1.md 不存在或未发布",
            ),
            ("/static/tu.png", "不存在"),
            ("../../../../x/", "超出了网站的根目录"),
        ],
    );
    assert_help(errs[1], "static/");
    assert_help(errs[2], "../2013/xiguan-q2.md");
}

/// The errors of `diags`, asserted one by one: each at the place in the
/// linking record's `text` where its link stands, saying its fragment.
fn broken_links<'d>(
    diags: &'d [Diagnostic],
    text: &str,
    expected: &[(&str, &str)],
) -> Vec<&'d Diagnostic> {
    let errs = errors(diags);
    assert_eq!(errs.len(), expected.len(), "{diags:#?}");
    for (e, (link, fragment)) in errs.iter().zip(expected) {
        assert_diag(e, LINKING_MD, pos(text, link), fragment);
    }
    errs
}

#[test]
fn a_source_file_link_is_read_from_the_records_folder_in_nested_folders() {
    let nested = "disclosures/2014/xiguan/lianjie.md";
    let linking = notice_with("见[去年财务](../../2013/xiguan-q2.md)。");
    let (site, diags) = check(&[(nested, &linking), (FINANCE_MD, FINANCE)]);
    assert!(site.is_some(), "{diags:#?}");

    // From the page's folder instead, it would be one level short.
    let wrong = notice_with("见[去年财务](../2013/xiguan-q2.md)。");
    let d = one_error(&[(nested, &wrong), (FINANCE_MD, FINANCE)]);
    assert_diag(
        &d,
        nested,
        pos(&wrong, "../2013/xiguan-q2.md"),
        "disclosures/2014/2013/xiguan-q2.md 不存在或未发布",
    );
}

#[test]
fn a_link_to_a_draft_is_an_error_since_its_page_does_not_exist() {
    let draft = edit(
        FINANCE,
        "category: finance\n",
        "category: finance\ndraft: true\n",
    );
    let text = notice_with("见[财务](xiguan-q2.md)和[页面](../xiguan-q2/)。");
    let (site, diags) = check(&[(LINKING_MD, &text), (FINANCE_MD, &draft)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    assert_diag(
        errs[0],
        LINKING_MD,
        pos(&text, "xiguan-q2.md"),
        "不存在或未发布",
    );
    assert_diag(errs[1], LINKING_MD, pos(&text, "../xiguan-q2/"), "不存在");
}

#[test]
fn an_anchor_that_no_heading_footnote_or_template_gives_is_an_error() {
    let body = "见[本页](#没有这一节)和[评议](xiguan-dibao.md#评议)。";
    let (site, diags, text) = check_links(body, &[]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    assert_diag(
        errs[0],
        LINKING_MD,
        pos(&text, "#没有这一节"),
        "锚点 #没有这一节 在页面上不存在",
    );
    assert_help(errs[0], "没有小标题");
    assert_diag(
        errs[1],
        LINKING_MD,
        pos(&text, "xiguan-dibao.md#评议"),
        "锚点 #评议",
    );
    assert_help(errs[1], "#评议结果");
}

#[test]
fn check_external_lists_links_to_other_sites_by_file_and_line() {
    let text = notice_with(
        "见[国务院](https://www.gov.cn/)。\n\n又见[县政府](http://www.fenyuan.gov.cn/zwgk/)和[邮件](mailto:a@b.cn)。",
    );
    let dir = site(&[(LINKING_MD, &text)]);
    gongkai()
        .args(["check", "--today", "2013-07-05", "--external", "--site"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{LINKING_MD}:9 https://www.gov.cn/\n{LINKING_MD}:11 http://www.fenyuan.gov.cn/zwgk/\n"
        )))
        .stdout(predicate::str::contains("mailto").not());
}

#[test]
fn links_in_raw_html_are_checked_too() {
    let body = "<a href=\"/static/attachments/预算表.csv\">预算表</a>、<a HREF='../xiguan-q1/'>一季度</a>\n\n\
                <div><img src=/static/tu.png alt=图></div>\n\n\
                见 <a href=\"xiguan-q2.md\">财务</a>。";
    let (site, diags, text) = check_links(body, &[]);
    assert!(site.is_none());
    let errs = broken_links(
        &diags,
        &text,
        &[
            ("../xiguan-q1/", "在网站上不存在"),
            ("/static/tu.png", "在网站上不存在"),
            ("xiguan-q2.md", "HTML 标签中的链接"),
        ],
    );
    assert_help(errs[2], "Markdown");
}

/// An image on another site is warned of at its address and shown as a
/// link (the pages load nothing from elsewhere), and so is a link the page
/// drops (`javascript:`, `data:`); a plain link to another site is fine.
#[test]
fn images_from_other_sites_and_links_the_page_drops_are_warned_of() {
    let body = "![图](https://evil.example/track.gif)\n\n\
                <img src=\"//cdn.example/a.png\" alt=图>\n\n\
                [点我](javascript:alert(1))、<a href=\"data:text/html,x\">数据</a>\n\n\
                [国务院](https://www.gov.cn/)。";
    let (site, diags, text) = check_links(body, &[]);
    assert!(site.is_some(), "{diags:#?}");
    let at = |needle: &str| pos(&text, needle).0;
    for (needle, words) in [
        ("https://evil.example/track.gif", "在别的网站上"),
        ("//cdn.example/a.png", "在别的网站上"),
        ("javascript:alert(1)", "不会出现在公开的页面上"),
        ("data:text/html,x", "不会出现在公开的页面上"),
    ] {
        assert!(
            diags.iter().any(|d| d.path == LINKING_MD
                && d.severity == Severity::Warning
                && d.span.map(|s| s.line) == Some(at(needle))
                && d.message.contains(words)),
            "{needle}: {diags:#?}"
        );
    }
}
