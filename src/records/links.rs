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
pub struct BodyLink {
    pub url: String,
    /// Where the address stands in the file.
    pub span: Span,
}

/// Every link and image address in `doc`'s body, in order. Inline,
/// reference and autolinks alike: pulldown-cmark resolves references, and
/// the span points at the address itself where it can be found in the link.
pub fn body_links(doc: &Document) -> Vec<BodyLink> {
    let body = &doc.body;
    if !body.contains(['(', '[', '<']) {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let written = &body[range.clone()];
                let start = written
                    .rfind(dest_url.as_ref())
                    .map_or(range.start, |i| range.start + i);
                let len = written
                    .rfind(dest_url.as_ref())
                    .map_or(range.len(), |_| dest_url.len());
                Some(BodyLink {
                    url: dest_url.to_string(),
                    span: body_span(doc, start, len),
                })
            }
            _ => None,
        })
        .filter(|l| !l.url.trim().is_empty())
        .collect()
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
