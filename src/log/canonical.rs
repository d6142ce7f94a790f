//! The canonical JSON of a record version: what the log fingerprints and
//! publishes at `/log/records/<sha256>.json`.
//!
//! A version is the record file as it stands after masking: its fields as
//! the clerk wrote them (the names of `records.md`, the contract, so that a
//! refactoring of our types never turns every record into a "new version")
//! and its Markdown body. Only what changes the content counts: keys are
//! sorted, YAML layout and comments are gone, `860.00` stays `860.00`.
//!
//! ```text
//! {"body":"…","fields":{"category":"finance",…},"kind":"disclosure","path":"disclosures/2013/x.md"}
//! ```
//!
//! * Objects have their keys sorted by their UTF-8 bytes; arrays keep their
//!   order. No whitespace between tokens.
//! * Every YAML scalar is a JSON string holding the text as written (YAML
//!   does not say whether `2013` is a number or a text; the records' readers
//!   do). An empty value is `null`.
//! * Strings are escaped as JSON requires and nothing more: Chinese is
//!   written as UTF-8, never as `\u` escapes.
//! * An indicator whose data is in a CSV file also has `"csv":{"path":…,
//!   "text":…}`, the file's text masked like the records: its figures are
//!   published too.

use crate::load::Document;
use crate::load::yaml::{Key, Node, Value};
use crate::records::kind::RecordKind;

/// One version of a record: its canonical JSON and that JSON's SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecordJson {
    /// The record file, relative to the site folder.
    pub(crate) path: String,
    /// Lower-case hex SHA-256 of `json`: the version's name in the log.
    pub(crate) sha256: String,
    pub(crate) json: Vec<u8>,
}

/// The data file an indicator takes its figures from.
pub(crate) struct Csv<'a> {
    /// Relative to the site folder.
    pub(crate) path: &'a str,
    pub(crate) text: &'a str,
}

/// The canonical JSON of the record at `path` (of `kind`), whose masked
/// front matter (or whole YAML file) is `fields` and Markdown body `body`.
pub(crate) fn record_json(
    kind: RecordKind,
    path: &str,
    fields: &Node,
    body: &str,
    csv: Option<Csv>,
) -> RecordJson {
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("{\"body\":");
    push_string(&mut out, body);
    if let Some(csv) = csv {
        out.push_str(",\"csv\":{\"path\":");
        push_string(&mut out, csv.path);
        out.push_str(",\"text\":");
        push_string(&mut out, csv.text);
        out.push('}');
    }
    out.push_str(",\"fields\":");
    push_node(&mut out, fields);
    out.push_str(",\"kind\":");
    push_string(&mut out, kind_id(kind));
    out.push_str(",\"path\":");
    push_string(&mut out, path);
    out.push('}');
    let json = out.into_bytes();
    RecordJson {
        path: path.to_string(),
        sha256: sha256_hex(&json),
        json,
    }
}

/// The name a record kind has in the log (its entries and record JSON).
pub(crate) fn kind_id(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Disclosure => "disclosure",
        RecordKind::Page => "page",
        RecordKind::Indicator => "indicator",
        RecordKind::Plan => "plan",
        RecordKind::Report => "report",
    }
}

/// A version read back from its canonical JSON: the record file as it was
/// published, for its page at `<record url>v<N>/`.
pub(crate) struct Version {
    pub(crate) kind: RecordKind,
    /// The record's fields and body, as the readers take them. Nothing in
    /// it has a place in a file: every span is empty.
    pub(crate) document: Document,
    /// An indicator's data file: its path and masked text.
    pub(crate) csv: Option<(String, String)>,
}

