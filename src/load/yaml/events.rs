//! The event reader: builds the tree straight from granit-parser's events,
//! for the texts it is sure of, and hands every other text to [`fallback`]
//! (see the module comment of `load::yaml` for what is handed over, and why).
//!
//! [`fallback`]: super::fallback

use super::{Key, Node, Origin, Value, byte_at, place_bytes};
use crate::diagnostics::Span;
use granit_parser::{Event, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashSet;

/// Deepest nesting the event reader builds. serde-saphyr refuses more than
/// 64 levels; handing over a little earlier leaves that refusal to it.
const EVENT_MAX_DEPTH: usize = 60;

/// Most nodes the event reader builds, well under serde-saphyr's budget of
/// 250,000 nodes and 1,000,000 events, whose breach it reports itself.
const EVENT_MAX_NODES: usize = 200_000;

/// Longest text the event reader takes, so that serde-saphyr's budget of
/// 64 MiB of scalar text cannot be reached on the event path either.
const EVENT_MAX_BYTES: usize = 16 << 20;

/// Reads `yaml` from the parser's events, or `None` to hand it to the serde
/// reader (see the module comment for what is handed over, and why).
pub(super) fn read(yaml: &str, origin: Origin) -> Option<Node> {
    if yaml.len() > EVENT_MAX_BYTES {
        return None;
    }
    // The options serde-saphyr gives the parser: comments are not events.
    let mut options = granit_parser::Options::default();
    options.set_emit_comments(false);
    let mut tree = TreeBuilder::new(yaml, origin);
    for item in Parser::new_from_str_with_options(yaml, options) {
        let (event, span) = item.ok()?;
        tree.take(event, &span)?;
    }
    tree.finish()
}

/// The tree as the events build it, with the collections still open.
struct TreeBuilder<'a> {
    yaml: &'a str,
    origin: Origin,
    open: Vec<Open>,
    /// The items and entries of all open collections, innermost last. A
    /// collection takes its own off the end when it closes, in one
    /// allocation of the right size, rather than growing a vector of its own
    /// a few times over.
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
    /// Beside `entries`: what serde-saphyr compares of each key.
    key_ids: Vec<u64>,
    root: Option<Node>,
    /// Where the last event stood: a text with no document in it (only
    /// comments) is a null there, as serde-saphyr has it.
    last: Span,
    nodes: usize,
}

/// A collection whose end has not come yet; its contents so far are the
/// builder's `items` or `entries` from `first` on.
enum Open {
    Seq {
        span: Span,
        first: usize,
    },
    Map {
        span: Span,
        first: usize,
        /// The key read, waiting for its value, with its identity.
        key: Option<(Key, u64)>,
        /// The identities of the keys, for long mappings, so that a new key
        /// is not compared with each of them.
        index: Option<HashSet<u64>>,
    },
}

impl<'a> TreeBuilder<'a> {
    /// Linear search is faster than a hash set below this many keys.
    const INDEX_FROM: usize = 32;

    fn new(yaml: &'a str, origin: Origin) -> Self {
        TreeBuilder {
            yaml,
            origin,
            open: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            key_ids: Vec::new(),
            root: None,
            last: Span {
                line: origin.line_offset + 1,
                col: 1,
                start: origin.byte_offset,
                end: origin.byte_offset,
            },
            nodes: 0,
        }
    }

