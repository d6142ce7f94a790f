//! The load stage: encodings, front matter, YAML syntax.

use super::*;

// -------------------------------------------------------------- load stage

#[test]
fn yaml_syntax_error_at_its_line() {
    let text = edit(
        NOTICE,
        "posting: { from: 2013-07-03, to: 2013-07-12 }",
        "posting: { from: 2013-07-03, to: 2013-07-12",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    // The bracket that is never closed.
    assert_diag(&d, NOTICE_MD, pos(&text, "{"), "YAML 格式有误");
}

#[test]
fn full_width_colon_at_its_own_line() {
    // `published：` typed with a Chinese input method: the parser fails a
    // line later, the error names the colon where it stands.
    let text = edit(NOTICE, "published: 2013-07-03", "published：2013-07-03");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "："),
        "字段 `published` 后面用了中文冒号",
    );
}

#[test]
fn duplicate_key_at_its_second_line() {
    let text = edit(
        NOTICE,
        "published: 2013-07-03\n",
        "published: 2013-07-03\nunit: jiguan\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "unit: jiguan"),
        "字段 `unit` 写了两次",
    );
}

#[test]
fn unknown_field_is_an_error_with_a_suggestion() {
    let text = edit(
        NOTICE,
        "category: village\n",
        "category: village\ntag: [低保]\n",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(&d, NOTICE_MD, pos(&text, "tag:"), "未知字段 `tag`");
    assert_help(&d, "是否想写 `tags`？");
}

#[test]
fn misspelt_published_gets_a_suggestion() {
    let text = edit(NOTICE, "published:", "publised:");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    // The real field is missing, and the misspelt one is named at its line.
    assert!(errs[0].message.contains("缺少必填字段 `published`"));
    assert_diag(
        errs[1],
        NOTICE_MD,
        pos(&text, "publised"),
        "未知字段 `publised`",
    );
    assert_help(errs[1], "是否想写 `published`？");
}

#[test]
fn file_without_front_matter() {
    let text = "西关村低保评议结果公示\n\n经村民代表会议评议，现将结果公示如下。\n";
    let d = one_error(&[(NOTICE_MD, text)]);
    assert_diag(&d, NOTICE_MD, (1, 1), "文件开头缺少字段区");
}

#[test]
fn gbk_file_refused_by_name() {
    let dir = site(&[]);
    // “---\ntitle: 西关村财务公开\n---\n” saved by an editor as GBK.
    let mut bytes = b"---\ntitle: ".to_vec();
    bytes.extend_from_slice(b"\xce\xf7\xb9\xd8\xb4\xe5\xb2\xc6\xce\xf1\xb9\xab\xbf\xaa");
    bytes.extend_from_slice(b"\n---\n");
    write(dir.path(), NOTICE_MD, &bytes);
    let (site, diags) = check_dir(dir.path());
    assert!(site.is_none());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.path, NOTICE_MD);
    assert!(d.message.contains("GBK"), "{d:#?}");
    assert_help(d, "UTF-8");
}

#[test]
fn utf8_bom_is_accepted() {
    let text = format!("\u{feff}{NOTICE}");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.expect("passes");
    assert_eq!(site.disclosures[0].common.title, "西关村低保评议结果公示");

    // The mark does not shift the columns of what is reported.
    let text = format!("\u{feff}{}", edit(NOTICE, "unit: xiguan", "unit: dongguan"));
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_eq!(place(&d), pos(NOTICE, "xiguan"), "{d:#?}");
}

#[test]
fn a_body_nested_too_deep_is_an_error_at_its_line_not_a_stall() {
    for (hostile, words) in [
        (format!("{}x\n", "- ".repeat(40_000)), "列表或引用"),
        (format!("{}x\n", "> ".repeat(40_000)), "列表或引用"),
        (
            format!("{}x{}\n", "<div>".repeat(50_000), "</div>".repeat(50_000)),
            "HTML 标签",
        ),
    ] {
        let text = format!("{NOTICE}\n{hostile}");
        let d = one_error(&[(NOTICE_MD, &text)]);
        assert_eq!(place(&d).0, pos(&text, &hostile[..20]).0, "{words}");
        assert!(d.message.contains(words), "{d:#?}");
    }
}

/// A record file far larger than any record (here 9 MB) is refused by name
/// before it is parsed, rather than taking the machine's memory.
#[test]
fn a_record_file_far_too_large_is_refused_by_name() {
    let huge = format!("{NOTICE}\n{}\n", "公示内容。".repeat((9 << 20) / 15));
    let (site, diags) = check(&[(NOTICE_MD, &huge)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].path, NOTICE_MD);
    assert!(errs[0].message.contains("文件太大"), "{errs:#?}");
}

/// A raw `<style>` (or `<script>`, `<textarea>` …) left open would swallow
/// the rest of the body: an error at its line, not a page cut short.
#[test]
fn an_unclosed_style_element_is_an_error_at_its_line() {
    let text = format!("{NOTICE}\n<math><mtext><table><mglyph><style>\n\n后面还有很重要的正文。\n");
    let (site, diags) = check(&[(NOTICE_MD, &text)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(place(errs[0]).0, pos(&text, "<style>").0);
    assert!(errs[0].message.contains("<style> 没有闭合"), "{errs:#?}");
}
