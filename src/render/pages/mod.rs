//! Every output file of the site, rendered in parallel.
//!
//! First the pieces shared by many pages are made once (each record's body
//! HTML and its list [`Item`]); then each page is a [`Job`] rendered on its
//! own with a small context that borrows those pieces.

use super::context::{self, Item, Link, SiteCtx, UnitLink};
use super::faults::{self, TemplateError};
use super::markdown::{self, Placement};
use super::templates::Theme;
use super::urls::{self, PagePath};
use super::{feeds, qr, search};
use crate::compute::Figures;
use crate::compute::quotes::{ChartQuote, chart_marker};
use crate::compute::series::Series;
use crate::diagnostics::Diagnostics;
use crate::output::{OutputFile, Sink};
use crate::records::config::Config;
use crate::records::disclosure::{Category, Disclosure};
use crate::records::page::Page;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::Context;

mod contexts;
mod jobs;
pub(crate) mod live;

use contexts::*;
use jobs::*;

/// How many records a list page shows before it continues on page 2.
pub(crate) const PER_PAGE: usize = 30;

/// What the render stage needs from the model.
pub struct Input<'a> {
    pub(crate) config: &'a Config,
    pub(crate) today: jiff::civil::Date,
    /// Newest first.
    pub(crate) disclosures: &'a [Disclosure],
    pub(crate) pages: &'a [Page],
    /// Newest year first.
    pub(crate) plans: &'a [crate::records::plan::Plan],
    /// By id.
    pub(crate) indicators: &'a [crate::records::indicator::Indicator],
    /// Newest period first.
    pub(crate) reports: &'a [crate::records::report::Report],
    /// What the compute stage derived from these records.
    pub(crate) figures: &'a Figures,
    /// Each indicator's series, in the order of `indicators`.
    pub(crate) series: &'a [Series<'a>],
    /// Where each record stands in the transparency log, by path (empty
    /// when the site keeps none).
    pub(crate) histories:
        &'a std::collections::BTreeMap<String, crate::log::history::RecordHistory>,
    /// The versions a later version replaced, each rendered at its
    /// record's page plus `v<N>/` (empty when the site keeps no log).
    pub(crate) earlier: &'a [crate::compute::earlier::EarlierVersion],
}

/// The downloads beside an indicator's page.
#[derive(Clone, Copy)]
enum IndicatorFile {
    Chart,
    Csv,
    Json,
}

impl IndicatorFile {
    const ALL: [IndicatorFile; 3] = [
        IndicatorFile::Chart,
        IndicatorFile::Csv,
        IndicatorFile::Json,
    ];

    fn name(self) -> &'static str {
        match self {
            IndicatorFile::Chart => "chart.svg",
            IndicatorFile::Csv => "data.csv",
            IndicatorFile::Json => "data.json",
        }
    }
}

/// Indicator charts and report bodies, each made once.
struct Data {
    charts: Vec<String>,
    report_bodies: Vec<String>,
}

fn data(input: &Input) -> Data {
    let charts: Vec<String> = input
        .series
        .par_iter()
        .map(|s| super::charts::draw(s, input.config))
        .collect();
    let report_bodies = input
        .reports
        .par_iter()
        .zip(&input.figures.reports)
        .map(|(r, text)| report_body(input, r, text, &PagePath::of_record(&r.path), &charts))
        .collect();
    Data {
        charts,
        report_bodies,
    }
}

/// A report's body as HTML for its page at `dir`, its quotes resolved in
/// `text` and its charts put where they were asked for.
fn report_body(
    input: &Input,
    r: &crate::records::report::Report,
    text: &crate::compute::quotes::ReportText,
    dir: &PagePath,
    charts: &[String],
) -> String {
    let root = dir.root_prefix();
    let place = Placement {
        root: &root,
        title: &r.common.title,
        source: &r.path,
    };
    let html = markdown::render_on(&text.body, &place).html;
    insert_charts(&html, &root, &text.charts, input, charts)
}