/// Reads a version's canonical JSON back into the [`Document`] the record
/// was read from (the inverse of [`record_json`]): the same record readers
/// then read it as they read the file. Every scalar comes back as the text
/// it was written as, so `860.00` reads as it did.
pub(crate) fn version_of(json: &[u8]) -> Result<Version, String> {
    let value: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| format!("不是有效的 JSON：{e}"))?;
    let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
    let kind = text("kind")
        .and_then(|k| RecordKind::ALL.into_iter().find(|c| kind_id(*c) == k))
        .ok_or("缺少或不认识 kind")?;
    let path = text("path").ok_or("缺少 path")?.to_string();
    let body = text("body").ok_or("缺少 body")?.to_string();
    let front = node_of(value.get("fields").ok_or("缺少 fields")?)?;
    let csv = match value.get("csv") {
        None => None,
        Some(csv) => {
            let part = |key: &str| csv.get(key).and_then(serde_json::Value::as_str);
            match (part("path"), part("text")) {
                (Some(p), Some(t)) => Some((p.to_string(), t.to_string())),
                _ => return Err("csv 应有 path 和 text".into()),
            }
        }
    };
    Ok(Version {
        kind,
        document: Document {
            path,
            front,
            body,
            body_line: 1,
            body_offset: 0,
        },
        csv,
    })
}

/// The YAML node a canonical JSON value stands for.
fn node_of(value: &serde_json::Value) -> Result<Node, String> {
    use serde_json::Value as J;
    let value = match value {
        J::Null => Value::Null,
        J::String(s) => Value::Scalar(s.clone()),
        J::Array(items) => Value::Seq(items.iter().map(node_of).collect::<Result<_, _>>()?),
        J::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.clone(),
                        span: Default::default(),
                    };
                    node_of(v).map(|n| (key, n))
                })
                .collect::<Result<_, _>>()?,
        ),
        J::Bool(_) | J::Number(_) => return Err("canonical JSON 中的值只能是字符串".into()),
    };
    Ok(Node {
        span: Default::default(),
        value,
    })
}

/// Lower-case hex SHA-256 of `bytes`: every record's name in the log. The
/// same function names every output file in the manifest.
pub use crate::output::sha256_hex;

fn push_node(out: &mut String, node: &Node) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Scalar(text) => push_string(out, text),
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_node(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            // A stable sort: should a reader ever let a key through twice,
            // both stay, in the order written.
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.name.as_bytes().cmp(b.name.as_bytes()));
            out.push('{');
            for (i, (key, value)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, &key.name);
                out.push(':');
                push_node(out, value);
            }
            out.push('}');
        }
    }
}

