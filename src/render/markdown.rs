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

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The result of rendering one Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML, safe to put into a page as is.
    pub html: String,
    /// Every heading in document order, with the id used as its anchor.
    pub headings: Vec<Heading>,
    /// Text without markup; paragraphs and other blocks end with a newline.
    pub plain_text: String,
}

/// One heading of a rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, up to 6 for `######`.
    pub level: u8,
    /// The `id` attribute of the heading element, unique within the document.
    pub id: String,
    /// The heading's text without markup.
    pub text: String,
}

/// Invisible character inserted next to `*` runs to fix CJK emphasis.
///
/// A Unicode noncharacter is reserved for a program's internal use, so no
/// real document needs it and removing every occurrence afterwards cannot
/// damage content (unlike a zero-width joiner, which emoji sequences use).
/// To the parser it is neither whitespace nor punctuation, i.e. letter-like.
const MARKER: char = '\u{FDD0}';

/// Where a body is shown: what its links and tables need to know.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'p> {
    /// The page's way back to the site root (`"../../"`): links written
    /// from the root (`/static/a.pdf`) start from it.
    pub root: &'p str,
    /// The record's title: it names the tables no heading names.
    pub title: &'p str,
}

/// Renders Markdown as it reads on no page in particular: root links kept
/// as written, tables without a name (for the tests of this module).
#[cfg(test)]
pub fn render(markdown: &str) -> Rendered {
    render_on(
        markdown,
        &Placement {
            root: "/",
            title: "",
        },
    )
}

/// Renders Markdown to sanitized HTML plus headings and plain text, for a
/// page at `place`.
pub fn render_on(markdown: &str, place: &Placement) -> Rendered {
    let source = mark_cjk_emphasis(markdown);
    let events = parse(&source);
    let events = drop_cjk_soft_breaks(events);
    let (events, headings) = assign_heading_ids(events);
    let plain_text = plain_text(&events);
    let events = rewrite_footnotes(events).into_iter();
    let events = super::links::rebase_root(events, place.root);
    let events = super::a11y::tables(events, place.title);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html: sanitize(&html),
        headings,
        plain_text,
    }
}

/// The Markdown extensions records may use.
///
/// Smart punctuation stays off: it would turn the ASCII quotes of mixed
/// text into English curly quotes. Heading attributes stay off so that a
/// `{...}` at the end of a Chinese heading is kept as text.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/// Whether `c` is a CJK ideograph, CJK symbol or punctuation, or full-width form.
fn is_cjk(c: char) -> bool {
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
fn is_shared_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}' | '\u{2014}' | '\u{2015}' | '\u{2026}' | '\u{00B7}'
    )
}

