//! The render stage: pure functions from the computed model to bytes —
//! Markdown to HTML, Tera templates, feeds and the sitemap.

pub mod a11y;
pub mod charts;
pub mod context;
pub mod feeds;
pub mod indicators;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod search;
pub mod templates;
pub mod urls;

/// Escapes text for a double- or single-quoted HTML or SVG attribute
/// value: `&`, `<`, `>`, `"` and `'`. Every attribute the render stage
/// builds from data goes through this one function.
pub fn escape_attr(text: &str) -> String {
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

/// Escapes text for HTML or SVG element content: `&`, `<` and `>`.
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_cannot_be_left() {
        assert_eq!(
            escape_attr("x\" onload=\"alert(1)\" y='<&>'"),
            "x&quot; onload=&quot;alert(1)&quot; y=&#39;&lt;&amp;&gt;&#39;"
        );
        assert_eq!(escape_attr("西关村-2013"), "西关村-2013");
    }
}
