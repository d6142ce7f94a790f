//! What a text is indexed as, and how postings are written: the same rules
//! the script in the theme reads them by.

use super::MAX_WORD;
use super::index::List;
use std::collections::BTreeSet;

/// Is this a Han character (the CJK ideograph blocks)? The script uses the
/// same ranges.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Full-width Latin letters and digits as plain ones, lower case.
pub(super) fn normalize(c: char) -> char {
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
