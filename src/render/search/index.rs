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
    docs.sort_by(|a, b| {
        (b.entry.date.cmp(&a.entry.date)).then_with(|| a.entry.path.cmp(&b.entry.path))
    });
    let n = docs.len();
    let (mut all, titles) = postings(&docs);
    let position_shards = position_shards(std::mem::take(&mut all.positions));
    let term_shards = term_shards(all, titles, n);
    let shards = term_shards.len();
    let pos_shards = position_shards.len();
    let (rows, group) = doc_rows(docs);
    sink.expect(shards + pos_shards + n.div_ceil(group));
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
    for (i, js) in position_shards.into_iter().enumerate() {
        put(format!("{INDEX_DIR}p/{i}.js"), js.into_bytes())?;
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
        pos_shards,
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
                let title = Terms::of(&doc.entry.title, false);
                let mut all = Terms::of(&doc.indexed_text(), true);
                all.words.push(format!("#k:{}", doc.entry.kind));
                all.words
                    .extend(doc.entry.units.iter().map(|u| format!("#u:{u}")));
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

/// The position shards' scripts, in shard order:
/// `gkPos(n,{term:positions,…})`, a term in shard `fnv1a(term) % count`.
/// A term's positions follow its documents in the order of its postings:
/// for each, how many times it occurs, then the gaps between its places
/// (in characters), LEB128 varints in base64. Only three-character pieces
/// have positions: they are what a longer query is checked by; and only
/// those whose list fits [`MAX_POSITION_BYTES`].
pub(super) fn position_shards(positions: PositionLists) -> Vec<String> {
    let lists: Vec<(String, Vec<u8>)> = positions
        .into_par_iter()
        .filter(|(_, bytes)| bytes.len().div_ceil(3) * 4 <= MAX_POSITION_BYTES)
        .map(|(k, bytes)| (key_text(k), bytes))
        .collect();
    let total: usize = lists
        .iter()
        .map(|(t, b)| t.len() + b.len().div_ceil(3) * 4 + 6)
        .sum();
    let shards = total
        .div_ceil(TERM_SHARD_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_TERM_SHARDS);
    let mut by_shard: Vec<Vec<&(String, Vec<u8>)>> = vec![Vec::new(); shards];
    for e in &lists {
        by_shard[shard_of(&e.0, shards)].push(e);
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, mut terms)| {
            terms.sort_unstable_by(|x, y| x.0.cmp(&y.0));
            let mut js = format!("gkPos({i},{{");
            for (j, (term, bytes)) in terms.iter().enumerate() {
                if j > 0 {
                    js.push(',');
                }
                js.push_str(&json(term));
                js.push_str(":\"");
                js.push_str(&base64(bytes));
                js.push('"');
            }
            js.push_str("});\n");
            js
        })
        .collect()
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

/// The distinct terms of one text: each n-gram of [`terms`] packed into a
/// number, cheap to sort and hash; and where each three-character piece
/// stands.
#[derive(Default)]
pub(super) struct Terms {
    pub(super) grams: Vec<u64>,
    /// Filter terms (`#k:finance`, `#u:xiguan`).
    pub(super) words: Vec<String>,
    /// `(piece, position)` of every three-character piece, sorted.
    pub(super) places: Vec<(u64, u32)>,
}

impl Terms {
    /// The same terms as [`terms`], as packed keys, with the places of the
    /// three-character pieces when `places` is asked for.
    pub(super) fn of(text: &str, places: bool) -> Terms {
        let mut t = Terms::default();
        for (start, run) in runs_at(text) {
            for (i, &c) in run.iter().enumerate() {
                t.grams.push(gram_key(&[c]));
                if let Some(w) = run.get(i..i + 2) {
                    t.grams.push(gram_key(w));
                }
                if let Some(w) = run.get(i..i + 3) {
                    let key = gram_key(w);
                    t.grams.push(key);
                    if places {
                        t.places.push((key, start + i as u32));
                    }
                }
            }
        }
        t.finish();
        t
    }

    fn finish(&mut self) {
        self.grams.sort_unstable();
        self.grams.dedup();
        self.words.sort_unstable();
        self.words.dedup();
        self.places.sort_unstable();
    }
}

/// One to three characters as one number, 21 bits each. No character is
/// NUL (runs leave it out), so the length is where the first one starts.
pub(super) fn gram_key(chars: &[char]) -> u64 {
    chars.iter().fold(0, |k, &c| (k << 21) | u64::from(c))
}

pub(super) fn key_text(key: u64) -> String {
    let ch = |v: u64| char::from_u32((v & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
    let mut out: Vec<char> = Vec::with_capacity(3);
    let mut k = key;
    while k != 0 {
        out.push(ch(k));
        k >>= 21;
    }
    out.iter().rev().collect()
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

/// Each three-character piece's positions, encoded as they are added.
pub(super) type PositionLists = std::collections::HashMap<u64, Vec<u8>, KeyHash>;

/// Document numbers by term, built in document order (so ascending).
#[derive(Default)]
pub(super) struct Postings {
    han: std::collections::HashMap<u64, List, KeyHash>,
    words: BTreeMap<String, List>,
    pub(super) positions: PositionLists,
}

impl Postings {
    fn add(&mut self, id: u32, terms: Terms) {
        for k in terms.grams {
            self.han.entry(k).or_default().push(id);
        }
        for same in terms.places.chunk_by(|a, b| a.0 == b.0) {
            let bytes = self.positions.entry(same[0].0).or_default();
            push_varint(bytes, same.len() as u32);
            let mut prev = 0;
            for &(_, at) in same {
                push_varint(bytes, at - prev);
                prev = at;
            }
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

/// Appends `v` as a LEB128 varint.
pub(super) fn push_varint(bytes: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            bytes.push(byte);
            return;
        }
        bytes.push(byte | 0x80);
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
        let v = id - self.last.map_or(0, |l| l + 1);
        self.last = Some(id);
        push_varint(&mut self.gaps, v);
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

/// `[title, path, kind, unit, date, lines, complete]`: what a result
/// shows, and whether `lines` is all of the page's text (`1`) or a cut.
pub(super) fn doc_row(d: &Doc) -> String {
    let e = &d.entry;
    let (lines, complete) = d.snippets();
    format!(
        "[{},{},{},{},{},{},{}]",
        json(&e.title),
        json(&e.path),
        json(&e.kind),
        json(e.units.first().map_or("", String::as_str)),
        json(&e.date.map(dates::chinese).unwrap_or_default()),
        json(&lines),
        u8::from(complete)
    )
}
