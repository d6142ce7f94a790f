//! Every link a record makes inside the site must lead somewhere: a broken
//! link (错链断链) fails a government-website inspection, and a villager
//! following one finds nothing.
//!
//! A link is resolved the way a browser resolves it from the record's page
//! (`disclosures/2013/x.md` is shown at `disclosures/2013/x/`), or from the
//! site root when it starts with `/`. A link naming a record's source file
//! (`../2013/xiguan-q2.md`, as Zola's `@/` and Hugo's `ref` allow) is read
//! from the record's own file, as a clerk browsing the folders sees it, and
//! leads to that record's page; the render stage writes it as that page's
//! address. Addresses with a scheme (`https:`, `mailto:`) or a host
//! (`//host/x`) leave the site and are never fetched.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::records::links::BodyLink;
use percent_encoding::percent_decode_str;
use std::collections::{BTreeMap, BTreeSet};

/// Folders whose files the site writes but this check does not list one
/// by one: the theme's assets, the search index, the transparency log.
/// A link into them is taken as it is.
const OPEN_FOLDERS: [&str; 3] = ["assets/", "search/", "log/"];

/// Ids the default templates give every record page (the skip link's
/// target, the sections of a disclosure), which a body may link to.
const TEMPLATE_IDS: [&str; 8] = [
    "main",
    "ledger-h",
    "review-h",
    "decision-h",
    "candidates-h",
    "versions-h",
    "plan-h",
    "items-h",
];

/// Where a link written in a record leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Another site: a scheme (`https:`, `mailto:`) or a host (`//x`).
    External,
    /// Inside the site.
    Internal(Internal),
    /// Above the site's root (`../../../..` from a shallow page).
    Outside,
}

/// A link inside the site, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Internal {
    /// Site-relative and decoded, without a leading `/`: `""` is the home
    /// page, a folder ends with `/`.
    pub(crate) path: String,
    /// Whether it names a record's source file (`x.md`, `2013.yaml`).
    pub(crate) source_file: bool,
    /// `?…` and `#…` as written, kept on the rewritten address.
    pub(crate) suffix: String,
    /// The decoded fragment, without `#`.
    pub(crate) fragment: Option<String>,
}

/// The page a record's file is shown at: `plans/2013.yaml` → `plans/2013/`.
/// An indicator's page is named by its id, wherever its file is:
/// `indicators/transport/roads.yaml` → `indicators/roads/`.
pub(crate) fn record_page(source: &str) -> String {
    let kind = crate::records::kind::RecordKind::of_path(source);
    if kind == Some(crate::records::kind::RecordKind::Indicator) && source.ends_with(".yaml") {
        let id = crate::records::indicator::id_of(source);
        return format!("indicators/{id}/");
    }
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    format!("{}/", stem.trim_matches('/'))
}

/// Resolves `url`, written in the record read from `record`.
pub(crate) fn resolve(record: &str, url: &str) -> Target {
    let url = url.trim();
    if is_external(url) {
        return Target::External;
    }
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let path = before.split_once('?').map_or(before, |(p, _)| p);
    let suffix = url[path.len()..].to_string();
    let path = percent_decode_str(path).decode_utf8_lossy();
    let source_file = path.ends_with(".md") || path.ends_with(".yaml");
    let (base, rest) = match path.strip_prefix('/') {
        Some(rest) => (String::new(), rest),
        None if source_file => (
            record
                .rsplit_once('/')
                .map_or("", |(dir, _)| dir)
                .to_string(),
            path.as_ref(),
        ),
        None => (record_page(record), path.as_ref()),
    };
    let Some(path) = join(&base, rest) else {
        return Target::Outside;
    };
    Target::Internal(Internal {
        path,
        source_file,
        suffix,
        fragment: fragment.map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned()),
    })
}

