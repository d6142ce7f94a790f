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

use crate::domain::dates;
use crate::output::{OutputFile, Sink};
use crate::records::config::Config;
use crate::records::disclosure::{Category, Details, Disclosure};
use crate::records::page::Page;
use crate::records::plan::{Plan, Target};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// Where the index files go.
pub const INDEX_DIR: &str = "search/idx/";
/// Aimed-for size of one term shard, in bytes.
const TERM_SHARD_BYTES: usize = 8 * 1024;
/// Aimed-for size of one document shard, in bytes.
const DOC_SHARD_BYTES: usize = 6 * 1024;
/// The most term shards, however large the site.
const MAX_TERM_SHARDS: usize = 4096;
/// Words longer than this are not indexed (hashes, long numbers).
const MAX_WORD: usize = 32;

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
struct Choice<'a> {
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

/// Whitespace runs become one space: the text is for matching, not layout.
fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the index and puts its files into `sink` as they are made, so
/// the whole index is never in memory at once. Documents are numbered
/// newest first (then by path), so results in number order read newest
/// first. `None` when there is nothing to search.
pub fn build(mut docs: Vec<Doc>, sink: &dyn Sink) -> io::Result<Option<Info>> {
    if docs.is_empty() {
        return Ok(None);
    }
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    let n = docs.len();
    let (all, titles) = postings(&docs);
    let term_shards = term_shards(all, titles, n);
    let shards = term_shards.len();
    let (rows, group) = doc_rows(docs);
    sink.expect(shards + n.div_ceil(group));
    // The version is a hash of every file, in the order they are put.
    let mut version = Sha256::new();
    let mut put = |path: String, bytes: Vec<u8>| {
        version.update(path.as_bytes());
        version.update(&bytes);
        sink.put(OutputFile { path, bytes })
    };
    for (i, js) in term_shards.into_iter().enumerate() {
        put(format!("{INDEX_DIR}t/{i}.js"), js.into_bytes())?;
    }
    let mut rows = rows.into_iter();
    for i in 0.. {
        let chunk: Vec<String> = rows.by_ref().take(group).collect();
        if chunk.is_empty() {
            break;
        }
        let js = format!("gkDocs({i},[{}]);\n", chunk.join(","));
        put(format!("{INDEX_DIR}d/{i}.js"), js.into_bytes())?;
    }
    let version: String = version.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Some(Info {
        docs: n,
        shards,
        group,
        version,
    }))
}

/// Each term's documents, over title and text (`all`) and titles alone.
///
/// Terms are found in parallel, a chunk of documents at a time, so the
/// terms of all documents are never in memory at once; Han terms are
/// numbers, cheap to sort and hash.
fn postings(docs: &[Doc]) -> (Postings, Postings) {
    let mut all = Postings::default();
    let mut titles = Postings::default();
    for (c, chunk) in docs.chunks(1024).enumerate() {
        let per_doc: Vec<(Terms, Terms)> = chunk
            .par_iter()
            .map(|doc| {
                let title = Terms::of(&doc.title);
                let mut all = Terms::of(&doc.text);
                all.han.extend_from_slice(&title.han);
                all.words.extend(title.words.iter().cloned());
                all.words.push(format!("#k:{}", doc.kind));
                all.words
                    .extend(doc.units.iter().map(|u| format!("#u:{u}")));
                all.finish();
                (all, title)
            })
            .collect();
        for (i, (a, t)) in per_doc.into_iter().enumerate() {
            let id = (c * 1024 + i) as u32;
            all.add(id, a);
            titles.add(id, t);
        }
    }
    (all, titles)
}

/// The term shards' scripts, in shard order.
///
/// Their number is a power of two chosen from the index's total size, so
/// the sizes are added up first and each term is encoded only once, into
/// its shard; the lists are dropped as soon as the shards are made.
fn term_shards(all: Postings, titles: Postings, docs: usize) -> Vec<String> {
    let all = all.into_terms();
    let titles = titles.into_terms();
    let total: usize = all
        .par_iter()
        .chain(titles.par_iter())
        .map(|(t, list)| t.len() + list.encoded_len(docs) + 6)
        .sum();
    let shards = total
        .div_ceil(TERM_SHARD_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_TERM_SHARDS);
    let mut by_shard: Vec<(Vec<&Term>, Vec<&Term>)> = vec![(Vec::new(), Vec::new()); shards];
    for e in &all {
        by_shard[shard_of(&e.0, shards)].0.push(e);
    }
    for e in &titles {
        by_shard[shard_of(&e.0, shards)].1.push(e);
    }
    let texts: Vec<String> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, (mut a, mut t))| {
            a.sort_unstable_by(|x, y| x.0.cmp(&y.0));
            t.sort_unstable_by(|x, y| x.0.cmp(&y.0));
            let mut js = format!("gkTerms({i},{{\"a\":{{");
            push_map(&mut js, &a, docs);
            js.push_str("},\"t\":{");
            push_map(&mut js, &t, docs);
            js.push_str("}});\n");
            js
        })
        .collect();
    texts
}

