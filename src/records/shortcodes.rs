//! Shortcodes in report bodies: `{{ value(indicator="pear-grafting",
//! period="2013-H1") }}` and `{{ chart(indicator="pear-grafting") }}`.
//!
//! This module only finds and parses the calls; the report reader resolves
//! them against the indicator series, so a number in a report always comes
//! from the same data as the chart beside it.

use crate::domain::Invalid;
use std::collections::BTreeMap;

/// One `{{ name(key="value", ...) }}` in a text, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) args: BTreeMap<String, String>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A malformed shortcode: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) message: String,
}

/// Every shortcode of `text` in order, or why one is malformed.
pub(crate) fn find(text: &str) -> Vec<Result<Call, Malformed>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open..].find("}}").map(|i| open + i + 2) else {
            out.push(Err(Malformed {
                start: open,
                end: text.len().min(open + 2),
                message: "短代码没有结束：缺少 }}".to_string(),
            }));
            break;
        };
        out.push(parse(&text[open + 2..close - 2]).map_or_else(
            |message| {
                Err(Malformed {
                    start: open,
                    end: close,
                    message: message.0,
                })
            },
            |(name, args)| {
                Ok(Call {
                    name,
                    args,
                    start: open,
                    end: close,
                })
            },
        ));
        from = close;
    }
    out
}

/// Parses `name(key="value", key2="value2")`.
fn parse(inner: &str) -> Result<(String, BTreeMap<String, String>), Invalid> {
    let inner = inner.trim();
    let example = "写法如 {{ value(indicator=\"指标代码\", period=\"2013-H1\") }}，指标代码是 indicators/ 下的文件名";
    let (name, rest) = inner
        .split_once('(')
        .ok_or_else(|| format!("短代码格式有误：缺少括号；{example}"))?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(Invalid(format!("短代码名称“{name}”有误；{example}")));
    }
    let body = rest
        .trim_end()
        .strip_suffix(')')
        .ok_or_else(|| format!("短代码格式有误：缺少右括号；{example}"))?;
    let mut args = BTreeMap::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("参数“{rest}”格式有误：应写作 名称=\"值\""))?;
        let key = key.trim().to_string();
        let after = after.trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'' || *c == '“')
            .ok_or_else(|| format!("参数 {key} 的值要加英文引号，例如 {key}=\"2013-H1\""))?;
        let closing = if quote == '“' { '”' } else { quote };
        let value_start = quote.len_utf8();
        let value_end = after[value_start..]
            .find(closing)
            .ok_or_else(|| format!("参数 {key} 的引号没有闭合"))?;
        let value = after[value_start..value_start + value_end].to_string();
        if args.insert(key.clone(), value).is_some() {
            return Err(Invalid(format!("参数 {key} 写了两次")));
        }
        rest = after[value_start + value_end + closing.len_utf8()..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Ok((name.to_string(), args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_their_arguments() {
        let text = "面积{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}亩。\n{{ chart(indicator='x') }}";
        let calls: Vec<Call> = find(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "value");
        assert_eq!(calls[0].args["period"], "2013-H1");
        assert_eq!(
            &text[calls[0].start..calls[0].end],
            "{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}"
        );
        assert_eq!(calls[1].args["indicator"], "x");
    }

    #[test]
    fn malformed_calls_say_why() {
        for (text, fragment) in [
            ("{{ value indicator=\"x\" }}", "缺少括号"),
            ("{{ value(indicator=x) }}", "要加英文引号"),
            ("{{ value(indicator=\"x) }}", "引号没有闭合"),
            ("{{ value(indicator=\"x\"", "没有结束"),
            ("{{ Value(indicator=\"x\") }}", "名称"),
        ] {
            let found = find(text);
            let e = found[0].as_ref().unwrap_err();
            assert!(e.message.contains(fragment), "{text}: {}", e.message);
        }
    }

    #[test]
    fn text_without_shortcodes_has_none() {
        assert!(find("普通的正文 {单个括号}").is_empty());
    }
}
