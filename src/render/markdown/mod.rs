//! Markdown to safe HTML, tuned for Chinese government disclosure text.
//!
//! Disclosure records are written by township and village clerks in
//! Markdown, mostly in Chinese. Plain CommonMark gets three things wrong for
//! such text, and this module corrects them:
//!
//! * A line break inside a Chinese sentence is not a word boundary, so a soft
//!   break between two CJK characters must vanish instead of becoming a space.
//! * `**重要：**这是` is meant bold, but CommonMark refuses to close the
//!   emphasis because the closing `**` sits between punctuation and a letter.
//! * A single `~` is a range sign in Chinese (`1~3月`), not a strikethrough.
//!
//! Records may also carry raw HTML, which pulldown-cmark passes through
//! untouched, so every page is sanitized with an allow-list that keeps
//! exactly what our own Markdown rendering produces and nothing that runs
//! script. Besides the HTML, rendering yields the heading list (for tables of
//! contents and anchors) and the plain text (for search indexes and feeds).

mod cjk;
mod footnotes;
mod headings;
mod plain;
mod sanitize;

use cjk::*;
use footnotes::*;
use headings::*;
use plain::*;
use sanitize::*;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The result of rendering one Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// Sanitized HTML, safe to put into a page as is.
    pub(crate) html: String,
    /// Every heading in document order, with the id used as its anchor.
    pub(crate) headings: Vec<Heading>,
    /// Text without markup; paragraphs and other blocks end with a newline.
    pub(crate) plain_text: String,
}

/// One heading of a rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 for `#`, up to 6 for `######`.
    pub(crate) level: u8,
    /// The `id` attribute of the heading element, unique within the document.
    pub(crate) id: String,
    /// The heading's text without markup.
    pub(crate) text: String,
}

/// Invisible character inserted next to `*` runs to fix CJK emphasis.
///
/// A Unicode noncharacter is reserved for a program's internal use, so no
/// real document needs it and removing every occurrence afterwards cannot
/// damage content (unlike a zero-width joiner, which emoji sequences use).
/// To the parser it is neither whitespace nor punctuation, i.e. letter-like.
pub(super) const MARKER: char = '\u{FDD0}';

/// Where a body is shown: what its links and tables need to know.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement<'p> {
    /// The page's way back to the site root (`"../../"`): links written
    /// from the root (`/static/a.pdf`) start from it.
    pub(crate) root: &'p str,
    /// The record's title: it names the tables no heading names.
    pub(crate) title: &'p str,
    /// The record's file: links naming another record's file
    /// (`../2013/x.md`) are read from its folder.
    pub(crate) source: &'p str,
}

/// Renders Markdown as it reads on no page in particular: root links kept
/// as written, tables without a name (for the tests of this module).
#[cfg(test)]
pub(crate) fn render(markdown: &str) -> Rendered {
    render_on(
        markdown,
        &Placement {
            root: "/",
            title: "",
            source: "",
        },
    )
}

/// Renders Markdown to sanitized HTML plus headings and plain text, for a
/// page at `place`.
pub(crate) fn render_on(markdown: &str, place: &Placement) -> Rendered {
    let source = mark_cjk_emphasis(markdown);
    let events = external_images_as_links(parse(&source));
    let trusted = only_our_markup(&events);
    let events = drop_cjk_soft_breaks(events);
    let (events, headings) = assign_heading_ids(events);
    let plain_text = plain_text(&events);
    let events = rewrite_footnotes(events).into_iter();
    let events = super::links::rebase_root(events, place.root, place.source);
    let events = super::a11y::tables(events, place.title);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let html = if trusted && !html.contains('\u{a0}') {
        // Every debug build (all the tests) checks the claim on every body.
        debug_assert_eq!(sanitize(&html), html, "ammonia would change this body");
        // Bodies are kept for the whole build: not the slack of growing.
        html.shrink_to_fit();
        html
    } else {
        sanitize(&html)
    };
    Rendered {
        html,
        headings,
        plain_text,
    }
}

