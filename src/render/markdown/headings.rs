//! Heading ids: one slug per heading, unique on the page, in linear time.

use super::*;

// ---------------------------------------------------------------------------
// Headings
// ---------------------------------------------------------------------------

/// Gives every heading a unique id and collects the headings.
pub(super) fn assign_heading_ids(mut events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Heading>) {
    let mut headings = Vec::new();
    let mut used = HeadingIds::around_the_page();
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
pub(super) fn slugify(text: &str) -> String {
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
pub(super) fn unique_id(base: String, ids: &mut HeadingIds) -> String {
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
pub(super) struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// Ids the default theme's pages give their own elements: a heading
/// `## main` must not take the page's `<main id="main">` (the skip link
/// and landmark would then point at the heading), nor a form's field.
const PAGE_IDS: [&str; 9] = [
    "main",
    "large-text",
    "q",
    "k",
    "u",
    "search-form",
    "search-more",
    "search-results",
    "search-status",
];

impl HeadingIds {
    /// The ids a body's headings may not take, already used.
    pub(super) fn around_the_page() -> HeadingIds {
        HeadingIds {
            used: PAGE_IDS.iter().map(|id| id.to_string()).collect(),
            next: HashMap::new(),
        }
    }
}