/// Each document's row of the document shards, and how many rows a shard
/// holds (about [`DOC_SHARD_BYTES`] a shard). Each document is dropped once
/// its row is made.
fn doc_rows(docs: Vec<Doc>) -> (Vec<String>, usize) {
    let n = docs.len();
    let rows: Vec<String> = docs.into_par_iter().map(|d| doc_row(&d)).collect();
    let avg = rows.iter().map(String::len).sum::<usize>() / n;
    (rows, (DOC_SHARD_BYTES / avg.max(1)).clamp(1, 256))
}

/// The distinct terms of one text.
#[derive(Default)]
struct Terms {
    han: Vec<u64>,
    words: Vec<String>,
}

impl Terms {
    /// The same terms as [`terms`], without building each run first.
    fn of(text: &str) -> Terms {
        let mut t = Terms::default();
        let mut prev: Option<char> = None;
        let mut word = String::new();
        let push_word = |word: &mut String, t: &mut Terms| {
            if !word.is_empty() {
                if word.chars().count() <= MAX_WORD {
                    t.words.push(std::mem::take(word));
                } else {
                    word.clear();
                }
            }
        };
        for c in text.chars().map(normalize) {
            if is_han(c) {
                push_word(&mut word, &mut t);
                t.han.push(c as u64);
                if let Some(p) = prev {
                    t.han.push(pair_key(p, c));
                }
                prev = Some(c);
            } else {
                prev = None;
                if c.is_ascii_alphanumeric() {
                    word.push(c);
                } else {
                    push_word(&mut word, &mut t);
                }
            }
        }
        push_word(&mut word, &mut t);
        t.finish();
        t
    }

    fn finish(&mut self) {
        self.han.sort_unstable();
        self.han.dedup();
        self.words.sort_unstable();
        self.words.dedup();
    }
}

/// A pair of Han characters as one number; a single one is its code point.
fn pair_key(a: char, b: char) -> u64 {
    (1 << 42) | (u64::from(a) << 21) | u64::from(b)
}

