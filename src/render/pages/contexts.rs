//! The template context of each kind of page: what each template receives,
//! built from the model and the pieces made once for all pages.

use super::*;
use crate::compute::earlier::{EarlierRecord, EarlierVersion};

pub(super) fn indicators_context(input: &Input) -> Context {
    let mut ctx = base_context(
        input,
        &PagePath::dir("indicators"),
        "指标数据",
        "indicators",
    );
    let items: Vec<crate::render::indicators::ListItem> = input
        .series
        .iter()
        .map(crate::render::indicators::list_item)
        .collect();
    ctx.insert("indicators", &items);
    ctx
}

pub(super) fn indicator_context(input: &Input, data: &Data, i: usize) -> Context {
    let s = &input.series[i];
    let dir = crate::render::indicators::page_path(&s.indicator.id);
    let mut ctx = indicator_page(input, s, &data.charts[i], &dir);
    ctx.insert("version", &input.histories.get(&s.indicator.path));
    ctx
}

/// The bytes of an indicator's download (chart, CSV or JSON) that `job`
/// writes, of the current version or of an earlier one; `None` when `job`
/// writes no such file.
pub(super) fn indicator_file(job: &Job, input: &Input, data: &Data) -> Option<Vec<u8>> {
    match job {
        Job::IndicatorFile(i, f) => Some(download(
            &input.series[*i],
            Some(&data.charts[*i]),
            *f,
            input.config,
        )),
        Job::EarlierFile(i, f) => {
            let s = earlier_series(input, &input.earlier[*i])?;
            Some(download(&s, None, *f, input.config))
        }
        _ => None,
    }
}

/// One download of the series `s`, its `chart` drawn already or not.
fn download(s: &Series, chart: Option<&String>, file: IndicatorFile, config: &Config) -> Vec<u8> {
    match file {
        IndicatorFile::Chart => chart
            .cloned()
            .unwrap_or_else(|| crate::render::charts::draw(s, config))
            .into_bytes(),
        IndicatorFile::Csv => crate::render::indicators::csv(s, config),
        IndicatorFile::Json => crate::render::indicators::json(s, config),
    }
}

/// An indicator's page at `dir`: its table of the series `s` and its
/// `chart`.
fn indicator_page(input: &Input, s: &Series, chart: &str, dir: &PagePath) -> Context {
    let mut ctx = base_context(input, dir, &s.indicator.title, "indicators");
    ctx.insert(
        "indicator",
        &crate::render::indicators::context(s, input.config, chart),
    );
    ctx.insert("extra", &s.indicator.extra);
    ctx.insert(
        "corrections",
        &context::corrections(&s.indicator.corrections),
    );
    ctx.insert(
        "withdrawn",
        &context::withdrawal(s.indicator.withdrawn.as_ref()),
    );
    ctx
}

/// A report as a list line and as the head of its page.
#[derive(Serialize)]
struct ReportItem<'a> {
    title: &'a str,
    path: String,
    kind: &'static str,
    period: String,
    unit: String,
    unit_path: String,
    published: String,
    published_label: String,
    /// When and why the report was withdrawn (已撤回).
    withdrawn: Option<context::CorrectionCtx>,
}

fn report_item<'a>(input: &Input, r: &'a crate::records::report::Report) -> ReportItem<'a> {
    ReportItem {
        title: &r.common.title,
        path: PagePath::of_record(&r.path).encoded(),
        kind: r.kind.label(),
        period: r.period.label(),
        unit: input
            .config
            .unit(&r.common.unit)
            .map_or(r.common.unit.clone(), |u| u.name.clone()),
        unit_path: urls::encode_path(&context::unit_path(&r.common.unit)),
        published: r.common.published.to_string(),
        published_label: crate::domain::dates::chinese(r.common.published),
        withdrawn: context::withdrawal(r.common.withdrawn.as_ref()),
    }
}

pub(super) fn reports_context(input: &Input) -> Context {
    let mut ctx = base_context(input, &PagePath::dir("reports"), "工作报告", "reports");
    let items: Vec<ReportItem> = input
        .reports
        .iter()
        .map(|r| report_item(input, r))
        .collect();
    ctx.insert("reports", &items);
    ctx
}

pub(super) fn report_context(input: &Input, data: &Data, i: usize) -> Context {
    let r = &input.reports[i];
    let dir = PagePath::of_record(&r.path);
    let mut ctx = report_page(input, r, &data.report_bodies[i], &dir);
    ctx.insert("version", &input.histories.get(&r.path));
    ctx
}

