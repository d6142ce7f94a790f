//! A Rust twin of the script's lookup, for the tests and for measuring
//! what a query downloads. The build never calls it.

use super::terms::*;
use super::{INDEX_DIR, Info};
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
