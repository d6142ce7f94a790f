//! The pages (and feeds) of a site as jobs: which there are, the file
//! each writes and the record it comes from, and what the search index
//! takes from each.

use super::*;
use crate::compute::earlier::EarlierRecord;

/// One page (or feed) to render.
pub(super) enum Job<'a> {
    Home,
    List(ListJob<'a>),
    Record(usize),
    Units,
    Indicators,
    Indicator(usize),
    IndicatorFile(usize, IndicatorFile),
    Reports,
    Report(usize),
    Plans,
    Plan(usize),
    /// 公开情况: the finance disclosure schedule.
    Status,
    Projects,
    /// One project, by id.
    Project(&'a str),
    FreePage(usize),
    /// An earlier version of a record (index into `Input::earlier`).
    Earlier(usize),
    /// A download beside an earlier version of an indicator: its figures
    /// as that version had them.
    EarlierFile(usize, IndicatorFile),
    NotFound,
    Sitemap,
    Robots,
    Search,
    /// The feed of a list: the whole site's, a category's or a unit's.
    Feed(feeds::Scope<'a>),
}

pub(super) struct ListJob<'a> {
    pub(super) base: String,
    pub(super) number: usize,
    pub(super) total: usize,
    pub(super) heading: String,
    pub(super) intro: Option<String>,
    pub(super) section: &'static str,
    pub(super) unit: Option<&'a crate::records::config::Unit>,
    pub(super) items: Vec<usize>,
}

/// What the search index knows of the page a job makes, when that page
/// is one a reader searches for: a disclosure, a plan, a report, an
/// indicator, a free page, the 公开情况 page. Lists and the home page only repeat these.
/// The page's text comes from its rendered HTML (see `search::visible`),
/// so a new kind of page needs only its arm here and its kind in
/// `search::KINDS`.
pub(super) fn search_entry(job: &Job, input: &Input) -> Option<search::Entry> {
    let entry = |path: &str, title: &str, kind: &str, units: Vec<String>, date| search::Entry {
        title: title.to_string(),
        path: PagePath::of_record(path).encoded(),
        kind: kind.to_string(),
        units,
        date,
    };
    Some(match job {
        Job::Record(i) => {
            let d = &input.disclosures[*i];
            let c = &d.common;
            let units = vec![c.unit.clone()];
            entry(&d.path, &c.title, d.category.id(), units, Some(c.published))
        }
        Job::Plan(i) => {
            let p = &input.plans[*i];
            // Listed under its own unit and the unit of each of its items.
            let mut units = vec![p.common.unit.clone()];
            for item in &p.items {
                if !units.contains(&item.unit) {
                    units.push(item.unit.clone());
                }
            }
            entry(
                &p.path,
                &p.common.title,
                "plan",
                units,
                Some(p.common.published),
            )
        }
        Job::Report(i) => {
            let r = &input.reports[*i];
            let c = &r.common;
            let units = vec![c.unit.clone()];
            entry(&r.path, &c.title, "report", units, Some(c.published))
        }
        Job::Indicator(i) => {
            let ind = &input.indicators[*i];
            let mut units: Vec<String> = Vec::new();
            for p in &ind.data {
                if !units.contains(&p.unit) {
                    units.push(p.unit.clone());
                }
            }
            let mut e = entry(&ind.path, &ind.title, "indicator", units, None);
            e.path = crate::render::indicators::page_path(&ind.id).encoded();
            e
        }
        Job::FreePage(i) => {
            let p = &input.pages[*i];
            let units = p.unit.iter().cloned().collect();
            entry(&p.path, &p.title, "page", units, p.published)
        }
        // 公开情况: found by a unit's name, a period, 逾期公开; listed under
        // every unit that owes the schedule.
        Job::Status if !input.figures.schedule.is_empty() => search::Entry {
            title: "公开情况".to_string(),
            path: crate::render::status::PATH.to_string(),
            kind: "status".to_string(),
            units: crate::compute::schedule::owing_units(input.config)
                .map(|u| u.id.clone())
                .collect(),
            date: None,
        },
        // 村级项目: found by its matter, its payments and plan items as the
        // page shows them; listed under the deciding unit.
        Job::Project(id) => {
            let decided = &input.figures.projects[*id].decided;
            search::Entry {
                title: decided.decision.matter.clone(),
                path: context::project_path(id),
                kind: "project".to_string(),
                units: vec![decided.unit.clone()],
                date: Some(decided.published),
            }
        }
        _ => return None,
    })
}

pub(super) fn jobs<'a>(input: &'a Input) -> Vec<Job<'a>> {
    let mut jobs = vec![
        Job::Home,
        Job::Units,
        Job::NotFound,
        Job::Sitemap,
        Job::Robots,
        Job::Search,
        Job::Status,
    ];
    for (scope, items) in lists(input) {
        jobs.push(Job::Feed(scope));
        jobs.extend(list_pages(scope, items));
    }
    jobs.push(Job::Indicators);
    for i in 0..input.indicators.len() {
        jobs.push(Job::Indicator(i));
        jobs.extend(IndicatorFile::ALL.map(|f| Job::IndicatorFile(i, f)));
    }
    jobs.push(Job::Reports);
    jobs.extend((0..input.reports.len()).map(Job::Report));
    jobs.push(Job::Plans);
    jobs.extend((0..input.plans.len()).map(Job::Plan));
    jobs.push(Job::Projects);
    jobs.extend(input.figures.projects.keys().map(|id| Job::Project(id)));
    jobs.extend((0..input.disclosures.len()).map(Job::Record));
    jobs.extend((0..input.pages.len()).map(Job::FreePage));
    jobs.extend((0..input.earlier.len()).map(Job::Earlier));
    for (i, e) in input.earlier.iter().enumerate() {
        if matches!(e.record, EarlierRecord::Indicator(_)) {
            jobs.extend(IndicatorFile::ALL.map(|f| Job::EarlierFile(i, f)));
        }
    }
    jobs
}