/// A report's page at `dir`, its body rendered for that place.
fn report_page(
    input: &Input,
    r: &crate::records::report::Report,
    body: &str,
    dir: &PagePath,
) -> Context {
    let mut ctx = base_context(input, dir, &r.common.title, "reports");
    ctx.insert("report", &report_item(input, r));
    ctx.insert("body", body);
    ctx.insert("extra", &r.common.extra);
    ctx
}

pub(super) fn home_context(input: &Input, shared: &Shared) -> Context {
    let mut ctx = base_context(input, &PagePath::root(), &input.config.title, "home");
    let live: Vec<&Item> = shared
        .items
        .iter()
        .filter(|i| i.status.as_ref().is_some_and(|s| s.key == "live"))
        .collect();
    let latest: Vec<&Item> = shared.items.iter().take(12).collect();
    let counts: Vec<CategoryCount> = Category::ALL
        .iter()
        .map(|c| CategoryCount {
            label: c.label(),
            path: context::category_path(c.id()),
            count: input
                .disclosures
                .iter()
                .filter(|d| d.category == *c)
                .count(),
        })
        .collect();
    ctx.insert("live", &live);
    ctx.insert("latest", &latest);
    ctx.insert("counts", &counts);
    ctx.insert("total", &input.disclosures.len());
    ctx.insert(
        "figures",
        &crate::render::indicators::key_figures(input.series),
    );
    ctx.insert(
        "schedule",
        &crate::render::status::home(&input.figures.schedule_summaries),
    );
    if let Some(i) = current_plan(input) {
        let plan = context::plan(&input.plans[i], &input.figures.plans[i], input.config);
        ctx.insert("plan", &plan);
    }
    ctx
}

/// The plan of the current year, else the latest one (its index).
pub(super) fn current_plan(input: &Input) -> Option<usize> {
    let year = input.today.year();
    input
        .plans
        .iter()
        .position(|p| p.year == year)
        .or((!input.plans.is_empty()).then_some(0))
}

pub(super) fn status_context(input: &Input) -> Context {
    let dir = PagePath::dir(crate::render::status::PATH);
    let mut ctx = base_context(input, &dir, "公开情况", "status");
    ctx.insert(
        "status",
        &crate::render::status::page(
            &input.figures.schedule,
            &input.figures.schedule_summaries,
            input.config,
        ),
    );
    ctx
}

pub(super) fn projects_context(input: &Input) -> Context {
    let mut ctx = base_context(input, &PagePath::dir("projects"), "村级项目", "plans");
    ctx.insert(
        "projects",
        &crate::render::projects::all(input.figures, input.plans, input.config),
    );
    ctx
}

pub(super) fn project_context(input: &Input, id: &str) -> Context {
    let project = crate::render::projects::project(
        &input.figures.projects[id],
        input.figures,
        input.plans,
        input.config,
    );
    let title = project.matter.clone();
    let dir = PagePath::dir(&context::project_path(id));
    let mut ctx = base_context(input, &dir, &title, "plans");
    ctx.insert("project", &project);
    ctx.insert("show_plan", &true);
    ctx.insert("hide_project", &true);
    ctx
}

pub(super) fn plans_context(input: &Input) -> Context {
    let mut ctx = base_context(input, &PagePath::dir("plans"), "重点实事", "plans");
    let plans: Vec<context::PlanCtx> = input
        .plans
        .iter()
        .zip(&input.figures.plans)
        .map(|(p, f)| context::plan(p, f, input.config))
        .collect();
    ctx.insert("plans", &plans);
    ctx
}

pub(super) fn plan_context(input: &Input, i: usize) -> Context {
    let p = &input.plans[i];
    let dir = PagePath::of_record(&p.path);
    let mut ctx = plan_page(input, p, &input.figures.plans[i], &dir);
    ctx.insert("version", &input.histories.get(&p.path));
    ctx
}

/// A plan's page at `dir`.
fn plan_page(
    input: &Input,
    p: &crate::records::plan::Plan,
    figures: &crate::compute::PlanFigures,
    dir: &PagePath,
) -> Context {
    let mut ctx = base_context(input, dir, &p.common.title, "plans");
    ctx.insert("plan", &context::plan(p, figures, input.config));
    ctx.insert("extra", &p.common.extra);
    ctx
}

#[derive(Serialize)]
struct CategoryCount {
    label: &'static str,
    path: String,
    count: usize,
}

