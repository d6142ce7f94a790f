//! YAML read into a tree that remembers where every value stands.
//!
//! We deliberately stop at a generic tree rather than deserializing straight
//! into record structs: the record readers in `records/` then check every
//! field themselves, so one run reports *every* wrong field of a file (serde
//! stops at the first), in the clerk's language, and amounts are read from
//! their exact source text (`860.00`), never through a float.
//!
//! Two readers build that tree, and they build the same one:
//!
//! - [`events`] walks granit-parser's event stream (the parser under
//!   serde-saphyr) and builds each node as its events arrive. It is the one
//!   nearly every file takes. Through serde, reading YAML was three quarters
//!   of `gongkai check` on 10,000 records, and the parser proper not two
//!   fifths of that; this reader roughly halves `check`.
//! - [`fallback`] is serde-saphyr's `Spanned` over a generic visitor, the
//!   way the tree was always read. It takes every text the event reader hands
//!   over: any text with a mistake in it, and the YAML features a record has
//!   no use for (tags, anchors and aliases, merge keys `<<`, keys that are
//!   not text), whose rules stay in one place instead of two.
//!
//! The event reader therefore never has to explain anything: when in doubt it
//! hands over, and the tests hold the two readers to the same trees. What a
//! mistake is called, in the clerk's words, is [`messages`]' job.

mod events;
mod fallback;
mod messages;

use crate::diagnostics::Span;

/// A YAML value with its place in the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Span,
    pub(crate) value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
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
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) span: Span,
}

impl Node {
    /// A short Chinese name of what this value is, for "expected X, found Y".
    pub(crate) fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "空值",
            Value::Scalar(_) => "单个值",
            Value::Seq(_) => "列表",
            Value::Map(_) => "字段表",
        }
    }

    pub(crate) fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entry of a mapping by key name.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Where a YAML text sits inside its file, so spans point into the file
/// (front matter starts on line 2, after the `---`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Lines before the YAML text in the file.
    pub(crate) line_offset: u32,
    /// Bytes before the YAML text in the file.
    pub(crate) byte_offset: usize,
}

/// A YAML syntax error, already placed in the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) span: Option<Span>,
    /// In Chinese: what is wrong, and what to write instead.
    pub(crate) message: String,
    /// The parser's own words, for the IT person.
    pub(crate) detail: Option<String>,
}

/// Parses `yaml` (which starts at `origin` in its file) into a [`Node`] tree.
/// An empty document is an empty mapping.
pub(crate) fn parse(yaml: &str, origin: Origin) -> Result<Node, SyntaxError> {
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
    match events::read(yaml, origin) {
        Some(tree) => Ok(tree),
        None => fallback::parse(yaml, origin),
    }
}

/// A place in the YAML text moved into the file, its bytes kept inside the
/// text.
fn place_bytes(line: u64, col: u64, start: usize, len: usize, yaml: &str, origin: Origin) -> Span {
    let start = start.min(yaml.len());
    let end = (start + len).min(yaml.len());
    Span {
        line: line as u32 + origin.line_offset,
        col: col as u32,
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
    fn empty_document_is_an_empty_map() {
        assert_eq!(tree("  \n").value, Value::Map(Vec::new()));
    }
}
