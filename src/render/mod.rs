//! The render stage: pure functions from the computed model to bytes —
//! Markdown to HTML, Tera templates, feeds and the sitemap.

pub(crate) mod a11y;
pub(crate) mod charts;
pub(crate) mod context;
pub(crate) mod faults;
pub(crate) mod feeds;
pub(crate) mod indicators;
pub(crate) mod links;
pub(crate) mod markdown;
pub mod pages;
pub(crate) mod projects;
pub(crate) mod qr;
pub mod search;
pub(crate) mod status;
pub mod templates;
pub mod urls;

/// Escapes text for a double- or single-quoted HTML or SVG attribute
/// value: `&`, `<`, `>`, `"` and `'`. Every attribute the render stage
/// builds from data goes through this one function.
pub(crate) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Removes the characters XML 1.0 forbids (control characters other than
/// tab, newline and carriage return, and U+FFFE, U+FFFF), which a feed
/// reader or an SVG viewer refuses the whole document for: a stray `\x01`
/// pasted into a record must not break `feed.xml`.
pub(crate) fn xml_chars(text: String) -> String {
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c <= '\u{1f}')
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(forbidden) {
        text.replace(forbidden, "")
    } else {
        text
    }
}

/// Escapes text for HTML or SVG element content: `&`, `<` and `>`.
pub(crate) fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(xml_chars("a\u{1}b\u{8}c\td\ne\u{fffe}".into()), "abc\td\ne");
        assert_eq!(xml_chars("西关村\u{7f}".into()), "西关村\u{7f}");
    }

    #[test]
    fn attribute_values_cannot_be_left() {
        assert_eq!(
            escape_attr("x\" onload=\"alert(1)\" y='<&>'"),
            "x&quot; onload=&quot;alert(1)&quot; y=&#39;&lt;&amp;&gt;&#39;"
        );
        assert_eq!(escape_attr("西关村-2013"), "西关村-2013");
    }
}
