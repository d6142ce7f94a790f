//! Footnotes numbered in order of first reference, with links both ways.

use super::*;

// ---------------------------------------------------------------------------
// Footnotes
// ---------------------------------------------------------------------------

/// Emits footnotes with `fn:`-prefixed ids.
///
/// pulldown-cmark uses the bare label as id, so a footnote `[^1]` and a
/// heading "1" would both be `id="1"`; heading ids never contain `:`.
pub(super) fn rewrite_footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    events
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                let (id, n) = footnote_id(&label, &mut numbers);
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (id, n) = footnote_id(&label, &mut numbers);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{id}\">\
                     <sup class=\"footnote-definition-label\">{n}</sup>\n"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::Borrowed("</div>\n")),
            other => other,
        })
        .collect()
}

/// The escaped element id and display number of a footnote label.
///
/// Labels match case-insensitively, so the id is lower-cased; numbers follow
/// first appearance, as readers expect.
pub(super) fn footnote_id(label: &str, numbers: &mut HashMap<String, usize>) -> (String, usize) {
    let key: String = label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    let next = numbers.len() + 1;
    let n = *numbers.entry(key.clone()).or_insert(next);
    (crate::render::escape_attr(&format!("fn:{key}")), n)
}
