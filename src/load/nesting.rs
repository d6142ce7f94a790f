//! How deeply a Markdown body nests, checked before it is rendered.
//!
//! The HTML sanitizer (html5ever, under ammonia) takes time that grows with
//! the square of the nesting depth: a body of 50,000 nested `<div>`s or one
//! line of 40,000 `- ` markers takes seconds to minutes, and would stall a
//! build or the live preview. No real record nests lists, quotes or tags
//! more than a few levels, so a body nested deeper than [`MAX_DEPTH`] is an
//! error at the line where it gets too deep, before anything is rendered.
//!
//! What is counted: container markers at the start of one line (`- - - x`,
//! `> > > x`, `1. 1. x`), the indentation a list item stands at (two
//! spaces a level: a list nested through indentation grows with the square
//! of its depth, but 6,000 levels are still only 36 MB), and raw HTML tags
//! left open.

use crate::diagnostics::{Diagnostic, Span};

/// The deepest nesting a body may have, far above what any record needs.
pub(crate) const MAX_DEPTH: usize = 100;

/// Elements that never have content, so never nest.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The first place where `body` (which starts at byte `offset` of `text`,
/// the whole file) nests deeper than [`MAX_DEPTH`], as an error.
pub(crate) fn check(path: &str, text: &str, offset: usize, body: &str) -> Option<Diagnostic> {
    let mut open_tags = 0usize;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let markers = leading_markers(line);
        // Each level of an indented list is two spaces more, at least.
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let markers = if markers > 0 { markers + indent / 2 } else { 0 };
        if markers > MAX_DEPTH {
            return Some(too_deep(
                path,
                text,
                offset + line_start,
                line.len(),
                markers,
                "列表或引用",
            ));
        }
        for (at, tag) in tags(line) {
            match tag {
                Tag::Open => open_tags += 1,
                Tag::Close => open_tags = open_tags.saturating_sub(1),
            }
            if open_tags > MAX_DEPTH {
                return Some(too_deep(
                    path,
                    text,
                    offset + line_start + at,
                    1,
                    open_tags,
                    "HTML 标签",
                ));
            }
        }
        line_start += line.len();
    }
    None
}

/// Raw HTML elements whose content is text up to their closing tag, and
/// which the sanitizer drops with that content: left open, one swallows
/// the rest of the body, and the page ends there without a word.
const RAW_TEXT: [&str; 11] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "template",
];

/// The first raw-text element (`<style>`, `<script>` …) the body opens and
/// never closes, outside code, as an error at its line.
pub(crate) fn unclosed_raw_text(
    path: &str,
    text: &str,
    offset: usize,
    body: &str,
) -> Option<Diagnostic> {
    // Most bodies have no raw HTML at all.
    if !body.contains('<') {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let mut in_fence = false;
    let mut line_start = 0;
    for line in lower.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        for (at, _) in line.match_indices('<') {
            if in_code_span(line, at) {
                continue;
            }
            let rest = &line[at + 1..];
            let Some(name) = RAW_TEXT.iter().find(|n| {
                rest.starts_with(*n)
                    && rest[n.len()..]
                        .starts_with(|c: char| c == '>' || c.is_ascii_whitespace() || c == '/')
            }) else {
                continue;
            };
            let after = start + at + 1 + name.len();
            if !lower[after..].contains(&format!("</{name}")) {
                let found = offset + start + at;
                return Some(
                    Diagnostic::error(
                        path,
                        Some(Span::locate(text, found, name.len() + 1)),
                        format!("正文里的 <{name}> 没有闭合：它后面的正文都会从页面上消失"),
                    )
                    .with_help(format!(
                        "删去 <{name}>；正文里的脚本、样式等标签连同内容都不会发布"
                    )),
                );
            }
        }
    }
    None
}

/// Whether byte `at` of a line lies inside a `code span` (an odd number of
/// backticks before it).
fn in_code_span(line: &str, at: usize) -> bool {
    line[..at].matches('`').count() % 2 == 1
}

fn too_deep(path: &str, text: &str, at: usize, len: usize, depth: usize, what: &str) -> Diagnostic {
    let len = len.min(80);
    Diagnostic::error(
        path,
        Some(Span::locate(text, at, len)),
        format!("正文嵌套太深：{what}套了 {depth} 层以上，最多 {MAX_DEPTH} 层"),
    )
    .with_help("减少嵌套的层数；正文中的 HTML 标签要有开有关（<div> 配 </div>）")
}

