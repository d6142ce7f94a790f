//! The live preview's render stage: after an edit to disclosure records,
//! re-render only the pages that show them.
//!
//! [`Live::render_all`] does what [`render_site`](super::render_site) does
//! and keeps the shared pieces (each record's list line and body HTML).
//! [`Live::update`] then takes the model after some disclosures changed
//! (edited, added, removed, or newly held back) and renders:
//!
//! * the changed records' own pages;
//! * every list page whose records changed or moved (its own records,
//!   category and unit lists, and the pages after a record that moved);
//! * the home page, the units page and the main feed (they summarise all
//!   records and are cheap), the section feeds that cover a changed record,
//!   and the sitemap when a URL or a date in it changed.
//!
//! Pages that do not show disclosures (plans, reports, indicators, free
//! pages) are left as they were. The search index is kept from the full
//! render: it is rebuilt by the next full render, not on every save.
//! Anything other than a disclosure change (site.yaml, the theme, plans,
//! pages, indicators, static files) takes a full render; the caller decides.

use super::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// What the live preview keeps between renders.
pub struct Live {
    shared: Shared,
    /// The file path of each disclosure, in the order of `shared.items`.
    paths: Vec<String>,
    /// Each list page's output path → what it showed (a hash of its records).
    list_keys: HashMap<String, u64>,
    sitemap_key: u64,
    /// Each disclosure's file path → its page's output path.
    record_targets: HashMap<String, String>,
}

/// The files an update rendered, and the output paths it removed.
#[derive(Debug, Default)]
pub struct Update {
    pub files: Vec<OutputFile>,
    pub removed: Vec<String>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn list_key(input: &Input, l: &ListJob) -> u64 {
    let paths: Vec<&str> = l
        .items
        .iter()
        .map(|&i| input.disclosures[i].path.as_str())
        .collect();
    hash_of((l.number, l.total, &l.heading, paths))
}

fn sitemap_key(input: &Input) -> u64 {
    let dates: Vec<(&str, String)> = input
        .disclosures
        .iter()
        .map(|d| (d.path.as_str(), d.common.updated().to_string()))
        .collect();
    hash_of(dates)
}

/// A disclosure's list line and body HTML, made as `shared` makes them.
fn record_pieces(input: &Input, d: &Disclosure) -> (Item, String) {
    let r = markdown::render(&d.body);
    let root = PagePath::of_record(&d.path).root_prefix();
    let body = rebase_root_links(&r.html, &root);
    let item = context::item(d, input.config, input.today, summary(&r.plain_text));
    (item, body)
}

fn covers(scope: &feeds::Scope, item: &Item) -> bool {
    scope.covers(item)
}

impl Live {
    /// Renders the whole site, as a build would, and keeps what the next
    /// update needs.
    pub fn render_all(
        input: &Input,
        theme: &mut Theme,
    ) -> Result<(Vec<OutputFile>, Live), Diagnostics> {
        let (mut shared, data, jobs) = prepare(input, theme)?;
        let files = render_files(input, &mut shared, &data, theme, &jobs)?;
        let mut live = Live {
            paths: input.disclosures.iter().map(|d| d.path.clone()).collect(),
            shared,
            list_keys: HashMap::new(),
            sitemap_key: sitemap_key(input),
            record_targets: HashMap::new(),
        };
        for job in &jobs {
            match job {
                Job::List(l) => {
                    let (target, _) = job_target(job, input);
                    live.list_keys.insert(target, list_key(input, l));
                }
                Job::Record(i) => {
                    let (target, _) = job_target(job, input);
                    live.record_targets
                        .insert(input.disclosures[*i].path.clone(), target);
                }
                _ => {}
            }
        }
        Ok((files, live))
    }

