//! YAML read into a tree that remembers where every value stands.
//!
//! serde-saphyr parses the YAML and its `Spanned` wrapper gives each node its
//! line, column and byte range. We deliberately stop at a generic tree rather
//! than deserializing straight into record structs: the record readers in
//! `records/` then check every field themselves, so one run reports *every*
//! wrong field of a file (serde stops at the first), in the clerk's language,
//! and amounts are read from their exact source text (`860.00`), never
//! through a float.

use crate::diagnostics::Span;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

/// A YAML value with its place in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `key:` with nothing after it, or `~`/`null`.
    Null,
    /// Any scalar. For strings the decoded text; for plain numbers and
    /// booleans the text exactly as written (so `860.00` stays `860.00`).
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

impl Node {
    /// A short Chinese name of what this value is, for "expected X, found Y".
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "空值",
            Value::Scalar(_) => "单个值",
            Value::Seq(_) => "列表",
            Value::Map(_) => "字段表",
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entry of a mapping by key name.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Where a YAML text sits inside its file, so spans point into the file
/// (front matter starts on line 2, after the `---`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// Lines before the YAML text in the file.
    pub line_offset: u32,
    /// Bytes before the YAML text in the file.
    pub byte_offset: usize,
}

/// A YAML syntax error, already placed in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Option<Span>,
    pub message: String,
}

/// Parses `yaml` (which starts at `origin` in its file) into a [`Node`] tree.
/// An empty document is an empty mapping.
pub fn parse(yaml: &str, origin: Origin) -> Result<Node, SyntaxError> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            span: Span {
                line: origin.line_offset + 1,
                col: 1,
                start: origin.byte_offset,
                end: origin.byte_offset,
            },
            value: Value::Map(Vec::new()),
        });
    }
    match serde_saphyr::from_str::<Spanned<Raw>>(yaml) {
        Ok(tree) => Ok(convert(tree, yaml, origin)),
        Err(e) => Err(syntax_error(&e, yaml, origin)),
    }
}

fn syntax_error(e: &serde_saphyr::Error, yaml: &str, origin: Origin) -> SyntaxError {
    let span = e.location().map(|loc| place(&loc, yaml, origin));
    SyntaxError {
        span,
        message: explain(&e.to_string()),
    }
}

/// The parser's message in the clerk's words. It may carry its own snippet
/// after the first line and a `line N column M:` prefix; we show our own.
fn explain(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let sentence = first
        .strip_prefix("error: ")
        .unwrap_or(first)
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(first, |(_, rest)| rest);
    if let Some(rest) = sentence.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("字段 `{key}` 写了两次；删去其中一个");
    }
    format!("YAML 格式有误：{sentence}")
}

/// The tree as serde-saphyr hands it over, before we place spans in the file.
enum Raw {
    Null,
    Scalar(Option<String>),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

fn convert(node: Spanned<Raw>, yaml: &str, origin: Origin) -> Node {
    let span = place(&node.referenced, yaml, origin);
    let value = match node.value {
        Raw::Null => Value::Null,
        Raw::Scalar(Some(text)) => Value::Scalar(text),
        // Numbers and booleans: take the text as written in the source.
        Raw::Scalar(None) => Value::Scalar(source_text(&node.referenced, yaml).to_string()),
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|n| convert(n, yaml, origin))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        span: place(&k.referenced, yaml, origin),
                        name: k.value,
                    };
                    (key, convert(v, yaml, origin))
                })
                .collect(),
        ),
    };
    Node { span, value }
}

fn source_text<'a>(loc: &Location, yaml: &'a str) -> &'a str {
    let span = loc.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => yaml
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
            .trim(),
        _ => "",
    }
}

fn place(loc: &Location, yaml: &str, origin: Origin) -> Span {
    let span = loc.span();
    let (start, len) = match span.byte_offset() {
        Some(start) => (start as usize, span.byte_len().unwrap_or(0) as usize),
        // Scanner errors (an unclosed bracket, a tab) carry a line and column
        // but no byte offset. Taking byte 0 then put the caret of the report
        // on the first line while its headline named another: find the byte
        // from the line and column instead.
        None => (byte_at(yaml, loc.line(), loc.column()), 0),
    };
    let start = start.min(yaml.len());
    let end = (start + len).min(yaml.len());
    Span {
        line: loc.line() as u32 + origin.line_offset,
        col: loc.column() as u32,
        start: origin.byte_offset + start,
        end: origin.byte_offset + end,
    }
}

/// The byte offset of a 1-based line and character column in `text` (the
/// end of the line when the column is past it).
fn byte_at(text: &str, line: u64, col: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    line_start + within
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_i128<E>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_u128<E>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Scalar(None))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Scalar(Some(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Scalar(Some(s)))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw, E> {
        Err(E::custom("binary values are not supported"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(yaml: &str) -> Node {
        parse(yaml, Origin::default()).unwrap()
    }

    #[test]
    fn numbers_keep_their_written_text() {
        let t = tree("a: 860.00\nb: \"3207.15\"\nc: 2013\nd: 2013-04-08\n");
        assert_eq!(t.get("a").unwrap().as_scalar(), Some("860.00"));
        assert_eq!(t.get("b").unwrap().as_scalar(), Some("3207.15"));
        assert_eq!(t.get("c").unwrap().as_scalar(), Some("2013"));
        assert_eq!(t.get("d").unwrap().as_scalar(), Some("2013-04-08"));
    }

    #[test]
    fn spans_are_placed_in_the_file() {
        let origin = Origin {
            line_offset: 1,
            byte_offset: 4,
        };
        let t = parse("title: 标题\nunit: xiguan\n", origin).unwrap();
        let unit = t.get("unit").unwrap();
        assert_eq!((unit.span.line, unit.span.col), (3, 7));
        let file = "---\ntitle: 标题\nunit: xiguan\n";
        assert_eq!(&file[unit.span.start..unit.span.end], "xiguan");
    }

    #[test]
    fn nested_flow_mappings_have_spans() {
        let t = tree("e:\n  - { date: 2013-04-08, expense: 860.00 }\n");
        let Value::Seq(items) = &t.get("e").unwrap().value else {
            panic!("not a list")
        };
        let amount = items[0].get("expense").unwrap();
        assert_eq!(amount.as_scalar(), Some("860.00"));
        assert_eq!((amount.span.line, amount.span.col), (2, 34));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = parse("a: [1, 2\nb: 3\n", Origin::default()).unwrap_err();
        assert!(e.span.is_some());
        assert!(e.message.starts_with("YAML 格式有误"));
    }

    #[test]
    fn syntax_error_byte_agrees_with_its_line() {
        let yaml = "title: 标题\nposting: { from: 2013-07-03\n";
        let origin = Origin {
            line_offset: 1,
            byte_offset: 4,
        };
        let span = parse(yaml, origin).unwrap_err().span.unwrap();
        let file = format!("---\n{yaml}");
        let found = crate::diagnostics::Span::locate(&file, span.start, 0);
        assert_eq!((found.line, found.col), (span.line, span.col));
    }

    #[test]
    fn duplicate_keys_are_explained() {
        let e = parse("a: 1\na: 2\n", Origin::default()).unwrap_err();
        assert_eq!(e.message, "字段 `a` 写了两次；删去其中一个");
        assert_eq!(e.span.map(|s| s.line), Some(2));
    }

    #[test]
    fn empty_document_is_an_empty_map() {
        assert_eq!(tree("  \n").value, Value::Map(Vec::new()));
    }
}
