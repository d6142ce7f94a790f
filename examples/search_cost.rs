//! Measures the search index of a built site: its size, how long it takes
//! to build, and what each query downloads.
//!
//!     cargo run --release --example search_cost -- OUT_DIR [QUERY ...]
//!
//! OUT_DIR is the output of `gongkai build`. The index is rebuilt from its
//! own document shards to time the indexing alone. Each query is run as the
//! search page runs it, showing the first 10 results; the figures are the
//! bytes of the index files it reads, uncompressed.

use gongkai::render::search::{self, Doc, Entry, Info};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: search_cost OUT_DIR [QUERY ...]");
        std::process::exit(2);
    };
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "高接换优",
            "换优",
            "财务公开",
            "村道硬化",
            "梨",
            "低保评议结果",
            "记-012",
            "2019年",
        ]
        .map(String::from)
        .to_vec();
    }
    let out = Path::new(&out);
    let page = std::fs::read_to_string(out.join("search/index.html")).expect("no search page");
    let attr = |name: &str| -> String {
        let key = format!("data-{name}=\"");
        let start = page.find(&key).expect("no index figures") + key.len();
        page[start..start + page[start..].find('"').unwrap()].to_string()
    };
    let info = Info {
        docs: attr("docs").parse().unwrap(),
        shards: attr("shards").parse().unwrap(),
        pos_shards: attr("pshards").parse().unwrap(),
        group: attr("group").parse().unwrap(),
        version: attr("v"),
    };
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(out.join("search/idx")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    let size = |part: &str| -> (usize, usize) {
        let f: Vec<&Vec<u8>> = files
            .iter()
            .filter(|(p, _)| p.contains(part))
            .map(|(_, b)| b)
            .collect();
        (f.len(), f.iter().map(|b| b.len()).sum())
    };
    let (tn, tb) = size("/t/");
    let (dn, db) = size("/d/");
    println!("documents: {}", info.docs);
    println!(
        "term shards: {tn} files, {tb} bytes ({} KB mean)",
        tb / tn.max(1) / 1024
    );
    println!(
        "document shards: {dn} files, {db} bytes ({} documents each)",
        info.group
    );

    // Rebuild from the document shards to time the indexing alone (their
    // lines are the pages' text cut to snippets, so this is a lower bound).
    let mut docs = Vec::with_capacity(info.docs);
    for (path, bytes) in files.iter().filter(|(p, _)| p.contains("/d/")) {
        let text = String::from_utf8_lossy(bytes);
        let json = &text[text.find(',').unwrap() + 1..text.trim_end().len() - 2];
        let rows: serde_json::Value = serde_json::from_str(json).expect(path);
        for row in rows.as_array().unwrap() {
            let s = |i: usize| row[i].as_str().unwrap_or("").to_string();
            let entry = Entry {
                title: s(0),
                path: s(1),
                kind: s(2),
                units: vec![s(3)],
                date: None,
            };
            docs.push(Doc::new(entry, s(5).lines(), []));
        }
    }
    let start = Instant::now();
    let sink = gongkai::output::Collect::default();
    search::build(docs, &sink).expect("in memory");
    println!(
        "index build: {:.2} s for {} files",
        start.elapsed().as_secs_f64(),
        sink.into_files().len()
    );

    println!("\n| query | results | term shards | document shards | bytes |");
    println!("|---|---:|---:|---:|---:|");
    for q in &queries {
        let all = search::lookup(&info, &files, q, None, None, usize::MAX);
        let first = search::lookup(&info, &files, q, None, None, 10);
        let t = first.files.iter().filter(|f| f.contains("/t/")).count();
        let d = first.files.len() - t;
        println!(
            "| {q} | {} | {t} | {d} | {} |",
            all.paths.len(),
            first.bytes
        );
    }
}
