//! The text a reader sees on a rendered page, for the index: the page's
//! `<main>`, without what the theme hides on screen, cut into lines where
//! the layout breaks them (a paragraph, a table row, a list item), plus the
//! other ways of writing what it shows (`2,100.00` as `2100.00`, a date as
//! `2013-07-03` and as `2013年7月3日`).
//!
//! Why from the HTML and not from the records: what a villager searches
//! for is what the page shows them — ledger amounts as formatted, 大写,
//! state badges, dates as written — and reading the rendered page keeps the
//! index in step with the templates, so a new kind of page is searchable by
//! naming its kind (see `render::pages::search_entry`). The theme's pages
//! are our own output (templates and sanitized Markdown), so a scanner that
//! follows tags, quotes and the few entities the escaper writes is enough.

/// Elements whose content is never shown as text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "svg" | "template" | "noscript" | "button"
    )
}

/// Classes whose text is not indexed: those the default theme hides on
/// screen (`style.css`: the print-only notice block, signature lines, text
/// for screen readers only), and the transparency log's version block
/// (`versions`), whose words are the same on every page of a logged site
/// (本页为第 1 版，记入透明日志第 N 条…) and whose hash is no one's query:
/// indexing it would make 透明日志 match every page and cost a tenth of
/// what the log adds to a build.
fn is_hidden_class(class: &str) -> bool {
    matches!(
        class,
        "notice-foot" | "sign-line" | "visually-hidden" | "versions"
    )
}

/// Elements that start a new line of text. (A `match`, not a list
/// searched in turn: this runs for every tag of every page.)
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "br"
            | "caption"
            | "details"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "tr"
            | "ul"
    )
}

/// Elements that have no content, so never a closing tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr" | "source"
    )
}

/// What a page shows, as lines, and the other forms of its figures.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Visible {
    /// Non-empty lines, whitespace runs made one space, each ended by
    /// `\n`: one text rather than a string per line, as the index keeps it.
    pub(crate) lines: String,
    /// `2100.00` for `2,100.00`, both date forms: searchable, never shown.
    pub(crate) other_forms: Vec<String>,
}

/// The visible text of `html`'s `<main>` (of the whole text when it has
/// none).
pub(crate) fn visible(html: &str) -> Visible {
    let body = main_of(html);
    let mut out = Visible::default();
    let mut line = String::new();
    let mut skipping: Option<(String, usize)> = None;
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with('<') {
            let (tag, after) = tag(rest);
            rest = after;
            let Some(tag) = tag else { continue };
            if let Some((name, depth)) = &mut skipping {
                if tag.name == name.as_str() && !is_void(&tag.name) {
                    if tag.closing {
                        *depth -= 1;
                    } else if !tag.self_closing {
                        *depth += 1;
                    }
                }
                if *depth == 0 {
                    skipping = None;
                }
                continue;
            }
            if !tag.closing && tag.hidden() && !is_void(&tag.name) {
                if !tag.self_closing {
                    skipping = Some((tag.name.to_string(), 1));
                }
                continue;
            }
            if tag.name == "time"
                && !tag.closing
                && let Some(date) = attr(tag.attrs, "datetime")
            {
                out.other_forms.push(date.to_string());
            }
            if is_block(&tag.name) {
                end_line(&mut line, &mut out.lines);
            } else if matches!(&*tag.name, "td" | "th" | "dt" | "dd") && !line.ends_with(' ') {
                line.push(' ');
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        if skipping.is_none() {
            push_unescaped(&rest[..end], &mut line);
        }
        rest = &rest[end..];
    }
    end_line(&mut line, &mut out.lines);
    for l in out.lines.split_terminator('\n') {
        other_forms(l, &mut out.other_forms);
    }
    out
}

fn main_of(html: &str) -> &str {
    let Some(start) = html.find("<main") else {
        return html;
    };
    let end = html
        .rfind("</main>")
        .filter(|&e| e > start)
        .unwrap_or(html.len());
    let open_end = html[start..].find('>').map_or(end, |i| start + i + 1);
    &html[open_end.min(end)..end]
}

/// Ends the line being gathered: its whitespace runs made one space, kept
/// when anything is left.
fn end_line(line: &mut String, lines: &mut String) {
    let mut words = line.split_whitespace();
    if let Some(first) = words.next() {
        lines.push_str(first);
        for word in words {
            lines.push(' ');
            lines.push_str(word);
        }
        lines.push('\n');
    }
    line.clear();
}

/// One tag: its lower-case name and its attribute text.
struct Tag<'a> {
    name: std::borrow::Cow<'a, str>,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

impl Tag<'_> {
    /// Not indexed: a skipped element, the `hidden` attribute,
    /// `aria-hidden="true"`, or a class the theme hides or the index leaves
    /// out.
    ///
    /// The attributes are read in one pass: this runs for every tag of
    /// every page. As a browser reads a tag, only the first of a repeated
    /// attribute counts.
    fn hidden(&self) -> bool {
        if is_skipped(&self.name) {
            return true;
        }
        let (mut aria_seen, mut class_seen) = (false, false);
        attributes(self.attrs).any(|(key, value)| {
            if key.eq_ignore_ascii_case("hidden") {
                true
            } else if !aria_seen && key.eq_ignore_ascii_case("aria-hidden") {
                aria_seen = true;
                value == "true"
            } else if !class_seen && key.eq_ignore_ascii_case("class") {
                class_seen = true;
                value.split_whitespace().any(is_hidden_class)
            } else {
                false
            }
        })
    }
}

