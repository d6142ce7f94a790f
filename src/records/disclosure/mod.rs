//! Disclosures (`disclosures/**/*.md`): 党务、村务、财务公开.
//!
//! A disclosure has the common fields, a category, an optional posting
//! period (公示期), and by category a finance ledger, a 四议两公开 decision
//! or a list of party candidates.

pub(crate) mod decision;
pub(crate) mod finance;
pub(crate) mod party;

use super::common::{self, Common, Posting};
use super::config::Config;
use super::read::{At, Fields, Reader};
use crate::diagnostics::Diagnostics;
use crate::domain::dates;
use crate::load::Document;
use crate::load::yaml::Node;
use decision::Decision;
use finance::Finance;
use party::Party;
use serde::Serialize;

/// The three kinds of public disclosure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Category {
    Party,
    Village,
    Finance,
}

impl Category {
    pub(crate) const ALL: [Category; 3] = [Category::Party, Category::Village, Category::Finance];

    pub(crate) fn id(&self) -> &'static str {
        match self {
            Category::Party => "party",
            Category::Village => "village",
            Category::Finance => "finance",
        }
    }

    pub(crate) fn label(&self) -> &'static str {
        match self {
            Category::Party => "党务公开",
            Category::Village => "村务公开",
            Category::Finance => "财务公开",
        }
    }
}

/// What a disclosure holds beyond its text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Details {
    Finance(Finance),
    Decision(Decision),
    Party(Party),
    Notice,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Disclosure {
    pub(crate) path: String,
    pub common: Common,
    pub(crate) category: Category,
    pub(crate) posting: Option<Posting>,
    pub(crate) details: Details,
    pub(crate) body: String,
    pub(crate) body_line: u32,
    /// The body's links, checked once every page is known.
    pub(crate) links: Vec<crate::records::links::BodyLink>,
}

/// Reads and checks one disclosure file; `None` when it has errors (all of
/// them reported).
pub(crate) fn read(doc: &Document, config: &Config, diags: &mut Diagnostics) -> Option<Disclosure> {
    let errors_before = diags.error_count();
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "字段区")?;
    let common = common::read(&mut f, &mut r, config);
    let category = f
        .required(
            "category",
            &mut r,
            "写 category: party（党务）、village（村务）或 finance（财务）",
        )
        .and_then(|n| {
            r.choice(
                n,
                "category",
                &[
                    ("party", Category::Party),
                    ("village", Category::Village),
                    ("finance", Category::Finance),
                ],
            )
        });
    let posting = f
        .optional("posting")
        .and_then(|n| read_posting(n, &mut r, config));
    let details = match category.as_ref().map(|c| c.value) {
        Some(Category::Finance) => {
            finance::read(&mut f, &mut r, posting.as_ref()).map(Details::Finance)
        }
        Some(Category::Village) => match f.optional("decision") {
            Some(n) => {
                let project = f
                    .optional("project")
                    .and_then(|p| common::project_tag(p, &mut r, "project"));
                decision::read(n, &mut r)
                    .and_then(|d| decision::with_project(d, project, &mut r))
                    .map(Details::Decision)
            }
            None => Some(Details::Notice),
        },
        Some(Category::Party) => party::read(&mut f, &mut r, posting.as_ref()).map(|p| match p {
            Some(p) => Details::Party(p),
            None => Details::Notice,
        }),
        None => None,
    };
    finish_fields(f, &mut r, category.as_ref());
    // Checks of figures computed over the whole record come last, and only
    // when nothing in it is wrong: see `Finance::check_closing`.
    let clean = r.diags.error_count() == errors_before;
    if let (true, Some(Details::Finance(f))) = (clean, &details) {
        f.check_closing(&mut r);
    }
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Disclosure {
        path: doc.path.clone(),
        common: common?,
        category: category?.value,
        posting: posting.map(|p| p.value),
        details: details?,
        body: doc.body.clone(),
        body_line: doc.body_line,
        links: crate::records::links::body_links(doc),
    })
}

/// Warns about fields that do not belong to this category of disclosure.
fn finish_fields(f: Fields, r: &mut Reader, category: Option<&At<Category>>) {
    let mut known: Vec<&str> = common::FIELDS.to_vec();
    known.extend(["category", "posting"]);
    match category.map(|c| c.value) {
        Some(Category::Finance) => known.extend(finance::FIELDS),
        Some(Category::Village) => known.push("decision"),
        Some(Category::Party) => known.extend(party::FIELDS),
        None => {}
    }
    f.finish(r, &known);
}

/// Reads `posting: {from, to, channels}` and checks its length against the
/// site's shortest allowed posting.
fn read_posting(node: &Node, r: &mut Reader, config: &Config) -> Option<At<Posting>> {
    let mut f = r.fields(node, "posting")?;
    let from = f
        .required("from", r, "写公示开始日期，例如 from: 2013-07-05")
        .and_then(|n| r.date(n, "posting.from"));
    let to = f
        .required("to", r, "写公示结束日期，例如 to: 2013-07-12")
        .and_then(|n| r.date(n, "posting.to"));
    let channels = f
        .optional("channels")
        .map(|n| r.strings(n, "channels"))
        .unwrap_or_default();
    f.finish(r, &["from", "to", "channels"]);
    let (from, to) = (from?, to?);
    if to.value < from.value {
        r.error(
            to.span,
            format!("公示结束日期 {} 早于开始日期 {}", to.value, from.value),
        );
        return None;
    }
    let days = dates::days_inclusive(from.value, to.value);
    if days < i64::from(config.notice_min_days) {
        let min = config.notice_min_days;
        let earliest_end = jiff::Span::new()
            .try_days(i64::from(min) - 1)
            .and_then(|span| from.value.checked_add(span))
            .ok();
        r.error_help(
            to.span,
            format!("公示期只有 {days} 天，少于规定的 {min} 天（site.yaml 的 notice_min_days）"),
            match earliest_end {
                Some(d) => format!("把 to 改为 {d} 或更晚（起止两天都算在内）"),
                None => "延长公示期".to_string(),
            },
        );
    }
    Some(At::new(
        Posting {
            from: from.value,
            to: to.value,
            channels,
        },
        node.span,
    ))
}
