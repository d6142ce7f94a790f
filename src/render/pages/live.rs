//! The live preview's render stage: after an edit to disclosure records,
//! re-render only the pages that show them.
//!
//! [`Live::render_all`] does what [`render_site`](super::render_site) does
//! and keeps the shared pieces (each record's list line and body HTML), and
//! what each page that sums up many records showed. [`Live::update`] then
//! takes the model after some disclosures changed (edited, added, removed,
//! or newly held back) and renders:
//!
//! * the changed records' own pages;
//! * the list pages whose lines changed: a record's line that changed, came,
//!   went or moved, or a new number of pages;
//! * each feed whose newest entries or date changed, the home page when any
//!   list line changed, the units page when a unit's count changed, and the
//!   sitemap when a URL or a date in it changed.
//!
//! It compares numbers, not pages: each list line ([`Item`]) has a number
//! that changes only when the line does, so "did page 3 of 西关村's list
//! change" is a comparison of 30 numbers. On 10,000 records a saved record
//! costs about a millisecond here besides rendering its pages, where
//! re-making the list of every page of the site cost tens.
//!
//! Pages that do not show disclosures (plans, reports, indicators, free
//! pages) are left as they were. The search index is kept from the full
//! render: it is rebuilt by the next full render, not on every save.
//! Anything other than a disclosure change (site.yaml, the theme, plans,
//! pages, indicators, static files) takes a full render; the caller decides.
use super::*;
use crate::output::Collect;
use std::collections::{BTreeSet, HashMap};

/// What the live preview keeps between renders.
pub(crate) struct Live {
    shared: Shared,
    /// The file path of each disclosure, in the order of `shared.items`.
    paths: Vec<String>,
    /// Each path's place in `paths`.
    index: HashMap<String, usize>,
    /// Each disclosure's list line as a number, in the same order. A saved
    /// record keeps its number while its line stays the same, so a page of
    /// lines whose numbers did not change did not change either.
    ids: Vec<u64>,
    /// The number the next new list line gets.
    next_id: u64,
    /// Each disclosure's `updated` date, in the same order.
    dates: Vec<jiff::civil::Date>,
    /// The records of each list, by index into `paths` (see [`lists`]).
    lists: Vec<Vec<usize>>,
    /// What the pages that sum up many records showed.
    shown: Shown,
    /// The indicator charts and report bodies of the full render: a saved
    /// disclosure does not change them, so they are not drawn again.
    charts: Vec<String>,
    report_bodies: Vec<String>,
}

/// The files an update rendered, and the output paths it removed.
#[derive(Debug, Default)]
pub(crate) struct Update {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) removed: Vec<String>,
}

/// The records behind the pages that sum up many of them, by list-line
/// number ([`Live::ids`]).
#[derive(Default)]
struct Shown {
    /// Each list's records in order, numbered as [`lists`] numbers them.
    lists: Vec<Vec<u64>>,
    /// The newest `updated` date in each list: its feed's date.
    newest: Vec<Option<jiff::civil::Date>>,
}

impl Shown {
    /// Reads everything from `Live`'s own vectors, which lie together in
    /// memory: going through the records themselves (one heap string after
    /// another) took milliseconds on 10,000 records.
    fn of(lists: &[Vec<usize>], ids: &[u64], dates: &[jiff::civil::Date]) -> Shown {
        Shown {
            lists: lists
                .iter()
                .map(|l| l.iter().map(|&i| ids[i]).collect())
                .collect(),
            newest: lists
                .iter()
                .map(|l| l.iter().map(|&i| dates[i]).max())
                .collect(),
        }
    }
}

/// What taking in the saved records came to.
#[derive(Default)]
struct Saved {
    /// The records whose own pages to render (indices into the new order).
    records: Vec<usize>,
    /// Whether a record is new to the site: its page may want another's URL.
    added: bool,
    /// Whether a record may have changed lists (and `lists` is made anew).
    regrouped: bool,
    /// Whether the sitemap changed: a record came, went or moved, or has a
    /// new date.
    sitemap: bool,
}

/// One file to render.
enum Work<'a> {
    Page(Job<'a>),
    /// The feed of a list, numbered as [`lists`] numbers them.
    Feed(usize),
}