pub(super) fn list_context(input: &Input, shared: &Shared, l: &ListJob) -> Context {
    let dir = PagePath::dir(&context::pager_path(&l.base, l.number));
    let title = if l.number > 1 {
        format!("{}（第{}页）", l.heading, l.number)
    } else {
        l.heading.clone()
    };
    let mut ctx = base_context(input, &dir, &title, l.section);
    let items: Vec<&Item> = l.items.iter().map(|&i| &shared.items[i]).collect();
    ctx.insert("heading", &l.heading);
    ctx.insert("intro", &l.intro);
    ctx.insert("items", &items);
    ctx.insert("pager", &context::pager(&l.base, l.number, l.total));
    if let Some(scope) = feeds::scope_of(l.section, l.unit) {
        ctx.insert("section_feed", &feeds::link(input.config, scope));
    }
    if let Some(unit) = l.unit {
        ctx.insert("unit", &unit);
        ctx.insert("unit_kind", unit.kind.label());
        let plan_items: Vec<context::PlanItemCtx> = input
            .plans
            .iter()
            .zip(&input.figures.plans)
            .flat_map(|(p, f)| {
                p.items
                    .iter()
                    .zip(&f.items)
                    .filter(|(i, _)| i.unit == unit.id)
                    .map(move |(i, f)| (p, i, f))
            })
            .map(|(p, i, f)| context::plan_item(p, i, f, input.config))
            .collect();
        if l.number == 1 {
            ctx.insert(
                "schedule",
                &crate::render::status::unit_row(&input.figures.schedule, &unit.id),
            );
            ctx.insert("plan_items", &plan_items);
            // Items from several plans: each names the plan it belongs to.
            ctx.insert("show_plan", &true);
            ctx.insert(
                "figures",
                &crate::render::indicators::unit_figures(input.series, &unit.id),
            );
        }
    }
    ctx
}

pub(super) fn record_context(input: &Input, shared: &Shared, i: usize) -> Context {
    let d = &input.disclosures[i];
    let dir = PagePath::of_record(&d.path);
    let figures = input.figures.disclosure(&d.path);
    let mut ctx = disclosure_page(input, d, figures, &shared.items[i], &shared.bodies[i], &dir);
    ctx.insert("version", &input.histories.get(&d.path));
    ctx
}

/// A disclosure's page at `dir`, with its list line `item` and its body
/// rendered for that place.
fn disclosure_page(
    input: &Input,
    d: &Disclosure,
    figures: &crate::compute::DisclosureFigures,
    item: &Item,
    body: &str,
    dir: &PagePath,
) -> Context {
    let mut ctx = base_context(input, dir, &d.common.title, d.category.id());
    let unit = input.config.unit(&d.common.unit);
    ctx.insert("record", &context::record(d, figures, item, body, unit));
    let url = urls::absolute(&input.config.base_url, dir.as_str());
    ctx.insert("qr", &qr::svg(&url, "本页网址的二维码"));
    ctx.insert("url", &url);
    ctx.insert("address", &urls::readable_pieces(&url));
    ctx.insert("extra", &d.common.extra);
    ctx
}

/// The current page of the record an earlier version is a version of: an
/// indicator's is named by its id (its file may be in a subfolder), any
/// other record's by its file.
fn current_dir(e: &EarlierVersion) -> PagePath {
    match &e.record {
        EarlierRecord::Indicator(i) => crate::render::indicators::page_path(&i.id),
        _ => PagePath::of_record(e.path()),
    }
}

/// Where an earlier version of a record is rendered: its record's page
/// plus `v<N>/`.
pub(super) fn earlier_dir(e: &EarlierVersion) -> PagePath {
    PagePath::dir(&format!(
        "{}{}",
        current_dir(e).as_str(),
        crate::log::history::page_of(e.mark.version)
    ))
}

/// The series of an earlier version of an indicator, with the figures it
/// had.
pub(super) fn earlier_series<'a>(input: &Input<'a>, e: &'a EarlierVersion) -> Option<Series<'a>> {
    match &e.record {
        EarlierRecord::Indicator(i) => Some(crate::compute::series::of(i, input.config)),
        _ => None,
    }
}

