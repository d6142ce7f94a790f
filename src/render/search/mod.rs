//! The site search: an index of every one-, two- and three-character piece
//! of what each page shows, cut into shards so that one query downloads
//! only the few it needs, and read in the browser by a small script of our
//! own (`search.js` in the theme). No search server, no WebAssembly, no
//! request to another host. docs/search.md gives the design and figures.
//!
//! Why pieces of up to three characters: Chinese is written without
//! spaces, so a word index would need a segmenter, and a villager searching
//! 换优 or 高接换优 types part of a word as often as a whole one. A query
//! part of up to three characters is a term itself, so its postings are
//! exactly the pages that show it; a longer part is looked up by its
//! three-character pieces, whose positions say which pages hold them in a
//! row.
//!
//! The files, under `search/idx/`:
//!
//! * `t/<n>.js` — term shards: `gkTerms(n,{"a":{term:postings},"t":{...}})`.
//!   A term lives in shard `fnv1a(term) % shards`, so a query touches one
//!   shard per distinct term. `a` holds postings over title and text, `t`
//!   over titles only (title matches are listed first). The category and
//!   unit filters are terms too (`#k:finance`, `#u:xiguan`), so a filter
//!   costs one shard, and nothing when unused.
//! * `p/<n>.js` — position shards: `gkPos(n,{piece:positions})`, where each
//!   three-character piece stands in each page that holds it (none for the
//!   pieces so common that the list would pass [`MAX_POSITION_BYTES`]).
//! * `d/<n>.js` — document shards:
//!   `gkDocs(n,[[title,path,kind,unit,date,lines,complete],…])` for
//!   documents `n*group ..`, loaded only for the results on screen, to
//!   check the match and show it in context.
//!
//! Shards are scripts that call a function rather than JSON, so they load by
//! `<script>` from a site opened from disk (a USB stick), where `fetch` is
//! refused; over HTTP they load the same way.
//!
//! Postings are the document numbers (0 = newest) as base64 of either a
//! gap list (`0x00`, then LEB128 varints of `id − previous − 1`) or a bitmap
//! (`0x01`, then bit `id` of the bytes, least significant first), whichever
//! is shorter, so a term found in half the pages costs N/8 bytes.

pub(crate) mod index;
pub(crate) mod lookup;
pub(crate) mod terms;
pub(crate) mod visible;

pub use index::build;
pub use lookup::{Lookup, lookup};

use crate::domain::dates;
use crate::output::{OutputFile, Sink};
use crate::records::config::Config;
use crate::records::disclosure::Category;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the index files go.
pub(crate) const INDEX_DIR: &str = "search/idx/";
/// Aimed-for size of one term shard, in bytes.
pub(super) const TERM_SHARD_BYTES: usize = 8 * 1024;
/// Aimed-for size of one document shard, in bytes.
pub(super) const DOC_SHARD_BYTES: usize = 6 * 1024;
/// The most term shards, however large the site.
pub(super) const MAX_TERM_SHARDS: usize = 4096;
/// Stretches of letters and digits longer than this are not indexed
/// (hashes, long numbers).
pub(super) const MAX_WORD: usize = 32;
/// The most terms one query looks up: a long query checks its candidates
/// on the page rather than downloading a shard per three characters.
pub(crate) const MAX_QUERY_TERMS: usize = 8;
/// The most three-character pieces whose positions one query loads: the
/// parts they cover (up to twelve characters for one part) are answered
/// exactly; a longer query's count is an estimate until checked.
/// With [`MAX_POSITION_BYTES`] and [`MAX_QUERY_TERMS`] this bounds what
/// one query downloads (see docs/search.md).
pub(crate) const MAX_POSITION_PIECES: usize = 4;
/// A piece whose positions would take more than this many bytes (年份 like
/// `201`, template phrases in every record) has none: a part that needs it
/// is checked against the document shards instead, so no query downloads
/// a list of every place a common piece stands.
pub(super) const MAX_POSITION_BYTES: usize = 80 * 1024;
/// A line of a document shard is cut to this many characters.
pub(super) const LINE_CHARS: usize = 100;
/// A document shard holds this many characters of a document's lines.
pub(super) const SNIPPET_CHARS: usize = 800;

/// A page kind the search indexes, besides the disclosure categories
/// (whose ids and labels are [`Category`]'s): its filter id and label.
/// A new kind of page is searchable once it is listed here and
/// `render::pages::search_entry` names it.
pub(crate) const KINDS: [(&str, &str); 6] = [
    ("plan", "重点实事"),
    ("project", "村级项目"),
    ("report", "工作报告"),
    ("indicator", "指标数据"),
    ("status", "公开情况"),
    ("page", "其他页面"),
];

/// What the index needs to know about a page besides its text.
#[derive(Clone, Debug)]
pub struct Entry {
    pub title: String,
    /// Site-relative and percent-encoded, as in links.
    pub path: String,
    /// The kind filter: a category id or one of [`KINDS`].
    pub kind: String,
    /// Unit ids for the unit filter; the first is shown with the result.
    pub units: Vec<String>,
    pub date: Option<jiff::civil::Date>,
}

