//! Parser errors in the clerk's words.

use super::{Origin, SyntaxError, fallback};
use crate::diagnostics::Span;

pub(super) fn syntax_error(e: &serde_saphyr::Error, yaml: &str, origin: Origin) -> SyntaxError {
    let span = e.location().map(|loc| fallback::place(&loc, yaml, origin));
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