/// Puts each chart a report asks for where its shortcode stood.
fn insert_charts(
    html: &str,
    root: &str,
    wanted: &[ChartQuote],
    input: &Input,
    charts: &[String],
) -> String {
    let mut out = html.to_string();
    for (n, chart) in wanted.iter().enumerate() {
        let marker = chart_marker(n);
        let id = &chart.indicator;
        let at = input.indicators.iter().position(|i| &i.id == id);
        let svg = match (at, chart.span) {
            (Some(i), None) => charts[i].clone(),
            (Some(i), Some(span)) => super::charts::draw_span(&input.series[i], input.config, span),
            (None, _) => String::new(),
        };
        // Every chart comes with its numbers: the caption links to the table.
        let href = super::escape_attr(&format!(
            "{root}{}",
            urls::encode_path(&format!("indicators/{id}/"))
        ));
        let figure = format!(
            "<figure class=\"chart\">{svg}<figcaption><a href=\"{href}\">查看数据表格</a></figcaption></figure>"
        );
        out = replace_marker(&out, &marker, &figure);
    }
    out
}

/// Puts `figure` where `marker` stands in the text of `html` (taking the
/// paragraph it stands alone in). A marker inside a tag, which a shortcode
/// written in an attribute of raw HTML leaves there, is dropped: markup put
/// there would break out of the attribute.
///
/// The HTML is the sanitizer's output: every `<` in text is escaped, and
/// every attribute value is double-quoted with its `"` escaped, so a scan
/// that follows tags and quotes knows whether a place is text.
fn replace_marker(html: &str, marker: &str, figure: &str) -> String {
    let mut out = String::with_capacity(html.len() + figure.len());
    let (mut in_tag, mut in_quote) = (false, false);
    let mut copied = 0;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if let Some(after) = rest.strip_prefix(marker) {
            let before = &html[copied..i];
            let alone_in = before
                .strip_suffix("<p>")
                .filter(|_| after.starts_with("</p>"));
            if let (false, Some(before)) = (in_tag, alone_in) {
                out.push_str(before);
                i += "</p>".len();
            } else {
                out.push_str(before);
            }
            if !in_tag {
                out.push_str(figure);
            }
            i += marker.len();
            copied = i;
            continue;
        }
        match rest.as_bytes()[0] {
            b'<' if !in_tag => in_tag = true,
            b'"' if in_tag => in_quote = !in_quote,
            b'>' if in_tag && !in_quote => in_tag = false,
            _ => {}
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&html[copied..]);
    out
}

/// Record bodies and list lines, made once for all pages.
struct Shared {
    items: Vec<Item>,
    bodies: Vec<String>,
    page_bodies: Vec<String>,
    /// The search index's figures; its files went to the sink already.
    search: Option<search::Info>,
}

/// Renders the whole site into `sink`; template errors and failed writes are
/// returned as diagnostics. Returns how many files were made.
pub fn render_site(input: &Input, mut theme: Theme, sink: &dyn Sink) -> Result<usize, Diagnostics> {
    let (mut shared, data, jobs) = prepare(input, &mut theme)?;
    render_files(input, &mut shared, &data, &theme, &jobs, sink)
}

/// What every page draws on, made once: record bodies and list lines, the
/// indicator series and charts, the site-wide template values, and the list
/// of pages (checked for two wanting one URL).
fn prepare<'a>(
    input: &'a Input<'a>,
    theme: &mut Theme,
) -> Result<(Shared, Data, Vec<Job<'a>>), Diagnostics> {
    let shared = shared(input);
    let data = data(input);
    set_site_context(&mut theme.tera, input);
    let jobs = jobs(input);
    let mut diags = Diagnostics::new();
    check_collisions(input, &jobs, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((shared, data, jobs))
}

/// The output addresses checked as `build` checks them before it renders
/// (two records, or a record and a generated page, wanting one address):
/// for `check`, which renders nothing.
pub(crate) fn check_addresses(input: &Input) -> Diagnostics {
    let mut diags = Diagnostics::new();
    check_collisions(input, &jobs(input), &mut diags);
    diags
}

/// Why one output file could not be made.
enum Failure {
    Template(TemplateError),
    Write(String, std::io::Error),
    /// The sink takes no more files: the build was interrupted.
    Stopped,
}

/// Renders every job in parallel, each page going into `sink` as soon as it
/// is made, then the search index from the text of the searchable pages,
/// then the search page (which carries the index's figures), and the
/// theme's assets. Every template error is reported, not just the first;
/// any one fails the whole render.
fn render_files(
    input: &Input,
    shared: &mut Shared,
    data: &Data,
    theme: &Theme,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    sink.expect(jobs.len() + theme.assets.len());
    let (search_page, pages): (Vec<&Job>, Vec<&Job>) =
        jobs.iter().partition(|job| matches!(job, Job::Search));
    let outcomes: Vec<Result<Option<search::Doc>, Failure>> = pages
        .par_iter()
        .map(|job| render_one(job, input, shared, data, theme, sink))
        .collect();
    sink.phase_done("pages");
    let mut failures = Vec::new();
    let mut docs = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(doc) => docs.extend(doc),
            Err(f) => failures.push(f),
        }
    }
    if failures.is_empty() {
        match search::build(docs, sink) {
            Ok(info) => shared.search = info,
            Err(e) => failures.push(Failure::Write(search::INDEX_DIR.to_string(), e)),
        }
        sink.phase_done("search index");
    }
    for job in search_page {
        failures.extend(render_one(job, input, shared, data, theme, sink).err());
    }
    let index_files = shared.search.as_ref().map_or(0, search::Info::files);
    let count = jobs.len() + theme.assets.len() + index_files;
    for (path, bytes) in &theme.assets {
        let file = OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        };
        failures.extend(
            sink.put(file)
                .err()
                .map(|e| Failure::Write(path.clone(), e)),
        );
    }
    if failures.is_empty() {
        return Ok(count);
    }
    let mut diags = Diagnostics::new();
    let mut broken = Vec::new();
    for failure in failures {
        match failure {
            Failure::Template(e) => broken.push(e),
            Failure::Write(path, e) => diags.error(&path, None, format!("写入输出文件失败：{e}")),
            Failure::Stopped => {}
        }
    }
    diags.extend(faults::report(broken, &theme.sources));
    Err(diags)
}