/// An earlier version's page: the template of its kind, given the record
/// as that version had it, with `superseded` (which version this is, what
/// replaced it and when) and `current`, the current page's path, for the
/// banner that marks it 已被更正; no `version`, as it is not the current
/// one, and `superseded` also keeps it out of search engines (`noindex`).
pub(super) fn earlier_context(
    input: &Input,
    data: &Data,
    e: &EarlierVersion,
) -> (&'static str, Context) {
    let dir = earlier_dir(e);
    let root = dir.root_prefix();
    let body = |text: &str, title: &str, source: &str| {
        markdown::render_on(
            text,
            &Placement {
                root: &root,
                title,
                source,
            },
        )
    };
    let (template, mut ctx) = match &e.record {
        EarlierRecord::Disclosure(d, figures) => {
            let r = body(&d.body, &d.common.title, &d.path);
            let item = context::item(d, figures, input.config, summary(&r.plain_text));
            let ctx = disclosure_page(input, d, figures, &item, &r.html, &dir);
            ("disclosure.html", ctx)
        }
        EarlierRecord::Plan(p, figures) => ("plan.html", plan_page(input, p, figures, &dir)),
        EarlierRecord::Report(r, text) => {
            let html = report_body(input, r, text, &dir, &data.charts);
            ("report.html", report_page(input, r, &html, &dir))
        }
        EarlierRecord::Page(p) => {
            let html = body(&p.body, &p.title, &p.path).html;
            ("page.html", free_page(input, p, &html, &dir))
        }
        EarlierRecord::Indicator(i) => {
            let s = crate::compute::series::of(i, input.config);
            let chart = crate::render::charts::draw(&s, input.config);
            ("indicator.html", indicator_page(input, &s, &chart, &dir))
        }
    };
    ctx.insert("superseded", &e.mark);
    ctx.insert("current", &current_dir(e).encoded());
    (template, ctx)
}

pub(super) fn units_context(input: &Input) -> Context {
    let mut ctx = base_context(input, &PagePath::dir("units"), "各单位公开", "units");
    #[derive(Serialize)]
    struct UnitCount<'a> {
        name: &'a str,
        kind: &'static str,
        path: String,
        count: usize,
    }
    let units: Vec<UnitCount> = input
        .config
        .units
        .iter()
        .map(|u| UnitCount {
            name: &u.name,
            kind: u.kind.label(),
            path: urls::encode_path(&context::unit_path(&u.id)),
            count: input
                .disclosures
                .iter()
                .filter(|d| d.common.unit == u.id)
                .count(),
        })
        .collect();
    ctx.insert("units", &units);
    ctx
}

pub(super) fn page_context(input: &Input, shared: &Shared, i: usize) -> Context {
    let p = &input.pages[i];
    let dir = PagePath::of_record(&p.path);
    let mut ctx = free_page(input, p, &shared.page_bodies[i], &dir);
    ctx.insert("version", &input.histories.get(&p.path));
    ctx
}

/// A free page at `dir`, its body rendered for that place.
fn free_page(input: &Input, p: &Page, body: &str, dir: &PagePath) -> Context {
    let mut ctx = base_context(input, dir, &p.title, "pages");
    ctx.insert("body", body);
    ctx.insert("published", &p.published.map(crate::domain::dates::chinese));
    ctx.insert("corrections", &context::corrections(&p.corrections));
    ctx.insert("withdrawn", &context::withdrawal(p.withdrawn.as_ref()));
    ctx.insert("extra", &p.extra);
    ctx
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

pub(super) fn sitemap_context(input: &Input) -> Context {
    let base = &input.config.base_url;
    let mut urls_out = vec![SitemapUrl {
        loc: base.clone(),
        lastmod: None,
    }];
    let mut dirs: Vec<String> = vec![
        "disclosures/".into(),
        "units/".into(),
        "plans/".into(),
        "indicators/".into(),
        "reports/".into(),
        crate::render::status::PATH.into(),
        "projects/".into(),
    ];
    dirs.extend(
        input
            .figures
            .projects
            .keys()
            .map(|id| context::project_path(id)),
    );
    dirs.extend(
        input
            .indicators
            .iter()
            .map(|i| format!("indicators/{}/", i.id)),
    );
    dirs.extend(
        input
            .reports
            .iter()
            .map(|r| PagePath::of_record(&r.path).as_str().to_string()),
    );
    dirs.extend(Category::ALL.iter().map(|c| context::category_path(c.id())));
    dirs.extend(input.config.units.iter().map(|u| context::unit_path(&u.id)));
    urls_out.extend(dirs.iter().map(|d| SitemapUrl {
        loc: urls::absolute(base, d),
        lastmod: None,
    }));
    urls_out.extend(input.disclosures.iter().map(|d| SitemapUrl {
        loc: urls::absolute(base, PagePath::of_record(&d.path).as_str()),
        lastmod: Some(d.common.updated().to_string()),
    }));
    urls_out.extend(input.plans.iter().map(|p| SitemapUrl {
        loc: urls::absolute(base, PagePath::of_record(&p.path).as_str()),
        lastmod: Some(p.common.updated().to_string()),
    }));
    urls_out.extend(input.pages.iter().map(|p| SitemapUrl {
        loc: urls::absolute(base, PagePath::of_record(&p.path).as_str()),
        lastmod: p.published.map(|d| d.to_string()),
    }));
    let mut ctx = Context::new();
    ctx.insert("urls", &urls_out);
    ctx
}