/// Whether `url` leaves the site: it has a host (`//x`) or a scheme
/// (letters, digits, `+-.` before the first `:`, which comes before any
/// `/?#`).
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    url[..end].split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `rest` read from folder `base` (both `/`-separated, `base` ending in `/`
/// or empty); `None` when `..` climbs above the root.
fn join(base: &str, rest: &str) -> Option<String> {
    let mut segs: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let mut folder = rest.is_empty() || rest.ends_with('/');
    for seg in rest.split('/') {
        match seg {
            "" | "." => folder = true,
            ".." => {
                segs.pop()?;
                folder = true;
            }
            seg => {
                segs.push(seg);
                folder = false;
            }
        }
    }
    folder |= rest.ends_with('/') || rest.is_empty();
    let mut path = segs.join("/");
    if folder && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// A record whose body's links are checked.
pub(crate) struct LinkSource<'a> {
    pub(crate) path: &'a str,
    pub(crate) links: &'a [BodyLink],
}

/// What the built site will hold, for links to be checked against.
pub(crate) struct SiteMap<'a> {
    /// Every file the build writes (site-relative): pages, feeds, data
    /// files, attachments.
    pub(crate) files: &'a BTreeSet<String>,
    /// Each published record's page, by its source file.
    pub(crate) records: BTreeMap<&'a str, String>,
    /// The anchors a record's page has, by its source file, worked out only
    /// for pages a link asks an anchor of (headings and footnotes).
    pub(crate) anchors: &'a (dyn Fn(&str) -> BTreeSet<String> + Sync),
}

/// Reports every link of `sources` that leads nowhere in the site, at its
/// line.
pub(crate) fn check(sources: &[LinkSource], site: &SiteMap, diags: &mut Diagnostics) {
    let by_page: BTreeMap<&str, &str> = site
        .records
        .iter()
        .map(|(source, page)| (page.as_str(), *source))
        .collect();
    for source in sources {
        for link in source.links {
            if let Some(d) = check_one(source.path, link, site, &by_page) {
                diags.push(d);
            }
        }
    }
}

/// The web addresses among `sources`' links that lead to other sites (not
/// `mailto:` or `tel:`), in order, for `check --external`.
pub(crate) fn external<'a>(sources: &'a [LinkSource<'a>]) -> Vec<(&'a str, &'a BodyLink)> {
    sources
        .iter()
        .flat_map(|s| s.links.iter().map(move |l| (s.path, l)))
        .filter(|(_, l)| is_web_address(&l.url))
        .collect()
}

/// Whether an external address keeps its scheme on the page: any other
/// (`javascript:`, `data:`, `file:`) the sanitizer drops, and the clerk's
/// link would vanish in silence.
fn is_published_scheme(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("//")
        || ["http:", "https:", "mailto:", "tel:"]
            .iter()
            .any(|s| url.starts_with(s))
}

/// An address on another web site: `http://`, `https://` or `//`.
pub(crate) fn is_web_address(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["http://", "https://", "//"]
        .iter()
        .any(|p| url.starts_with(p))
}

