//! Links a clerk writes from the site root, made relative to the page: a
//! rewrite of pulldown-cmark's events, made once per body.
//!
//! Markdown authors write attachments as `[预算表](/static/a.pdf)`: the site
//! root is the one place they know. Pages link relatively (see
//! [`super::urls`]) so that the site works under any sub-path and from a USB
//! stick, so `/static/a.pdf` on a page three folders deep becomes
//! `../../../static/a.pdf`. A `//host/...` address is another host's, and is
//! kept.

use super::urls::encode_path;
use crate::compute::links::{self, Target};
use pulldown_cmark::{CowStr, Event, Tag};

/// Rewrites root-relative link and image addresses among `events` to start
/// from `root`, the page's way back to the site root (`"../../"`), and
/// links naming a record's file (`../2013/x.md`, read from the folder of
/// `source`, the record being rendered) to that record's page.
///
/// Raw HTML (`<a href="/x">`, `<img src='/y'>`) reaches pulldown-cmark as
/// text; its `href` and `src` attributes are rewritten in place.
pub(crate) fn rebase_root<'a>(
    events: impl Iterator<Item = Event<'a>>,
    root: &str,
    source: &str,
) -> impl Iterator<Item = Event<'a>> {
    let root = root.to_string();
    let source = source.to_string();
    events.map(move |event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebase(to_record_page(dest_url, &source), &root),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebase(dest_url, &root),
            title,
            id,
        }),
        Event::Html(html) => Event::Html(rebase_raw(html, &root)),
        Event::InlineHtml(html) => Event::InlineHtml(rebase_raw(html, &root)),
        other => other,
    })
}

/// A link naming a record's file, as its page's address from the site root
/// (`/disclosures/2013/x/#h`); any other link as it was. Whether that
/// record is published is the compute stage's check, which has passed.
fn to_record_page<'a>(url: CowStr<'a>, source: &str) -> CowStr<'a> {
    match links::resolve(source, &url) {
        Target::Internal(link) if link.source_file && !source.is_empty() => CowStr::from(format!(
            "/{}{}",
            encode_path(&links::record_page(&link.path)),
            link.suffix
        )),
        _ => url,
    }
}

/// `url` from `root` when it starts at the site root, else as it was.
fn rebase<'a>(url: CowStr<'a>, root: &str) -> CowStr<'a> {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => CowStr::from(format!("{root}{rest}")),
        _ => url,
    }
}

/// Raw HTML with each root-relative `href` or `src` value rebased; the
/// value may be quoted either way or not at all, as HTML allows.
fn rebase_raw<'a>(html: CowStr<'a>, root: &str) -> CowStr<'a> {
    let starts = root_value_starts(&html);
    if starts.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + starts.len() * root.len());
    let mut last = 0;
    for at in starts {
        out.push_str(&html[last..at]);
        out.push_str(root);
        last = at + 1;
    }
    out.push_str(&html[last..]);
    CowStr::from(out)
}

/// Byte offsets of the leading `/` of every root-relative `href=` or `src=`
/// value in `html`.
fn root_value_starts(html: &str) -> Vec<usize> {
    let bytes = html.as_bytes();
    let mut starts = Vec::new();
    for name in ["href", "src"] {
        let mut from = 0;
        while let Some(found) = find_ascii_ci(&html[from..], name) {
            let at = from + found;
            from = at + name.len();
            let after_space = at > 0 && bytes[at - 1].is_ascii_whitespace();
            let mut i = at + name.len();
            if !after_space || bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            if matches!(bytes.get(i), Some(b'"' | b'\'')) {
                i += 1;
            }
            if bytes.get(i) == Some(&b'/') && bytes.get(i + 1) != Some(&b'/') {
                starts.push(i);
            }
        }
    }
    starts.sort_unstable();
    starts
}

/// Where `needle` (lower-case ASCII) first occurs in `haystack`, ignoring
/// ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use crate::render::markdown::{Placement, render_on};

    fn html(markdown: &str) -> String {
        render_on(
            markdown,
            &Placement {
                root: "../../",
                title: "",
                source: "disclosures/2014/a.md",
            },
        )
        .html
    }

    #[test]
    fn root_links_and_images_become_relative() {
        assert_eq!(
            html("[a](/static/a.pdf) ![图](/x.png) [c](//cdn/x) [b](b/) [d](#d)"),
            "<p><a href=\"../../static/a.pdf\" rel=\"noopener\">a</a> \
             <img src=\"../../x.png\" alt=\"图\"> \
             <a href=\"//cdn/x\" rel=\"noopener\">c</a> \
             <a href=\"b/\" rel=\"noopener\">b</a> \
             <a href=\"#d\" rel=\"noopener\">d</a></p>\n"
        );
    }

    #[test]
    fn links_to_record_files_become_links_to_their_pages() {
        assert_eq!(
            html("[q2](../2013/西关.md#账目) [p](/plans/2013.yaml?x=1)"),
            "<p><a href=\"../../disclosures/2013/%E8%A5%BF%E5%85%B3/#%E8%B4%A6%E7%9B%AE\" rel=\"noopener\">q2</a> \
             <a href=\"../../plans/2013/?x=1\" rel=\"noopener\">p</a></p>\n"
        );
    }

    #[test]
    fn reference_links_are_rebased_too() {
        assert!(
            html("见[预算表][1]。\n\n[1]: /static/预算表.csv")
                .contains("href=\"../../static/%E9%A2%84%E7%AE%97%E8%A1%A8.csv\""),
        );
    }

    #[test]
    fn raw_html_links_are_rebased_however_quoted() {
        let out = html(
            "<a href=\"/a.pdf\">a</a> <a HREF='/b.pdf'>b</a> <img src=/c.png alt=c> <a href=\"//d/x\">d</a>\n\n\
             <div><a href=\"/e/\">e</a></div>",
        );
        for want in [
            "href=\"../../a.pdf\"",
            "href=\"../../b.pdf\"",
            "src=\"../../c.png\"",
            "href=\"//d/x\"",
            "href=\"../../e/\"",
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
    }

    #[test]
    fn text_that_looks_like_a_link_is_text() {
        assert_eq!(html("写 href=\"/x\" 即可"), "<p>写 href=\"/x\" 即可</p>\n");
    }
}