/// Renders one job into `sink`; its search document when it is a page a
/// reader searches for.
fn render_one(
    job: &Job,
    input: &Input,
    shared: &Shared,
    data: &Data,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<Option<search::Doc>, Failure> {
    if sink.stopped() {
        return Err(Failure::Stopped);
    }
    let made = render_made(job, input, shared, data, &theme.tera).map_err(Failure::Template)?;
    let doc = match (&made, search_entry(job, input)) {
        (Made::Text { text, .. }, Some(entry)) => Some(search::Doc::of_page(entry, text)),
        _ => None,
    };
    let file = made.into_file();
    let path = file.path.clone();
    sink.put(file).map_err(|e| Failure::Write(path, e))?;
    Ok(doc)
}

fn shared(input: &Input) -> Shared {
    let rendered: Vec<(String, String)> = input
        .disclosures
        .par_iter()
        .map(|d| {
            let r = render_body(&d.path, &d.body, &d.common.title);
            (r.html, summary(&r.plain_text))
        })
        .collect();
    let (bodies, summaries): (Vec<String>, Vec<String>) = rendered.into_iter().unzip();
    let items = input
        .disclosures
        .iter()
        .zip(summaries)
        .map(|(d, s)| context::item(d, input.figures.disclosure(&d.path), input.config, s))
        .collect();
    let page_bodies = input
        .pages
        .par_iter()
        .map(|p| render_body(&p.path, &p.body, &p.title).html)
        .collect();
    Shared {
        items,
        bodies,
        page_bodies,
        search: None,
    }
}

/// The first words of a record's text, for lists and feeds.
fn summary(plain: &str) -> String {
    const CHARS: usize = 90;
    let flat: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= CHARS {
        flat
    } else {
        let mut s: String = flat.chars().take(CHARS).collect();
        s.push('…');
        s
    }
}

/// The Markdown body of the record at `path`, rendered for its own page.
pub(crate) fn render_body(path: &str, body: &str, title: &str) -> markdown::Rendered {
    let root = PagePath::of_record(path).root_prefix();
    markdown::render_on(
        body,
        &Placement {
            root: &root,
            title,
            source: path,
        },
    )
}

/// Every file the pages of `input` are written to (site-relative), without
/// rendering any: what links are checked against.
pub(crate) fn page_files(input: &Input) -> impl Iterator<Item = String> {
    jobs(input)
        .into_iter()
        .map(|job| job_target(&job, input).0)
        .collect::<Vec<_>>()
        .into_iter()
}

fn set_site_context(tera: &mut tera::Tera, input: &Input) {
    let config = input.config;
    let site = SiteCtx {
        title: &config.title,
        lang: match config.language {
            crate::records::config::Language::ZhCn => "zh-CN",
            crate::records::config::Language::En => "en",
        },
        base_url: &config.base_url,
        description: config.description.as_deref(),
        township: &config.township().name,
        contact: &config.contact,
        identity: context::IdentityCtx::of(&config.identity),
        extra: &config.extra,
        units: config
            .units
            .iter()
            .skip(1)
            .map(|u| UnitLink {
                id: &u.id,
                name: &u.name,
                kind: u.kind.label(),
                path: urls::encode_path(&context::unit_path(&u.id)),
            })
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| Link {
                id: c.id().to_string(),
                label: c.label().to_string(),
                path: context::category_path(c.id()),
            })
            .collect(),
        pages: input
            .pages
            .iter()
            .map(|p| Link {
                id: p.path.clone(),
                label: p.title.clone(),
                path: PagePath::of_record(&p.path).encoded(),
            })
            .collect(),
    };
    tera.global_context().insert("site", &site);
}

