//! The plain text of a body, for summaries and the search index.

use super::*;

// ---------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------

/// The document's text without markup.
///
/// A kept soft break becomes a space, because within a paragraph it only
/// separates words; blocks end with a newline. Raw HTML tags and HTML blocks
/// contribute nothing (text between inline tags is still text).
pub(super) fn plain_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => end_line(&mut out),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::End(end) if ends_line(end) => end_line(&mut out),
            _ => {}
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Block-level ends after which plain text starts a new line.
pub(super) fn ends_line(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
    )
}

/// Ends the current line unless it is already ended.
pub(super) fn end_line(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}
