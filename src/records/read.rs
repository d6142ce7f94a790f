//! Reading typed fields out of a YAML tree, reporting every mistake.
//!
//! Each reader returns `None` when the value is missing or wrong, after
//! recording a diagnostic that names the field, says what was found and what
//! to write instead. Callers carry on with the next field, so one run shows
//! all of a file's problems.

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::domain::dates::{self, YearMonth};
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::load::yaml::{Key, Node, Value};

/// The field every record and site.yaml may carry for its theme: any YAML,
/// passed to the templates as it is and never checked (Zola's convention).
pub(crate) const EXTRA: &str = "extra";
use jiff::civil::Date;
use serde::Serialize;

/// A value together with where it was written, for checks made later
/// (a closing balance is only known wrong after the entries are summed).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

impl<T> At<T> {
    pub(crate) fn new(value: T, span: Span) -> At<T> {
        At { value, span }
    }
}

/// The file being read and the list its diagnostics go to.
pub(crate) struct Reader<'a> {
    pub(crate) path: &'a str,
    pub(crate) diags: &'a mut Diagnostics,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(path: &'a str, diags: &'a mut Diagnostics) -> Reader<'a> {
        Reader { path, diags }
    }

    pub(crate) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.error(self.path, Some(span), message);
    }

    pub(crate) fn error_help(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(self.path, Some(span), message).with_help(help));
    }

    /// A single value as text; lists, maps and empty values are refused.
    pub(crate) fn text(&mut self, node: &Node, field: &str) -> Option<At<String>> {
        match &node.value {
            Value::Scalar(s) if !s.trim().is_empty() => {
                Some(At::new(s.trim().to_string(), node.span))
            }
            Value::Scalar(_) | Value::Null => {
                self.error(node.span, format!("`{field}` 不能为空"));
                None
            }
            _ => {
                self.error(
                    node.span,
                    format!("`{field}` 应为一段文字，记录中是{}", node.kind_name()),
                );
                None
            }
        }
    }

    pub(crate) fn date(&mut self, node: &Node, field: &str) -> Option<At<Date>> {
        self.parsed(node, field, dates::parse_date)
    }

    pub(crate) fn year_month(&mut self, node: &Node, field: &str) -> Option<At<YearMonth>> {
        self.parsed(node, field, YearMonth::parse)
    }

    pub(crate) fn period(&mut self, node: &Node, field: &str) -> Option<At<Period>> {
        self.parsed(node, field, Period::parse)
    }

    /// A single value read by `parse`, whose error already says how to
    /// write the value; the field name is put in front of it.
    fn parsed<T>(
        &mut self,
        node: &Node,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, crate::domain::Invalid>,
    ) -> Option<At<T>> {
        let text = self.text(node, field)?;
        match parse(&text.value) {
            Ok(value) => Some(At::new(value, node.span)),
            Err(e) => {
                self.error(node.span, format!("`{field}`：{e}"));
                None
            }
        }
    }

    pub(crate) fn money(&mut self, node: &Node, field: &str) -> Option<At<Money>> {
        let text = self.text(node, field)?;
        match Money::parse(&text.value) {
            Ok(m) => Some(At::new(m, node.span)),
            Err(e) => {
                self.error(
                    node.span,
                    format!("`{field}` 的金额“{}”有误：{e}", text.value),
                );
                None
            }
        }
    }

    /// A whole number of people, votes or days: no sign, no decimals, and
    /// at most `max`, a bound far above any real count that keeps every sum
    /// and product of counts from overflowing.
    pub(crate) fn count(&mut self, node: &Node, field: &str, max: u32) -> Option<At<u32>> {
        let text = self.text(node, field)?;
        let digits = text.value.bytes().all(|b| b.is_ascii_digit());
        match text.value.parse::<u64>() {
            Ok(n) if digits && n <= u64::from(max) => Some(At::new(n as u32, node.span)),
            // Digits only, but too many for a u64 or above `max`.
            _ if digits => {
                self.error_help(
                    node.span,
                    format!("`{field}` 不能大于 {max}，记录中为“{}”", text.value),
                    "请检查是否多写了数字",
                );
                None
            }
            _ => {
                self.error_help(
                    node.span,
                    format!("`{field}` 应为不小于 0 的整数，记录中为“{}”", text.value),
                    "只写阿拉伯数字，例如 35，不要写“人”或小数",
                );
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, node: &Node, field: &str) -> Option<bool> {
        let text = self.text(node, field)?;
        match text.value.to_ascii_lowercase().as_str() {
            "true" | "yes" | "是" => Some(true),
            "false" | "no" | "否" => Some(false),
            other => {
                self.error(
                    node.span,
                    format!("`{field}` 应为 true 或 false，记录中为“{other}”"),
                );
                None
            }
        }
    }

    /// One of a fixed set of words; the error lists them.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        node: &Node,
        field: &str,
        options: &[(&str, T)],
    ) -> Option<At<T>> {
        let text = self.text(node, field)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == text.value) {
            return Some(At::new(*v, node.span));
        }
        let allowed: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.error_help(
            node.span,
            format!("`{field}` 不能是“{}”", text.value),
            format!("可选的值：{}", allowed.join("、")),
        );
        None
    }

    /// The items of a list. A single value where a list belongs is an error
    /// (with the list form shown), an empty value an empty list.
    pub(crate) fn list<'n>(&mut self, node: &'n Node, field: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.error_help(
                    node.span,
                    format!("`{field}` 应为列表，记录中是{}", node.kind_name()),
                    format!("列表写作 {field}: [甲, 乙]，或每项一行、以“- ”开头"),
                );
                &[]
            }
        }
    }

    /// A list of short texts, such as tags or signers.
    pub(crate) fn strings(&mut self, node: &Node, field: &str) -> Vec<String> {
        let items = self.list(node, field);
        items
            .iter()
            .filter_map(|n| self.text(n, field).map(|t| t.value))
            .collect()
    }

    /// The fields of a mapping; `None` (with an error) if it is not one.
    pub(crate) fn fields<'n>(&mut self, node: &'n Node, field: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields::new(node, entries)),
            Value::Null => Some(Fields::new(node, &[])),
            _ => {
                self.error(
                    node.span,
                    format!("`{field}` 应为一组“字段: 值”，记录中是{}", node.kind_name()),
                );
                None
            }
        }
    }
}