    /// Takes one event; `None` hands the text over.
    fn take(&mut self, event: Event<'_>, span: &granit_parser::Span) -> Option<()> {
        let at = place_event(span, self.yaml, self.origin);
        self.last = at;
        match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(..)
            | Event::DocumentEnd => Some(()),
            // Anchor 0 and no tag: a node without an anchor or a tag.
            Event::Scalar(text, style, 0, None) => self.scalar(text, style, at),
            Event::SequenceStart(_, 0, None) => self.start(Open::Seq {
                span: at,
                first: self.items.len(),
            }),
            Event::MappingStart(_, 0, None) => self.start(Open::Map {
                span: at,
                first: self.entries.len(),
                key: None,
                index: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => self.end(),
            // Tags, anchors, aliases and anything newer: the serde reader's.
            _ => None,
        }
    }

    /// A scalar is a key when a mapping waits for one, else a value.
    fn scalar(&mut self, text: Cow<'_, str>, style: ScalarStyle, at: Span) -> Option<()> {
        self.count_node()?;
        if let Some(Open::Map {
            first,
            key: key @ None,
            index,
            ..
        }) = self.open.last_mut()
        {
            let name = key_name(text, style)?;
            let id = key_identity(&name, style);
            let seen = match index {
                Some(index) => index.contains(&id),
                None => self.key_ids[*first..].contains(&id),
            };
            if seen {
                return None;
            }
            *key = Some((Key { name, span: at }, id));
            return Some(());
        }
        let value = scalar_value(text, style)?;
        self.attach(Node { span: at, value })
    }

    fn start(&mut self, collection: Open) -> Option<()> {
        self.count_node()?;
        let key_wanted = matches!(self.open.last(), Some(Open::Map { key: None, .. }));
        let second_document = self.open.is_empty() && self.root.is_some();
        if key_wanted || second_document || self.open.len() >= EVENT_MAX_DEPTH {
            return None;
        }
        self.open.push(collection);
        Some(())
    }

    fn end(&mut self) -> Option<()> {
        let node = match self.open.pop()? {
            Open::Seq { span, first } => Node {
                span,
                value: Value::Seq(self.items.drain(first..).collect()),
            },
            Open::Map { span, first, .. } => {
                self.key_ids.truncate(first);
                Node {
                    span,
                    value: Value::Map(self.entries.drain(first..).collect()),
                }
            }
        };
        self.attach(node)
    }

    /// Puts a finished node where it belongs: the root, a list item or the
    /// value of the key just read.
    fn attach(&mut self, node: Node) -> Option<()> {
        match self.open.last_mut() {
            None if self.root.is_none() => self.root = Some(node),
            // A second document: serde-saphyr refuses it.
            None => return None,
            Some(Open::Seq { .. }) => self.items.push(node),
            Some(Open::Map {
                first, key, index, ..
            }) => {
                let (key, id) = key.take()?;
                self.entries.push((key, node));
                self.key_ids.push(id);
                let ids = &self.key_ids[*first..];
                match index {
                    Some(index) => {
                        index.insert(id);
                    }
                    None if ids.len() >= Self::INDEX_FROM => {
                        *index = Some(ids.iter().copied().collect());
                    }
                    None => {}
                }
            }
        }
        Some(())
    }

    fn count_node(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= EVENT_MAX_NODES).then_some(())
    }

    fn finish(self) -> Option<Node> {
        if !self.open.is_empty() {
            return None;
        }
        Some(self.root.unwrap_or(Node {
            span: self.last,
            value: Value::Null,
        }))
    }
}

/// The value of a scalar in value position, as serde-saphyr's untyped
/// reading gives it: plain `~`, `null` or nothing is null, and any other
/// scalar is its text. (A plain number or boolean is its text as written,
/// which for a plain scalar is its decoded text.) `None` for `.inf`, `.nan`
/// and `1e999`, which serde-saphyr refuses.
fn scalar_value(text: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style == ScalarStyle::Plain {
        if is_null_like(&text) {
            return Some(Value::Null);
        }
        if is_non_finite_float(&text) {
            return None;
        }
    }
    Some(Value::Scalar(text.into_owned()))
}

/// The name of a key, or `None` for the keys serde-saphyr refuses as text
/// (a null-like key) or merges (`<<`).
fn key_name(text: Cow<'_, str>, style: ScalarStyle) -> Option<String> {
    let plain = style == ScalarStyle::Plain;
    if plain && (is_null_like(&text) || text == "<<") {
        return None;
    }
    Some(text.into_owned())
}