    /// Re-renders what showing `changed` (disclosure file paths) needs,
    /// given the model after the change.
    pub fn update(
        &mut self,
        input: &Input,
        theme: &Theme,
        changed: &BTreeSet<String>,
    ) -> Result<Update, Diagnostics> {
        // The list lines and bodies, in the new order: kept ones moved over,
        // changed ones made anew.
        let items = std::mem::take(&mut self.shared.items);
        let bodies = std::mem::take(&mut self.shared.bodies);
        let mut old: HashMap<String, (Item, String)> = self
            .paths
            .drain(..)
            .zip(items.into_iter().zip(bodies))
            .collect();
        let mut touched: Vec<Item> = Vec::new();
        // How each unit's count of records changes: the units page shows it.
        let mut per_unit: HashMap<String, i64> = HashMap::new();
        for path in changed {
            if let Some((item, _)) = old.remove(path) {
                *per_unit.entry(item.unit_path.clone()).or_default() -= 1;
                touched.push(item);
            }
        }
        let mut items = Vec::with_capacity(input.disclosures.len());
        let mut bodies = Vec::with_capacity(input.disclosures.len());
        let mut added = false;
        for d in input.disclosures {
            let (item, body) = match old.remove(&d.path) {
                Some(kept) => kept,
                None => {
                    added |= !self.record_targets.contains_key(&d.path);
                    let made = record_pieces(input, d);
                    *per_unit.entry(made.0.unit_path.clone()).or_default() += 1;
                    touched.push(made.0.clone());
                    made
                }
            };
            items.push(item);
            bodies.push(body);
        }
        // Whatever is left in `old` was removed (or held back) without
        // being named as changed.
        let mut gone: Vec<String> = old.into_keys().collect();
        gone.extend(
            changed
                .iter()
                .filter(|p| !input.disclosures.iter().any(|d| &d.path == *p))
                .cloned(),
        );
        self.shared.items = items;
        self.shared.bodies = bodies;
        self.paths = input.disclosures.iter().map(|d| d.path.clone()).collect();

        let data = data(input);
        let jobs = jobs(input);
        let mut diags = Diagnostics::new();
        if added || !gone.is_empty() {
            check_collisions(input, &jobs, &mut diags);
            if diags.has_errors() {
                return Err(diags);
            }
        }
        let new_sitemap = sitemap_key(input);
        let sitemap_changed = new_sitemap != self.sitemap_key;
        self.sitemap_key = new_sitemap;
        let mut list_targets = HashSet::new();
        let mut dirty: Vec<&Job> = Vec::new();
        for job in &jobs {
            let render = match job {
                Job::Record(i) => {
                    let path = &input.disclosures[*i].path;
                    changed.contains(path) || !self.record_targets.contains_key(path)
                }
                Job::List(l) => {
                    let (target, _) = job_target(job, input);
                    let key = list_key(input, l);
                    let shows_change = l
                        .items
                        .iter()
                        .any(|&i| changed.contains(&input.disclosures[i].path));
                    let moved = self.list_keys.insert(target.clone(), key) != Some(key);
                    list_targets.insert(target);
                    shows_change || moved
                }
                Job::SectionFeed(scope) => touched.iter().any(|item| covers(scope, item)),
                Job::Sitemap => sitemap_changed,
                Job::Units => per_unit.values().any(|n| *n != 0),
                Job::Home | Job::Feed => true,
                Job::Search
                | Job::Plans
                | Job::Plan(_)
                | Job::FreePage(_)
                | Job::NotFound
                | Job::Robots
                | Job::Indicators
                | Job::Indicator(_)
                | Job::IndicatorFile(..)
                | Job::Reports
                | Job::Report(_) => false,
            };
            if render {
                dirty.push(job);
            }
        }
        let results: Vec<Result<OutputFile, String>> = dirty
            .par_iter()
            .map(|job| render_job(job, input, &self.shared, &data, &theme.tera))
            .collect();
        let mut update = Update::default();
        for r in results {
            match r {
                Ok(f) => update.files.push(f),
                Err(e) => diags.error("themes", None, e),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        for job in &dirty {
            if let Job::Record(i) = job {
                let (target, _) = job_target(job, input);
                self.record_targets
                    .insert(input.disclosures[*i].path.clone(), target);
            }
        }
        for path in gone {
            if !input.disclosures.iter().any(|d| d.path == path)
                && let Some(target) = self.record_targets.remove(&path)
            {
                update.removed.push(target);
            }
        }
        let stale: Vec<String> = self
            .list_keys
            .keys()
            .filter(|t| !list_targets.contains(*t))
            .cloned()
            .collect();
        for target in stale {
            self.list_keys.remove(&target);
            update.removed.push(target);
        }
        Ok(update)
    }
}
