//! The links a record's Markdown body makes, each with where it is written.
//!
//! A broken link is a fail in a government-website inspection (错链断链), so
//! every link a clerk writes is checked against the pages and attachments
//! the site will have (`compute::links`). Which pages exist is only known
//! once every record is read; the links are gathered here, while the file's
//! text is at hand, so that the check can point at each one's line.

use crate::diagnostics::Span;
use crate::load::Document;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// One link or image address of a body, as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BodyLink {
    pub(crate) url: String,
    /// Where the address stands in the file.
    pub(crate) span: Span,
    /// Written in raw HTML (`<a href="…">`) rather than as Markdown: such
    /// an address is published as written, never turned into a page's.
    pub(crate) in_html: bool,
    /// Loaded by the page itself (an image's `src`), not followed by the
    /// reader: it may not be on another site.
    pub(crate) loaded: bool,
}

/// Every link and image address in `doc`'s body, in order. Inline,
/// reference and autolinks alike: pulldown-cmark resolves references, and
/// the span points at the address itself where it can be found in the link.
pub(crate) fn body_links(doc: &Document) -> Vec<BodyLink> {
    let body = &doc.body;
    if !body.contains(['(', '[', '<']) {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(
                ref tag @ (Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }),
            ) => {
                let written = &body[range.clone()];
                let (start, len) = match written.rfind(dest_url.as_ref()) {
                    Some(i) => (range.start + i, dest_url.len()),
                    None => (range.start, range.len()),
                };
                links.push(BodyLink {
                    url: dest_url.to_string(),
                    span: body_span(doc, start, len),
                    in_html: false,
                    loaded: matches!(tag, Tag::Image { .. }),
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // A raw HTML event's text is usually the body's own bytes at
                // `range`; inside a list or quote its indent is left out, and
                // the value is then looked for in what was written.
                let written = &body[range.clone()];
                for (at, value, loaded) in html_addresses(&html) {
                    let start = match written.get(at..) {
                        Some(w) if w.starts_with(value) => range.start + at,
                        _ => written.find(value).map_or(range.start, |i| range.start + i),
                    };
                    links.push(BodyLink {
                        url: value.to_string(),
                        span: body_span(doc, start, value.len()),
                        in_html: true,
                        loaded,
                    });
                }
            }
            _ => {}
        }
    }
    links.retain(|l| !l.url.trim().is_empty());
    links
}

/// The `href` and `src` values of raw HTML, each with its byte offset and
/// whether the page loads it (`src`), quoted either way or not at all, as
/// HTML allows.
fn html_addresses(html: &str) -> Vec<(usize, &str, bool)> {
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    for name in ["href=", "src="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
                continue;
            }
            let mut start = at + name.len();
            let end = match bytes.get(start) {
                Some(&q @ (b'"' | b'\'')) => {
                    start += 1;
                    html[start..]
                        .find(q as char)
                        .map_or(html.len(), |e| start + e)
                }
                _ => html[start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| start + e),
            };
            found.push((start, &html[start..end], name == "src="));
        }
    }
    found.sort_unstable_by_key(|(at, _, _)| *at);
    found
}

/// The span of body bytes `start..start + len`, placed in the file.
fn body_span(doc: &Document, start: usize, len: usize) -> Span {
    let inner = Span::locate(&doc.body, start, len);
    Span {
        line: inner.line + doc.body_line - 1,
        col: inner.col,
        start: inner.start + doc.body_offset,
        end: inner.end + doc.body_offset,
    }
}
