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
    // The documents' texts are dropped before the shards are made, and
    // each shard is put as soon as it is made, so neither the texts and the
    // shards nor all the shards are ever in memory together.
    let (rows, group) = doc_rows(docs);
    let mut hashes = position_shards(all.take_positions(), sink)?;
    let pos_shards = hashes.len();
    let terms = term_shards(all, titles, n, sink)?;
    let shards = terms.len();
    hashes.splice(0..0, terms);
    hashes.extend(doc_shards(rows, group, sink)?);
    // The version is a hash of every file's path and SHA-256, in order.
    let mut version = Sha256::new();
    for (path, hash) in &hashes {
        version.update(path.as_bytes());
        version.update(hash.as_bytes());
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

/// Puts one file of the index into `sink` with its SHA-256, hashed here
/// (each shard is hashed once, on the thread that made it); returns its
/// path and hash for the index's version.
fn put_hashed(sink: &dyn Sink, path: String, text: String) -> io::Result<(String, String)> {
    let bytes = text.into_bytes();
    let hash = crate::output::sha256_hex(&bytes);
    sink.put_known(
        OutputFile {
            path: path.clone(),
            bytes,
        },
        hash.clone(),
    )?;
    Ok((path, hash))
}

/// Puts the document shards, `group` rows each, in order.
fn doc_shards(
    rows: Vec<String>,
    group: usize,
    sink: &dyn Sink,
) -> io::Result<Vec<(String, String)>> {
    sink.expect(rows.len().div_ceil(group));
    rows.par_chunks(group)
        .enumerate()
        .map(|(i, chunk)| {
            let js = format!("gkDocs({i},[{}]);\n", chunk.join(","));
            put_hashed(sink, format!("{INDEX_DIR}d/{i}.js"), js)
        })
        .collect()
}

/// Each term's documents, over title and text (`all`) and titles alone.
///
/// Terms are found in parallel, a chunk of documents at a time, so the
/// terms of all documents are never in memory at once; then each part of
/// the postings ([`PARTS`]) takes its terms from every document of the
/// chunk, in document order, the parts in parallel.
pub(super) fn postings(docs: &[Doc]) -> (Postings, Postings) {
    let mut all = Postings::default();
    let mut titles = Postings::default();
    for (c, chunk) in docs.chunks(1024).enumerate() {
        let (texts, heads): (Vec<Terms>, Vec<Terms>) = chunk
            .par_iter()
            .map(|doc| {
                let title = Terms::of(&doc.entry.title, false);
                let mut all = Terms::of(&doc.indexed_text(), true);
                all.words.push(format!("#k:{}", doc.entry.kind));
                all.words
                    .extend(doc.entry.units.iter().map(|u| format!("#u:{u}")));
                all.words.sort_unstable();
                all.words.dedup();
                (all, title)
            })
            .unzip();
        let first = (c * 1024) as u32;
        all.add(first, &texts);
        titles.add(first, &heads);
    }
    (all, titles)
}

/// Puts the term shards' scripts; their paths and hashes, in shard order.
///
/// Their number is a power of two chosen from the index's total size, so
/// the sizes are added up first and each term is encoded only once, into
/// its shard; the lists are dropped as soon as the shards are made.
pub(super) fn term_shards(
    all: Postings,
    titles: Postings,
    docs: usize,
    sink: &dyn Sink,
) -> io::Result<Vec<(String, String)>> {
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
    sink.expect(shards);
    by_shard
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
            put_hashed(sink, format!("{INDEX_DIR}t/{i}.js"), js)
        })
        .collect()
}