/// One searchable document: a page with the text a reader sees on it.
///
/// Its lines are kept as one text, a line each, rather than a string per
/// line: every page's text stays in memory until the index is made, and at
/// N = 100,000 the strings' own bookkeeping came to a hundred megabytes.
#[derive(Clone, Debug)]
pub struct Doc {
    pub entry: Entry,
    /// The page's visible lines (see [`visible`]), each ended by `\n`.
    lines: String,
    /// Other forms of its figures, each ended by `\n`: indexed, never shown.
    other_forms: String,
}

impl Doc {
    /// A document of `entry` that shows `lines` and whose figures may also
    /// be written as `other_forms`; no line may hold a line break.
    pub fn new<L: AsRef<str>>(
        entry: Entry,
        lines: impl IntoIterator<Item = L>,
        other_forms: impl IntoIterator<Item = L>,
    ) -> Doc {
        Doc {
            entry,
            lines: one_text(lines),
            other_forms: one_text(other_forms),
        }
    }

    /// The document of a rendered page.
    pub(crate) fn of_page(entry: Entry, html: &str) -> Doc {
        let v = visible::visible(html);
        Doc {
            entry,
            lines: v.lines,
            other_forms: one_text(v.other_forms),
        }
    }

    /// The page's lines.
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.lines.split_terminator('\n')
    }

    /// Everything the index holds for it, one line each.
    pub(crate) fn indexed_text(&self) -> String {
        let mut text = String::with_capacity(
            self.entry.title.len() + self.lines.len() + self.other_forms.len() + 1,
        );
        text.push_str(&self.entry.title);
        for part in [&self.lines, &self.other_forms] {
            if let Some(lines) = part.strip_suffix('\n') {
                text.push('\n');
                text.push_str(lines);
            }
        }
        text
    }

    /// What its document shard holds to show it in a result: its lines
    /// (the title's left out), each cut to [`LINE_CHARS`], up to
    /// [`SNIPPET_CHARS`] in all; and whether that is all of its text, so
    /// the page can tell a long query's miss from a match it cannot see.
    pub(crate) fn snippets(&self) -> (String, bool) {
        let mut out = String::new();
        let mut complete = true;
        let mut used = 0;
        for line in self.lines().filter(|l| *l != self.entry.title) {
            let len = line.chars().count();
            if used + len.min(LINE_CHARS) > SNIPPET_CHARS {
                complete = false;
                break;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            if len > LINE_CHARS {
                complete = false;
                out.extend(line.chars().take(LINE_CHARS));
                out.push('…');
            } else {
                out.push_str(line);
            }
            used += len.min(LINE_CHARS);
        }
        (out, complete)
    }
}

/// `items` as one text, each ended by `\n`.
fn one_text<L: AsRef<str>>(items: impl IntoIterator<Item = L>) -> String {
    let mut text = String::new();
    for item in items {
        text.push_str(item.as_ref());
        text.push('\n');
    }
    text
}

/// What the search page needs to know about the index.
#[derive(Clone, Debug, Serialize)]
pub struct Info {
    pub docs: usize,
    pub shards: usize,
    /// Position shards (`p/`): where each three-character piece stands.
    pub pos_shards: usize,
    pub group: usize,
    /// Short hash of the index, appended to shard URLs so a browser never
    /// mixes shards of two builds.
    pub version: String,
}

impl Info {
    /// How many files the index is: the term shards and the document shards.
    pub(crate) fn files(&self) -> usize {
        self.shards + self.pos_shards + self.docs.div_ceil(self.group)
    }
}

/// A choice in one of the search page's filters.
#[derive(Serialize)]
pub(super) struct Choice<'a> {
    id: &'a str,
    label: &'a str,
}

/// What `search.html` shows besides the base page: the filters and the
/// index's figures, which the script reads from the form.
pub(crate) fn page_context(ctx: &mut tera::Context, config: &Config, info: Option<&Info>) {
    let kinds: Vec<Choice> = Category::ALL
        .iter()
        .map(|c| (c.id(), c.label()))
        .chain(KINDS)
        .map(|(id, label)| Choice { id, label })
        .collect();
    let units: Vec<Choice> = config
        .units
        .iter()
        .map(|u| Choice {
            id: &u.id,
            label: &u.name,
        })
        .collect();
    ctx.insert("kinds", &kinds);
    ctx.insert("units", &units);
    ctx.insert("index", &info);
    ctx.insert("index_dir", INDEX_DIR.trim_start_matches("search/"));
}

