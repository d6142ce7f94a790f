//! A template that fails, reported once at its line in the theme, with the
//! pages it stopped, rather than once per page at `themes`.
//!
//! A site's override with one typo fails every page that uses it: at
//! N = 10,000 that was ten thousand identical findings, none of them naming
//! the file to fix. Tera knows the template and the byte range it failed
//! at; the theme knows where that template came from (the site's
//! `themes/<name>/templates/…` or the built-in theme). So a fault is
//! grouped by where it is and what it says, and reported there, in Chinese
//! first with Tera's words after.

use super::templates::TemplateSources;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use std::collections::BTreeMap;

/// Where a template failed and Tera's words for why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Fault {
    /// The template's name in the theme (`disclosure.html`,
    /// `partials/money.html`): the one at fault, which may be a parent or
    /// an include of the one rendered.
    pub(crate) template: String,
    /// Its byte range in the template's text, when Tera gave one.
    pub(crate) at: Option<(usize, usize)>,
    /// Tera's message, without its own drawing of the source.
    pub(crate) words: String,
}

impl Fault {
    /// The fault of `e`, found down its chain of causes; `template` (the
    /// one being rendered or loaded) when Tera names none.
    pub(crate) fn of(e: &tera::Error, template: &str) -> Fault {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = cause {
            if let Some(report) = err.downcast_ref::<tera::Error>().and_then(report_of) {
                let name = report.filename();
                let span = report.span();
                return Fault {
                    template: if name.is_empty() { template } else { name }.to_string(),
                    at: Some((span.range.start, span.range.end)),
                    words: report.message().to_string(),
                };
            }
            cause = err.source();
        }
        Fault {
            template: template.to_string(),
            at: None,
            words: chain(e),
        }
    }
}

/// A template that failed to render one output file.
#[derive(Debug)]
pub(crate) struct TemplateError {
    /// The output file it was rendering.
    pub(crate) page: String,
    pub(crate) fault: Fault,
}

impl TemplateError {
    pub(crate) fn new(page: &str, template: &str, e: &tera::Error) -> TemplateError {
        TemplateError {
            page: page.to_string(),
            fault: Fault::of(e, template),
        }
    }
}

/// One finding per fault, at its template's file and line, naming how many
/// pages it stopped and the first few; in the order of files and lines.
pub(crate) fn report(errors: Vec<TemplateError>, sources: &TemplateSources) -> Diagnostics {
    let mut by_fault: BTreeMap<Fault, Vec<String>> = BTreeMap::new();
    for e in errors {
        by_fault.entry(e.fault).or_default().push(e.page);
    }
    let mut diags = Diagnostics::new();
    for (fault, mut pages) in by_fault {
        pages.sort();
        diags.push(finding("模板出错", &fault, &pages, sources));
    }
    diags
}

/// The finding for a template that does not load (a syntax error, a
/// missing parent): no page has been tried yet.
pub(crate) fn load_failure(e: &tera::Error, sources: &TemplateSources) -> Diagnostic {
    finding("模板的写法有误", &Fault::of(e, ""), &[], sources)
}

/// How many pages to name before "等".
const PAGES_NAMED: usize = 3;

/// `what` (a template that does not load, or fails a page) is the
/// headline's first words.
fn finding(what: &str, fault: &Fault, pages: &[String], sources: &TemplateSources) -> Diagnostic {
    let source = sources.get(&fault.template);
    let origin = match source {
        Some(s) => s.origin.clone(),
        None if fault.template.is_empty() => "themes".to_string(),
        None => format!("themes（模板 {}）", fault.template),
    };
    let span = match (fault.at, source) {
        (Some((start, end)), Some(s)) => Some(Span::locate(&s.text, start, end - start)),
        _ => None,
    };
    let message = format!("{what}：{}{}", gloss(&fault.words), pages_stopped(pages));
    let help = if source.is_some_and(|s| s.from_site) {
        format!("改正这个模板；不需要自己的样式时，删去 {origin}，就用默认主题的同名模板")
    } else {
        "这是程序自带主题的问题，请把这条信息发给 gongkai 的维护人员".to_string()
    };
    Diagnostic::error(&origin, span, message)
        .with_help(help)
        .with_note(Some(fault.words.clone()))
}