/// A disclosure's list line and body HTML, made as `shared` makes them.
fn record_pieces(input: &Input, d: &Disclosure) -> (Item, String) {
    let r = render_body(&d.path, &d.body, &d.common.title);
    let figures = input.figures.disclosure(&d.path);
    let item = context::item(d, figures, input.config, summary(&r.plain_text));
    (item, r.html)
}

/// Whether two list lines look the same to every template: templates see
/// an [`Item`] as it serializes.
fn same_line(a: &Item, b: &Item) -> bool {
    matches!(
        (serde_json::to_vec(a), serde_json::to_vec(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// How many pages a list of `len` records takes, as `list_jobs` counts.
fn page_count(len: usize) -> usize {
    len.div_ceil(PER_PAGE).max(1)
}

/// The records on page `n` (from 0) of a list.
fn page_of(list: &[u64], n: usize) -> &[u64] {
    let start = (n * PER_PAGE).min(list.len());
    &list[start..(start + PER_PAGE).min(list.len())]
}

/// The records a feed carries as entries.
fn entries_of(list: &[u64]) -> &[u64] {
    &list[..list.len().min(feeds::ENTRIES)]
}

impl Live {
    /// Renders the whole site, as a build would, and keeps what the next
    /// update needs.
    pub(crate) fn render_all(
        input: &Input,
        theme: &mut Theme,
    ) -> Result<(Vec<OutputFile>, Live), Diagnostics> {
        let sink = Collect::default();
        let (mut shared, data, jobs) = prepare(input, theme)?;
        render_files(input, &mut shared, &data, theme, &jobs, &sink)?;
        let files = sink.into_files();
        let Data {
            charts,
            report_bodies,
            ..
        } = data;
        let paths: Vec<String> = input.disclosures.iter().map(|d| d.path.clone()).collect();
        let ids: Vec<u64> = (0..paths.len() as u64).collect();
        let dates: Vec<_> = input
            .disclosures
            .iter()
            .map(|d| d.common.updated())
            .collect();
        let lists: Vec<Vec<usize>> = lists(input).into_iter().map(|(_, l)| l).collect();
        let live = Live {
            index: index_of(&paths),
            shown: Shown::of(&lists, &ids, &dates),
            next_id: ids.len() as u64,
            paths,
            ids,
            dates,
            lists,
            shared,
            charts,
            report_bodies,
        };
        Ok((files, live))
    }

    /// Re-renders what showing `changed` needs, given the model after the
    /// change. `changed` names every disclosure file that may differ from
    /// the last render: edited, added, removed or newly held back. After an
    /// error, start again from [`Live::render_all`].
    pub(crate) fn update(
        &mut self,
        input: &Input,
        theme: &Theme,
        changed: &BTreeSet<String>,
    ) -> Result<Update, Diagnostics> {
        let mut update = Update::default();
        let saved = self.take_in(input, changed, &mut update.removed)?;
        let scopes = feeds::scopes(input.config);
        let work = self.work(input, &saved, &scopes, &mut update.removed);
        update.files = self.render_work(input, theme, &work, &scopes)?;
        update
            .removed
            .retain(|t| !update.files.iter().any(|f| &f.path == t));
        Ok(update)
    }

    /// Takes the changed records into the kept pieces; a record new to the
    /// site may want another's URL, which is an error as in a full render.
    fn take_in(
        &mut self,
        input: &Input,
        changed: &BTreeSet<String>,
        removed: &mut Vec<String>,
    ) -> Result<Saved, Diagnostics> {
        // Every other record is where it was, so the order is the same when
        // each changed one that was there still is: no need to compare all.
        let same_order = self.paths.len() == input.disclosures.len()
            && changed.iter().all(|p| {
                self.index
                    .get(p)
                    .is_none_or(|&i| input.disclosures[i].path == *p)
            });
        debug_assert_eq!(
            same_order,
            self.paths.len() == input.disclosures.len()
                && self
                    .paths
                    .iter()
                    .zip(input.disclosures)
                    .all(|(p, d)| *p == d.path)
        );
        let saved = if same_order {
            self.replace(input, changed)
        } else {
            self.reorder(input, changed, removed)
        };
        if saved.added {
            let mut diags = Diagnostics::new();
            check_collisions(input, &jobs(input), &mut diags);
            if diags.has_errors() {
                return Err(diags);
            }
        }
        if saved.regrouped {
            self.lists = lists(input).into_iter().map(|(_, l)| l).collect();
        }
        Ok(saved)
    }

    /// What to render after `saved`: the changed records' pages, the list
    /// pages and feeds whose lines changed, and the pages that sum them up.
    /// The pages a list no longer needs go into `removed`.
    fn work<'a>(
        &mut self,
        input: &Input<'a>,
        saved: &Saved,
        scopes: &[feeds::Scope<'a>],
        removed: &mut Vec<String>,
    ) -> Vec<Work<'a>> {
        let shown = Shown::of(&self.lists, &self.ids, &self.dates);
        let mut work: Vec<Work> = saved
            .records
            .iter()
            .map(|&i| Work::Page(Job::Record(i)))
            .collect();
        for (k, (members, &scope)) in self.lists.iter().zip(scopes).enumerate() {
            let (before, after) = (&self.shown.lists[k], &shown.lists[k]);
            if before == after {
                continue;
            }
            let (was, is) = (page_count(before.len()), page_count(after.len()));
            work.extend(
                list_pages(scope, members.clone())
                    .into_iter()
                    .enumerate()
                    .filter(|(n, _)| was != is || page_of(before, *n) != page_of(after, *n))
                    .map(|(_, job)| Work::Page(job)),
            );
            if was > is {
                // Only the page numbers matter for the names of the pages
                // that are no longer needed.
                let old = list_pages(scope, vec![0; before.len()]);
                removed.extend(old[is..].iter().map(|job| job_target(job, input).0));
            }
            if entries_of(before) != entries_of(after) || self.shown.newest[k] != shown.newest[k] {
                work.push(Work::Feed(k));
            }
        }
        // The home page shows counts, the newest records and those being
        // posted: any list line that changed may be among them.
        // The schedule and the projects join many records: a save can move
        // the home page's summary, the status grid, each unit's row and
        // any project's spending.
        work.push(Work::Page(Job::Home));
        work.push(Work::Page(Job::Status));
        work.push(Work::Page(Job::Projects));
        work.extend(
            input
                .figures
                .projects
                .keys()
                .map(|id| Work::Page(Job::Project(id))),
        );
        for (members, &scope) in self.lists.iter().zip(scopes) {
            if matches!(scope, feeds::Scope::Unit(_)) {
                work.extend(
                    list_pages(scope, members.clone())
                        .into_iter()
                        .take(1)
                        .map(Work::Page),
                );
            }
        }
        let counts = |s: &Shown| {
            s.lists
                .iter()
                .zip(scopes)
                .filter(|(_, scope)| matches!(scope, feeds::Scope::Unit(_)))
                .map(|(l, _)| l.len())
                .collect::<Vec<_>>()
        };
        if counts(&self.shown) != counts(&shown) {
            work.push(Work::Page(Job::Units));
        }
        if saved.sitemap {
            work.push(Work::Page(Job::Sitemap));
        }
        self.shown = shown;
        work
    }

    /// Renders `work` in parallel; every template error is reported.
    fn render_work(
        &mut self,
        input: &Input,
        theme: &Theme,
        work: &[Work],
        scopes: &[feeds::Scope],
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        // Only the home page and the unit lists draw on the indicators, and
        // only on their series.
        let data = Data {
            charts: std::mem::take(&mut self.charts),
            report_bodies: std::mem::take(&mut self.report_bodies),
        };
        let results: Vec<Result<OutputFile, TemplateError>> = work
            .par_iter()
            .map(|w| match w {
                Work::Page(job) => render_job(job, input, &self.shared, &data, &theme.tera),
                Work::Feed(k) => self.render_feed(input, &theme.tera, scopes[*k], *k),
            })
            .collect();
        self.charts = data.charts;
        self.report_bodies = data.report_bodies;
        let mut broken = Vec::new();
        let mut files = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => broken.push(e),
            }
        }
        if !broken.is_empty() {
            return Err(faults::report(broken, &theme.sources));
        }
        Ok(files)
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Takes in the saved records when no record came, went or moved: each
    /// changed one's pieces are made anew in its place.
    fn replace(&mut self, input: &Input, changed: &BTreeSet<String>) -> Saved {
        let mut saved = Saved::default();
        for path in changed {
            let Some(&i) = self.index.get(path) else {
                continue;
            };
            let d = &input.disclosures[i];
            let (item, body) = record_pieces(input, d);
            let old = &self.shared.items[i];
            saved.regrouped |= old.category != item.category || old.unit_path != item.unit_path;
            if !same_line(old, &item) {
                self.ids[i] = self.fresh_id();
            }
            let date = d.common.updated();
            saved.sitemap |= self.dates[i] != date;
            self.dates[i] = date;
            self.shared.items[i] = item;
            self.shared.bodies[i] = body;
            saved.records.push(i);
        }
        saved
    }

    /// Takes in the saved records in the new order: kept records' pieces
    /// move over, changed ones are made anew, and the pages of records no
    /// longer in the site go to `removed`.
    fn reorder(
        &mut self,
        input: &Input,
        changed: &BTreeSet<String>,
        removed: &mut Vec<String>,
    ) -> Saved {
        let mut saved = Saved {
            regrouped: true,
            sitemap: true,
            ..Saved::default()
        };
        let paths = std::mem::take(&mut self.paths);
        let ids = std::mem::take(&mut self.ids);
        let items = std::mem::take(&mut self.shared.items);
        let bodies = std::mem::take(&mut self.shared.bodies);
        let mut pieces: Vec<Option<(Item, String)>> =
            items.into_iter().zip(bodies).map(Some).collect();
        let n = input.disclosures.len();
        let mut items = Vec::with_capacity(n);
        let mut bodies = Vec::with_capacity(n);
        let mut new_ids = Vec::with_capacity(n);
        for (j, d) in input.disclosures.iter().enumerate() {
            let before = self.index.get(&d.path).copied();
            let old = before.and_then(|i| pieces[i].take().map(|p| (ids[i], p)));
            let (id, (item, body)) = match old {
                Some(kept) if !changed.contains(&d.path) => kept,
                old => {
                    saved.added |= old.is_none();
                    saved.records.push(j);
                    let (item, body) = record_pieces(input, d);
                    let id = match old {
                        Some((id, (was, _))) if same_line(&was, &item) => id,
                        _ => self.fresh_id(),
                    };
                    (id, (item, body))
                }
            };
            items.push(item);
            bodies.push(body);
            new_ids.push(id);
        }
        for (path, left) in paths.iter().zip(&pieces) {
            if left.is_some() {
                removed.push(PagePath::of_record(path).index_file());
            }
        }
        self.paths = input.disclosures.iter().map(|d| d.path.clone()).collect();
        self.index = index_of(&self.paths);
        self.ids = new_ids;
        self.dates = input
            .disclosures
            .iter()
            .map(|d| d.common.updated())
            .collect();
        self.shared.items = items;
        self.shared.bodies = bodies;
        saved
    }

    /// Renders the feed of `scope` (list `k`) from the list and its newest
    /// date, where a full render picks the feed's records out of all of them.
    fn render_feed(
        &self,
        input: &Input,
        tera: &tera::Tera,
        scope: feeds::Scope,
        k: usize,
    ) -> Result<OutputFile, TemplateError> {
        let path = scope.target();
        let entries = self.lists[k].iter().map(|&i| &self.shared.items[i]);
        let newest = self.shown.newest[k].map(|d| d.to_string());
        let ctx = feeds::context_of(input.config, input.today, entries, newest.as_deref(), scope);
        let xml = tera
            .render("atom.xml", &ctx)
            .map(crate::render::xml_chars)
            .map_err(|e| TemplateError::new(&path, "atom.xml", &e))?;
        Ok(OutputFile {
            path,
            bytes: xml.into_bytes(),
        })
    }
}

/// Each path's place in `paths`.
fn index_of(paths: &[String]) -> HashMap<String, usize> {
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), i))
        .collect()
}
