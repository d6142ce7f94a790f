//! Chinese text in CommonMark: emphasis that hugs CJK punctuation, and soft
//! line breaks between Chinese characters that must not become spaces.

use super::*;
use std::borrow::Cow;
use std::ops::Range;

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/// Whether `c` is a CJK ideograph, CJK symbol or punctuation, or full-width form.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Punctuation shared by Chinese and Western text (curly quotes, ellipsis,
/// dashes, middle dot): it counts as Chinese only next to Chinese.
pub(super) fn is_shared_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}' | '\u{2014}' | '\u{2015}' | '\u{2026}' | '\u{00B7}'
    )
}

/// Whether `c` is punctuation as Chinese text uses it, for the emphasis fix.
pub(super) fn is_cjk_punct(c: char) -> bool {
    let cjk_block = matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}');
    (cjk_block || is_shared_punct(c)) && !c.is_alphanumeric() && !c.is_whitespace()
}

/// Whether the edge of `text` (its end if `at_end`, else its start) is Chinese.
///
/// Shared punctuation at the edge counts when the character behind it is CJK,
/// so `“好”` followed by a line break behaves like `好`.
pub(super) fn edge_is_cjk(text: &str, at_end: bool) -> bool {
    let (edge, behind) = if at_end {
        let mut chars = text.chars().rev();
        (chars.next(), chars.next())
    } else {
        let mut chars = text.chars();
        (chars.next(), chars.next())
    };
    match edge {
        Some(c) if is_cjk(c) => true,
        Some(c) if is_shared_punct(c) => behind.is_some_and(is_cjk),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// CJK emphasis
// ---------------------------------------------------------------------------

/// Inserts [`MARKER`] where a `*` run touches CJK punctuation, so that the
/// run becomes flanking on the side the writer meant.
///
/// CommonMark decides whether `**` may open or close emphasis from its
/// neighbours: next to punctuation it may only do so when the other side is
/// whitespace or punctuation too, which Chinese text never has. Putting a
/// letter-like marker between the punctuation and the run lets the run act
/// as if it touched a letter, while the side that already worked is left as
/// it was, so nothing that parsed as emphasis before stops doing so.
///
/// `_` runs are left alone: CommonMark forbids intraword `_` emphasis, so a
/// marker cannot help them and would break `：_强调_`. Code spans, code
/// blocks and raw HTML are never touched.
pub(super) fn mark_cjk_emphasis(source: &str) -> Cow<'_, str> {
    let points = emphasis_marker_points(source);
    if points.is_empty() {
        return Cow::Borrowed(source);
    }
    let protected = protected_ranges(source);
    let points: Vec<usize> = points
        .into_iter()
        .filter(|p| !protected.iter().any(|r| r.start <= *p && *p < r.end))
        .collect();
    if points.is_empty() {
        return Cow::Borrowed(source);
    }
    Cow::Owned(insert_markers(source, &points))
}

/// Byte offsets at which a marker would make a `*` run flanking.
pub(super) fn emphasis_marker_points(source: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let mut points = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let escaped_next = chars
            .get(i + 1)
            .is_some_and(|(_, n)| n.is_ascii_punctuation());
        if c == '\\' && escaped_next {
            i += 2;
            continue;
        }
        if c != '*' {
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|(_, ch)| *ch != '*')
            .map_or(chars.len(), |n| i + n);
        let before = i.checked_sub(1).map(|k| chars[k].1);
        let after = chars.get(end).map(|(_, ch)| *ch);
        let run_end_byte = chars.get(end).map_or(source.len(), |(b, _)| *b);
        if before.is_some_and(is_cjk_punct) && after.is_some_and(char::is_alphanumeric) {
            points.push(chars[i].0);
        } else if after.is_some_and(is_cjk_punct) && before.is_some_and(char::is_alphanumeric) {
            points.push(run_end_byte);
        }
        i = end;
    }
    points
}

/// Byte ranges of code spans, code blocks and raw HTML in `source`.
pub(super) fn protected_ranges(source: &str) -> Vec<Range<usize>> {
    Parser::new_ext(source, options())
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Code(_)
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::CodeBlock(_))
                    | Event::Start(Tag::HtmlBlock)
            )
        })
        .map(|(_, range)| range)
        .collect()
}

/// Copies `source` with [`MARKER`] inserted at each of the sorted `points`.
pub(super) fn insert_markers(source: &str, points: &[usize]) -> String {
    let mut out = String::with_capacity(source.len() + points.len() * MARKER.len_utf8());
    let mut last = 0;
    for &p in points {
        let Some(chunk) = source.get(last..p) else {
            continue;
        };
        out.push_str(chunk);
        out.push(MARKER);
        last = p;
    }
    out.push_str(source.get(last..).unwrap_or_default());
    out
}

/// Removes every [`MARKER`], borrowing when there is none.
pub(super) fn strip_markers(s: CowStr<'_>) -> CowStr<'_> {
    if s.contains(MARKER) {
        CowStr::from(s.replace(MARKER, ""))
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Soft breaks
// ---------------------------------------------------------------------------

/// Drops soft breaks that sit between two Chinese characters.
///
/// Chinese has no spaces between words, so the newline a writer typed in
/// mid-sentence would otherwise show as a stray space in the browser.
pub(super) fn drop_cjk_soft_breaks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let drop: Vec<bool> = (0..events.len())
        .map(|i| matches!(events[i], Event::SoftBreak) && joins_cjk(&events, i))
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(event, drop)| (!drop).then_some(event))
        .collect()
}

/// Whether the text on both sides of the event at `i` is Chinese.
pub(super) fn joins_cjk(events: &[Event<'_>], i: usize) -> bool {
    let before = events[..i].iter().rev();
    let after = events.get(i + 1..).unwrap_or_default().iter();
    adjacent_text(before).is_some_and(|t| edge_is_cjk(t, true))
        && adjacent_text(after).is_some_and(|t| edge_is_cjk(t, false))
}

/// The nearest non-empty text, looking through inline formatting only.
pub(super) fn adjacent_text<'e, 'a: 'e>(
    mut events: impl Iterator<Item = &'e Event<'a>>,
) -> Option<&'e str> {
    events.find_map(|event| match event {
        Event::Text(t) | Event::Code(t) if !t.is_empty() => Some(Some(t.as_ref())),
        Event::Text(_) => None,
        Event::Start(tag) if is_inline_format(&tag.to_end()) => None,
        Event::End(end) if is_inline_format(end) => None,
        _ => Some(None),
    })?
}

/// Formatting that does not interrupt the flow of a sentence.
pub(super) fn is_inline_format(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}