fn key_text(key: u64) -> String {
    let ch = |v: u64| char::from_u32((v & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
    if key >> 42 == 1 {
        [ch(key >> 21), ch(key)].iter().collect()
    } else {
        ch(key).to_string()
    }
}

/// A hasher for packed character keys: one multiply, as the keys are
/// already well spread and never chosen by an adversary at build time.
#[derive(Default, Clone, Copy)]
struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

/// Document numbers by term, built in document order (so ascending).
#[derive(Default)]
struct Postings {
    han: std::collections::HashMap<u64, List, KeyHash>,
    words: BTreeMap<String, List>,
}

impl Postings {
    fn add(&mut self, id: u32, terms: Terms) {
        for k in terms.han {
            self.han.entry(k).or_default().push(id);
        }
        for w in terms.words {
            self.words.entry(w).or_default().push(id);
        }
    }

    /// Every term as text with its list.
    fn into_terms(self) -> Vec<Term> {
        self.han
            .into_par_iter()
            .map(|(k, list)| (key_text(k), list))
            .chain(self.words.into_par_iter())
            .collect()
    }
}

/// One term's documents as they are added, kept as the gap list that
/// [`encode_postings`] writes (LEB128 varints of `id − previous − 1`): most
/// gaps take one byte, a quarter of a `Vec<u32>`.
#[derive(Default, Clone)]
struct List {
    gaps: Vec<u8>,
    /// The last number added.
    last: Option<u32>,
}

impl List {
    /// Adds `id`, which must be greater than every number added before.
    fn push(&mut self, id: u32) {
        let mut v = id - self.last.map_or(0, |l| l + 1);
        self.last = Some(id);
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.gaps.push(byte);
                break;
            }
            self.gaps.push(byte | 0x80);
        }
    }

    /// The numbers added, in order.
    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.gaps.iter();
        let mut next = 0u32;
        std::iter::from_fn(move || {
            let mut v = 0u32;
            let mut shift = 0;
            loop {
                let b = *bytes.next()?;
                v |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let id = next + v;
            next = id + 1;
            Some(id)
        })
    }

    /// Bytes of the bitmap form over `docs` documents.
    fn bitmap_len(&self, docs: usize) -> usize {
        let last = self.last.map_or(0, |l| l as usize + 1);
        1 + last.min(docs).div_ceil(8)
    }

    /// The encoded bytes: a gap list or a bitmap, whichever is shorter.
    fn encode(&self, docs: usize) -> Vec<u8> {
        let bitmap_len = self.bitmap_len(docs);
        if bitmap_len < self.gaps.len() + 1 {
            let mut bits = vec![0u8; bitmap_len];
            bits[0] = 1;
            for id in self.ids() {
                bits[1 + id as usize / 8] |= 1 << (id % 8);
            }
            bits
        } else {
            let mut bytes = Vec::with_capacity(self.gaps.len() + 1);
            bytes.push(0);
            bytes.extend_from_slice(&self.gaps);
            bytes
        }
    }

    /// Length of the base64 text of [`List::encode`], without making it.
    fn encoded_len(&self, docs: usize) -> usize {
        self.bitmap_len(docs).min(self.gaps.len() + 1).div_ceil(3) * 4
    }
}

/// A term and its documents.
type Term = (String, List);

fn push_map(js: &mut String, terms: &[&Term], docs: usize) {
    for (i, (term, list)) in terms.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        js.push_str(&json(term));
        js.push(':');
        js.push('"');
        js.push_str(&base64(&list.encode(docs)));
        js.push('"');
    }
}

