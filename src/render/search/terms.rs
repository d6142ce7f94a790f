//! What a text is indexed as, and how postings are written: the same rules
//! the script in the theme reads them by.

#[cfg(test)]
use super::index::List;
use super::{MAX_QUERY_TERMS, MAX_WORD};
#[cfg(test)]
use std::collections::BTreeSet;

/// Full-width forms as plain ones (`２０１３` → `2013`, `，` → `,`), ASCII
/// letters in lower case; the script folds the same way.
pub(crate) fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The runs of a text that are indexed, folded by [`normalize`]: what lies
/// between spaces. Punctuation stays in its run, so `2,100.00`, `记-007`
/// and `2013年6月20日` are each one run and found as typed. A stretch of
/// more than [`MAX_WORD`] letters and digits (a SHA-256, a long number)
/// ends a run and is left out: nobody types a piece of one.
pub(crate) fn runs(text: &str) -> Vec<Vec<char>> {
    runs_at(text).into_iter().map(|(_, run)| run).collect()
}

/// [`runs`] with where each starts in the text, in characters: the
/// positions of the three-character pieces count from there.
pub(crate) fn runs_at(text: &str) -> Vec<(u32, Vec<char>)> {
    let mut out = Vec::new();
    each_run(text, |start, run| out.push((start, run.to_vec())));
    out
}

/// Calls `f` with each run of [`runs_at`] and where it starts, the runs
/// gathered in one buffer rather than a new vector each: the index reads
/// every page this way.
pub(crate) fn each_run(text: &str, mut f: impl FnMut(u32, &[char])) {
    let mut run: Vec<char> = Vec::new();
    let mut start = 0;
    let mut alnum = 0;
    let mut end = |run: &mut Vec<char>, alnum: usize, start: u32| {
        if alnum > MAX_WORD {
            run.truncate(run.len() - alnum);
        }
        if !run.is_empty() {
            f(start, run);
            run.clear();
        }
    };
    for (i, c) in text.chars().map(normalize).enumerate() {
        if c.is_whitespace() || c == '\0' {
            end(&mut run, alnum, start);
            alnum = 0;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            alnum += 1;
        } else {
            if alnum > MAX_WORD {
                end(&mut run, alnum, start);
            }
            alnum = 0;
        }
        if run.is_empty() {
            start = i as u32;
        }
        run.push(c);
    }
    end(&mut run, alnum, start);
}

/// Every term a text is indexed under: each character, each two and each
/// three adjacent characters of each run. The plain statement of what the
/// index's packed scanner finds, which the tests hold it to.
#[cfg(test)]
pub(crate) fn terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for run in runs(text) {
        for n in 1..=3 {
            for w in run.windows(n) {
                out.insert(w.iter().collect());
            }
        }
    }
    out
}

/// The terms a query looks up. Each space-separated part of up to three
/// characters is a term itself, so its postings are exactly the records
/// that show it. A longer part is looked up by the three-character pieces
/// that cover it ([`cover_at`]): their postings hold every record that
/// shows the part, and their positions say which of them hold the pieces
/// in a row. At most [`MAX_QUERY_TERMS`] terms in all.
pub(crate) fn query_terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in runs(query) {
        for t in cover(&part) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    spread(out)
}

/// The pieces that cover a part, with their offsets in it: the part itself
/// when it has at most three characters, else the pieces at 0, 3, 6, …
/// and the last one. A record holding each at its offset from one place
/// shows the part there.
pub(crate) fn cover_at(part: &[char]) -> Vec<(u32, String)> {
    if part.len() <= 3 {
        return vec![(0, part.iter().collect())];
    }
    let last = part.len() - 3;
    let mut offsets: Vec<usize> = (0..last).step_by(3).collect();
    offsets.push(last);
    offsets
        .into_iter()
        .map(|o| (o as u32, part[o..o + 3].iter().collect()))
        .collect()
}

fn cover(part: &[char]) -> Vec<String> {
    cover_at(part).into_iter().map(|(_, t)| t).collect()
}

/// At most [`MAX_QUERY_TERMS`] of `terms`, evenly spaced, the first and the
/// last kept: a long query costs a bounded number of shards.
fn spread(terms: Vec<String>) -> Vec<String> {
    let n = terms.len();
    if n <= MAX_QUERY_TERMS {
        return terms;
    }
    (0..MAX_QUERY_TERMS)
        .map(|i| terms[i * (n - 1) / (MAX_QUERY_TERMS - 1)].clone())
        .collect()
}

/// Whether the index answers a query exactly: every term of every part is
/// looked up (none dropped by [`spread`]), so short parts are found by
/// their postings and long ones checked by their pieces' positions.
pub(crate) fn exact(query: &str) -> bool {
    let terms: usize = runs(query).iter().map(|p| cover(p).len()).sum();
    terms <= MAX_QUERY_TERMS
}

/// FNV-1a over the code points of a term; the script computes the same.
pub(crate) fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub(crate) fn shard_of(term: &str, shards: usize) -> usize {
    (hash(term) % shards as u32) as usize
}

/// Postings as base64: a gap list or a bitmap, whichever is shorter.
/// `ids` must ascend. (The index encodes its lists as they are built; the
/// tests check the two encodings round-trip through this.)
#[cfg(test)]
pub(crate) fn encode_postings(ids: &[u32], docs: usize) -> String {
    let mut list = List::default();
    for &id in ids {
        list.push(id);
    }
    base64(&list.encode(docs))
}

/// The inverse of [`encode_postings`].
pub(crate) fn decode_postings(text: &str) -> Vec<u32> {
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

pub(super) const B64: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn base64(bytes: &[u8]) -> String {
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

pub(super) fn unbase64(text: &str) -> Vec<u8> {
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
