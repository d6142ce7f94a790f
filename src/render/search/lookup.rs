//! A Rust twin of the script's lookup, for the tests and for measuring
//! what a query downloads. The build never calls it.

use super::terms::*;
use super::{INDEX_DIR, Info, MAX_POSITION_PIECES};
use std::collections::BTreeMap;

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
    let mut lists: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, term) in wanted.iter().enumerate() {
        let shard = shard_of(term, info.shards);
        let Some(js) = read(format!("{INDEX_DIR}t/{shard}.js"), &mut result) else {
            return result;
        };
        let value = script_json(&js, &format!("gkTerms({shard},"));
        let get = |map: &str| -> Vec<u32> {
            value[map][term.as_str()]
                .as_str()
                .map(decode_postings)
                .unwrap_or_default()
        };
        let a = get("a");
        lists.insert(term.clone(), a.clone());
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
    let mut all = all.unwrap_or_default();
    let long: Vec<Vec<(u32, String)>> = runs(query)
        .iter()
        .filter(|p| p.len() > 3)
        .map(|p| cover_at(p))
        .collect();
    let distinct: std::collections::BTreeSet<&String> =
        long.iter().flatten().map(|(_, piece)| piece).collect();
    let mut exact = exact(query) && distinct.len() <= MAX_POSITION_PIECES;
    if exact {
        // Long parts: keep the records holding their pieces in a row.
        for pieces in &long {
            let mut places: Vec<BTreeMap<u32, Vec<u32>>> = Vec::new();
            for (_, piece) in pieces {
                let shard = shard_of(piece, info.pos_shards);
                let Some(js) = read(format!("{INDEX_DIR}p/{shard}.js"), &mut result) else {
                    return result;
                };
                let value = script_json(&js, &format!("gkPos({shard},"));
                let ids = lists.get(piece).map_or(&[][..], Vec::as_slice);
                match value[piece.as_str()].as_str() {
                    Some(b64) => places.push(decode_places(ids, &unbase64(b64))),
                    // Too common to have positions: checked on the rows.
                    None if !ids.is_empty() => exact = false,
                    None => places.push(BTreeMap::new()),
                }
            }
            if places.len() == pieces.len() {
                all.retain(|id| in_a_row(*id, pieces, &places));
            }
        }
    }
    let title: Vec<u32> = title
        .unwrap_or_default()
        .into_iter()
        .filter(|id| all.binary_search(id).is_ok())
        .collect();
    let mut order: Vec<u32> = title.clone();
    order.extend(all.iter().filter(|id| title.binary_search(id).is_err()));
    let parts: Vec<String> = runs(query).iter().map(|p| p.iter().collect()).collect();
    for id in order.into_iter().take(shown) {
        let shard = id as usize / info.group;
        let Some(js) = read(format!("{INDEX_DIR}d/{shard}.js"), &mut result) else {
            continue;
        };
        let rows = script_json(&js, &format!("gkDocs({shard},"));
        let row = &rows[id as usize % info.group];
        let hay: String = format!(
            "{}\n{}",
            row[0].as_str().unwrap_or(""),
            row[5].as_str().unwrap_or("")
        )
        .chars()
        .map(normalize)
        .collect();
        let seen = parts.iter().all(|p| hay.contains(p.as_str()));
        // A candidate the index cannot answer for is listed only when its
        // row shows the query: a cut row that does not is left unlisted
        // (and the count stays an estimate) rather than shown unconfirmed.
        if exact || seen {
            result.paths.push(row[1].as_str().unwrap_or("").to_string());
        }
    }
    result
}

/// The JSON argument of a shard's script.
fn script_json(js: &str, call: &str) -> serde_json::Value {
    let json = js
        .trim_end()
        .trim_start_matches(call)
        .trim_end_matches(");");
    serde_json::from_str(json).unwrap_or_default()
}

/// A piece's places in each of its documents (`ids`, its postings).
fn decode_places(ids: &[u32], bytes: &[u8]) -> BTreeMap<u32, Vec<u32>> {
    let mut varints = bytes.iter();
    let mut next = || -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        for &b in varints.by_ref() {
            v |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        v
    };
    let mut out = BTreeMap::new();
    for &id in ids {
        let count = next();
        let mut at = 0;
        let places = (0..count)
            .map(|_| {
                at += next();
                at
            })
            .collect();
        out.insert(id, places);
    }
    out
}

/// Whether document `id` holds every piece at its offset from one place.
fn in_a_row(id: u32, pieces: &[(u32, String)], places: &[BTreeMap<u32, Vec<u32>>]) -> bool {
    let Some(first) = places[0].get(&id) else {
        return false;
    };
    first.iter().any(|&p| {
        pieces.iter().zip(places).all(|((offset, _), at)| {
            at.get(&id)
                .is_some_and(|list| list.binary_search(&(p + offset)).is_ok())
        })
    })
}

pub(super) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
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