/// Puts the position shards' scripts (their paths and hashes are returned
/// in shard order):
/// `gkPos(n,{term:positions,…})`, a term in shard `fnv1a(term) % count`.
/// A term's positions follow its documents in the order of its postings:
/// for each, how many times it occurs, then the gaps between its places
/// (in characters), LEB128 varints in base64. Only three-character pieces
/// have positions: they are what a longer query is checked by; and only
/// those whose list fits [`MAX_POSITION_BYTES`].
pub(super) fn position_shards(
    positions: Vec<PositionLists>,
    sink: &dyn Sink,
) -> io::Result<Vec<(String, String)>> {
    let lists: Vec<(String, Vec<u8>)> = positions
        .into_par_iter()
        .flatten()
        .filter_map(|(k, list)| list.map(|bytes| (key_text(k), bytes)))
        .collect();
    let total: usize = lists
        .iter()
        .map(|(t, b)| t.len() + b.len().div_ceil(3) * 4 + 6)
        .sum();
    let shards = total
        .div_ceil(TERM_SHARD_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_TERM_SHARDS);
    sink.expect(shards);
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
            put_hashed(sink, format!("{INDEX_DIR}p/{i}.js"), js)
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

/// How many parts the postings are cut into, by a hash of the term, so
/// that the parts are filled in parallel. A power of two.
const PARTS: usize = 16;

/// The part of the postings a packed term goes to.
fn part_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PARTS.trailing_zeros())) as usize
}

/// The distinct terms of one text: each n-gram of [`terms`] packed into a
/// number, grouped by the part of the postings it goes to; and where each
/// three-character piece stands, already encoded as its positions list
/// holds it.
#[derive(Default)]
pub(super) struct Terms {
    /// Distinct packed terms, part by part: part `p` is
    /// `grams[gram_starts[p]..gram_starts[p + 1]]`.
    pub(super) grams: Vec<u64>,
    gram_starts: [u32; PARTS + 1],
    /// Filter terms (`#k:finance`, `#u:xiguan`).
    pub(super) words: Vec<String>,
    /// Each three-character piece with the range of `place_bytes` that
    /// holds its places here (a count, then the gaps), part by part.
    places: Vec<(u64, u32, u32)>,
    place_starts: [u32; PARTS + 1],
    place_bytes: Vec<u8>,
}

/// What [`Terms::of`] reuses from one text to the next on a thread.
#[derive(Default)]
struct Scratch {
    /// Each distinct term's number, in order of first appearance.
    slot: std::collections::HashMap<u64, u32, KeyHash>,
    /// The numbers of single characters of the Basic Multilingual Plane
    /// (every Chinese character in common use), by code: a third of all
    /// lookups, answered without hashing. An entry counts only while its
    /// `text` is the current one, so the table is never cleared.
    single: Vec<(u32, u32)>,
    /// Which text this is on the thread, for `single`.
    text: u32,
    keys: Vec<u64>,
    /// `(slot, position)` of each three-character piece, in text order.
    places: Vec<(u32, u32)>,
    /// The counting sort of the places by slot: where each slot's places
    /// begin, the next free place of each, and the positions sorted.
    counts: Vec<u32>,
    next: Vec<u32>,
    sorted: Vec<u32>,
}

impl Scratch {
    /// Starts a new text: the numbers `single` holds become stale.
    fn next_text(&mut self) {
        if self.single.is_empty() {
            self.single = vec![(0, 0); 0x1_0000];
        }
        self.text = self.text.wrapping_add(1);
        if self.text == 0 {
            // After 2^32 texts the stamps repeat: start the table afresh.
            self.single.fill((0, 0));
            self.text = 1;
        }
    }

