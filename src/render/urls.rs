//! Where each page lives and how pages link to each other.
//!
//! A record's page mirrors its file (`disclosures/2013/x.md` →
//! `disclosures/2013/x/index.html`). Links between pages are relative
//! (`../../disclosures/`), so the same output works under any sub-path of a
//! host, from a USB stick, and behind the preview server; only feeds and the
//! sitemap, which leave the site, carry absolute URLs built from `base_url`.
//! File names may be Chinese: the file on disk keeps the name, links carry it
//! percent-encoded.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A page's place in the site: its folder relative to the site root,
/// `""` for the home page, else ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PagePath(String);

impl PagePath {
    pub(crate) fn root() -> PagePath {
        PagePath(String::new())
    }

    /// A folder path such as `disclosures/finance/`.
    pub(crate) fn dir(path: &str) -> PagePath {
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            PagePath::root()
        } else {
            PagePath(format!("{trimmed}/"))
        }
    }

    /// The page of a record file: its path without the extension.
    pub(crate) fn of_record(file: &str) -> PagePath {
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        PagePath::dir(stem)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The file written for this page.
    pub(crate) fn index_file(&self) -> String {
        format!("{}index.html", self.0)
    }

    /// A file inside this page's folder (`feed.xml`, `data.csv`).
    pub(crate) fn file(&self, name: &str) -> String {
        format!("{}{name}", self.0)
    }

    /// How many folders deep the page is; `../` that many times reaches the root.
    pub(crate) fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// The prefix from this page back to the site root (`../../`), or `./`
    /// on the home page so an empty link never means "this page".
    pub(crate) fn root_prefix(&self) -> String {
        match self.depth() {
            0 => "./".to_string(),
            n => "../".repeat(n),
        }
    }

    /// The percent-encoded form, for links.
    pub(crate) fn encoded(&self) -> String {
        encode_path(&self.0)
    }
}

/// Percent-encodes each segment of a `/`-separated path, keeping the slashes.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The absolute URL of a site path, for feeds and the sitemap.
pub(crate) fn absolute(base_url: &str, to: &str) -> String {
    format!("{base_url}{}", encode_path(to))
}

/// An absolute URL as a reader copies it from a printed notice: decoded
/// (`…/西关村二季度财务/`, not six lines of `%E8%A5…`), in pieces that each
/// end with a `/` (the `//` after the scheme kept whole), so the printed
/// address can break after any piece and never inside a word.
pub(crate) fn readable_pieces(url: &str) -> Vec<String> {
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        piece.push(c);
        if c == '/' && chars.peek() != Some(&'/') {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The path part of `base_url`, always starting and ending with `/`:
/// `https://gongkai.example.cn/shiyan/` gives `/shiyan/`. Links that start
/// with it work from any depth, which the 404 page needs.
pub(crate) fn root_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_pieces_are_decoded_and_end_after_slashes() {
        let url = absolute(
            "https://gongkai.example.cn/",
            "disclosures/2013/西关村二季度财务/",
        );
        assert_eq!(
            readable_pieces(&url),
            [
                "https://",
                "gongkai.example.cn/",
                "disclosures/",
                "2013/",
                "西关村二季度财务/"
            ]
        );
        assert_eq!(
            readable_pieces("http://a.cn/x.html"),
            ["http://", "a.cn/", "x.html"]
        );
    }

    #[test]
    fn root_path_is_base_urls_path() {
        assert_eq!(root_path("https://gongkai.example.cn/"), "/");
        assert_eq!(root_path("https://gongkai.example.cn"), "/");
        assert_eq!(root_path("https://example.cn/shiyan/"), "/shiyan/");
        assert_eq!(root_path("http://example.cn:8080/a/b"), "/a/b/");
    }

    #[test]
    fn record_pages_mirror_their_files() {
        let p = PagePath::of_record("disclosures/2013/xiguan-q2.md");
        assert_eq!(p.as_str(), "disclosures/2013/xiguan-q2/");
        assert_eq!(p.index_file(), "disclosures/2013/xiguan-q2/index.html");
        assert_eq!(p.root_prefix(), "../../../");
    }

    #[test]
    fn chinese_names_are_encoded_in_links_only() {
        let p = PagePath::of_record("disclosures/2013/西关村二季度财务.md");
        assert_eq!(
            p.index_file(),
            "disclosures/2013/西关村二季度财务/index.html"
        );
        assert_eq!(
            absolute("https://x.cn/sub/", p.as_str()),
            "https://x.cn/sub/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/"
        );
    }
}