/// Whether `c` is punctuation as Chinese text uses it, for the emphasis fix.
fn is_cjk_punct(c: char) -> bool {
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
fn edge_is_cjk(text: &str, at_end: bool) -> bool {
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
fn mark_cjk_emphasis(source: &str) -> Cow<'_, str> {
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
fn emphasis_marker_points(source: &str) -> Vec<usize> {
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
fn protected_ranges(source: &str) -> Vec<Range<usize>> {
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
fn insert_markers(source: &str, points: &[usize]) -> String {
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
fn strip_markers(s: CowStr<'_>) -> CowStr<'_> {
    if s.contains(MARKER) {
        CowStr::from(s.replace(MARKER, ""))
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Parses `source` into events with markers removed and single-tilde
/// strikethrough turned back into text.
fn parse(source: &str) -> Vec<Event<'_>> {
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
fn strip_event_markers(event: Event<'_>) -> Event<'_> {
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

// ---------------------------------------------------------------------------
// Soft breaks
// ---------------------------------------------------------------------------

/// Drops soft breaks that sit between two Chinese characters.
///
/// Chinese has no spaces between words, so the newline a writer typed in
/// mid-sentence would otherwise show as a stray space in the browser.
fn drop_cjk_soft_breaks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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
fn joins_cjk(events: &[Event<'_>], i: usize) -> bool {
    let before = events[..i].iter().rev();
    let after = events.get(i + 1..).unwrap_or_default().iter();
    adjacent_text(before).is_some_and(|t| edge_is_cjk(t, true))
        && adjacent_text(after).is_some_and(|t| edge_is_cjk(t, false))
}

/// The nearest non-empty text, looking through inline formatting only.
fn adjacent_text<'e, 'a: 'e>(mut events: impl Iterator<Item = &'e Event<'a>>) -> Option<&'e str> {
    events.find_map(|event| match event {
        Event::Text(t) | Event::Code(t) if !t.is_empty() => Some(Some(t.as_ref())),
        Event::Text(_) => None,
        Event::Start(tag) if is_inline_format(&tag.to_end()) => None,
        Event::End(end) if is_inline_format(end) => None,
        _ => Some(None),
    })?
}

/// Formatting that does not interrupt the flow of a sentence.
fn is_inline_format(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}

// ---------------------------------------------------------------------------
// Headings
// ---------------------------------------------------------------------------

/// Gives every heading a unique id and collects the headings.
fn assign_heading_ids(mut events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Heading>) {
    let mut headings = Vec::new();
    let mut used = HeadingIds::default();
    let mut open: Option<(usize, HeadingLevel, String)> = None;
    for i in 0..events.len() {
        match (&events[i], open.as_mut()) {
            (Event::Start(Tag::Heading { level, .. }), _) => {
                open = Some((i, *level, String::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((_, _, text))) => text.push_str(t),
            (Event::End(TagEnd::Heading(_)), Some(_)) => {
                if let Some((start, level, text)) = open.take() {
                    let text = text.trim().to_string();
                    let id = unique_id(slugify(&text), &mut used);
                    events[start] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id.clone())),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                    headings.push(Heading {
                        level: level as u8,
                        id,
                        text,
                    });
                }
            }
            _ => {}
        }
    }
    (events, headings)
}

/// Makes an anchor id from heading text.
///
/// Chinese characters stay as they are, because readers share links to
/// sections and a transliteration would be unreadable; ASCII is lower-cased,
/// whitespace becomes `-` and other punctuation is dropped.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_dash = !slug.is_empty();
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            if pending_dash {
                slug.push('-');
                pending_dash = false;
            }
            slug.extend(c.to_lowercase());
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Returns `base`, or `base-1`, `base-2`, … if already used.
fn unique_id(base: String, ids: &mut HeadingIds) -> String {
    if ids.used.insert(base.clone()) {
        return base;
    }
    // Numbering resumes where this base's last number left off, so that a
    // document of n equal headings takes n steps, not n²/2.
    let mut n = ids.next.get(&base).copied().unwrap_or(0);
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if ids.used.insert(candidate.clone()) {
            ids.next.insert(base, n);
            return candidate;
        }
    }
}

/// The ids given so far in a document, and for each base the last number
/// added to it.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

// ---------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------

/// The document's text without markup.
///
/// A kept soft break becomes a space, because within a paragraph it only
/// separates words; blocks end with a newline. Raw HTML tags and HTML blocks
/// contribute nothing (text between inline tags is still text).
fn plain_text(events: &[Event<'_>]) -> String {
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
fn ends_line(end: &TagEnd) -> bool {
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
fn end_line(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------
// Footnotes
// ---------------------------------------------------------------------------

/// Emits footnotes with `fn:`-prefixed ids.
///
/// pulldown-cmark uses the bare label as id, so a footnote `[^1]` and a
/// heading "1" would both be `id="1"`; heading ids never contain `:`.
fn rewrite_footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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
fn footnote_id(label: &str, numbers: &mut HashMap<String, usize>) -> (String, usize) {
    let key: String = label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    let next = numbers.len() + 1;
    let n = *numbers.entry(key.clone()).or_insert(next);
    (super::escape_attr(&format!("fn:{key}")), n)
}

// ---------------------------------------------------------------------------
// Sanitizing
// ---------------------------------------------------------------------------

/// The allow-list sanitizer, built once because building it allocates.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);

/// Removes everything from `html` that our Markdown would not produce.
fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// An allow-list of what our rendering emits, plus the few table and text
/// tags clerks paste as raw HTML (spanning cells are common in finance
/// tables). Scripts, event handlers, `style`, frames and unknown URL
/// schemes are removed; relative URLs pass through untouched so that links
/// to attachments keep working wherever the site is served.
fn sanitizer() -> ammonia::Builder<'static> {
    let heading_attrs = || HashSet::from(["id"]);
    let block_attrs = || HashSet::from(["id", "class"]);
    let cell_attrs = || HashSet::from(["colspan", "rowspan", "align", "class"]);
    let mut builder = ammonia::Builder::default();
    builder
        .tags(HashSet::from([
            "a",
            "img",
            "p",
            "br",
            "hr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "em",
            "strong",
            "del",
            "s",
            "b",
            "i",
            "u",
            "sub",
            "sup",
            "span",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "table",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "div",
            "section",
        ]))
        .clean_content_tags(HashSet::from([
            "script", "style", "iframe", "noscript", "object", "template",
        ]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            (
                "img",
                HashSet::from(["src", "alt", "title", "width", "height"]),
            ),
            ("ol", HashSet::from(["start"])),
            (
                "div",
                HashSet::from(["id", "class", "tabindex", "role", "aria-label"]),
            ),
            ("section", block_attrs()),
            ("sup", HashSet::from(["class"])),
            ("h1", heading_attrs()),
            ("h2", heading_attrs()),
            ("h3", heading_attrs()),
            ("h4", heading_attrs()),
            ("h5", heading_attrs()),
            ("h6", heading_attrs()),
            (
                "th",
                HashSet::from(["colspan", "rowspan", "align", "class", "scope"]),
            ),
            ("caption", HashSet::from(["class"])),
            ("td", cell_attrs()),
        ]))
        .attribute_filter(filter_attributes)
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener"));
    builder
}

/// Keeps only the attribute values our rendering emits (see
/// [`filter_classes`]); the accessibility attributes of tables (see
/// [`super::a11y`]) only with the values that make sense there.
fn filter_attributes<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let allowed: &[&str] = match attribute {
        "class" => return filter_classes(element, value),
        "scope" => &["col", "row", "colgroup", "rowgroup"],
        "tabindex" => &["0"],
        "role" => &["region"],
        _ => return Some(Cow::Borrowed(value)),
    };
    allowed.contains(&value).then_some(Cow::Borrowed(value))
}

/// Keeps only the classes our rendering emits, dropping `class` entirely
/// when none is left (ammonia's own class list would leave `class=""`).
fn filter_classes<'v>(element: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let allowed = allowed_classes(element);
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| allowed.contains(class))
        .collect();
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
}

/// The classes an element may carry: those of footnotes and tables.
fn allowed_classes(element: &str) -> &'static [&'static str] {
    match element {
        "div" => &["footnote-definition", "table-scroll"],
        "section" => &["footnote-definition"],
        "caption" => &["visually-hidden"],
        "sup" => &["footnote-reference", "footnote-definition-label"],
        "th" | "td" => &["align-left", "align-center", "align-right"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html
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
