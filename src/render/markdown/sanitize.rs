//! Raw HTML in a body passes through ammonia, which keeps only the tags,
//! attributes and classes a record may use.

use super::*;
use std::borrow::Cow;
use std::sync::LazyLock;

// ---------------------------------------------------------------------------
// Sanitizing
// ---------------------------------------------------------------------------

/// The allow-list sanitizer, built once because building it allocates.
pub(super) static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);

/// Removes everything from `html` that our Markdown would not produce.
pub(super) fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// An allow-list of what our rendering emits, plus the few table and text
/// tags clerks paste as raw HTML (spanning cells are common in finance
/// tables). Scripts, event handlers, `style`, frames and unknown URL
/// schemes are removed; relative URLs pass through untouched so that links
/// to attachments keep working wherever the site is served.
pub(super) fn sanitizer() -> ammonia::Builder<'static> {
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
/// [`crate::render::a11y`]) only with the values that make sense there.
pub(super) fn filter_attributes<'v>(
    element: &str,
    attribute: &str,
    value: &'v str,
) -> Option<Cow<'v, str>> {
    let allowed: &[&str] = match attribute {
        "class" => return filter_classes(element, value),
        // An image on another site is not loaded (see `check`'s warning).
        "src" if crate::compute::links::is_web_address(value) => return None,
        "scope" => &["col", "row", "colgroup", "rowgroup"],
        "tabindex" => &["0"],
        "role" => &["region"],
        _ => return Some(Cow::Borrowed(value)),
    };
    allowed.contains(&value).then_some(Cow::Borrowed(value))
}

/// Keeps only the classes our rendering emits, dropping `class` entirely
/// when none is left (ammonia's own class list would leave `class=""`).
pub(super) fn filter_classes<'v>(element: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let allowed = allowed_classes(element);
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| allowed.contains(class))
        .collect();
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
}

/// The classes an element may carry: those of footnotes and tables.
pub(super) fn allowed_classes(element: &str) -> &'static [&'static str] {
    match element {
        "div" => &["footnote-definition", "table-scroll"],
        "section" => &["footnote-definition"],
        "caption" => &["visually-hidden"],
        "sup" => &["footnote-reference", "footnote-definition-label"],
        "th" | "td" => &["align-left", "align-center", "align-right"],
        _ => &[],
    }
}
