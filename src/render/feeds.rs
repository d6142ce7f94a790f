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
pub const ENTRIES: usize = 50;

/// The part of the site a feed covers.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// The whole site: `feed.xml` at the root.
    Site,
    Category(Category),
    Unit(&'a Unit),
}

impl Scope<'_> {
    /// The list page the feed belongs to (site-relative folder).
    pub fn page(&self) -> String {
        match self {
            Scope::Site => String::new(),
            Scope::Category(c) => context::category_path(c.id()),
            Scope::Unit(u) => context::unit_path(&u.id),
        }
    }

    /// The feed file.
    pub fn target(&self) -> String {
        format!("{}feed.xml", self.page())
    }

    /// What the feed is about, for its title.
    pub fn label(&self) -> String {
        match self {
            Scope::Site => String::new(),
            Scope::Category(c) => c.label().to_string(),
            Scope::Unit(u) => u.name.clone(),
        }
    }

    /// Whether the feed carries this record.
    pub fn covers(&self, item: &Item) -> bool {
        match self {
            Scope::Site => true,
            Scope::Category(c) => item.category == c.id(),
            Scope::Unit(u) => item.unit_path == urls::encode_path(&context::unit_path(&u.id)),
        }
    }
}

/// Every section feed of the site, in a stable order.
pub fn scopes(config: &Config) -> Vec<Scope<'_>> {
    Category::ALL
        .into_iter()
        .map(Scope::Category)
        .chain(config.units.iter().map(Scope::Unit))
        .collect()
}

/// The feed of a list page, from its section (`finance`, …) or unit.
pub fn scope_of<'a>(section: &str, unit: Option<&'a Unit>) -> Option<Scope<'a>> {
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
pub struct FeedLink {
    pub title: String,
    /// Site-relative and percent-encoded; templates prefix `root`.
    pub path: String,
}

pub fn link(config: &Config, scope: Scope) -> FeedLink {
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
pub fn context(config: &Config, today: jiff::civil::Date, items: &[Item], scope: Scope) -> Context {
    let base = &config.base_url;
    let covered: Vec<&Item> = items.iter().filter(|i| scope.covers(i)).collect();
    let entries: Vec<Entry> = covered
        .iter()
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
    let updated = covered
        .iter()
        .map(|i| i.updated.as_str())
        .max()
        .map_or_else(|| atom_time(&today.to_string()), atom_time);
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
