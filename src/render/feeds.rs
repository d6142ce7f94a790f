//! Atom feeds of one part of the site: one per category
//! (`disclosures/finance/feed.xml`) and one per unit (`units/xiguan/feed.xml`),
//! besides the whole site's `feed.xml`. A villager who follows only their own
//! village, or only the finance disclosures, subscribes to just that.

use super::context::{self, Item};
use super::urls;
use crate::records::config::{Config, Unit};
use crate::records::disclosure::Category;
use serde::Serialize;
use tera::Context;

/// How many entries a section feed carries.
pub(crate) const ENTRIES: usize = 50;

/// The part of the site a feed covers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope<'a> {
    /// The whole site: `feed.xml` at the root.
    Site,
    Category(Category),
    Unit(&'a Unit),
}

impl Scope<'_> {
    /// The list page the feed belongs to (site-relative folder).
    pub(crate) fn page(&self) -> String {
        match self {
            Scope::Site => String::new(),
            Scope::Category(c) => context::category_path(c.id()),
            Scope::Unit(u) => context::unit_path(&u.id),
        }
    }

    /// The feed file.
    pub(crate) fn target(&self) -> String {
        format!("{}feed.xml", self.page())
    }

    /// What the feed is about, for its title.
    pub(crate) fn label(&self) -> String {
        match self {
            Scope::Site => String::new(),
            Scope::Category(c) => c.label().to_string(),
            Scope::Unit(u) => u.name.clone(),
        }
    }

    /// Which records the feed carries, as a test made once per feed: the
    /// unit's list path is encoded here rather than once per record (for
    /// each of 10,000 records that cost a unit's feed about 4 ms, more than
    /// the rest of the feed).
    pub(crate) fn cover(&self) -> Cover {
        match self {
            Scope::Site => Cover::All,
            Scope::Category(c) => Cover::Category(c.id()),
            Scope::Unit(u) => Cover::Unit(urls::encode_path(&context::unit_path(&u.id))),
        }
    }
}

/// Which records a feed carries, ready to test many records.
#[derive(Clone, Debug)]
pub(crate) enum Cover {
    All,
    /// A category's id.
    Category(&'static str),
    /// A unit's list path, as [`Item::unit_path`] holds it.
    Unit(String),
}

impl Cover {
    /// Whether the feed carries this record.
    pub(crate) fn covers(&self, item: &Item) -> bool {
        match self {
            Cover::All => true,
            Cover::Category(id) => item.category == *id,
            Cover::Unit(path) => item.unit_path == *path,
        }
    }
}

/// Every list of the site, each with its feed, in a stable order: the
/// whole site, each category, each unit in site.yaml order.
pub(crate) fn scopes(config: &Config) -> Vec<Scope<'_>> {
    std::iter::once(Scope::Site)
        .chain(Category::ALL.into_iter().map(Scope::Category))
        .chain(config.units.iter().map(Scope::Unit))
        .collect()
}

/// What tells one list from another: a scope by value, for looking lists up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ScopeKey<'a> {
    Site,
    Category(Category),
    /// A unit id.
    Unit(&'a str),
}

impl<'a> Scope<'a> {
    pub(crate) fn key(&self) -> ScopeKey<'a> {
        match self {
            Scope::Site => ScopeKey::Site,
            Scope::Category(c) => ScopeKey::Category(*c),
            Scope::Unit(u) => ScopeKey::Unit(&u.id),
        }
    }
}

/// The feed of a list page, from its section (`finance`, …) or unit.
pub(crate) fn scope_of<'a>(section: &str, unit: Option<&'a Unit>) -> Option<Scope<'a>> {
    match unit {
        Some(u) => Some(Scope::Unit(u)),
        None => Category::ALL
            .into_iter()
            .find(|c| c.id() == section)
            .map(Scope::Category),
    }
}

/// The `<link rel="alternate">` a list page carries for its own feed.
#[derive(Serialize)]
pub(crate) struct FeedLink {
    pub(crate) title: String,
    /// Site-relative and percent-encoded; templates prefix `root`.
    pub(crate) path: String,
}

pub(crate) fn link(config: &Config, scope: Scope) -> FeedLink {
    FeedLink {
        title: format!("{} - {}", config.title, scope.label()),
        path: urls::encode_path(&scope.target()),
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    published: String,
    updated: String,
    summary: &'a str,
    author: &'a str,
    category: &'a str,
}

/// Atom timestamps: a record's date at midnight China time.
fn atom_time(date: &str) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The context of `atom.xml` for the site or one section: its newest entries (items
/// come newest first). An empty section's feed is dated `today`.
pub(crate) fn context(
    config: &Config,
    today: jiff::civil::Date,
    items: &[Item],
    scope: Scope,
) -> Context {
    let cover = scope.cover();
    let covered = || items.iter().filter(|i| cover.covers(i));
    let newest = covered().map(|i| i.updated.as_str()).max();
    context_of(config, today, covered(), newest, scope)
}

/// [`context`] for a caller that keeps each feed's records (`covered`,
/// newest first) and the newest `updated` date among them, rather than
/// picking them out of all records each time.
pub(crate) fn context_of<'i>(
    config: &Config,
    today: jiff::civil::Date,
    covered: impl Iterator<Item = &'i Item>,
    newest: Option<&str>,
    scope: Scope,
) -> Context {
    let base = &config.base_url;
    let entries: Vec<Entry> = covered
        .take(ENTRIES)
        .map(|i| Entry {
            title: &i.title,
            url: format!("{base}{}", i.path),
            published: atom_time(&i.published),
            updated: atom_time(&i.updated),
            summary: &i.summary,
            author: &i.unit,
            category: i.category_label,
        })
        .collect();
    let updated = newest.map_or_else(|| atom_time(&today.to_string()), atom_time);
    let mut ctx = Context::new();
    let title = match scope {
        Scope::Site => config.title.clone(),
        _ => format!("{} - {}", config.title, scope.label()),
    };
    ctx.insert("title", &title);
    ctx.insert("self_url", &urls::absolute(base, &scope.target()));
    ctx.insert("home_url", &urls::absolute(base, &scope.page()));
    ctx.insert("updated", &updated);
    ctx.insert("entries", &entries);
    ctx
}