    /// The number of the single character `c`, numbered now if it is new
    /// in this text; `None` outside the Basic Multilingual Plane.
    fn single_slot(&mut self, c: char) -> Option<u32> {
        let entry = self.single.get_mut(c as usize)?;
        if entry.0 != self.text {
            *entry = (self.text, self.keys.len() as u32);
            self.keys.push(gram_key(&[c]));
        }
        Some(entry.1)
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Terms {
    /// The same terms as [`terms`], as packed keys, with the places of the
    /// three-character pieces when `places` is asked for.
    ///
    /// Distinct terms are found with a hash table rather than by sorting
    /// every occurrence, and grouped by part with a counting sort: this
    /// runs once per page and was the index's largest cost.
    pub(super) fn of(text: &str, places: bool) -> Terms {
        SCRATCH.with(|s| Terms::of_with(&mut s.borrow_mut(), text, places))
    }

    fn of_with(s: &mut Scratch, text: &str, places: bool) -> Terms {
        s.slot.clear();
        s.keys.clear();
        s.places.clear();
        s.next_text();
        let slot = |s: &mut Scratch, key: u64| -> u32 {
            let next = s.keys.len() as u32;
            let at = *s.slot.entry(key).or_insert(next);
            if at == next {
                s.keys.push(key);
            }
            at
        };
        each_run(text, |start, run| {
            for (i, &c) in run.iter().enumerate() {
                s.single_slot(c).unwrap_or_else(|| slot(s, gram_key(&[c])));
                if let Some(w) = run.get(i..i + 2) {
                    slot(s, gram_key(w));
                }
                if let Some(w) = run.get(i..i + 3) {
                    let at = slot(s, gram_key(w));
                    if places {
                        s.places.push((at, start + i as u32));
                    }
                }
            }
        });
        // Slots in part order, each part in order of first appearance.
        let gram_starts = starts(&s.keys, |&k| part_of(k));
        let mut next = gram_starts;
        let mut order = vec![0u32; s.keys.len()];
        for (slot, &k) in s.keys.iter().enumerate() {
            let p = part_of(k);
            order[next[p] as usize] = slot as u32;
            next[p] += 1;
        }
        let mut t = Terms {
            grams: order.iter().map(|&k| s.keys[k as usize]).collect(),
            gram_starts,
            ..Terms::default()
        };
        if places {
            t.encode_places(s, &order);
        }
        t
    }

    /// Groups the places by piece (a stable counting sort keeps each
    /// piece's positions ascending) and encodes each piece's as its
    /// positions list holds them: the count, then the gaps.
    fn encode_places(&mut self, s: &mut Scratch, order: &[u32]) {
        let n = s.keys.len();
        s.counts.clear();
        s.counts.resize(n + 1, 0);
        for &(slot, _) in &s.places {
            s.counts[slot as usize + 1] += 1;
        }
        for i in 0..n {
            s.counts[i + 1] += s.counts[i];
        }
        s.sorted.clear();
        s.sorted.resize(s.places.len(), 0);
        s.next.clear();
        s.next.extend_from_slice(&s.counts);
        for &(slot, at) in &s.places {
            s.sorted[s.next[slot as usize] as usize] = at;
            s.next[slot as usize] += 1;
        }
        for &slot in order {
            let (from, to) = (s.counts[slot as usize], s.counts[slot as usize + 1]);
            if from == to {
                continue;
            }
            let begin = self.place_bytes.len() as u32;
            push_varint(&mut self.place_bytes, to - from);
            let mut prev = 0;
            for &at in &s.sorted[from as usize..to as usize] {
                push_varint(&mut self.place_bytes, at - prev);
                prev = at;
            }
            let key = s.keys[slot as usize];
            self.places
                .push((key, begin, self.place_bytes.len() as u32));
        }
        self.place_starts = starts(&self.places, |p| part_of(p.0));
    }

    fn part_grams(&self, part: usize) -> &[u64] {
        &self.grams[self.gram_starts[part] as usize..self.gram_starts[part + 1] as usize]
    }

    fn part_places(&self, part: usize) -> &[(u64, u32, u32)] {
        &self.places[self.place_starts[part] as usize..self.place_starts[part + 1] as usize]
    }
}

/// Where each part begins in `items`, which are in part order.
fn starts<T>(items: &[T], part: impl Fn(&T) -> usize) -> [u32; PARTS + 1] {
    let mut out = [0u32; PARTS + 1];
    for item in items {
        out[part(item) + 1] += 1;
    }
    for p in 0..PARTS {
        out[p + 1] += out[p];
    }
    out
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

/// Each three-character piece's positions, encoded as they are added;
/// `None` once they outgrow [`MAX_POSITION_BYTES`] (such a piece gets no
/// positions, so they are dropped at once rather than kept to the end).
pub(super) type PositionLists = std::collections::HashMap<u64, Option<Vec<u8>>, KeyHash>;

/// Document numbers by term, built in document order (so ascending), in
/// [`PARTS`] parts filled in parallel.
pub(super) struct Postings {
    parts: Vec<Part>,
    words: BTreeMap<String, List>,
}

/// The terms of one part of the postings and their places.
#[derive(Default)]
struct Part {
    han: std::collections::HashMap<u64, List, KeyHash>,
    positions: PositionLists,
}

impl Default for Postings {
    fn default() -> Self {
        Postings {
            parts: (0..PARTS).map(|_| Part::default()).collect(),
            words: BTreeMap::new(),
        }
    }
}

impl Postings {
    /// Adds documents `first`, `first + 1`, … with these terms.
    fn add(&mut self, first: u32, docs: &[Terms]) {
        self.parts.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (i, terms) in docs.iter().enumerate() {
                let id = first + i as u32;
                for &k in terms.part_grams(p) {
                    part.han.entry(k).or_default().push(id);
                }
                for &(k, from, to) in terms.part_places(p) {
                    let list = part.positions.entry(k).or_insert_with(|| Some(Vec::new()));
                    if let Some(bytes) = list {
                        bytes.extend_from_slice(&terms.place_bytes[from as usize..to as usize]);
                        if bytes.len().div_ceil(3) * 4 > MAX_POSITION_BYTES {
                            *list = None;
                        }
                    }
                }
            }
        });
        for (i, terms) in docs.iter().enumerate() {
            for w in &terms.words {
                self.words
                    .entry(w.clone())
                    .or_default()
                    .push(first + i as u32);
            }
        }
    }

    /// The places of every three-character piece, part by part.
    fn take_positions(&mut self) -> Vec<PositionLists> {
        self.parts
            .iter_mut()
            .map(|p| std::mem::take(&mut p.positions))
            .collect()
    }

    /// Every term as text with its list.
    fn into_terms(self) -> Vec<Term> {
        self.parts
            .into_par_iter()
            .flat_map(|p| p.han.into_par_iter())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Decodes LEB128 varints.
    fn varints(mut bytes: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let (mut v, mut shift) = (0u32, 0);
            loop {
                let b = bytes[0];
                bytes = &bytes[1..];
                v |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn terms_group_by_part_and_encode_each_pieces_places_in_order() {
        let text = "高接换优 高接换优，高接换 SS-01 记-012 高接换优";
        let t = Terms::of(text, true);
        // Every distinct term once, each in its part's range.
        let mut seen = BTreeSet::new();
        for p in 0..PARTS {
            for &k in t.part_grams(p) {
                assert_eq!(part_of(k), p);
                assert!(seen.insert(k), "{} twice", key_text(k));
            }
        }
        let want: BTreeSet<String> = terms(text);
        assert_eq!(
            seen.iter().map(|&k| key_text(k)).collect::<BTreeSet<_>>(),
            want
        );
        // Places: count, then gaps, for each three-character piece, the
        // same as counted straight from the runs.
        let mut naive: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (start, run) in runs_at(text) {
            for (i, w) in run.windows(3).enumerate() {
                naive
                    .entry(w.iter().collect())
                    .or_default()
                    .push(start + i as u32);
            }
        }
        let mut got: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for p in 0..PARTS {
            for &(k, from, to) in t.part_places(p) {
                assert_eq!(part_of(k), p);
                let v = varints(&t.place_bytes[from as usize..to as usize]);
                assert_eq!(v[0] as usize, v.len() - 1);
                let mut at = 0;
                let places = v[1..].iter().map(|g| {
                    at += g;
                    at
                });
                got.insert(key_text(k), places.collect());
            }
        }
        assert_eq!(got, naive);
        assert_eq!(got["高接换"].len(), 4);
    }
}
