//! The site search: an index of Chinese character bigrams, cut into shards
//! so that one query downloads only the few it needs, and read in the
//! browser by a small script of our own (`search.js` in the theme). No
//! search server, no WebAssembly, no request to another host.
//!
//! Why bigrams: Chinese is written without spaces, so a word index would
//! need a segmenter, and a villager searching 换优 or 高接换优 types part of
//! a word as often as a whole one. Every run of two or more Han characters
//! in a record is indexed as its overlapping pairs (高接 接换 换优); a query
//! of any length is the intersection of its pairs' postings, checked against
//! the record's text before it is shown, so any run of characters is found
//! and nothing else. A single character is looked up as a unigram. Runs of
//! Latin letters and digits (`2013`, `SS-01`) are indexed as whole words.
//!
//! The files, under `search/idx/`:
//!
//! * `t/<n>.js` — term shards: `gkTerms(n,{"a":{term:postings},"t":{...}})`.
//!   A term lives in shard `fnv1a(term) % shards`, so a query touches one
//!   shard per distinct term. `a` holds postings over title and text, `t`
//!   over titles only (title matches are listed first). The category and
//!   unit filters are terms too (`#k:finance`, `#u:xiguan`), so a filter
//!   costs one shard, and nothing when unused.
//! * `d/<n>.js` — document shards: `gkDocs(n,[[title,path,kind,unit,date,text],…])`
//!   for documents `n*group ..`, loaded only for the results on screen, to
//!   check the match and show it in context.
//!
//! Shards are scripts that call a function rather than JSON, so they load by
//! `<script>` from a site opened from disk (a USB stick), where `fetch` is
//! refused; over HTTP they load the same way.
//!
//! Postings are the document numbers (0 = newest) as base64 of either a
//! gap list (`0x00`, then LEB128 varints of `id − previous − 1`) or a bitmap
//! (`0x01`, then bit `id` of the bytes, least significant first), whichever
//! is shorter, so a bigram found in half the records costs N/8 bytes.

pub mod index;
pub mod lookup;
pub mod terms;

pub use index::build;
pub use lookup::{Lookup, lookup};

use crate::domain::dates;
use crate::output::{OutputFile, Sink};
use crate::records::config::Config;
use crate::records::disclosure::{Category, Details, Disclosure};
use crate::records::page::Page;
use crate::records::plan::{Plan, Target};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the index files go.
pub const INDEX_DIR: &str = "search/idx/";
/// Aimed-for size of one term shard, in bytes.
pub(super) const TERM_SHARD_BYTES: usize = 8 * 1024;
/// Aimed-for size of one document shard, in bytes.
pub(super) const DOC_SHARD_BYTES: usize = 6 * 1024;
/// The most term shards, however large the site.
pub(super) const MAX_TERM_SHARDS: usize = 4096;
/// Words longer than this are not indexed (hashes, long numbers).
pub(super) const MAX_WORD: usize = 32;

/// One searchable document: a disclosure, a plan, a page.
#[derive(Clone, Debug)]
pub struct Doc {
    pub title: String,
    /// Site-relative and percent-encoded, as in links.
    pub path: String,
    /// `party`, `village`, `finance`, `plan`, `page`: the kind filter.
    pub kind: String,
    /// Unit ids for the unit filter; the first is shown with the result.
    pub units: Vec<String>,
    pub date: Option<jiff::civil::Date>,
    /// Body and structured fields as plain text, for matching and context.
    pub text: String,
}

/// What the search page needs to know about the index.
#[derive(Clone, Debug, Serialize)]
pub struct Info {
    pub docs: usize,
    pub shards: usize,
    pub group: usize,
    /// Short hash of the index, appended to shard URLs so a browser never
    /// mixes shards of two builds.
    pub version: String,
}