/// The values every HTML page's base template uses.
#[derive(Serialize)]
struct PageBase<'a> {
    root: String,
    page_path: String,
    canonical: String,
    title: &'a str,
    section: &'a str,
    feed: Option<String>,
}

fn base_context(input: &Input, dir: &PagePath, title: &str, section: &str) -> Context {
    let base = PageBase {
        root: dir.root_prefix(),
        page_path: dir.encoded(),
        canonical: urls::absolute(&input.config.base_url, dir.as_str()),
        title,
        section,
        feed: Some("feed.xml".to_string()),
    };
    let mut ctx = Context::new();
    ctx.insert("page", &base);
    ctx
}

/// The 404 page is served in place of a missing path at any depth
/// (`/disclosures/2013/gone/`), so a page-relative `../` would point
/// somewhere different each time: its stylesheet and links start from
/// `base_url`'s path instead, which works on any host that serves the site
/// where `base_url` says.
fn not_found_context(input: &Input) -> Context {
    let base = PageBase {
        root: urls::root_path(&input.config.base_url),
        page_path: String::new(),
        canonical: urls::absolute(&input.config.base_url, ""),
        title: "页面不存在",
        section: "",
        feed: Some("feed.xml".to_string()),
    };
    let mut ctx = Context::new();
    ctx.insert("page", &base);
    ctx
}

fn render_job(
    job: &Job,
    input: &Input,
    shared: &Shared,
    data: &Data,
    tera: &tera::Tera,
) -> Result<OutputFile, TemplateError> {
    render_made(job, input, shared, data, tera).map(Made::into_file)
}

/// A job's file as made: text from a template, or bytes.
enum Made {
    Text { path: String, text: String },
    Bytes(OutputFile),
}

impl Made {
    fn into_file(self) -> OutputFile {
        match self {
            Made::Text { path, text } => OutputFile {
                path,
                bytes: text.into_bytes(),
            },
            Made::Bytes(file) => file,
        }
    }
}

fn render_made(
    job: &Job,
    input: &Input,
    shared: &Shared,
    data: &Data,
    tera: &tera::Tera,
) -> Result<Made, TemplateError> {
    let (path, _) = job_target(job, input);
    if let Some(bytes) = indicator_file(job, input, data) {
        return Ok(Made::Bytes(OutputFile { path, bytes }));
    }
    let Some((template, ctx)) = job_context(job, input, shared, data) else {
        unreachable!("only indicator files have no template, handled above")
    };
    let mut text = tera
        .render(template, &ctx)
        .map_err(|e| TemplateError::new(&path, template, &e))?;
    if template.ends_with(".xml") {
        text = super::xml_chars(text);
    }
    Ok(Made::Text { path, text })
}

/// The template of a job and what it receives; `None` for the files made
/// without a template (an indicator's chart and data).
fn job_context(
    job: &Job,
    input: &Input,
    shared: &Shared,
    data: &Data,
) -> Option<(&'static str, Context)> {
    Some(match job {
        Job::IndicatorFile(..) | Job::EarlierFile(..) => return None,
        Job::Indicators => ("indicators.html", indicators_context(input)),
        Job::Indicator(i) => ("indicator.html", indicator_context(input, data, *i)),
        Job::Reports => ("reports.html", reports_context(input)),
        Job::Report(i) => ("report.html", report_context(input, data, *i)),
        Job::Home => ("index.html", home_context(input, shared)),
        Job::List(l) => ("list.html", list_context(input, shared, l)),
        Job::Record(i) => ("disclosure.html", record_context(input, shared, *i)),
        Job::Units => ("units.html", units_context(input)),
        Job::Plans => ("plans.html", plans_context(input)),
        Job::Plan(i) => ("plan.html", plan_context(input, *i)),
        Job::Status => ("status.html", status_context(input)),
        Job::Projects => ("projects.html", projects_context(input)),
        Job::Project(id) => ("project.html", project_context(input, id)),
        Job::FreePage(i) => ("page.html", page_context(input, shared, *i)),
        Job::Earlier(i) => earlier_context(input, data, &input.earlier[*i]),
        Job::Search => {
            let dir = PagePath::dir("search");
            let mut ctx = base_context(input, &dir, "搜索", "search");
            search::page_context(&mut ctx, input.config, shared.search.as_ref());
            ("search.html", ctx)
        }
        Job::Feed(s) => (
            "atom.xml",
            feeds::context(input.config, input.today, &shared.items, *s),
        ),
        Job::NotFound => ("404.html", not_found_context(input)),
        Job::Sitemap => ("sitemap.xml", sitemap_context(input)),
        Job::Robots => {
            let mut ctx = Context::new();
            ctx.insert(
                "sitemap",
                &urls::absolute(&input.config.base_url, "sitemap.xml"),
            );
            ("robots.txt", ctx)
        }
    })
}