/// How many list or quote markers open the line: `- - > 1. x` has four.
fn leading_markers(line: &str) -> usize {
    let mut rest = line.trim_start_matches([' ', '\t']);
    let mut count = 0;
    loop {
        let after = if let Some(r) = rest.strip_prefix(['-', '*', '+', '>']) {
            r
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            match rest[digits..].strip_prefix(['.', ')']) {
                Some(r) if (1..=9).contains(&digits) => r,
                _ => return count,
            }
        };
        // A list marker needs a space after it; `>` does not.
        let spaced = after.trim_start_matches([' ', '\t']);
        if spaced.len() == after.len() && !rest.starts_with('>') && !after.is_empty() {
            return count;
        }
        count += 1;
        rest = spaced;
    }
}

enum Tag {
    Open,
    Close,
}

/// The HTML tags of a line that open or close an element, by byte offset.
fn tags(line: &str) -> impl Iterator<Item = (usize, Tag)> + '_ {
    line.match_indices('<').filter_map(move |(at, _)| {
        let rest = &line[at + 1..];
        let (close, name_start) = match rest.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let name: String = name_start
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        if close {
            return Some((at, Tag::Close));
        }
        let end = rest.find('>').map_or(rest.len(), |e| e);
        let self_closing = rest[..end].ends_with('/');
        (!VOID.contains(&name.as_str()) && !self_closing).then_some((at, Tag::Open))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(body: &str) -> Option<(u32, String)> {
        check("a.md", body, 0, body).map(|d| (d.span.unwrap().line, d.message))
    }

    #[test]
    fn markers_on_one_line_are_counted() {
        assert_eq!(leading_markers("- - > 1. x"), 4);
        assert_eq!(leading_markers("  - a"), 1);
        assert_eq!(leading_markers(">>> x"), 3);
        assert_eq!(leading_markers("-1 x"), 0);
        assert_eq!(leading_markers("2013. 年"), 1);
        assert_eq!(leading_markers("2013.5 亩"), 0);
        assert_eq!(leading_markers("**粗体**"), 0);
        assert_eq!(leading_markers("---"), 0);
    }

    #[test]
    fn a_list_nested_through_indentation_is_counted() {
        let deep: String = (0..120)
            .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
            .collect();
        assert!(depth_error(&deep).is_some());
        let shallow: String = (0..5)
            .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
            .collect();
        assert!(depth_error(&shallow).is_none());
    }

    #[test]
    fn an_unclosed_raw_text_element_is_found_outside_code() {
        let found =
            |body: &str| unclosed_raw_text("a.md", body, 0, body).map(|d| d.span.unwrap().line);
        assert_eq!(
            found("第一段\n\n<math><mtext><style>\n\n后面的正文\n"),
            Some(3)
        );
        assert_eq!(found("<STYLE type=x>p{}</style>\n后文\n"), None);
        assert_eq!(found("写作 `<style>` 的标签\n"), None);
        assert_eq!(found("```\n<script>\n```\n"), None);
        assert_eq!(found("<styles> 不是标签\n"), None);
    }

    #[test]
    fn ordinary_bodies_pass() {
        let body = "# 标题\n\n- 一\n  - 二\n    > 引用\n\n<div><span>a</span><br><img src=x/></div>\n\na < b > c\n";
        assert_eq!(depth_error(body), None);
        let table = "<table><tr><td>1</td></tr></table>\n".repeat(10_000);
        assert_eq!(depth_error(&table), None);
    }

    #[test]
    fn deep_nesting_is_an_error_at_its_line() {
        let list = format!("正文\n\n{}x\n", "- ".repeat(40_000));
        let (line, message) = depth_error(&list).unwrap();
        assert_eq!(line, 3);
        assert!(message.contains("列表或引用"), "{message}");
        let quotes = format!("{}x", "> ".repeat(101));
        assert!(depth_error(&quotes).is_some());
        assert!(depth_error(&format!("{}x", "> ".repeat(100))).is_none());
        let divs = format!("a\n{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let (line, message) = depth_error(&divs).unwrap();
        assert_eq!(line, 2);
        assert!(message.contains("HTML 标签"), "{message}");
    }
}