fn check_one(
    record: &str,
    link: &BodyLink,
    site: &SiteMap,
    by_page: &BTreeMap<&str, &str>,
) -> Option<Diagnostic> {
    let error = |message: String, help: &str| {
        Some(Diagnostic::error(record, Some(link.span), message).with_help(help))
    };
    let warning = |message: String, help: &str| {
        Some(Diagnostic::warning(record, Some(link.span), message).with_help(help))
    };
    let internal = match resolve(record, &link.url) {
        // The page stays safe either way (the image becomes a link, the
        // address is dropped); the clerk is told what the page shows.
        Target::External if link.loaded && is_web_address(&link.url) => {
            return warning(
                format!(
                    "图片“{}”在别的网站上：页面不引用外部网址，这里只显示一个指向它的链接",
                    link.url
                ),
                "把图片下载下来放进 static/，再写 /static/图片名",
            );
        }
        Target::External if !is_published_scheme(&link.url) => {
            return warning(
                format!(
                    "地址“{}”不会出现在公开的页面上，已删去：只能链接网页（http、https）、邮件（mailto）和电话（tel）",
                    link.url
                ),
                "删去这个链接，或改成本站页面、static/ 里的文件或网页地址",
            );
        }
        Target::External => return None,
        Target::Outside => {
            return error(
                format!("链接“{}”超出了网站的根目录", link.url),
                "链接本站页面时从网站根目录写起，例如 /disclosures/2013/ 或 /static/预算表.pdf",
            );
        }
        Target::Internal(internal) => internal,
    };
    if internal.source_file && link.in_html {
        return error(
            format!("HTML 标签中的链接“{}”不会换成记录页面的网址", link.url),
            "改用 Markdown 写法 [文字](../2013/xiguan-q2.md)，或在 HTML 中写页面地址，例如 /disclosures/2013/xiguan-q2/",
        );
    }
    let page = if internal.source_file {
        match site.records.get(internal.path.as_str()) {
            Some(page) => page.clone(),
            None => {
                return error(
                    format!(
                        "链接“{}”指向的记录 {} 不存在或未发布，网站上没有它的页面",
                        link.url, internal.path
                    ),
                    "写已发布记录的文件路径：相对本文件所在的文件夹（例如 ../2013/xiguan-q2.md），或从网站根目录写起（例如 /disclosures/2013/xiguan-q2.md）；草稿和发布日期在今天之后的记录还没有页面",
                );
            }
        }
    } else {
        if !exists(&internal.path, site, by_page) {
            return error(
                format!("链接“{}”指向的 /{} 在网站上不存在", link.url, internal.path),
                "附件放在 static/ 下，写作 /static/文件名；链接本站的记录，写它的文件路径，例如 ../2013/xiguan-q2.md",
            );
        }
        internal.path.clone()
    };
    let fragment = internal.fragment.as_deref().filter(|f| !f.is_empty())?;
    let target = by_page.get(page.as_str())?;
    if TEMPLATE_IDS.contains(&fragment) {
        return None;
    }
    let anchors = (site.anchors)(target);
    if anchors.contains(fragment) {
        return None;
    }
    let known: Vec<String> = anchors.iter().take(6).map(|a| format!("#{a}")).collect();
    let help = if known.is_empty() {
        "该页面正文没有小标题可供链接；去掉 # 及其后的部分".to_string()
    } else {
        format!(
            "锚点写小标题的文字（英文字母小写、空格写作 -），该页面有：{}",
            known.join(" ")
        )
    };
    Some(
        Diagnostic::error(
            record,
            Some(link.span),
            format!("链接“{}”指向的锚点 #{fragment} 在页面上不存在", link.url),
        )
        .with_help(help),
    )
}

/// Whether the site has a page or file at `path`: a folder has its
/// `index.html`; a page asked for without its final `/` is found too, as
/// web servers redirect it; under a record's page, its earlier versions
/// (`v2/`) are the log's.
fn exists(path: &str, site: &SiteMap, by_page: &BTreeMap<&str, &str>) -> bool {
    let folder = path.is_empty() || path.ends_with('/');
    let found = if folder {
        site.files.contains(&format!("{path}index.html"))
    } else {
        site.files.contains(path) || site.files.contains(&format!("{path}/index.html"))
    };
    found || OPEN_FOLDERS.iter().any(|f| path.starts_with(f)) || is_version_page(path, by_page)
}

/// `disclosures/2013/x/v2/`: an earlier version of a record, published by
/// the transparency log.
fn is_version_page(path: &str, by_page: &BTreeMap<&str, &str>) -> bool {
    let trimmed = path.trim_end_matches('/');
    let Some((page, version)) = trimmed.rsplit_once('/') else {
        return false;
    };
    version
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && by_page.contains_key(format!("{page}/").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(record: &str, url: &str) -> Internal {
        match resolve(record, url) {
            Target::Internal(i) => i,
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn links_resolve_from_the_page_or_the_root_and_source_files_from_the_file() {
        let from = "disclosures/2014/a.md";
        assert_eq!(internal(from, "../b/").path, "disclosures/2014/b/");
        assert_eq!(internal(from, "/static/x.pdf").path, "static/x.pdf");
        assert_eq!(
            internal(from, "../2013/xiguan-q2.md").path,
            "disclosures/2013/xiguan-q2.md"
        );
        assert_eq!(
            internal(from, "/disclosures/2013/q2.md?x=1#h").path,
            "disclosures/2013/q2.md"
        );
        assert_eq!(internal(from, "#h").path, "disclosures/2014/a/");
        assert_eq!(internal(from, "#h").fragment.as_deref(), Some("h"));
        assert_eq!(
            internal(from, "/static/%E9%A2%84%E7%AE%97.pdf").path,
            "static/预算.pdf"
        );
        assert_eq!(internal(from, "/").path, "");
        assert_eq!(resolve(from, "../../../../x"), Target::Outside);
        for url in ["https://x.cn/", "mailto:a@b.cn", "//cdn/x", "tel:0357"] {
            assert_eq!(resolve(from, url), Target::External, "{url}");
        }
    }
}