/// The template contract: for each template, every value it receives, as
/// paths (`record.finance.entries[].amount`), gathered from what a render
/// of `input` actually passes (the theme's own site-wide values included,
/// under `site`). `docs/architecture.md` lists it, and a test keeps the two
/// the same.
pub fn template_contract(
    input: &Input,
    mut theme: Theme,
) -> Result<BTreeMap<&'static str, BTreeSet<String>>, Diagnostics> {
    const SHAPE: &str = "__template_contract";
    let (mut shared, data, jobs) = prepare(input, &mut theme)?;
    // The search page's values have the same shape whatever the index.
    shared.search = Some(search::Info {
        docs: 1,
        shards: 1,
        pos_shards: 1,
        group: 1,
        version: String::new(),
    });
    let tera = &mut theme.tera;
    tera.register_filter(
        "contract_paths",
        |v: &tera::Value, _: tera::Kwargs, _: &tera::State| -> String {
            let json = serde_json::to_value(v).unwrap_or_default();
            let mut paths = BTreeSet::new();
            value_paths(&json, String::new(), &mut paths);
            paths.into_iter().collect::<Vec<_>>().join("\n")
        },
    );
    let shape = "{{ __tera_context | contract_paths | safe }}";
    if let Err(e) = tera.add_raw_template(SHAPE, shape) {
        let mut diags = Diagnostics::new();
        diags.error("themes", None, faults::chain(&e));
        return Err(diags);
    }
    let mut contract: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for job in &jobs {
        let Some((template, ctx)) = job_context(job, input, &shared, &data) else {
            continue;
        };
        let paths = tera.render(SHAPE, &ctx).unwrap_or_default();
        contract
            .entry(template)
            .or_default()
            .extend(paths.lines().map(str::to_string));
    }
    Ok(contract)
}

/// Every path to a leaf of `value`: map keys joined by `.`, arrays as `[]`.
fn value_paths(value: &serde_json::Value, at: String, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                value_paths(v, path, out);
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            for item in items {
                value_paths(item, format!("{at}[]"), out);
            }
        }
        _ => {
            out.insert(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_markers_are_replaced_in_text_only() {
        let m = "GONGKAICHART0X";
        let fig = "<figure>\"</figure>";
        assert_eq!(
            replace_marker("<p>GONGKAICHART0X</p>\n", m, fig),
            "<figure>\"</figure>\n"
        );
        assert_eq!(
            replace_marker("<p>见GONGKAICHART0X。</p>", m, fig),
            "<p>见<figure>\"</figure>。</p>"
        );
        let attr = "<p><a title=\"GONGKAICHART0X\" href=\"x\">a</a> GONGKAICHART0X</p>";
        assert_eq!(
            replace_marker(attr, m, fig),
            "<p><a title=\"\" href=\"x\">a</a> <figure>\"</figure></p>"
        );
        assert_eq!(
            replace_marker("a &lt; GONGKAICHART0X", m, fig),
            "a &lt; <figure>\"</figure>"
        );
        let quoted = "<p><a title=\"a>GONGKAICHART0X\">b</a></p>";
        assert_eq!(
            replace_marker(quoted, m, fig),
            "<p><a title=\"a>\">b</a></p>"
        );
    }

    #[test]
    fn summaries_are_short() {
        let long = "字".repeat(200);
        assert_eq!(summary(&long).chars().count(), 91);
        assert_eq!(summary("一 二\n三"), "一 二 三");
    }
}