/// The entries of one YAML mapping, with a note of which were read, so that
/// unknown (usually misspelt) fields can be pointed out at the end.
pub(crate) struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    fn new(node: &'n Node, entries: &'n [(Key, Node)]) -> Fields<'n> {
        Fields {
            node,
            entries,
            used: vec![false; entries.len()],
        }
    }

    /// The span of the whole mapping, for "missing field" errors.
    pub(crate) fn span(&self) -> Span {
        self.node.span
    }

    /// A field that may be absent; an empty value counts as absent.
    pub(crate) fn optional(&mut self, key: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        (node.value != Value::Null).then_some(node)
    }

    /// A field that must be present; its absence is reported at the mapping.
    pub(crate) fn required(&mut self, key: &str, r: &mut Reader, help: &str) -> Option<&'n Node> {
        let found = self.optional(key);
        if found.is_none() {
            let span = self.missing_span(key);
            r.error_help(span, format!("缺少必填字段 `{key}`"), help);
        }
        found
    }

    /// A field that must be present, read by `read` (one of [`Reader`]'s
    /// readers: `Reader::text`, `Reader::date`, …), with the key as the
    /// field's name in messages: the name is written once.
    pub(crate) fn required_as<'r, T>(
        &mut self,
        key: &str,
        r: &mut Reader<'r>,
        help: &str,
        read: impl FnOnce(&mut Reader<'r>, &'n Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.required(key, r, help)?;
        read(r, node, key)
    }

    /// A field that may be absent, read by `read` as [`Fields::required_as`] does.
    pub(crate) fn optional_as<'r, T>(
        &mut self,
        key: &str,
        r: &mut Reader<'r>,
        read: impl FnOnce(&mut Reader<'r>, &'n Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.optional(key)?;
        read(r, node, key)
    }

    /// Where to point for a missing field: at its empty value if the key is
    /// written, else at the start of the mapping.
    fn missing_span(&self, key: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map_or(self.node.span, |(k, _)| k.span)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| k.name == key && v.value != Value::Null)
    }

    /// Reports every field that no reader asked for: each is an error, since
    /// a field the generator does not understand may be a figure the clerk
    /// meant to publish. Three slips get their own message, because the
    /// plain "unknown field" would send the clerk looking in the wrong place:
    /// a number split by a thousands comma inside `{ }`, a key typed with the
    /// Chinese full-width colon, and a misspelt name (with the nearest known
    /// one suggested).
    pub(crate) fn finish(self, r: &mut Reader, known: &[&str]) {
        let mut i = 0;
        while i < self.entries.len() {
            let (key, _) = &self.entries[i];
            if self.used[i] || known.contains(&key.name.as_str()) {
                i += 1;
                continue;
            }
            if let Some(split) = self.split_number(i) {
                r.diags.push(split.diagnostic(r.path));
                i = split.end;
                continue;
            }
            let d = match key.name.split_once('：') {
                Some((field, rest)) => full_width_colon(r.path, key, field, rest),
                None => unknown_field(r.path, key, known),
            };
            r.diags.push(d);
            i += 1;
        }
    }

    /// The number a thousands comma split inside `{ }`: `expense: 12,850.00`
    /// reads as `expense: 12` and an empty key `850.00`. `at` is the first
    /// such key; the number is the value before it.
    fn split_number(&self, at: usize) -> Option<SplitNumber<'n>> {
        let entries: &'n [(Key, Node)] = self.entries;
        let (field, number) = entries.get(at.checked_sub(1)?)?;
        let head = number.as_scalar().filter(|t| is_digits(t))?;
        let parts = entries[at..]
            .iter()
            .take_while(|(key, value)| value.value == Value::Null && is_number_part(&key.name))
            .count();
        (parts > 0).then(|| SplitNumber {
            field: &field.name,
            head,
            number: number.span,
            parts: &entries[at..at + parts],
            end: at + parts,
        })
    }

    /// The `extra:` map a theme may use, as it is written: never checked.
    pub(crate) fn extra(&mut self) -> Extra {
        self.optional(EXTRA).map(Extra::of).unwrap_or_default()
    }
}

