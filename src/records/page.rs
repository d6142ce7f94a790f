//! Free pages (`pages/**/*.md`): about the township, how to contact it.
//!
//! A page needs only a title; unit and date are optional because an "about"
//! page belongs to the whole site and is not dated news.

use super::common::{self, Correction, Withdrawal};
use super::config::Config;
use super::read::{Extra, Reader};
use crate::diagnostics::Diagnostics;
use crate::load::Document;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) unit: Option<String>,
    pub(crate) published: Option<Date>,
    pub(crate) draft: bool,
    pub(crate) corrections: Vec<Correction>,
    /// Set when the page was withdrawn (已撤回): it stays up, marked.
    pub(crate) withdrawn: Option<Withdrawal>,
    pub(crate) tags: Vec<String>,
    /// Custom data for the theme, never checked.
    pub(crate) extra: Extra,
    pub(crate) body: String,
    pub(crate) body_line: u32,
    /// The body's links, checked once every page is known.
    pub(crate) links: Vec<super::links::BodyLink>,
}

pub(crate) fn read(doc: &Document, config: &Config, diags: &mut Diagnostics) -> Option<Page> {
    let errors_before = diags.error_count();
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "字段区")?;
    let title = f.required_as(
        "title",
        &mut r,
        "写页面标题，例如 title: 关于本网站",
        Reader::text,
    );
    let unit = f
        .optional_as("unit", &mut r, Reader::text)
        .and_then(|u| common::check_unit(u, &mut r, config));
    let published = f.optional_as("published", &mut r, Reader::date);
    let draft = f
        .optional_as("draft", &mut r, Reader::boolean)
        .unwrap_or(false);
    let tags = f
        .optional("tags")
        .map(|n| r.strings(n, "tags"))
        .unwrap_or_default();
    let corrections = f
        .optional("corrections")
        .map(|n| common::read_corrections(n, &mut r, published.as_ref()))
        .unwrap_or_default();
    let withdrawn = f
        .optional("withdrawn")
        .map(|n| common::read_withdrawal(n, &mut r, published.as_ref()));
    let extra = f.extra();
    f.finish(&mut r, &common::FIELDS);
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Page {
        path: doc.path.clone(),
        title: title?.value,
        unit,
        published: published.map(|p| p.value),
        draft,
        corrections,
        withdrawn: withdrawn.flatten(),
        tags,
        extra,
        body: doc.body.clone(),
        body_line: doc.body_line,
        links: super::links::body_links(doc),
    })
}