#[cfg(test)]
mod tests {
    use super::index::*;
    use super::lookup::*;
    use super::terms::*;
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn runs_give_every_one_two_and_three_character_piece() {
        let t = terms("高接换优，SS-01 ２０１３年 第1502期");
        for want in [
            "高",
            "高接",
            "高接换",
            "接换优",
            "优,s",
            "ss-",
            "-01",
            "201",
            "013",
            "13年",
            "150",
            "502",
            "02期",
        ] {
            assert!(t.contains(want), "{want} missing from {t:?}");
        }
        assert!(!t.contains("1 2"), "spaces end a run");
        assert!(!t.contains("高接换优"), "no piece is longer than three");
        let hash = "ab".repeat(20);
        assert!(
            !terms(&format!("哈希{hash}"))
                .iter()
                .any(|t| t.contains('a'))
        );
    }

    #[test]
    fn the_packed_scanner_finds_the_same_terms() {
        let text = "高接换优，SS-01 ２０１３年 梨 a𠀀b 名字很长的x1234567890123456789012345678901234567890";
        let fast = Terms::of(text, false);
        let got: BTreeSet<String> = fast.grams.iter().map(|&k| key_text(k)).collect();
        assert_eq!(got, terms(text));
    }

    #[test]
    fn query_terms_are_parts_or_their_three_character_pieces() {
        assert_eq!(query_terms("高接换优"), ["高接换", "接换优"]);
        assert_eq!(
            query_terms("监委会主任签字"),
            ["监委会", "主任签", "任签字"]
        );
        assert_eq!(query_terms("梨"), ["梨"]);
        assert_eq!(query_terms("150"), ["150"]);
        assert_eq!(query_terms("财务 财务"), ["财务"]);
        assert_eq!(query_terms("2013年 记-012"), ["201", "13年", "记-0", "012"]);
        assert_eq!(query_terms("，。"), [",。"]);
        assert!(query_terms("  ").is_empty());
        let long = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕";
        let t = query_terms(long);
        assert_eq!(t.len(), MAX_QUERY_TERMS);
        assert_eq!((t[0].as_str(), t[7].as_str()), ("天地玄", "岁律吕"));
        assert!(exact("财务 150 记-0 高接换优"));
        assert!(!exact(long));
    }

    #[test]
    fn postings_round_trip_both_encodings() {
        for ids in [
            vec![],
            vec![0],
            vec![5, 300, 70000],
            (0..1000).step_by(2).collect::<Vec<u32>>(),
            (0..1000).collect(),
        ] {
            let enc = encode_postings(&ids, 70001);
            assert_eq!(decode_postings(&enc), ids, "{enc}");
        }
        // Dense postings take the bitmap: 1000 documents in 126 bytes.
        let dense: Vec<u32> = (0..1000).step_by(2).collect();
        assert!(encode_postings(&dense, 1000).len() <= 4 * 126 / 3 + 4);
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(unbase64("Zm9vYg=="), b"foob");
    }

    #[test]
    fn hash_is_fnv1a_over_code_points() {
        assert_eq!(hash(""), 0x811c_9dc5);
        // The script's value for the same input (FNV-1a, 32 bits).
        assert_eq!(hash("a"), 0xe40c_292c);
    }

    fn doc(title: &str, text: &str, kind: &str, unit: &str, day: i8) -> Doc {
        let entry = Entry {
            title: title.into(),
            path: format!("d/{day}/"),
            kind: kind.into(),
            units: vec![unit.into()],
            date: Some(jiff::civil::date(2013, 1, day)),
        };
        Doc::new(entry, [text], [])
    }

    #[test]
    fn lookup_finds_runs_checks_them_and_filters() {
        let sink = crate::output::Collect::default();
        let info = build(
            vec![
                doc("东庄村高接换优补助", "玉露香梨", "finance", "dongzhuang", 1),
                doc(
                    "西关村财务公开",
                    "高接和接换以及换优",
                    "finance",
                    "xiguan",
                    2,
                ),
                doc("党费收缴", "玉露香梨高接换优示范园", "party", "jiguan", 3),
                doc(
                    "高接换 接换优",
                    "各三个字都在，连起来不在",
                    "village",
                    "jiguan",
                    4,
                ),
            ],
            &sink,
        )
        .unwrap()
        .unwrap();
        let files: BTreeMap<String, Vec<u8>> = sink
            .into_files()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        let find =
            |q: &str, k: Option<&str>, u: Option<&str>| lookup(&info, &files, q, k, u, 50).paths;
        // Title matches first, then newest first; 西关 has the pairs but not the run.
        assert_eq!(find("高接换优", None, None), ["d/1/", "d/3/"]);
        assert_eq!(find("换优", None, None), ["d/4/", "d/1/", "d/3/", "d/2/"]);
        assert_eq!(find("高接换优", Some("party"), None), ["d/3/"]);
        assert_eq!(find("财务", None, Some("xiguan")), ["d/2/"]);
        assert_eq!(find("梨", None, None), ["d/3/", "d/1/"]);
        assert!(find("没有", None, None).is_empty());
        // d/4 holds both three-character pieces of 高接换优 apart: its whole
        // text is in its shard, so the check drops it.
        assert_eq!(
            find("高接换优", Some("village"), None),
            Vec::<String>::new()
        );
        assert_eq!(find("高接换", Some("village"), None), ["d/4/"]);
    }
}