/// Plain scalars serde-saphyr reads as null. The parser gives an omitted
/// value (`key:`) as `~`.
fn is_null_like(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar that serde-saphyr reads as a float that is not finite
/// (`.inf`, `-.inf`, `.nan`, `1e999`), which it refuses. `+.nan` and `-.nan`
/// stay text.
fn is_non_finite_float(text: &str) -> bool {
    let t = yaml_trim(text);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    match unsigned.as_bytes().first() {
        Some(b'.') => {
            matches!(unsigned, ".inf" | ".Inf" | ".INF")
                || (unsigned.len() == t.len() && matches!(t, ".nan" | ".NaN" | ".NAN"))
        }
        // Only an exponent or more than 300 digits can overflow an f64.
        Some(b'0'..=b'9') => {
            (unsigned.contains(['e', 'E']) || unsigned.len() > 300)
                && t.parse::<f64>().is_ok_and(f64::is_infinite)
        }
        _ => false,
    }
}

/// The whitespace serde-saphyr trims before reading a number. (A plain
/// scalar has none at its ends, so this returns at its first byte.)
fn yaml_trim(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// What makes two keys the same for serde-saphyr, as a hash: their text,
/// except that plain integers compare by value (`0x1F` and `31` are one
/// key, `"31"` is another). Two keys with one hash only hand the text over,
/// and the serde reader then decides exactly.
fn key_identity(name: &str, style: ScalarStyle) -> u64 {
    match integer_key(name, style) {
        Some((negative, magnitude)) => fnv1a(
            fnv1a(FNV_OFFSET ^ 1, &[u8::from(negative)]),
            &magnitude.to_le_bytes(),
        ),
        None => fnv1a(FNV_OFFSET, name.as_bytes()),
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: keys are short, and this is several times quicker on them than
/// the standard library's DoS-resistant hash, which a repeated key here
/// could not exploit anyway (a collision costs one slower reading).
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A plain key's integer value as serde-saphyr reads it for comparing keys
/// (YAML 1.2 integers: decimal without leading zeros, `0x`, `0o`, `0b`,
/// underscores between digits), as (negative, magnitude).
fn integer_key(name: &str, style: ScalarStyle) -> Option<(bool, u128)> {
    if style != ScalarStyle::Plain {
        return None;
    }
    let t = yaml_trim(name);
    let (negative, rest) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) = match rest.get(..2) {
        Some("0x" | "0X") => (16, &rest[2..]),
        Some("0o" | "0O") => (8, &rest[2..]),
        Some("0b" | "0B") => (2, &rest[2..]),
        _ if rest.starts_with('0') && rest != "0" => return None,
        _ => (10, rest),
    };
    let magnitude = integer_digits(digits, radix)?;
    // What an i128 can hold when negative, a u128 when not.
    let fits = !negative || magnitude <= i128::MAX as u128 + 1;
    // `-0` is zero, which is never negative.
    fits.then_some((negative && magnitude != 0, magnitude))
}

/// Digits in `radix`, underscores allowed between them.
fn integer_digits(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut any = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let between =
                i > 0 && bytes[i - 1] != b'_' && bytes.get(i + 1).is_some_and(|&n| n != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let digit = char::from(b).to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        any = true;
    }
    any.then_some(value)
}

/// An event's place in the file, as serde-saphyr places a node: the line,
/// the column (counted in characters, from 1) and the bytes it covers.
fn place_event(span: &granit_parser::Span, yaml: &str, origin: Origin) -> Span {
    let (line, col) = (span.start.line() as u64, span.start.col() as u64 + 1);
    let (start, len) = match span.byte_range() {
        Some(bytes) => (bytes.start, bytes.end.saturating_sub(bytes.start)),
        None => (byte_at(yaml, line, col), 0),
    };
    place_bytes(line, col, start, len, yaml, origin)
}

#[cfg(test)]
mod tests;