/// The records of each list (by index into `input.disclosures`), in the
/// order of [`feeds::scopes`]: the whole site, each category, each unit; in
/// one pass over the records rather than one per list.
pub(super) fn lists<'a>(input: &Input<'a>) -> Vec<(feeds::Scope<'a>, Vec<usize>)> {
    let mut lists: Vec<(feeds::Scope, Vec<usize>)> = feeds::scopes(input.config)
        .into_iter()
        .map(|s| (s, Vec::new()))
        .collect();
    let place: HashMap<feeds::ScopeKey, usize> = lists
        .iter()
        .enumerate()
        .map(|(k, (s, _))| (s.key(), k))
        .collect();
    for (i, d) in input.disclosures.iter().enumerate() {
        let keys = [
            feeds::ScopeKey::Site,
            feeds::ScopeKey::Category(d.category),
            feeds::ScopeKey::Unit(&d.common.unit),
        ];
        for key in keys {
            if let Some(&k) = place.get(&key) {
                lists[k].1.push(i);
            }
        }
    }
    lists
}

/// The pages of the list of `scope` holding `items`: 30 records a page, the
/// first at the list's own path.
pub(super) fn list_pages<'a>(scope: feeds::Scope<'a>, items: Vec<usize>) -> Vec<Job<'a>> {
    match scope {
        feeds::Scope::Site => {
            list_jobs("disclosures/", "全部公开", None, "disclosures", None, items)
        }
        feeds::Scope::Category(c) => {
            let base = context::category_path(c.id());
            list_jobs(&base, c.label(), None, c.id(), None, items)
        }
        feeds::Scope::Unit(unit) => {
            let intro = Some(format!(
                "{}（{}）公开的全部记录",
                unit.name,
                unit.kind.label()
            ));
            let base = context::unit_path(&unit.id);
            list_jobs(&base, &unit.name, intro, "units", Some(unit), items)
        }
    }
}

pub(super) fn list_jobs<'a>(
    base: &str,
    heading: &str,
    intro: Option<String>,
    section: &'static str,
    unit: Option<&'a crate::records::config::Unit>,
    items: Vec<usize>,
) -> Vec<Job<'a>> {
    let total = items.len().div_ceil(PER_PAGE).max(1);
    let mut chunks: Vec<Vec<usize>> = items.chunks(PER_PAGE).map(<[usize]>::to_vec).collect();
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, items)| {
            Job::List(ListJob {
                base: base.to_string(),
                number: i + 1,
                total,
                heading: heading.to_string(),
                intro: intro.clone(),
                section,
                unit,
                items,
            })
        })
        .collect()
}