/// Custom data for the theme (`extra:`), as JSON for the templates: a
/// mapping stays a mapping, `true`/`false` are booleans and numbers are
/// numbers; everything else is text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct Extra(serde_json::Value);

impl Default for Extra {
    /// An empty mapping, so that a template may test `extra.name` on a
    /// record that has no `extra:`.
    fn default() -> Extra {
        Extra(serde_json::Value::Object(serde_json::Map::new()))
    }
}

impl Extra {
    pub(crate) fn of(node: &Node) -> Extra {
        Extra(json_of(node))
    }
}

fn json_of(node: &Node) -> serde_json::Value {
    use serde_json::Value as Json;
    match &node.value {
        Value::Null => Json::Null,
        Value::Scalar(text) => scalar_json(text),
        Value::Seq(items) => Json::Array(items.iter().map(json_of).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), json_of(v)))
                .collect(),
        ),
    }
}

fn scalar_json(text: &str) -> serde_json::Value {
    use serde_json::Value as Json;
    match text {
        "true" => return Json::Bool(true),
        "false" => return Json::Bool(false),
        _ => {}
    }
    let number = text.trim_start_matches('-');
    if is_digits(number)
        && let Ok(n) = text.parse::<i64>()
    {
        return Json::from(n);
    }
    if is_number_part(number)
        && let Some(n) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
    {
        return Json::Number(n);
    }
    Json::String(text.to_string())
}

/// Fields whose values are amounts of money, so that a split number after
/// one of them is called an amount (金额) in its message.
const MONEY_FIELDS: [&str; 6] = [
    "opening_balance",
    "closing_balance",
    "income",
    "expense",
    "budget",
    "spent",
];

/// A number that a thousands comma split into a value and empty keys.
struct SplitNumber<'n> {
    field: &'n str,
    head: &'n str,
    number: Span,
    parts: &'n [(Key, Node)],
    /// The index of the first entry after the parts.
    end: usize,
}