impl Info {
    /// How many files the index is: the term shards and the document shards.
    pub fn files(&self) -> usize {
        self.shards + self.docs.div_ceil(self.group)
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
pub fn page_context(ctx: &mut tera::Context, config: &Config, info: Option<&Info>) {
    let mut kinds: Vec<Choice> = Category::ALL
        .iter()
        .map(|c| Choice {
            id: c.id(),
            label: c.label(),
        })
        .collect();
    kinds.push(Choice {
        id: "plan",
        label: "重点实事",
    });
    kinds.push(Choice {
        id: "project",
        label: "村级项目",
    });
    kinds.push(Choice {
        id: "page",
        label: "其他页面",
    });
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

/// The document of a disclosure; `plain` is its rendered body as text. The
/// category label and the unit's name, which the page shows above the
/// title, are searchable too: 财务公开 finds every finance disclosure.
pub fn disclosure_doc(d: &Disclosure, plain: &str, config: &Config) -> Doc {
    let mut text = flatten(plain);
    let mut add = |s: &str| {
        if !s.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&flatten(s));
        }
    };
    match &d.details {
        Details::Finance(f) => {
            add(&f.period.label());
            for e in &f.entries {
                add(&e.item);
                add(e.class.as_deref().unwrap_or(""));
                add(e.voucher.as_deref().unwrap_or(""));
            }
            if let Some(r) = &f.review {
                add(&r.by);
                add(r.opinion.as_deref().unwrap_or(""));
                add(&r.signers.join(" "));
            }
        }
        Details::Decision(x) => {
            add(&x.matter);
            for s in [&x.propose, &x.consult, &x.review, &x.resolve] {
                add(s.body.as_deref().unwrap_or(""));
            }
        }
        Details::Party(p) => {
            for c in &p.candidates {
                add(&c.name);
                add(&c.stage);
            }
            add(&p.objections.office);
        }
        Details::Notice => {}
    }
    for c in &d.common.corrections {
        add(&c.reason);
    }
    add(&d.common.tags.join(" "));
    add(d.category.label());
    add(config.unit(&d.common.unit).map_or("", |u| u.name.as_str()));
    Doc {
        title: d.common.title.clone(),
        path: super::urls::PagePath::of_record(&d.path).encoded(),
        kind: d.category.id().to_string(),
        units: vec![d.common.unit.clone()],
        date: Some(d.common.published),
        text,
    }
}

/// The document of a plan: its items, their owners, targets and checks.
pub fn plan_doc(p: &Plan) -> Doc {
    let mut parts = Vec::new();
    let mut units = vec![p.common.unit.clone()];
    for item in &p.items {
        parts.push(format!("{} {} {}", item.id, item.title, item.owner));
        if let Target::Text(t) = &item.target {
            parts.push(t.clone());
        }
        parts.extend(item.checks.iter().filter_map(|c| c.note.clone()));
        if !units.contains(&item.unit) {
            units.push(item.unit.clone());
        }
    }
    Doc {
        title: p.common.title.clone(),
        path: super::urls::PagePath::of_record(&p.path).encoded(),
        kind: "plan".to_string(),
        units,
        date: Some(p.common.published),
        text: flatten(&parts.join(" ")),
    }
}

/// The document of a free page.
pub fn page_doc(p: &Page, plain: &str) -> Doc {
    Doc {
        title: p.title.clone(),
        path: super::urls::PagePath::of_record(&p.path).encoded(),
        kind: "page".to_string(),
        units: p.unit.iter().cloned().collect(),
        date: p.published,
        text: flatten(plain),
    }
}

/// The 公开情况 page: found by "公开情况", a unit's name or a period, with
/// the summary line of each period as its text.
pub fn status_doc(lines: &[String], units: Vec<String>) -> Doc {
    Doc {
        title: "公开情况".to_string(),
        path: super::status::PATH.to_string(),
        kind: "page".to_string(),
        units,
        date: None,
        text: flatten(&lines.join(" ")),
    }
}

/// A project page: found by its matter, its id, its plan items and the
/// items of its payments.
pub fn project_doc(p: &crate::render::projects::ProjectCtx) -> Doc {
    let mut parts = vec![p.id.clone(), p.decision_title.clone()];
    parts.extend(p.plan_items.iter().map(|i| i.title.clone()));
    parts.extend(p.payments.iter().map(|pay| pay.item.clone()));
    parts.extend(p.warnings.iter().cloned());
    Doc {
        title: p.matter.clone(),
        path: p.path.clone(),
        kind: "project".to_string(),
        units: vec![p.unit_id.clone()],
        date: None,
        text: flatten(&parts.join(" ")),
    }
}

/// Whitespace runs become one space: the text is for matching, not layout.
pub(super) fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::index::*;
    use super::lookup::*;
    use super::terms::*;
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn han_runs_give_unigrams_and_bigrams() {
        let t = terms("高接换优，SS-01 ２０１３年");
        for want in ["高", "高接", "接换", "换优", "优", "ss", "01", "2013", "年"] {
            assert!(t.contains(want), "{want} missing from {t:?}");
        }
        assert!(!t.contains("优s"));
        assert!(!t.contains("优，"));
    }

    #[test]
    fn the_fast_scanner_finds_the_same_terms() {
        let text = "高接换优，SS-01 ２０１３年 梨 a𠀀b 名字很长的x1234567890123456789012345678901234567890";
        let fast = Terms::of(text);
        let mut got: BTreeSet<String> = fast.han.iter().map(|&k| key_text(k)).collect();
        got.extend(fast.words);
        assert_eq!(got, terms(text));
    }

    #[test]
    fn query_terms_are_pairs_or_single_characters() {
        assert_eq!(query_terms("高接换优"), ["高接", "接换", "换优"]);
        assert_eq!(query_terms("梨"), ["梨"]);
        assert_eq!(query_terms("财务 财务"), ["财务"]);
        assert_eq!(query_terms("2013年 记-012"), ["2013", "年", "记", "012"]);
        assert!(query_terms("，。 ").is_empty());
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
        Doc {
            title: title.into(),
            path: format!("d/{day}/"),
            kind: kind.into(),
            units: vec![unit.into()],
            date: Some(jiff::civil::date(2013, 1, day)),
            text: text.into(),
        }
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
        assert_eq!(find("换优", None, None), ["d/1/", "d/3/", "d/2/"]);
        assert_eq!(find("高接换优", Some("party"), None), ["d/3/"]);
        assert_eq!(find("财务", None, Some("xiguan")), ["d/2/"]);
        assert_eq!(find("梨", None, None), ["d/3/", "d/1/"]);
        assert!(find("没有", None, None).is_empty());
    }
}