/// An image on another site becomes a link to it, its alt text the link's:
/// the pages load nothing from elsewhere (a reader's phone is not made to
/// fetch from, or be seen by, another site), and `check` warns of each.
fn external_images_as_links(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut open = Vec::new();
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let external = crate::compute::links::is_web_address(&dest_url);
                open.push(external);
                if external {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                } else {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Image) if open.pop() == Some(true) => Event::End(TagEnd::Link),
            other => other,
        })
        .collect()
}

/// The ids a body gives its page, headings and footnotes, as
/// [`render_on`] makes them: what `#anchor` links may name.
pub(crate) fn anchors(markdown: &str) -> Vec<String> {
    let source = mark_cjk_emphasis(markdown);
    let events = drop_cjk_soft_breaks(parse(&source));
    let (events, headings) = assign_heading_ids(events);
    let mut numbers = HashMap::new();
    let footnotes = events.iter().filter_map(|e| match e {
        Event::Start(Tag::FootnoteDefinition(label)) => Some(footnote_id(label, &mut numbers).0),
        _ => None,
    });
    let footnotes: Vec<String> = footnotes.collect();
    headings
        .into_iter()
        .map(|h| h.id)
        .chain(footnotes)
        .collect()
}

/// Whether a body's events make only markup that the sanitizer passes
/// through unchanged, byte for byte: then running it is a parse and a
/// re-serialization of the same HTML, skipped.
///
/// Anything it might change sends the body through it: raw HTML, links
/// and images (their URL schemes are checked and `rel` added), footnotes
/// (they link), and the elements pulldown-cmark writes in XHTML form
/// (`<br />`, `<hr />`) where the sanitizer writes `<br>`. A no-break
/// space, which the sanitizer writes as `&nbsp;`, is looked for in the
/// HTML by the caller.
fn only_our_markup(events: &[Event]) -> bool {
    !events.iter().any(|event| {
        matches!(
            event,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::HardBreak
                | Event::Rule
                | Event::TaskListMarker(_)
                | Event::FootnoteReference(_)
                | Event::Start(
                    Tag::HtmlBlock
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::FootnoteDefinition(_)
                        | Tag::MetadataBlock(_)
                )
        )
    })
}

/// The Markdown extensions records may use.
///
/// Smart punctuation stays off: it would turn the ASCII quotes of mixed
/// text into English curly quotes. Heading attributes stay off so that a
/// `{...}` at the end of a Chinese heading is kept as text.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Parses `source` into events with markers removed and single-tilde
/// strikethrough turned back into text.
pub(super) fn parse(source: &str) -> Vec<Event<'_>> {
    let mut tilde_stack: Vec<bool> = Vec::new();
    Parser::new_ext(source, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Strikethrough) => {
                let double = source
                    .get(range.start..)
                    .is_none_or(|s| s.starts_with("~~"));
                tilde_stack.push(double);
                if double {
                    Event::Start(Tag::Strikethrough)
                } else {
                    Event::Text(CowStr::Borrowed("~"))
                }
            }
            Event::End(TagEnd::Strikethrough) => {
                if tilde_stack.pop().unwrap_or(true) {
                    Event::End(TagEnd::Strikethrough)
                } else {
                    Event::Text(CowStr::Borrowed("~"))
                }
            }
            other => strip_event_markers(other),
        })
        .collect()
}