/// Whether a byte must be escaped in a JSON string: `"`, `\\` and the
/// control characters. A table, since every byte of every record passes
/// through here (ten thousand records are 30 MB of text).
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A JSON string literal: `"`, `\\` and control characters escaped, the
/// rest as UTF-8, copied a run at a time (record bodies are long and need
/// few escapes).
fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = next_escaped(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        out.push_str(&text[run..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => out.push_str(&format!("\\u{b:04x}")),
        }
        i += 1;
        run = i;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// The index of the first byte at or after `from` that [`ESCAPED`] marks,
/// or the length of `bytes`. Eight bytes are tested at once while none of
/// them needs escaping, which is nearly all of a record's text: a byte
/// below 0x20, or equal to `"` or `\\`, sets the high bit of its lane in
/// `lanes_needing_escape` (exactly: there are no false negatives, and a
/// lane so marked is then looked at a byte at a time).
fn next_escaped(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if lanes_needing_escape(word) != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| ESCAPED[usize::from(b)])
        .map_or(bytes.len(), |at| i + at)
}

/// For each byte of `word`, its high bit set when the byte is below 0x20,
/// `"` or `\\` (the classic "has a zero byte" and "has a byte less than"
/// tests of eight bytes in one word); zero when no byte needs escaping.
fn lanes_needing_escape(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let equal = |b: u8| below(word ^ (ONES * u64::from(b)), 1);
    below(word, 0x20) | equal(b'"') | equal(b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Origin, parse};

    fn json(yaml: &str, body: &str) -> String {
        let tree = parse(yaml, Origin::default()).unwrap();
        let v = record_json(
            RecordKind::Disclosure,
            "disclosures/a.md",
            &tree,
            body,
            None,
        );
        String::from_utf8(v.json).unwrap()
    }

    #[test]
    fn keys_are_sorted_and_scalars_kept_as_written() {
        assert_eq!(
            json(
                "title: 标题\nledger: { b: 860.00, a: \"20000\" }\nnone:\n",
                "正文\n"
            ),
            r#"{"body":"正文\n","fields":{"ledger":{"a":"20000","b":"860.00"},"none":null,"title":"标题"},"kind":"disclosure","path":"disclosures/a.md"}"#
        );
    }

    #[test]
    fn layout_and_comments_do_not_change_a_version() {
        let a = json("title: 标题  # 注释\nitems: [1, 2]\n", "");
        let b = json("items:\n  - 1\n  - 2\ntitle: 标题\n", "");
        assert_eq!(a, b);
    }

    #[test]
    fn list_order_and_amounts_do() {
        assert_ne!(json("items: [1, 2]\n", ""), json("items: [2, 1]\n", ""));
        assert_ne!(json("a: 860.00\n", ""), json("a: 860.01\n", ""));
    }

    #[test]
    fn output_is_valid_json_with_escapes() {
        let text = json("t: \"引号\\\"与\\\\反斜杠\\u0001\"\n", "a\tb\r\n");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["fields"]["t"], "引号\"与\\反斜杠\u{1}");
        assert_eq!(value["body"], "a\tb\r\n");
        // Escaped as written here and nothing more: these bytes are hashed.
        assert!(text.contains(r#""t":"引号\"与\\反斜杠\u0001""#), "{text}");
        assert!(text.starts_with(r#"{"body":"a\tb\r\n","#), "{text}");
    }

    #[test]
    fn every_byte_needing_escape_is_found_wherever_it_stands() {
        // Each ASCII character at each place of a text of Chinese and
        // letters longer than two words, escaped as serde_json escapes
        // it (the same bytes but for \u{8} and \u{c}, which serde_json
        // writes short).
        let filler = "公开a财务b";
        for c in (0u8..0x80).map(char::from) {
            for at in 0..20 {
                let mut text: String = filler.chars().cycle().take(at).collect();
                text.push(c);
                text.push_str("村务公开 2013 年");
                let mut ours = String::new();
                push_string(&mut ours, &text);
                let theirs = serde_json::to_string(&text).unwrap();
                let theirs = theirs.replace("\\b", "\\u0008").replace("\\f", "\\u000c");
                assert_eq!(ours, theirs, "{c:?} at {at}");
            }
        }
    }

    #[test]
    fn a_version_reads_back_into_the_document_it_came_from() {
        let yaml = "title: 标题\nledger: { b: 860.00, a: [1, \"x\"] }\nnone:\n";
        let tree = parse(yaml, Origin::default()).unwrap();
        let v = record_json(
            RecordKind::Disclosure,
            "disclosures/a.md",
            &tree,
            "正文\n",
            None,
        );
        let back = version_of(&v.json).unwrap();
        assert_eq!(back.kind, RecordKind::Disclosure);
        assert_eq!(back.document.path, "disclosures/a.md");
        assert_eq!(back.document.body, "正文\n");
        let again = record_json(
            back.kind,
            &back.document.path,
            &back.document.front,
            &back.document.body,
            None,
        );
        assert_eq!(again, v, "the same version, byte for byte");
    }

    #[test]
    fn hash_is_of_the_json() {
        let tree = parse("a: 1\n", Origin::default()).unwrap();
        let v = record_json(RecordKind::Plan, "plans/a.yaml", &tree, "", None);
        assert_eq!(v.sha256, sha256_hex(&v.json));
        assert_eq!(v.sha256.len(), 64);
    }
}