/// The tag at the start of `s` (which starts with `<`) and the text after
/// it; `None` for a `<` that starts no tag (`<!DOCTYPE`, a stray `<`).
fn tag(s: &str) -> (Option<Tag<'_>>, &str) {
    let mut in_quote: Option<u8> = None;
    let mut end = s.len();
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (in_quote, b) {
            (Some(q), _) if b == q => in_quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => in_quote = Some(b),
            (None, b'>') => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let inner = &s[1..end];
    let rest = s.get(end + 1..).unwrap_or("");
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(inner.len());
    if name_len == 0 {
        return (None, rest);
    }
    let tag = Tag {
        name: lower_case(&inner[..name_len]),
        closing,
        self_closing: inner.ends_with('/'),
        attrs: &inner[name_len..],
    };
    (Some(tag), rest)
}

/// `name` in lower case, copied only when it is not already (the theme
/// writes its tags in lower case).
fn lower_case(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// The value of attribute `name` in a tag's attribute text: `Some("")` for
/// a bare attribute.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    attributes(attrs)
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// Each attribute of a tag's attribute text, as its name and its value
/// (`""` for a bare attribute), in order.
fn attributes(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = v;
            rest = r;
        }
        Some((key, value))
    })
}

/// Appends `text` to `out` with its character references replaced.
fn push_unescaped(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| reference(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => return None,
    })
}

/// The other forms of the figures in one line: an amount with thousands
/// separators without them, an ISO date in Chinese and a Chinese date in
/// ISO form, so each is found however it is typed.
fn other_forms(line: &str, out: &mut Vec<String>) {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let end = number_end(&chars, i);
        let number: String = chars[i..end].iter().collect();
        if number.contains(',') {
            out.push(number.replace(',', ""));
        } else if let Some(iso) = chinese_date(&chars[i..]) {
            out.push(iso);
        } else if let Some(chinese) = iso_date(&number) {
            out.push(chinese);
        }
        i = end.max(i + 1);
    }
}

/// Where a run of digits, thousands commas, a decimal point and hyphens
/// that starts at `i` ends (a comma or point must be followed by a digit).
fn number_end(chars: &[char], i: usize) -> usize {
    let mut end = i;
    while end < chars.len() {
        let c = chars[end];
        let joins =
            matches!(c, ',' | '.' | '-') && chars.get(end + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || joins {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// `2013-07-03` as `2013年7月3日`.
fn iso_date(s: &str) -> Option<String> {
    let date: jiff::civil::Date = s.parse().ok()?;
    (s.len() == 10).then(|| crate::domain::dates::chinese(date))
}

/// `2013年7月3日…` (at the start of `chars`) as `2013-07-03`.
fn chinese_date(chars: &[char]) -> Option<String> {
    let text: String = chars.iter().take(11).collect();
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if !rest[day.len()..].starts_with('日') {
        return None;
    }
    let date =
        jiff::civil::Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()?;
    Some(date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_in_lines_without_what_the_screen_hides() {
        let html = r#"<html><head><title>不要</title><script>var a = "<p>";</script></head>
<body><nav>导航不要</nav><main id="main"><h1>西关村&amp;财务</h1>
<dl><div><dt>发布日期</dt><dd><time datetime="2013-07-03">2013年7月3日</time></dd></div></dl>
<table><tr><td>2013-06-21</td><td>记-022</td><td>存款利息</td><td class="num">2,100.00</td></tr></table>
<p class="visually-hidden">读屏</p><span class="sign-line" aria-hidden="true"></span>
<footer class="notice-foot"><p>盖章</p><div><p>不要</p></div></footer>
<svg><text>图</text></svg><p hidden>藏</p><p>尾 <!-- 注释 --> 句</p></main><footer>页脚</footer></body></html>"#;
        let v = visible(html);
        assert_eq!(
            v.lines.split_terminator('\n').collect::<Vec<_>>(),
            [
                "西关村&财务",
                "发布日期 2013年7月3日",
                "2013-06-21 记-022 存款利息 2,100.00",
                "尾 句"
            ]
        );
        for form in ["2013-07-03", "2100.00", "2013年6月21日"] {
            assert!(v.other_forms.iter().any(|f| f == form), "{form}: {v:?}");
        }
    }

    #[test]
    fn only_the_first_of_a_repeated_attribute_hides() {
        let v = visible(
            r#"<main><p aria-hidden="false" aria-hidden="true">看得见</p><p class="lead" class="visually-hidden">也看得见</p><p class="visually-hidden" class="lead">读屏</p></main>"#,
        );
        assert_eq!(v.lines, "看得见\n也看得见\n");
    }

    #[test]
    fn attributes_quoted_either_way_or_bare() {
        assert_eq!(attr(r#" class="a b" hidden"#, "hidden"), Some(""));
        assert_eq!(attr(" data-x='1>2' class=c", "class"), Some("c"));
        assert_eq!(attr(r#" title="x""#, "class"), None);
    }

    #[test]
    fn numbers_and_dates_get_their_other_forms() {
        let mut out = Vec::new();
        other_forms(
            "支出 186,500.00 元，2019年6月20日 与 2013-04-09；1,2",
            &mut out,
        );
        assert_eq!(out, ["186500.00", "2019-06-20", "2013年4月9日", "12"]);
    }
}