fn json(s: &str) -> String {
    // Script text: keep `</script>` and the line separators out as well.
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn doc_row(d: &Doc) -> String {
    format!(
        "[{},{},{},{},{},{}]",
        json(&d.title),
        json(&d.path),
        json(&d.kind),
        json(d.units.first().map_or("", String::as_str)),
        json(&d.date.map(dates::chinese).unwrap_or_default()),
        json(&d.text)
    )
}

/// Is this a Han character (the CJK ideograph blocks)? The script uses the
/// same ranges.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Full-width Latin letters and digits as plain ones, lower case.
fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The runs of a text that are indexed: Han runs and Latin/digit words.
#[derive(Debug, PartialEq, Eq)]
pub enum Run {
    Han(Vec<char>),
    Word(String),
}

pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(normalize) {
        if is_han(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            word.push(c);
        } else {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !han.is_empty() {
        out.push(Run::Han(han));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// Every term a text is indexed under: each Han character, each pair of
/// adjacent Han characters, each word.
pub fn terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for run in runs(text) {
        match run {
            Run::Han(chars) => {
                for (i, c) in chars.iter().enumerate() {
                    out.insert(c.to_string());
                    if let Some(next) = chars.get(i + 1) {
                        out.insert([*c, *next].iter().collect());
                    }
                }
            }
            Run::Word(w) if w.chars().count() <= MAX_WORD => {
                out.insert(w);
            }
            Run::Word(_) => {}
        }
    }
    out
}

/// The terms a query looks up: the pairs of each Han run (one character
/// alone is its own term) and each word.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for run in runs(query) {
        let terms: Vec<String> = match run {
            Run::Han(chars) if chars.len() == 1 => vec![chars[0].to_string()],
            Run::Han(chars) => chars.windows(2).map(|w| w.iter().collect()).collect(),
            Run::Word(w) => vec![w],
        };
        for t in terms {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// FNV-1a over the code points of a term; the script computes the same.
pub fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub fn shard_of(term: &str, shards: usize) -> usize {
    (hash(term) % shards as u32) as usize
}

/// Postings as base64: a gap list or a bitmap, whichever is shorter.
/// `ids` must ascend.
pub fn encode_postings(ids: &[u32], docs: usize) -> String {
    let mut list = List::default();
    for &id in ids {
        list.push(id);
    }
    base64(&list.encode(docs))
}

/// The inverse of [`encode_postings`].
pub fn decode_postings(text: &str) -> Vec<u32> {
    let bytes = unbase64(text);
    let mut out = Vec::new();
    match bytes.first() {
        Some(1) => {
            for (i, b) in bytes[1..].iter().enumerate() {
                for bit in 0..8 {
                    if b & (1 << bit) != 0 {
                        out.push((i * 8 + bit) as u32);
                    }
                }
            }
        }
        Some(_) => {
            let mut prev: i64 = -1;
            let mut v: u64 = 0;
            let mut shift = 0;
            for &b in &bytes[1..] {
                v |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    prev += v as i64 + 1;
                    out.push(prev as u32);
                    v = 0;
                    shift = 0;
                }
            }
        }
        None => {}
    }
    out
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unbase64(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let Some(v) = B64.iter().position(|&x| x == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// What a query finds and what it downloads: a Rust twin of the script's
/// lookup, used by the tests and to measure bytes per query.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lookup {
    /// Paths of the matching documents, in the order the page lists them.
    pub paths: Vec<String>,
    /// The index files read, in the order read.
    pub files: Vec<String>,
    /// Their bytes, added up.
    pub bytes: usize,
}

/// Runs a query against built index files as the script does: the term
/// shards, then the document shards of the first `shown` candidates (to
/// check the match), and returns every checked match. `kind` and `unit`
/// filter as the page's selects do.
pub fn lookup(
    info: &Info,
    files: &BTreeMap<String, Vec<u8>>,
    query: &str,
    kind: Option<&str>,
    unit: Option<&str>,
    shown: usize,
) -> Lookup {
    let mut result = Lookup::default();
    let read = |path: String, result: &mut Lookup| -> Option<String> {
        let bytes = files.get(&path)?;
        if !result.files.contains(&path) {
            result.files.push(path);
            result.bytes += bytes.len();
        }
        String::from_utf8(bytes.clone()).ok()
    };
    let mut wanted = query_terms(query);
    if wanted.is_empty() {
        return result;
    }
    let filters: Vec<String> = kind
        .map(|k| format!("#k:{k}"))
        .into_iter()
        .chain(unit.map(|u| format!("#u:{u}")))
        .collect();
    let query_len = wanted.len();
    wanted.extend(filters);
    let mut all: Option<Vec<u32>> = None;
    let mut title: Option<Vec<u32>> = None;
    for (i, term) in wanted.iter().enumerate() {
        let shard = shard_of(term, info.shards);
        let Some(js) = read(format!("{INDEX_DIR}t/{shard}.js"), &mut result) else {
            return result;
        };
        let json = js
            .trim_end()
            .trim_start_matches(&format!("gkTerms({shard},"))
            .trim_end_matches(");");
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let get = |map: &str| -> Vec<u32> {
            value[map][term.as_str()]
                .as_str()
                .map(decode_postings)
                .unwrap_or_default()
        };
        let a = get("a");
        all = Some(match all {
            None => a.clone(),
            Some(prev) => intersect(&prev, &a),
        });
        // Filters narrow title hits too; query terms must all be in the title.
        let t = if i < query_len { get("t") } else { a };
        title = Some(match title {
            None => t,
            Some(prev) => intersect(&prev, &t),
        });
    }
    let all = all.unwrap_or_default();
    let title = title.unwrap_or_default();
    let mut order: Vec<u32> = title.clone();
    order.extend(all.iter().filter(|id| title.binary_search(id).is_err()));
    let parts: Vec<String> = query
        .split_whitespace()
        .map(|p| p.chars().map(normalize).collect())
        .collect();
    for id in order.into_iter().take(shown) {
        let shard = id as usize / info.group;
        let Some(js) = read(format!("{INDEX_DIR}d/{shard}.js"), &mut result) else {
            continue;
        };
        let json = js
            .trim_end()
            .trim_start_matches(&format!("gkDocs({shard},"))
            .trim_end_matches(");");
        let rows: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let row = &rows[id as usize % info.group];
        let hay: String = format!(
            "{} {}",
            row[0].as_str().unwrap_or(""),
            row[5].as_str().unwrap_or("")
        )
        .chars()
        .map(normalize)
        .collect();
        if parts.iter().all(|p| hay.contains(p.as_str())) {
            result.paths.push(row[1].as_str().unwrap_or("").to_string());
        }
    }
    result
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