/// Removes markers from every string an event carries.
///
/// Markers land in text, but a `*` next to CJK punctuation may also sit in a
/// link address, a title or a footnote label.
pub(super) fn strip_event_markers(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(s) => Event::Text(strip_markers(s)),
        Event::Html(s) => Event::Html(strip_markers(s)),
        Event::InlineHtml(s) => Event::InlineHtml(strip_markers(s)),
        Event::FootnoteReference(s) => Event::FootnoteReference(strip_markers(s)),
        Event::Start(Tag::FootnoteDefinition(s)) => {
            Event::Start(Tag::FootnoteDefinition(strip_markers(s)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: strip_markers(dest_url),
            title: strip_markers(title),
            id: strip_markers(id),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: strip_markers(dest_url),
            title: strip_markers(title),
            id: strip_markers(id),
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    /// Bodies of only our own markup skip the sanitizer: what it would have
    /// made of them must be what they are, however awkward their text.
    #[test]
    fn skipping_the_sanitizer_changes_no_byte() {
        let bodies = [
            "引号\"双\"和'单'，尖括号 a < b > c，和号 & 与 &amp; 以及 &copy;",
            "## 一、“收支” & <明细>\n\n| 项目 | 金额 |\n|:--|--:|\n| 办公 \"费\" | 1,200.00 |\n",
            "行内 `<b>代码</b> & \"引号\"`，~~删除~~，1~3月，**重要：**这是",
            "```\n<script>alert(1)</script> & \"x\"\n```\n\n> 引用 a<3\n\n1. 一\n   - 二\n",
            "# 标题 {#id}\n\n### 同名\n\n### 同名\n\n正文\\*星号\\*",
        ];
        for body in bodies {
            let events = parse(body);
            assert!(only_our_markup(&events), "{body}");
            let out = html(body);
            assert_eq!(sanitize(&out), out, "{body}");
        }
        for needs_it in [
            "[链接](javascript:x)",
            "a<b>c</b>",
            "a  \nb",
            "***",
            "脚注[^1]\n\n[^1]: 注",
        ] {
            assert!(!only_our_markup(&parse(needs_it)), "{needs_it}");
        }
    }

    #[test]
    fn bold_closing_after_chinese_punctuation() {
        assert_eq!(
            html("**重要：**这是"),
            "<p><strong>重要：</strong>这是</p>\n"
        );
    }

    #[test]
    fn bold_around_chinese_quotes() {
        assert_eq!(
            html("这是**“引用”**的"),
            "<p>这是<strong>“引用”</strong>的</p>\n"
        );
    }

    #[test]
    fn bold_after_colon_then_latin() {
        assert_eq!(
            html("**注意：**Windows 用户"),
            "<p><strong>注意：</strong>Windows 用户</p>\n"
        );
    }

    #[test]
    fn ordinary_emphasis_still_works() {
        assert_eq!(html("*强调*文字"), "<p><em>强调</em>文字</p>\n");
        assert_eq!(
            html("**bold** and *it*"),
            "<p><strong>bold</strong> and <em>it</em></p>\n"
        );
        assert_eq!(
            html("说明：**重要**"),
            "<p>说明：<strong>重要</strong></p>\n"
        );
        assert_eq!(html("说明：_重要_"), "<p>说明：<em>重要</em></p>\n");
    }

    #[test]
    fn stars_without_chinese_punctuation_parse_as_commonmark() {
        for input in [
            "2*3*4",
            "a * b * c",
            "**x**y",
            "*a*,b",
            "__a__b",
            "foo*bar*",
        ] {
            let mut plain = String::new();
            pulldown_cmark::html::push_html(&mut plain, Parser::new_ext(input, options()));
            assert_eq!(html(input), plain, "{input}");
        }
        assert_eq!(html("2*3*4"), "<p>2<em>3</em>4</p>\n");
    }

    #[test]
    fn emphasis_fix_leaves_code_alone() {
        assert_eq!(html("`**a：**b`"), "<p><code>**a：**b</code></p>\n");
        assert_eq!(
            html("```\n**a：**b\n```"),
            "<pre><code>**a：**b\n</code></pre>\n"
        );
        assert_eq!(
            html("    **a：**b\n"),
            "<pre><code>**a：**b\n</code></pre>\n"
        );
    }

    #[test]
    fn escaped_stars_stay_literal() {
        assert_eq!(html("重要：\\*\\*这是"), "<p>重要：**这是</p>\n");
    }

    #[test]
    fn marker_never_reaches_output() {
        let r = render("[**说明：**链接](a：*b) 与 **“引”**用\n\n<span title=\"x：*y\">z</span>");
        assert!(!r.html.contains(MARKER), "{}", r.html);
        assert!(!r.plain_text.contains(MARKER));
    }

    #[test]
    fn soft_break_between_chinese_vanishes() {
        let r = render("第一行\n第二行");
        assert_eq!(r.html, "<p>第一行第二行</p>\n");
        assert_eq!(r.plain_text, "第一行第二行\n");
    }

    #[test]
    fn soft_break_through_punctuation_and_emphasis() {
        assert_eq!(html("他说“好”\n然后走了。"), "<p>他说“好”然后走了。</p>\n");
        assert_eq!(html("**加粗**\n文字"), "<p><strong>加粗</strong>文字</p>\n");
        assert_eq!(html("一，\n二"), "<p>一，二</p>\n");
    }

    #[test]
    fn soft_break_between_latin_words_kept() {
        let r = render("hello\nworld");
        assert_eq!(r.html, "<p>hello\nworld</p>\n");
        assert_eq!(r.plain_text, "hello world\n");
    }

    #[test]
    fn soft_break_between_latin_and_chinese_kept() {
        assert_eq!(html("共计 100\n元"), "<p>共计 100\n元</p>\n");
    }

    #[test]
    fn single_tilde_is_a_range_not_strikethrough() {
        assert_eq!(html("1~3月~"), "<p>1~3月~</p>\n");
        let input = "时间 ~3月~ 之间";
        assert_eq!(html(input), "<p>时间 ~3月~ 之间</p>\n");
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, Parser::new_ext(input, options()));
        assert!(
            plain.contains("<del>"),
            "the guard is what keeps this literal: {plain}"
        );
        assert_eq!(html("~~删除~~"), "<p><del>删除</del></p>\n");
    }

    #[test]
    fn headings_get_ids() {
        let r = render(
            "# 一、基本情况\n\n## Income Summary 2013\n\n## 一、基本情况\n\n### 一、基本情况",
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "一基本情况",
                "income-summary-2013",
                "一基本情况-1",
                "一基本情况-2"
            ]
        );
        assert_eq!(r.headings[0].text, "一、基本情况");
        assert_eq!(r.headings[1].level, 2);
        assert!(
            r.html.contains("<h1 id=\"一基本情况\">一、基本情况</h1>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"income-summary-2013\">"));
    }

    #[test]
    fn repeated_headings_number_on_and_skip_ids_taken() {
        let r = render("## a\n\n## a\n\n## a-1\n\n## a\n\n## a-1");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2", "a-1-2"]);
        // Twenty thousand equal headings: each id found in one step (the
        // quadratic search took minutes here).
        let r = render(&"## 说明\n\n".repeat(20_000));
        assert_eq!(r.headings.len(), 20_000);
        assert_eq!(r.headings[19_999].id, "说明-19999");
    }

    #[test]
    fn heading_id_skips_markup_and_falls_back() {
        let r = render("## **财务** `公开`\n\n## ！！！");
        assert_eq!(r.headings[0].id, "财务-公开");
        assert_eq!(r.headings[0].text, "财务 公开");
        assert_eq!(r.headings[1].id, "section");
    }

    #[test]
    fn a_heading_does_not_take_an_id_the_page_uses() {
        let r = render("## main\n\n## Main");
        assert_eq!(r.headings[0].id, "main-1");
        assert_eq!(r.headings[1].id, "main-2");
        assert!(!r.html.contains("id=\"main\""), "{}", r.html);
    }

    #[test]
    fn heading_attribute_syntax_is_text() {
        let r = render("## 标题 {#x}");
        assert_eq!(r.headings[0].text, "标题 {#x}");
        assert_eq!(r.headings[0].id, "标题-x");
    }

    #[test]
    fn scripts_are_removed() {
        let out = html("前<script>alert(1)</script>后\n\n<script>\nalert(2)\n</script>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("alert"), "{out}");
    }

    #[test]
    fn event_handlers_are_removed() {
        let out = html("<img src=x onerror=alert(1)>");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("alert"), "{out}");
    }

    #[test]
    fn javascript_links_are_removed() {
        let out = html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))");
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
        assert!(out.contains(">x</a>"), "{out}");
    }

    #[test]
    fn frames_styles_and_inline_style_are_removed() {
        let out = html(
            "<iframe src=\"https://evil.example\">x</iframe>\n\n<style>p{}</style>\n\n<p style=\"color:red\">红</p>",
        );
        assert!(!out.contains("iframe"), "{out}");
        assert!(!out.contains("evil"), "{out}");
        assert!(!out.contains("style"), "{out}");
        assert!(out.contains("红"), "{out}");
    }

    #[test]
    fn relative_urls_survive() {
        let out = html(
            "[a](../static/x.pdf) [b](/static/a.pdf) [c](附件/通知.pdf) ![图](img/a.png \"标题\")",
        );
        assert!(out.contains("href=\"../static/x.pdf\""), "{out}");
        assert!(out.contains("href=\"/static/a.pdf\""), "{out}");
        assert!(
            out.contains("href=\"%E9%99%84%E4%BB%B6/%E9%80%9A%E7%9F%A5.pdf\""),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"img/a.png\" alt=\"图\" title=\"标题\">"),
            "{out}"
        );
        assert!(out.contains("rel=\"noopener\""), "{out}");
    }

    #[test]
    fn aligned_table_renders_with_classes() {
        let out = html("| 项目 | 金额 | 备注 |\n|:--|--:|:-:|\n| 收入 | 100 | 无 |");
        assert!(out.starts_with("<table><thead><tr>"), "{out}");
        assert!(
            out.contains("<th scope=\"col\" class=\"align-left\">项目</th>"),
            "{out}"
        );
        assert!(
            out.contains("<th scope=\"col\" class=\"align-right\">金额</th>"),
            "{out}"
        );
        assert!(out.contains("<td class=\"align-center\">无</td>"), "{out}");
        assert!(out.contains("<tbody>"), "{out}");
        assert!(!out.contains("style"), "{out}");
    }

    #[test]
    fn unaligned_table_and_raw_spanning_cells() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(
            out.contains("<th scope=\"col\">a</th><th scope=\"col\">b</th>"),
            "{out}"
        );
        assert!(out.contains("<th scope=\"row\">1</th><td>2</td>"), "{out}");
        let raw =
            html("<table><tr><td rowspan=\"2\" class=\"evil\" style=\"x\">收入</td></tr></table>");
        assert!(raw.contains("<td rowspan=\"2\">收入</td>"), "{raw}");
    }

    #[test]
    fn footnotes_render_and_link() {
        let r = render("正文[^注1]。\n\n[^注1]: 脚注内容");
        assert!(
            r.html.contains(
                "<sup class=\"footnote-reference\"><a href=\"#fn:注1\" rel=\"noopener\">1</a></sup>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<div class=\"footnote-definition\" id=\"fn:注1\"><sup class=\"footnote-definition-label\">1</sup>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>脚注内容</p>"), "{}", r.html);
        assert_eq!(r.plain_text, "正文。\n脚注内容\n");
    }

    #[test]
    fn footnote_and_heading_ids_do_not_collide() {
        let r = render("# 1\n\n见[^1]\n\n[^1]: 注");
        assert!(r.html.contains("<h1 id=\"1\">"), "{}", r.html);
        assert!(r.html.contains("id=\"fn:1\""), "{}", r.html);
    }

    #[test]
    fn foreign_classes_and_ids_are_limited() {
        let out =
            html("<span class=\"x\" id=\"y\" onclick=\"z\">t</span>\n\n```rust\nfn a() {}\n```");
        assert!(out.contains("<span>t</span>"), "{out}");
        assert!(out.contains("<pre><code>fn a() {}\n</code></pre>"), "{out}");
    }

    #[test]
    fn other_markdown_survives_sanitizing() {
        let out = html("> 引用\n\n---\n\n3. 三\n4. 四\n\n- 项\n\n~~旧~~ 行尾  \n换行");
        for needle in [
            "<blockquote>",
            "<hr>",
            "<ol start=\"3\">",
            "<li>三</li>",
            "<ul>",
            "<del>旧</del>",
            "<br>",
        ] {
            assert!(out.contains(needle), "{needle} missing in {out}");
        }
    }

    #[test]
    fn plain_text_separates_blocks() {
        let r = render(
            "# 标题\n\n第一段\n接续。\n\n- 甲\n- 乙\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>粗</b>体\n\n<div>\n块\n</div>",
        );
        assert_eq!(r.plain_text, "标题\n第一段接续。\n甲\n乙\na b\n1 2\n粗体\n");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for input in [
            "",
            "*",
            "**",
            "：*",
            "*：",
            "\\",
            "~",
            "[^]",
            "#",
            "|",
            "\u{FDD0}",
            "a\u{FDD0}**：**b",
            "```",
            "<",
            "**重要：**",
            "[^a]: x\n\n[^a]: y\n\n[^a][^A]",
        ] {
            let r = render(input);
            assert!(!r.html.contains(MARKER));
        }
    }
}
