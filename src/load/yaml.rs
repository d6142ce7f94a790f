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
//! - the event reader walks granit-parser's event stream (the parser under
//!   serde-saphyr) and builds each node as its events arrive. It is the one
//!   nearly every file takes. Through serde, reading YAML was three quarters
//!   of `gongkai check` on 10,000 records, and the parser proper not two
//!   fifths of that; this reader roughly halves `check`.
//! - the serde reader is serde-saphyr's `Spanned` over a generic visitor, the
//!   way the tree was always read. It takes every text the event reader hands
//!   over: any text with a mistake in it, so that the message and the place a
//!   clerk is shown stay exactly what they were, and the YAML features a
//!   record has no use for (tags, anchors and aliases, merge keys `<<`, keys
//!   that are not text), whose rules stay in one place instead of two.
//!
//! The event reader therefore never has to explain anything: when in doubt it
//! hands over, and the tests hold the two readers to the same trees.

use crate::diagnostics::Span;
use granit_parser::{Event, Parser, ScalarStyle};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::borrow::Cow;
use std::collections::HashSet;
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
    match read_events(yaml, origin) {
        Some(tree) => Ok(tree),
        None => parse_via_serde(yaml, origin),
    }
}

// ------------------------------------------------------------ event reader

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
fn read_events(yaml: &str, origin: Origin) -> Option<Node> {
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

// ------------------------------------------------------------ serde reader

/// Reads `yaml` through serde-saphyr: the reference reading, and the one
/// that explains every mistake.
fn parse_via_serde(yaml: &str, origin: Origin) -> Result<Node, SyntaxError> {
    match serde_saphyr::from_str::<Spanned<Raw>>(yaml) {
        Ok(tree) => Ok(convert(tree, yaml, origin)),
        Err(e) => Err(syntax_error(&e, yaml, origin)),
    }
}

fn syntax_error(e: &serde_saphyr::Error, yaml: &str, origin: Origin) -> SyntaxError {
    let span = e.location().map(|loc| place(&loc, yaml, origin));
    if let Some(error_line) = span.map(|s| s.line - origin.line_offset)
        && let Some(found) = full_width_colon(yaml, error_line, origin)
    {
        return found;
    }
    SyntaxError {
        span,
        message: explain(&e.to_string()),
    }
}

/// A field written with the Chinese full-width colon (`title：通知`), the
/// commonest slip of a Chinese input method. YAML reads that line as plain
/// text and fails only at a later line, so the parser's message points at
/// the wrong place; this looks at the failing line and the two before it.
fn full_width_colon(yaml: &str, error_line: u32, origin: Origin) -> Option<SyntaxError> {
    let first = error_line.saturating_sub(2).max(1);
    let mut line_start = 0;
    for (n, line) in (1..).zip(yaml.split_inclusive('\n')) {
        if (first..=error_line).contains(&n) {
            let indent = line.len() - line.trim_start().len();
            let field = &line[indent..];
            let key_len = field
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(field.len());
            if key_len > 0 && field[key_len..].starts_with('：') {
                let key = &field[..key_len];
                let at = line_start + indent + key_len;
                return Some(SyntaxError {
                    span: Some(Span {
                        line: origin.line_offset + n,
                        col: line[..indent + key_len].chars().count() as u32 + 1,
                        start: origin.byte_offset + at,
                        end: origin.byte_offset + at + '：'.len_utf8(),
                    }),
                    message: format!(
                        "字段 `{key}` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `{key}: `"
                    ),
                });
            }
        }
        line_start += line.len();
    }
    None
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
    match plain_words(sentence) {
        Some(words) => format!("YAML 格式有误：{words}（解析器原文：{sentence}）"),
        None => format!("YAML 格式有误：{sentence}"),
    }
}

/// What the parser's message means for the commonest mistakes of someone
/// who writes records by hand, and what to write instead. Rarer messages
/// are shown as the parser gives them.
fn plain_words(sentence: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str); 9] = [
        (
            "found a tab",
            "用了 Tab 键缩进或对齐；YAML 只认空格，请把 Tab 换成空格",
        ),
        (
            "mapping values are not allowed",
            "冒号用得不对：每个字段单独一行，和上一行左对齐，字段名后用英文冒号加空格；\
             值里有冒号时把整个值用英文引号括起来，如 title: \"通知: 关于……\"",
        ),
        (
            "did not find expected '-' indicator",
            "列表的每一项都要以“- ”（减号加空格）开头，并且和上一项左对齐",
        ),
        (
            "did not find expected key",
            "缩进不对：同一层的字段要左对齐，下一层的字段比上一层多缩进两个空格",
        ),
        (
            "trailing content after",
            "引号后面还有文字：要么整个值都放在引号里，要么不用引号",
        ),
        (
            "unclosed quote",
            "引号没有配对：值以引号开头，结尾也要有同样的引号",
        ),
        (
            "unclosed bracket",
            "括号没有配对：以 [ 开头的列表要以 ] 结尾，如 tags: [通知, 财务]；以 { 开头的要以 } 结尾",
        ),
        (
            "anchor or alias",
            "值以 & 或 * 开头，会被当作 YAML 的特殊写法；请把整个值用英文引号括起来",
        ),
        (
            "cannot start any token",
            "值以 YAML 的保留字符（@、`、% 等）开头；请把整个值用英文引号括起来",
        ),
    ];
    WORDS
        .iter()
        .find(|(english, _)| sentence.contains(english))
        .map(|(_, words)| *words)
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
        // (Reached through an alias or a merge key, `referenced` is the
        // alias, so such a number reads as `*name`; this reader keeps that
        // as it always was.)
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
    fn common_mistakes_are_explained_in_chinese() {
        for (yaml, words) in [
            ("a: 1\n\tb: 2\n", "Tab"),
            ("title: 通知: 关于\n", "英文引号"),
            ("tags:\n  - a\n  b: c\n", "减号加空格"),
            ("title: \"测试\"说明\n", "引号后面还有文字"),
            ("title: \"测试\nunit: x\n", "引号没有配对"),
            ("tags: [a, b\n", "括号没有配对"),
            ("title: &\n", "& 或 *"),
        ] {
            let e = parse(yaml, Origin::default()).unwrap_err();
            assert!(e.message.starts_with("YAML 格式有误："), "{yaml:?}: {e:?}");
            assert!(e.message.contains(words), "{yaml:?}: {}", e.message);
            assert!(e.message.contains("解析器原文"), "{yaml:?}: {}", e.message);
        }
    }

    #[test]
    fn a_full_width_colon_is_found_where_it_stands() {
        let yaml = "category: village\ntitle：测试通知\nunit: xiguan\n";
        let origin = Origin {
            line_offset: 1,
            byte_offset: 4,
        };
        let e = parse(yaml, origin).unwrap_err();
        assert!(e.message.contains("`title`"), "{}", e.message);
        assert!(e.message.contains("中文冒号"), "{}", e.message);
        let span = e.span.unwrap();
        assert_eq!((span.line, span.col), (3, 6));
        let file = format!("---\n{yaml}");
        assert_eq!(&file[span.start..span.end], "：");
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

    // ------------------------------------------ the event reader against serde

    /// Holds the event reader to the serde reader on `yaml`: the same tree
    /// whenever it builds one, and a hand-over whenever serde-saphyr refuses
    /// the text. Returns whether the event reader built the tree.
    fn agrees_at(yaml: &str, origin: Origin) -> bool {
        let slow = parse_via_serde(yaml, origin);
        match read_events(yaml, origin) {
            Some(fast) => {
                assert_eq!(Ok(&fast), slow.as_ref(), "the readers differ on {yaml:?}");
                true
            }
            None => false,
        }
    }

    fn agrees(yaml: &str) -> bool {
        agrees_at(yaml, Origin::default())
    }

    /// The event reader builds the tree of `yaml`, and it is serde's.
    #[track_caller]
    fn fast(yaml: &str) -> Node {
        assert!(agrees(yaml), "handed over: {yaml:?}");
        tree(yaml)
    }

    /// The event reader hands `yaml` over; the result is serde's.
    #[track_caller]
    fn handed_over(yaml: &str) -> Result<Node, SyntaxError> {
        assert!(!agrees(yaml), "not handed over: {yaml:?}");
        parse(yaml, Origin::default())
    }

    fn scalar_at<'a>(t: &'a Node, key: &str) -> &'a str {
        t.get(key)
            .and_then(Node::as_scalar)
            .unwrap_or_else(|| panic!("{key}: {t:#?}"))
    }

    fn items(node: &Node) -> &[Node] {
        match &node.value {
            Value::Seq(items) => items,
            _ => panic!("not a list: {node:#?}"),
        }
    }

    #[test]
    fn quoted_strings_are_decoded() {
        let t = fast(concat!(
            "a: \"x\\ty \\u4e2d \\\"q\\\" \\\\ end\"\n",
            "b: 'it''s # not a comment'\n",
            "c: \"two\n  lines\"\n",
            "d: \"joined\\\n  here\"\n",
            "e: ''\n",
            "f: \"~\"\n",
        ));
        assert_eq!(scalar_at(&t, "a"), "x\ty 中 \"q\" \\ end");
        assert_eq!(scalar_at(&t, "b"), "it's # not a comment");
        assert_eq!(scalar_at(&t, "c"), "two lines");
        assert_eq!(scalar_at(&t, "d"), "joinedhere");
        assert_eq!(scalar_at(&t, "e"), "");
        assert_eq!(scalar_at(&t, "f"), "~");
    }

    #[test]
    fn block_scalars_keep_or_fold_lines() {
        let t = fast(concat!(
            "lit: |\n  第一行\n   缩进\n\n  末行\n",
            "strip: |-\n  a\n\n",
            "keep: |+\n  a\n\n",
            "fold: >\n  one\n  two\n\n  three\n",
            "fold_strip: >-\n  x\n  y\n",
            "indicator: |2\n    four spaces\n",
            "last: >\n  at the end",
        ));
        assert_eq!(scalar_at(&t, "lit"), "第一行\n 缩进\n\n末行\n");
        assert_eq!(scalar_at(&t, "strip"), "a");
        assert_eq!(scalar_at(&t, "keep"), "a\n\n");
        assert_eq!(scalar_at(&t, "fold"), "one two\nthree\n");
        assert_eq!(scalar_at(&t, "fold_strip"), "x y");
        assert_eq!(scalar_at(&t, "indicator"), "  four spaces\n");
        assert_eq!(scalar_at(&t, "last"), "at the end\n");
    }

    #[test]
    fn flow_collections_nest() {
        let t = fast("a: [x, 2, [], {}]\nb: {k: v, n: [1, {m: ~}]}\nc: [ {a: 1} , [b] ]\n");
        let a = items(t.get("a").unwrap());
        assert_eq!(a.len(), 4);
        assert_eq!(a[2].value, Value::Seq(Vec::new()));
        assert_eq!(a[3].value, Value::Map(Vec::new()));
        let b = t.get("b").unwrap();
        assert_eq!(scalar_at(b, "k"), "v");
        let n = items(b.get("n").unwrap());
        assert_eq!(n[1].get("m").unwrap().value, Value::Null);
        assert_eq!(scalar_at(&items(t.get("c").unwrap())[0], "a"), "1");
    }

    #[test]
    fn nested_lists_of_maps() {
        let yaml = "entries:\n  - date: 2013-04-08\n    amounts:\n      - 1.00\n      - { x: 2 }\n  -\n    date: 2013-04-09\n  - - inner\n    - list\n";
        let t = fast(yaml);
        let entries = items(t.get("entries").unwrap());
        assert_eq!(entries.len(), 3);
        assert_eq!(scalar_at(&entries[1], "date"), "2013-04-09");
        let amounts = items(entries[0].get("amounts").unwrap());
        assert_eq!(amounts[0].as_scalar(), Some("1.00"));
        assert_eq!(items(&entries[2]).len(), 2);
        let map_span = entries[0].span;
        assert_eq!((map_span.line, map_span.col), (2, 5));
    }

    #[test]
    fn empty_values_are_null_where_serde_has_them() {
        let yaml =
            "a:\nb: ~\nc: null\nd: Null\ne: \"\"\nf: [~, null, '', ]\ng: {h: }\ni:\n  -\n  - x\n";
        let t = fast(yaml);
        for key in ["a", "b", "c", "d"] {
            assert_eq!(t.get(key).unwrap().value, Value::Null, "{key}");
        }
        assert_eq!(scalar_at(&t, "e"), "");
        let f = items(t.get("f").unwrap());
        assert_eq!(f[2].as_scalar(), Some(""));
        assert_eq!(t.get("g").unwrap().get("h").unwrap().value, Value::Null);
        assert_eq!(items(t.get("i").unwrap())[0].value, Value::Null);
        // `a:` is a null placed on its colon, as serde-saphyr places it.
        let a = t.get("a").unwrap().span;
        assert_eq!((a.line, a.col, a.start, a.end), (1, 2, 1, 1));
    }

    #[test]
    fn plain_scalars_keep_their_text() {
        let t = fast(concat!(
            "a: 860.00\nb: 007\nc: true\nd: yes\ne: 0x1F\nf: 1e3\ng: -1\nh: +1\ni: 1_000\n",
            "j: +.nan\nk: inf\nl: 2013-04-08\nm: a # comment\nn: a#b\no: 西关 村\n",
            "p: folded\n  onto one line\n",
        ));
        let expect = [
            ("a", "860.00"),
            ("b", "007"),
            ("c", "true"),
            ("d", "yes"),
            ("e", "0x1F"),
            ("f", "1e3"),
            ("g", "-1"),
            ("h", "+1"),
            ("i", "1_000"),
            ("j", "+.nan"),
            ("k", "inf"),
            ("l", "2013-04-08"),
            ("m", "a"),
            ("n", "a#b"),
            ("o", "西关 村"),
            ("p", "folded onto one line"),
        ];
        for (key, text) in expect {
            assert_eq!(scalar_at(&t, key), text, "{key}");
        }
    }

    #[test]
    fn infinities_are_refused_by_serde() {
        for value in [".inf", "-.inf", "+.INF", ".nan", ".NaN", "1e999", "-2E400"] {
            let e = handed_over(&format!("a: {value}\n")).unwrap_err();
            assert!(e.message.contains(value), "{value}: {e:?}");
        }
        assert!(agrees("a: \".inf\"\nb: '1e999'\n"));
    }

    #[test]
    fn comments_are_skipped() {
        let yaml = "# head\ntitle: 标题 # after\n# between\nlist: # after key\n  - a # item\n  # inside\n  - b\n# tail\n";
        let t = fast(yaml);
        assert_eq!(scalar_at(&t, "title"), "标题");
        assert_eq!(items(t.get("list").unwrap()).len(), 2);
        // A text of comments only holds no document: a null, as serde has it.
        assert_eq!(fast("# only a note\n").value, Value::Null);
    }

    #[test]
    fn crlf_line_endings() {
        let yaml =
            "title: 标题\r\nlist:\r\n  - a\r\n  - \"b\r\n    c\"\r\nlit: |\r\n  x\r\n  y\r\n";
        let t = fast(yaml);
        let title = t.get("title").unwrap().span;
        assert_eq!(&yaml[title.start..title.end], "标题");
        assert_eq!(scalar_at(&t, "lit"), "x\ny\n");
        assert_eq!(items(t.get("list").unwrap())[1].as_scalar(), Some("b c"));
        let split = crate::load::frontmatter::split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert!(agrees_at(split.yaml, split.origin));
    }

    #[test]
    fn tabs_are_read_as_serde_reads_them() {
        // A tab may separate, but never indent.
        let t = fast("a:\tb\nc: [x,\ty]\nd: x\ty\n");
        assert_eq!(scalar_at(&t, "a"), "b");
        assert_eq!(scalar_at(&t, "d"), "x\ty");
        assert_eq!(scalar_at(&fast("\ttitle: x\n"), "title"), "x");
        for yaml in ["a:\n\t- b\n", "a:\n  b: 1\n\tc: 2\n", "a:\n\tb: 1\n"] {
            let e = handed_over(yaml).unwrap_err();
            assert!(e.message.starts_with("YAML 格式有误"), "{yaml:?}: {e:?}");
        }
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        // The loader strips a BOM; should one reach the parser, spans still
        // count its bytes, as they always did.
        let t = fast("\u{feff}title: x\n");
        let title = t.get("title").unwrap().span;
        assert_eq!((title.col, title.start), (8, 10));
    }

    #[test]
    fn chinese_text_is_placed_by_bytes_and_characters() {
        let file = "---\n标题: 西关村二季度财务\n单位: { 名称: 西关, 金额: 860.00 }\n---\n";
        let split = crate::load::frontmatter::split(file).unwrap();
        assert!(agrees_at(split.yaml, split.origin));
        let t = parse(split.yaml, split.origin).unwrap();
        let unit = t.get("单位").unwrap();
        let amount = unit.get("金额").unwrap();
        assert_eq!(&file[amount.span.start..amount.span.end], "860.00");
        assert_eq!((amount.span.line, amount.span.col), (3, 19));
        let key = match &unit.value {
            Value::Map(entries) => entries[0].0.span,
            _ => unreachable!(),
        };
        assert_eq!(&file[key.start..key.end], "名称");
        assert_eq!((key.line, key.col), (3, 7));
    }

    #[test]
    fn keys_compare_as_serde_compares_them() {
        // Plain integers compare by value; quoted text is text.
        assert!(agrees("\"1\": a\n1: b\n"));
        assert!(agrees("\"a b\": 1\nab: 2\n01: x\n1: y\n"));
        for yaml in [
            "1: a\n0x1: b\n",
            "a: 1\n\"a\": 2\n",
            "+5: a\n5: b\n",
            "-0: a\n0: b\n",
        ] {
            let e = handed_over(yaml).unwrap_err();
            assert!(e.message.contains("写了两次"), "{yaml:?}: {e:?}");
            assert_eq!(e.span.map(|s| s.line), Some(2), "{yaml:?}");
        }
        // Long mappings switch to an index; a repeat there is found too.
        let long: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(agrees(&long));
        let e = handed_over(&format!("{long}k7: again\n")).unwrap_err();
        assert_eq!(e.span.map(|s| s.line), Some(101));
    }

    #[test]
    fn integer_keys_are_read_as_serde_reads_them() {
        let plain = |name| integer_key(name, ScalarStyle::Plain);
        assert_eq!(plain("31"), Some((false, 31)));
        assert_eq!(plain("0x1F"), Some((false, 31)));
        assert_eq!(plain("0o37"), Some((false, 31)));
        assert_eq!(plain("0b11111"), Some((false, 31)));
        assert_eq!(plain("+3_1"), Some((false, 31)));
        assert_eq!(plain("-31"), Some((true, 31)));
        assert_eq!(plain("-0"), Some((false, 0)));
        for text in [
            "031",
            "3__1",
            "_31",
            "31_",
            "0x",
            "3.1",
            "1e3",
            "三十一",
            "0X1G",
        ] {
            assert_eq!(plain(text), None, "{text}");
        }
        assert_eq!(integer_key("31", ScalarStyle::DoubleQuoted), None);
    }

    #[test]
    fn keys_that_are_not_text_are_handed_over() {
        for yaml in [
            "~: a\n",
            "null: a\n",
            ": a\n",
            "[a]: b\n",
            "? {a: 1}\n: b\n",
            "{[x]: 1}\n",
        ] {
            assert!(handed_over(yaml).is_err(), "{yaml:?}");
        }
        assert!(agrees("? a\n: b\n\"null\": c\n'': d\n"));
    }

    #[test]
    fn anchors_aliases_tags_and_merges_are_handed_over() {
        for yaml in [
            "a: &n 5\nb: *n\n",
            "a: &x text\n",
            "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
            "c:\n  <<: {x: 1}\n",
            "a: !!str 5\n",
            "a: !custom text\n",
            "a: !!binary aGVsbG8=\n",
            "!!map {a: 1}\n",
        ] {
            assert!(handed_over(yaml).is_ok(), "{yaml:?}");
        }
        assert!(handed_over("a: *missing\n").is_err());
        // A quoted `<<` is an ordinary key.
        assert!(agrees("\"<<\": x\n"));
    }

    #[test]
    fn documents_beyond_the_first_are_refused() {
        assert!(agrees("---\na: 1\n...\n"));
        assert!(agrees("%YAML 1.2\n---\na: 1\n"));
        for yaml in ["a: 1\n---\nb: 2\n", "a: 1\n---\n", "- a\n--- x\n"] {
            assert!(handed_over(yaml).is_err(), "{yaml:?}");
        }
    }

    #[test]
    fn roots_other_than_mappings() {
        assert_eq!(fast("just text\n").as_scalar(), Some("just text"));
        assert_eq!(fast("~\n").value, Value::Null);
        assert_eq!(items(&fast("- a\n- b\n")).len(), 2);
    }

    #[test]
    fn deep_nesting_is_left_to_serde() {
        // serde-saphyr recurses once per level, more deeply than a test
        // thread's stack allows in a debug build.
        let deep = std::thread::Builder::new().stack_size(256 << 20);
        let checks = deep.spawn(|| {
            let nest = |depth: usize| format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
            assert!(agrees(&nest(EVENT_MAX_DEPTH)));
            assert!(handed_over(&nest(EVENT_MAX_DEPTH + 1)).is_ok());
            assert!(handed_over(&nest(70)).is_err());
        });
        checks.unwrap().join().unwrap();
    }

    #[test]
    fn syntax_errors_are_handed_over() {
        for yaml in [
            "a: [1, 2\nb: 3\n",
            "a:\n\t- b\n",
            "a: b: c\n",
            "- a\nb: c\n",
            "a: 'open\n",
            "a: \"bad \\q escape\"\n",
            "a:\n  - b\n c: d\n",
            "a: |\n b\n  c\nd",
            "\u{feff}a: 1\nb: \u{feff}x\n",
        ] {
            let slow = parse_via_serde(yaml, Origin::default());
            assert!(slow.is_err(), "serde accepts {yaml:?}");
            assert_eq!(handed_over(yaml), slow);
        }
    }

    #[test]
    fn empty_texts_are_empty_maps_with_both_readers_unused() {
        let origin = Origin {
            line_offset: 1,
            byte_offset: 4,
        };
        let t = parse("\n \n", origin).unwrap();
        assert_eq!(t.value, Value::Map(Vec::new()));
        assert_eq!((t.span.line, t.span.start), (2, 4));
    }

    /// The YAML of every record file under `root`, with the origin the loader
    /// gives it.
    fn site_texts(root: &std::path::Path) -> Vec<(String, String, Origin)> {
        let mut texts = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.display().to_string();
            match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => texts.push((name, text, Origin::default())),
                Some("md") => {
                    if let Ok(split) = crate::load::frontmatter::split(&text) {
                        let (yaml, origin) = (split.yaml.to_string(), split.origin);
                        texts.push((name, yaml, origin));
                    }
                }
                _ => {}
            }
        }
        texts
    }

    #[test]
    fn example_site_reads_the_same_on_the_event_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let texts = site_texts(&root);
        assert!(texts.len() > 30, "{} files", texts.len());
        for (name, yaml, origin) in &texts {
            assert!(agrees_at(yaml, *origin), "handed over: {name}");
        }
    }

    /// A larger site to compare on, such as the benchmark corpus:
    /// `GONGKAI_YAML_CORPUS=/tmp/c10k/site cargo test --lib corpus -- --nocapture`.
    #[test]
    fn corpus_reads_the_same_on_the_event_path() {
        let Some(root) = std::env::var_os("GONGKAI_YAML_CORPUS") else {
            return;
        };
        let texts = site_texts(std::path::Path::new(&root));
        let fast = texts
            .iter()
            .filter(|(_, yaml, origin)| agrees_at(yaml, *origin))
            .count();
        eprintln!(
            "{} of {} texts read on the event path, all as serde reads them",
            fast,
            texts.len()
        );
        assert_eq!(fast, texts.len());
    }

    /// A deterministic generator, so the random texts are the same every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const KEYS: &[&str] = &[
        "title", "unit", "a", "\"a\"", "'a'", "1", "0x1", "+1", "01", "\"1\"", "标题", "金额", "~",
        "null", "<<", "\"<<\"", "true", "a b", "\"\"", "? k", "-1", "-0", "0", "1_0", "10", "x ",
        "0o12", "0xA", "\"10\"", "1e3", "'标题'",
    ];

    const SCALARS: &[&str] = &[
        "860.00",
        "007",
        "true",
        "yes",
        "Off",
        "~",
        "null",
        "NULL",
        "",
        "\"\"",
        "'it''s'",
        "\"a\\tb\\u4e2d\"",
        ".inf",
        "-.inf",
        "+.nan",
        ".nan",
        "1e999",
        "1e3",
        "0x1F",
        "0XFF",
        "2013-04-08",
        "西关村",
        "a # c",
        "a#b",
        "&a x",
        "*a",
        "!!str 5",
        "!!int 5",
        "'x'",
        "\"bad \\q\"",
        "- x",
        "a: b",
        "@x",
        "`x",
        "%x",
        "1.5e+3",
        "+1",
        "-0.0",
        ".5",
        "1.",
        "\"multi\n  line\"",
        "plain\n  folded",
        "[a, b]",
        "{a: 1}",
        "[]",
        "{}",
        "[a, {b: c}]",
        "{a: [1, 2], b: ~}",
        "[a",
        "{a: 1",
        "\t1",
        "x\t",
        "\"\\u0041\"",
        "'a\n\n  b'",
        "[ 1 , +2 ]",
        "{ a : 1.5 , b: yes }",
        "{a: 1, a: 2}",
        "[a, b, ]",
        "{\"a\": 1, a: 2}",
        "[0x1, 1e3, .5]",
        "{1: a, 0o1: b}",
        "12 # twelve",
        "\"x\" # quoted",
        "[a, &b c, *b]",
    ];

    fn random_block(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        let in_seq = rng.below(3) == 0;
        for _ in 0..1 + rng.below(4) {
            if in_seq {
                out.push_str(&format!("{pad}-"));
            } else {
                out.push_str(&format!("{pad}{}:", rng.pick(KEYS)));
            }
            match rng.below(if depth > 3 { 3 } else { 7 }) {
                0 => out.push('\n'),
                1 | 2 => {
                    let value = rng.pick(SCALARS).replace('\n', &format!("\n{pad}"));
                    out.push_str(&format!(" {value}\n"));
                }
                3 => {
                    let style = rng.pick(&["|", ">", "|-", ">+", "|2"]);
                    out.push_str(&format!(" {style}\n{pad}  line 一\n\n{pad}   two\n"));
                }
                4 => out.push_str(&format!(
                    " {} # note\n",
                    rng.pick(SCALARS).replace('\n', " ")
                )),
                _ => {
                    out.push('\n');
                    let deeper = indent + if in_seq || rng.below(4) > 0 { 2 } else { 0 };
                    random_block(rng, deeper, depth + 1, out);
                }
            }
        }
    }

    /// Small edits of the kind a clerk's typing makes, most of them mistakes.
    fn mutate(rng: &mut Rng, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(2) {
            let at = rng.below(chars.len() + 1);
            match rng.below(6) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(
                    at,
                    rng.pick(&[
                        "\t", ":", "-", "\"", "'", "#", "&", "*", "[", "{", "}", "\n", " ", "|",
                        "!", "?", "…",
                    ])
                    .chars()
                    .next()
                    .unwrap(),
                ),
                2 => {
                    let line_start = chars[..at]
                        .iter()
                        .rposition(|&c| c == '\n')
                        .map_or(0, |i| i + 1);
                    let line_end = chars[at..]
                        .iter()
                        .position(|&c| c == '\n')
                        .map_or(chars.len(), |i| at + i + 1);
                    let line: Vec<char> = chars[line_start..line_end].to_vec();
                    chars.splice(line_end..line_end, line);
                }
                3 => chars.splice(at..at, "---\n".chars()).for_each(drop),
                4 => chars.truncate(at),
                _ => {}
            }
        }
        let text: String = chars.into_iter().collect();
        if rng.below(8) == 0 {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    #[test]
    fn random_texts_read_the_same() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut total, mut on_event_path) = (0, 0);
        for round in 0..3000 {
            let mut yaml = String::new();
            random_block(&mut rng, 0, 0, &mut yaml);
            if round % 3 == 0 {
                yaml = mutate(&mut rng, &yaml);
            }
            if yaml.trim().is_empty() {
                continue;
            }
            total += 1;
            if agrees(&yaml) {
                on_event_path += 1;
            }
        }
        // Most texts have a repeated key or an error in them; enough do not.
        assert!(on_event_path * 10 > total, "{on_event_path} of {total}");
    }

    #[test]
    fn edited_example_records_read_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for (_, yaml, origin) in site_texts(&root) {
            for _ in 0..40 {
                let edited = mutate(&mut rng, &yaml);
                if !edited.trim().is_empty() {
                    agrees_at(&edited, origin);
                }
            }
        }
    }
}