impl SplitNumber<'_> {
    fn diagnostic(&self, path: &str) -> Diagnostic {
        let tail: Vec<&str> = self.parts.iter().map(|(k, _)| k.name.as_str()).collect();
        let written = format!("{},{}", self.head, tail.join(","));
        let meant = format!("{}{}", self.head, tail.concat());
        let what = if MONEY_FIELDS.contains(&self.field) {
            "金额"
        } else {
            "数字"
        };
        let last = self.parts.last().map_or(self.number, |(k, _)| k.span);
        let span = Span {
            end: last.end.max(self.number.end),
            ..self.number
        };
        Diagnostic::error(
            path,
            Some(span),
            format!("{what} {written} 被逗号拆开了：花括号里的{what}不要写千位逗号，写 {meant}"),
        )
        .with_help(format!(
            "花括号 {{ }} 里的逗号分隔字段，{written} 被读成了 {}: {} 和别的字段；写成 {}: {meant}",
            self.field, self.head, self.field
        ))
    }
}

/// Whether a scalar is a whole number as a clerk writes one (`12`).
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a key is what follows a thousands comma: digits, and perhaps
/// the decimals (`850`, `850.00`).
fn is_number_part(name: &str) -> bool {
    let (whole, decimals) = name.split_once('.').unwrap_or((name, "0"));
    is_digits(whole) && is_digits(decimals)
}

/// `voucher：记-003` inside `{ }` is one key holding a full-width colon.
/// Points at the colon when the key is written on one line as it reads.
fn full_width_colon(path: &str, key: &Key, field: &str, rest: &str) -> Diagnostic {
    let field = field.trim();
    let before = key.name.len() - rest.len() - '：'.len_utf8();
    let span = if key.span.end - key.span.start == key.name.len() {
        Span {
            line: key.span.line,
            col: key.span.col + key.name[..before].chars().count() as u32,
            start: key.span.start + before,
            end: key.span.start + before + '：'.len_utf8(),
        }
    } else {
        key.span
    };
    Diagnostic::error(
        path,
        Some(span),
        format!(
            "字段 `{field}` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `{field}: {}`",
            rest.trim()
        ),
    )
    .with_help("输入法切换到英文再打冒号，冒号后面空一格")
}

/// A field the record kind does not have. The help suggests the nearest
/// known name, or lists the known ones.
fn unknown_field(path: &str, key: &Key, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        Some(key.span),
        format!("未知字段 `{}`：这里没有这个字段", key.name),
    );
    if let Some(near) = closest(&key.name, known) {
        return d.with_help(format!("是否想写 `{near}`？"));
    }
    let listed: Vec<&str> = known.iter().copied().filter(|k| *k != EXTRA).collect();
    let mut help = format!("删去它，或改成这里可写的字段：{}", listed.join("、"));
    if known.contains(&EXTRA) {
        help.push_str("；主题要用的自定义数据写在 extra: 下面");
    }
    d.with_help(help)
}

/// The known name nearest to a misspelt one, if it is near enough to be a
/// typo (edit distance at most a third of the length, and at least 1).
pub(crate) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Origin, parse};

    #[test]
    fn misspelt_fields_get_a_suggestion() {
        assert_eq!(
            closest("publised", &["published", "title"]),
            Some("published")
        );
        assert_eq!(closest("zzz", &["published", "title"]), None);
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let tree = parse("a: 2013-4-8\nb: -5\nc: [1]\n", Origin::default()).unwrap();
        let mut diags = Diagnostics::new();
        let mut r = Reader::new("x.yaml", &mut diags);
        let mut f = r.fields(&tree, "").unwrap();
        let a = f.optional("a").unwrap();
        let b = f.optional("b").unwrap();
        let c = f.optional("c").unwrap();
        assert!(r.date(a, "a").is_none());
        assert!(r.money(b, "b").is_none());
        assert!(r.text(c, "c").is_none());
        f.finish(&mut r, &[]);
        let lines: Vec<u32> = diags.iter().map(|d| d.span.unwrap().line).collect();
        assert_eq!(lines, [1, 2, 3]);
    }
}