/// The output file a job writes, and where it came from (for collision errors).
pub(super) fn job_target(job: &Job, input: &Input) -> (String, String) {
    match job {
        Job::Home => ("index.html".into(), "首页".into()),
        Job::List(l) => {
            let dir = PagePath::dir(&context::pager_path(&l.base, l.number));
            (dir.index_file(), format!("生成的列表页 /{}", dir.as_str()))
        }
        Job::Record(i) => {
            let d = &input.disclosures[*i];
            (PagePath::of_record(&d.path).index_file(), d.path.clone())
        }
        Job::Units => ("units/index.html".into(), "生成的单位列表页 /units/".into()),
        Job::Indicators => (
            "indicators/index.html".into(),
            "生成的指标列表页 /indicators/".into(),
        ),
        Job::Indicator(i) => {
            let ind = &input.indicators[*i];
            (
                crate::render::indicators::page_path(&ind.id).index_file(),
                ind.path.clone(),
            )
        }
        Job::IndicatorFile(i, f) => {
            let ind = &input.indicators[*i];
            (
                crate::render::indicators::page_path(&ind.id).file(f.name()),
                ind.path.clone(),
            )
        }
        Job::Reports => (
            "reports/index.html".into(),
            "生成的工作报告列表页 /reports/".into(),
        ),
        Job::Report(i) => {
            let r = &input.reports[*i];
            (PagePath::of_record(&r.path).index_file(), r.path.clone())
        }
        Job::Plans => (
            "plans/index.html".into(),
            "生成的重点实事列表页 /plans/".into(),
        ),
        Job::Plan(i) => {
            let p = &input.plans[*i];
            (PagePath::of_record(&p.path).index_file(), p.path.clone())
        }
        Job::FreePage(i) => {
            let p = &input.pages[*i];
            (PagePath::of_record(&p.path).index_file(), p.path.clone())
        }
        Job::Earlier(i) => {
            let e = &input.earlier[*i];
            (earlier_dir(e).index_file(), e.path().to_string())
        }
        Job::EarlierFile(i, f) => {
            let e = &input.earlier[*i];
            (earlier_dir(e).file(f.name()), e.path().to_string())
        }
        Job::Status => (
            format!("{}index.html", crate::render::status::PATH),
            "生成的公开情况页 /status/".into(),
        ),
        Job::Projects => (
            "projects/index.html".into(),
            "生成的项目列表页 /projects/".into(),
        ),
        Job::Project(id) => {
            let dir = PagePath::dir(&context::project_path(id));
            let origin = input.figures.projects[*id].decision.clone();
            (dir.index_file(), origin)
        }
        Job::NotFound => ("404.html".into(), "生成的 404 页".into()),
        Job::Feed(feeds::Scope::Site) => ("feed.xml".into(), "生成的订阅源".into()),
        Job::Sitemap => ("sitemap.xml".into(), "生成的站点地图".into()),
        Job::Robots => ("robots.txt".into(), "生成的 robots.txt".into()),
        Job::Search => ("search/index.html".into(), "生成的搜索页 /search/".into()),
        Job::Feed(s) => (s.target(), format!("生成的订阅源 /{}", s.target())),
    }
}

/// Two files, or a file and a generated page, wanting the same URL is an
/// error naming both. URLs that differ only in case or in how the letters
/// are encoded (NFC, NFD) are the same URL on a case-insensitive host.
pub(super) fn check_collisions(input: &Input, jobs: &[Job], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for job in jobs {
        let (target, origin) = job_target(job, input);
        let key = crate::load::names::fold(&target);
        if let Some((first_target, first)) = seen.get(&key) {
            let path = the_record_of(&origin, first).to_string();
            let message = if *first_target == target {
                format!("“{origin}”与“{first}”都要生成 /{target}")
            } else {
                format!(
                    "“{origin}”要生成 /{target}，“{first}”要生成 /{first_target}：只差大小写或字符的编码方式，在不区分大小写的主机上是同一个网址"
                )
            };
            diags.error_help(&path, None, message, "给其中一个文件改名");
        } else {
            seen.insert(key, (target, origin));
        }
    }
    check_file_where_a_folder_goes(&seen, diags);
}

/// Of two origins wanting one address, the one to name as the error's
/// file: the record (a file name), rather than a page the generator makes.
fn the_record_of<'o>(origin: &'o str, first: &'o str) -> &'o str {
    if origin.contains('.') && !origin.starts_with("生成") {
        origin
    } else {
        first
    }
}

/// A page whose folder is another output's file (a record named
/// `feed.xml.md` beside the section's `feed.xml`): one address cannot be
/// both, and the output's commit would fail after everything was made.
fn check_file_where_a_folder_goes(
    seen: &BTreeMap<String, (String, String)>,
    diags: &mut Diagnostics,
) {
    for (key, (target, origin)) in seen {
        let folders = key.match_indices('/').map(|(i, _)| &key[..i]);
        for folder in folders {
            let Some((file, first)) = seen.get(folder) else {
                continue;
            };
            let path = the_record_of(origin, first);
            diags.error_help(
                path,
                None,
                format!("“{origin}”要生成 /{target}，但 /{file} 是“{first}”生成的文件：一个网址不能既是文件又是文件夹"),
                "给记录文件改个名字",
            );
        }
    }
}