/// "（12 个页面因此没能生成，如 a、b、c 等）".
fn pages_stopped(pages: &[String]) -> String {
    match pages {
        [] => String::new(),
        [one] => format!("（生成 {one} 时）"),
        _ => {
            let named: Vec<&str> = pages.iter().take(PAGES_NAMED).map(String::as_str).collect();
            let more = if pages.len() > PAGES_NAMED {
                " 等"
            } else {
                ""
            };
            format!(
                "（{} 个页面因此没能生成，如 {}{more}）",
                pages.len(),
                named.join("、")
            )
        }
    }
}

/// Tera's commonest messages in Chinese, with the names they quote; any
/// other is named as the engine's and shown in full in the note.
fn gloss(words: &str) -> String {
    let quoted = |prefix: &str| {
        words
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, rest)| (name.to_string(), rest))
    };
    let available = |rest: &str, label: &str| {
        rest.split_once("Available ")
            .and_then(|(_, list)| list.split_once(": "))
            .map_or(String::new(), |(_, names)| {
                format!("（这里可用的{label}：{}）", names.trim())
            })
    };
    if let Some((name, rest)) = quoted("Field `") {
        return format!("没有字段 {name}{}", available(rest, "字段"));
    }
    if let Some((name, rest)) = quoted("Variable `") {
        if rest.contains("exists but its value is undefined") {
            return format!("变量 {name} 没有值");
        }
        return format!("没有变量 {name}{}", available(rest, "变量"));
    }
    if let Some((kind, _)) = quoted("Iteration not possible on type `") {
        return format!("{kind} 类型的值不能用 for 逐个取出");
    }
    if let Some((a, rest)) = quoted("Cannot compare `") {
        let b = rest
            .strip_prefix(" with `")
            .and_then(|r| r.split_once('`'))
            .map_or("", |(b, _)| b);
        return format!("{a} 与 {b} 不能比较大小");
    }
    if words == "Unknown tag" || words.contains("but was expecting `elif`") {
        return "不认识的标签，或前面的 {% if %}、{% for %}、{% block %} 少了对应的 {% endif %}、{% endfor %}、{% endblock %}".to_string();
    }
    if words.starts_with("Found ") && words.contains(" but expected") {
        return "这里的写法不对（原文见下）".to_string();
    }
    if words.starts_with("Template '") && words.ends_with("not found") {
        return "找不到引用的模板（原文见下）".to_string();
    }
    "模板引擎报错（原文见下）".to_string()
}

fn report_of(e: &tera::Error) -> Option<&tera::ReportError> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    }
}

/// An error and its causes, joined: what Tera says when it names no place.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push('：');
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_words_read_in_chinese_with_the_names_they_quote() {
        assert_eq!(
            gloss("Field `nope` is not defined. Available fields: body, item"),
            "没有字段 nope（这里可用的字段：body, item）"
        );
        assert_eq!(gloss("Variable `x` is not defined."), "没有变量 x");
        assert_eq!(
            gloss("Variable `x` exists but its value is undefined"),
            "变量 x 没有值"
        );
        assert_eq!(
            gloss("Cannot compare `String` with `Number`"),
            "String 与 Number 不能比较大小"
        );
        assert_eq!(gloss("Something else"), "模板引擎报错（原文见下）");
    }

    #[test]
    fn many_pages_are_counted_and_the_first_named() {
        let pages: Vec<String> = (1..=5).map(|i| format!("p{i}/index.html")).collect();
        assert_eq!(
            pages_stopped(&pages),
            "（5 个页面因此没能生成，如 p1/index.html、p2/index.html、p3/index.html 等）"
        );
        assert_eq!(pages_stopped(&pages[..1]), "（生成 p1/index.html 时）");
    }
}
