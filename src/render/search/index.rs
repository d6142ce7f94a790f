//! Building the index: postings of every term, cut into term shards and
//! document shards, streamed into the sink.

use super::terms::*;
use super::*;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::io;

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
pub(super) fn postings(docs: &[Doc]) -> (Postings, Postings) {
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
pub(super) fn term_shards(all: Postings, titles: Postings, docs: usize) -> Vec<String> {
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
pub(super) fn doc_rows(docs: Vec<Doc>) -> (Vec<String>, usize) {
    let n = docs.len();
    let rows: Vec<String> = docs.into_par_iter().map(|d| doc_row(&d)).collect();
    let avg = rows.iter().map(String::len).sum::<usize>() / n;
    (rows, (DOC_SHARD_BYTES / avg.max(1)).clamp(1, 256))
}

/// The distinct terms of one text.
#[derive(Default)]
pub(super) struct Terms {
    pub(super) han: Vec<u64>,
    pub(super) words: Vec<String>,
}

impl Terms {
    /// The same terms as [`terms`], without building each run first.
    pub(super) fn of(text: &str) -> Terms {
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
pub(super) fn pair_key(a: char, b: char) -> u64 {
    (1 << 42) | (u64::from(a) << 21) | u64::from(b)
}

pub(super) fn key_text(key: u64) -> String {
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
pub(super) struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

pub(super) struct KeyHasher(u64);

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
pub(super) struct Postings {
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
pub(super) struct List {
    gaps: Vec<u8>,
    /// The last number added.
    last: Option<u32>,
}

impl List {
    /// Adds `id`, which must be greater than every number added before.
    pub(super) fn push(&mut self, id: u32) {
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
    pub(super) fn encode(&self, docs: usize) -> Vec<u8> {
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

pub(super) fn push_map(js: &mut String, terms: &[&Term], docs: usize) {
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

pub(super) fn json(s: &str) -> String {
    // Script text: keep `</script>` and the line separators out as well.
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

pub(super) fn doc_row(d: &Doc) -> String {
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
