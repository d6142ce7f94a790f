//! The serde reader: serde-saphyr's `Spanned` over a generic visitor. The
//! reference reading, which the event reader is held to, and the one every
//! text with a mistake in it takes, so that the parser's error can be
//! explained ([`messages`](super::messages)).

use super::{Key, Node, Origin, SyntaxError, Value, byte_at, messages, place_bytes};
use crate::diagnostics::Span;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

/// Reads `yaml` through serde-saphyr: the reference reading, and the one
/// that explains every mistake.
pub(super) fn parse(yaml: &str, origin: Origin) -> Result<Node, SyntaxError> {
    match serde_saphyr::from_str::<Spanned<Raw>>(yaml) {
        Ok(tree) => Ok(convert(tree, yaml, origin)),
        Err(e) => Err(messages::syntax_error(&e, yaml, origin)),
    }
}

/// The tree as serde-saphyr hands it over, before we place spans in the file.
pub(super) enum Raw {
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
        // Numbers and booleans: take the text as written in the source,
        // where the value is defined (reached through an alias, `*ob`, that
        // is the anchored value, `&ob 1000.00`, not the alias).
        Raw::Scalar(None) => Value::Scalar(defined_text(&node.defined, yaml).to_string()),
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

/// The source text of a plain scalar where it is defined, its anchor
/// (`&ob `) left out.
fn defined_text<'a>(loc: &Location, yaml: &'a str) -> &'a str {
    let text = source_text(loc, yaml);
    match text.strip_prefix('&') {
        Some(anchored) => anchored
            .split_once(char::is_whitespace)
            .map_or("", |(_, value)| value.trim_start()),
        None => text,
    }
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

pub(super) fn place(loc: &Location, yaml: &str, origin: Origin) -> Span {
    let span = loc.span();
    let (start, len) = match span.byte_offset() {
        Some(start) => (start as usize, span.byte_len().unwrap_or(0) as usize),
        // Scanner errors (an unclosed bracket, a tab) carry a line and column
        // but no byte offset. Taking byte 0 then put the caret of the report
        // on the first line while its headline named another: find the byte
        // from the line and column instead.
        None => (byte_at(yaml, loc.line(), loc.column()), 0),
    };
    place_bytes(loc.line(), loc.column(), start, len, yaml, origin)
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
