//! The pipeline: load → validate → compute → render → write.
//!
//! [`check`] runs the first three stages and reports; [`build`] runs them
//! all, and writes only when every record validated and every page
//! rendered, so a build with any error leaves the previous output as it was.

use crate::compute::earlier::{EarlierRecord, EarlierVersion};
use crate::compute::links::{LinkSource, SiteMap};
use crate::compute::{self, Figures, series::Series};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, SourceFile};
use crate::log::history::RecordHistory;
use crate::log::publish::{self as log_publish, SiteLog};
use crate::log::{RecordJson, SigningKey};
use crate::output::{self, OutputFile, Sink, WriteStats};
use crate::progress::{Counted, Progress};
use crate::records::config::{self, Config};
use crate::records::disclosure::{self, Disclosure};
use crate::records::indicator::{self, Indicator};
use crate::records::kind::RecordKind;
use crate::records::page::{self, Page};
use crate::records::personal;
use crate::records::plan::{self, Plan};
use crate::records::publish::{self, HeldBackCount, Publication};
use crate::records::report::{self as report_record, Report as WorkReport};
use crate::records::strays;
use crate::render::{markdown, pages, templates};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod transparency;
use transparency::*;

static NO_INDICATORS: BTreeSet<String> = BTreeSet::new();

/// Stack size of every thread that reads records or renders pages.
///
/// Nested YAML is read recursively (serde-saphyr allows 64 levels), and a
/// rayon worker waiting for its part of a parallel loop runs other parts on
/// its own stack, one on top of another: a few hostile record files can
/// then overflow the 2 MiB a thread gets by default, which aborts the
/// process. 16 MiB is address space, not memory, until it is used.
pub(crate) const THREAD_STACK: usize = 16 << 20;

/// Gives rayon's threads [`THREAD_STACK`]-sized stacks; call it before the
/// first parallel loop (a later call does nothing).
pub fn configure_threads() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK)
        .build_global();
}

/// What the command line asked for.
#[derive(Clone, Debug)]
pub struct Options {
    pub site_dir: PathBuf,
    /// The only clock: posting status and "published in the future" are
    /// judged against it.
    pub today: Date,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `build --force`: write into a non-empty folder that gongkai did not
    /// make (still removing only what gongkai wrote).
    pub force: bool,
}

impl Options {
    /// The rule for which records this run publishes.
    pub(crate) fn publication(&self) -> Publication {
        Publication {
            today: self.today,
            drafts: self.drafts,
        }
    }
}

/// The validated, computed model of a site.
pub struct Site {
    pub config: Config,
    pub(crate) today: Date,
    /// Newest first (by publication date, then path).
    pub disclosures: Vec<Disclosure>,
    pub pages: Vec<Page>,
    /// Newest year first, then by path.
    pub plans: Vec<Plan>,
    /// By id.
    pub indicators: Vec<Indicator>,
    /// Newest period first, then by path.
    pub reports: Vec<WorkReport>,
    /// `static/` files, as they will be published.
    pub(crate) static_files: Vec<OutputFile>,
    /// Records left out of this build: drafts, and records whose publication
    /// date is after `today`.
    pub held_back: HeldBackCount,
    /// What the compute stage derived from the records.
    pub figures: Figures,
    /// The transparency log, when site.yaml has `log:`: as read from the
    /// site folder, and what a build would append.
    pub log: Option<SiteLog>,
    /// Where each record stands in the log, for its page (empty without a
    /// log).
    pub(crate) histories: BTreeMap<String, RecordHistory>,
    /// The versions of records a later version replaced, read back from the
    /// log for their pages at `<record url>v<N>/`, in log order.
    pub(crate) earlier: Vec<EarlierVersion>,
}

/// Findings of a run and the text of the files they point into.
#[derive(Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    pub(crate) sources: BTreeMap<String, String>,
    /// The command line was at fault, not the records (an output folder
    /// that may not be written): the exit status is 2, not 1.
    pub bad_usage: bool,
    /// The output folder holds part of the new site: its commit failed
    /// after the new files began to take their names.
    pub partly_written: bool,
}

impl Report {
    fn add(&mut self, diags: Diagnostics, source: Option<&SourceFile>) {
        if diags.is_empty() {
            return;
        }
        if let Some(file) = source {
            self.sources.insert(file.path.clone(), file.text.clone());
        }
        self.diagnostics.extend(diags);
    }

    /// Adds findings of the stages after reading (compute), whose files'
    /// texts were not kept: each file a finding points into is read again
    /// to show its lines.
    pub(crate) fn add_unread(&mut self, diags: Diagnostics, site_dir: &Path) {
        for d in diags.iter() {
            if !self.sources.contains_key(&d.path)
                && let Ok(text) = std::fs::read_to_string(site_dir.join(&d.path))
            {
                self.sources.insert(d.path.clone(), text);
            }
        }
        self.diagnostics.extend(diags);
    }

    pub fn render(&self) -> String {
        self.diagnostics.render(&self.sources)
    }

    /// The report of a command line that cannot build this site.
    fn usage(diagnostic: Diagnostic) -> Report {
        let mut report = Report {
            bad_usage: true,
            ..Report::default()
        };
        report.diagnostics.push(diagnostic);
        report
    }

    /// The report of a build refused before it began.
    fn refused(refusal: output::guard::Refusal) -> Report {
        let mut report = Report {
            bad_usage: true,
            ..Report::default()
        };
        report
            .diagnostics
            .push(Diagnostic::error("--out", None, refusal.to_string()).with_help(refusal.help()));
        report
    }
}

/// What a successful build did.
pub struct Built {
    pub site: Site,
    pub files: usize,
    pub stats: WriteStats,
    /// What the build added to the transparency log, if the site keeps one.
    pub log: Option<LogSummary>,
}

/// A build's work on the transparency log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogSummary {
    /// Entries this build appended.
    pub added: usize,
    /// Entries the log holds now.
    pub size: u64,
}

/// Loads, validates and computes the site. `None` when any record has an
/// error; the report has every finding either way.
pub fn check(opts: &Options) -> (Option<Site>, Report) {
    check_with(opts, &Progress::hidden())
}

/// [`check`], counting the record files read on `progress`.
pub(crate) fn check_with(opts: &Options, progress: &Progress) -> (Option<Site>, Report) {
    progress.stage("读取记录", 0);
    let mut report = Report::default();
    let site = load_site(opts, &mut report, progress);
    report.diagnostics.sort();
    match site {
        Some(site) if !report.diagnostics.has_errors() => (Some(site), report),
        _ => (None, report),
    }
}

impl Site {
    /// What the render stage reads: the records, what was computed from
    /// them, and the indicator `series` (made by the caller with
    /// [`compute::series::all`], since they borrow the indicators).
    pub fn input<'a>(&'a self, series: &'a [Series<'a>]) -> pages::Input<'a> {
        pages::Input {
            config: &self.config,
            today: self.today,
            disclosures: &self.disclosures,
            pages: &self.pages,
            plans: &self.plans,
            indicators: &self.indicators,
            reports: &self.reports,
            figures: &self.figures,
            series,
            histories: &self.histories,
            earlier: &self.earlier,
        }
    }

    /// The records whose Markdown bodies make links, in path order within
    /// each kind.
    pub(crate) fn link_sources(&self) -> Vec<LinkSource<'_>> {
        let disclosures = self.disclosures.iter().map(|d| (&d.path, &d.links));
        let pages = self.pages.iter().map(|p| (&p.path, &p.links));
        let reports = self.reports.iter().map(|r| (&r.path, &r.links));
        let mut sources: Vec<LinkSource> = disclosures
            .chain(pages)
            .chain(reports)
            .filter(|(_, links)| !links.is_empty())
            .map(|(path, links)| LinkSource { path, links })
            .collect();
        sources.sort_by_key(|s| s.path);
        sources
    }

    /// Reports every link of the records that leads nowhere in the site
    /// (`compute::links`): the site's files are the pages the render stage
    /// will write, worked out without rendering, and the attachments.
    pub(crate) fn check_links(&self, series: &[Series], diags: &mut Diagnostics) {
        let sources = self.link_sources();
        if sources.is_empty() {
            return;
        }
        let mut files: BTreeSet<String> = pages::page_files(&self.input(series)).collect();
        files.extend(self.static_files.iter().map(|f| f.path.clone()));
        let record_paths = self
            .disclosures
            .iter()
            .map(|d| &d.path)
            .chain(self.pages.iter().map(|p| &p.path))
            .chain(self.reports.iter().map(|r| &r.path))
            .chain(self.plans.iter().map(|p| &p.path))
            .chain(self.indicators.iter().map(|i| &i.path));
        let records = record_paths
            .map(|p| (p.as_str(), compute::links::record_page(p)))
            .collect();
        let bodies: BTreeMap<&str, &str> = self
            .disclosures
            .iter()
            .map(|d| (d.path.as_str(), d.body.as_str()))
            .chain(
                self.pages
                    .iter()
                    .map(|p| (p.path.as_str(), p.body.as_str())),
            )
            .chain(
                self.reports
                    .iter()
                    .map(|r| (r.path.as_str(), r.body.as_str())),
            )
            .collect();
        let anchors = |record: &str| -> BTreeSet<String> {
            bodies
                .get(record)
                .map(|body| markdown::anchors(body).into_iter().collect())
                .unwrap_or_default()
        };
        let map = SiteMap {
            files: &files,
            records,
            anchors: &anchors,
        };
        compute::links::check(&sources, &map, diags);
    }

    /// What the compute stage reads.
    /// The records the compute stage reads. A site that passed its checks
    /// has no indicator that failed to read.
    fn records<'a>(&'a self, series: &'a [Series<'a>]) -> compute::Records<'a> {
        compute::Records {
            config: &self.config,
            today: self.today,
            disclosures: &self.disclosures,
            plans: &self.plans,
            reports: &self.reports,
            series,
            unread_indicators: &NO_INDICATORS,
        }
    }
}

/// Runs the whole pipeline into `out_dir`, for a site without a
/// transparency log (see [`build_signed`]). On any error the folder is
/// left as it was.
///
/// Pages are written (under temporary names) as they are rendered, so the
/// build never holds the whole site in memory; they take their real names
/// only once every page has rendered.
pub fn build(opts: &Options, out_dir: &Path) -> Result<(Built, Report), Report> {
    build_with(opts, out_dir, None, &Progress::hidden(), opts.today)
}

/// [`build`] for a site that keeps a transparency log (`log:` in
/// site.yaml): `key` signs its checkpoint.
pub fn build_signed(
    opts: &Options,
    out_dir: &Path,
    key: Option<&SigningKey>,
) -> Result<(Built, Report), Report> {
    build_with(opts, out_dir, key, &Progress::hidden(), opts.today)
}

/// [`build_signed`], showing its stages on `progress`.
/// `clock` is the computer's date, which a logged build's `--today` may
/// not pass by more than a day (see [`log_publish::refuse_future_day`]).
pub(crate) fn build_with(
    opts: &Options,
    out_dir: &Path,
    key: Option<&SigningKey>,
    progress: &Progress,
    clock: Date,
) -> Result<(Built, Report), Report> {
    let result = build_stages(opts, out_dir, key, progress, clock);
    progress.finish();
    result
}

/// The build's steps in order: refuse what makes it pointless, check the
/// records, render into a staging folder while the log is appended, write
/// the log, then put the staged output in place. The first step that fails
/// ends the build with the report of everything found so far.
fn build_stages(
    opts: &Options,
    out_dir: &Path,
    key: Option<&SigningKey>,
    progress: &Progress,
    clock: Date,
) -> Result<(Built, Report), Report> {
    refuse_early(opts, out_dir, key)?;
    let _one_build_at_a_time = wait_for_other_builds(&opts.site_dir);
    let (mut site, mut report, signer) = checked_site(opts, key, progress, clock)?;
    let mut diags = Diagnostics::new();
    let Some(theme) = templates::load(&opts.site_dir, &site.config.theme, &mut diags) else {
        report.add_unread(diags, &opts.site_dir);
        return Err(report);
    };
    progress.phase_done("templates");
    progress.stage("生成页面", site.static_files.len());
    let mut staging = output::Staging::begin(out_dir);
    let sink = Counted {
        inner: &staging,
        progress,
    };
    let site_log = site.log.take();
    let (rendered, appended) = render_and_publish_log(
        &site,
        theme,
        &sink,
        site_log,
        signer,
        (&opts.site_dir, out_dir),
    );
    progress.phase_done("static+log");
    let (count, mut appended) =
        match rendered.and_then(|count| appended.transpose().map(|a| (count, a))) {
            Ok(done) => done,
            Err(d) => {
                report.add_unread(d, &opts.site_dir);
                return Err(report);
            }
        };
    // What the output's commit would refuse is refused before the log is
    // sealed: versions logged for a site that cannot be written could never
    // be taken back.
    if appended.is_some()
        && let Err(e) = staging.check()
    {
        report.diagnostics.push(Diagnostic::error(
            &out_dir.display().to_string(),
            None,
            format!("输出文件夹无法写入，未记入透明日志：{e}"),
        ));
        return Err(report);
    }
    // The log is sealed before the output is committed: should the output
    // then fail, the next build finds these versions logged and publishes
    // them as they are, instead of logging them again into a different
    // history. Dropped unsealed (a page failed), its staged files go.
    if let Err(d) = appended
        .as_mut()
        .map_or(Ok(()), log_publish::Appended::write)
    {
        report.diagnostics.push(*d);
        return Err(report);
    }
    progress.phase_done("log write");
    let committed = staging.commit();
    progress.phase_done("commit");
    match committed {
        Ok(stats) => Ok((built(site, count, stats, appended), report)),
        Err(e) if output::Staging::partly_committed(&e) => {
            report.partly_written = true;
            report.diagnostics.push(
                Diagnostic::error(
                    &out_dir.display().to_string(),
                    None,
                    format!("写入输出文件夹中途失败，新旧页面现在混在一起：{e}"),
                )
                .with_help("改正原因（文件被锁定、没有写入权限、磁盘已满）后再生成一次，输出文件夹就会补齐"),
            );
            Err(report)
        }
        Err(e) => {
            report.diagnostics.push(Diagnostic::error(
                &out_dir.display().to_string(),
                None,
                format!("写入输出文件夹失败：{e}"),
            ));
            Err(report)
        }
    }
}

/// Holds the site's `site.yaml` locked for the rest of the build, after
/// waiting for any other build of the site to finish: two at once would
/// both read the log and append to it, and the one that seals second
/// would fail, or log its versions again. The lock is advisory and the
/// file is only opened for reading; without one (no `site.yaml`, or a
/// file system without locks) the build goes on and reports what it finds.
fn wait_for_other_builds(site_dir: &Path) -> Option<std::fs::File> {
    let file = std::fs::File::open(site_dir.join("site.yaml")).ok()?;
    if let Err(std::fs::TryLockError::WouldBlock) = file.try_lock() {
        eprintln!("另一个 gongkai build 正在生成这个站点，等它完成后再接着生成……");
        file.lock().ok()?;
    }
    Some(file)
}

/// Refuses, before any record is read, what would make the build
/// pointless: an output folder that is not the generator's to replace, and
/// a missing or wrong signing key for a site that keeps a log. A wrong
/// key is told at once, not after reading every record.
fn refuse_early(opts: &Options, out_dir: &Path, key: Option<&SigningKey>) -> Result<(), Report> {
    output::guard::check(&opts.site_dir, out_dir, opts.force).map_err(Report::refused)?;
    let mut early = Report::default();
    if let Some(config) = load_config(opts, &mut early) {
        signer_for(&config, key).map_err(|d| Report::usage(*d))?;
    }
    Ok(())
}

/// The checked site, its report and the key that signs its log; the
/// report as the error when the records have errors, when the key does not
/// match the site's, or when `--today` is before the log's last day or
/// after the day of `clock`.
fn checked_site<'k>(
    opts: &Options,
    key: Option<&'k SigningKey>,
    progress: &Progress,
    clock: Date,
) -> Result<(Site, Report, Option<&'k SigningKey>), Report> {
    let (site, report) = check_with(opts, progress);
    let Some(site) = site else {
        return Err(report);
    };
    let signer = signer_for(&site.config, key).map_err(|d| Report::usage(*d))?;
    if let Some(refusal) = site.log.as_ref().and_then(|l| {
        log_publish::refuse_earlier_day(l, opts.today)
            .or_else(|| log_publish::refuse_future_day(opts.today, clock))
    }) {
        return Err(Report::usage(refusal));
    }
    Ok((site, report, signer))
}

/// What a finished build tells its command: the site, how many files it
/// made (pages and the log's published files) and what the log gained.
fn built(
    site: Site,
    pages: usize,
    stats: WriteStats,
    appended: Option<log_publish::Appended>,
) -> Built {
    Built {
        site,
        files: pages + appended.as_ref().map_or(0, |a| a.published),
        stats,
        log: appended.map(|a| LogSummary {
            added: a.added,
            size: a.size,
        }),
    }
}

/// Renders the pages into `sink` and meanwhile, on a thread of its own,
/// appends the log and puts its files: ten thousand new versions are ten
/// thousand files to create, work the file system does while the renderer
/// computes.
fn render_and_publish_log(
    site: &Site,
    theme: templates::Theme,
    sink: &(dyn Sink + Sync),
    site_log: Option<SiteLog>,
    signer: Option<&SigningKey>,
    (site_dir, out_dir): (&Path, &Path),
) -> (
    Result<usize, Diagnostics>,
    Option<Result<log_publish::Appended, Diagnostics>>,
) {
    let series = compute::series::all(&site.indicators, &site.config);
    std::thread::scope(|scope| {
        let log_job = match (site_log, signer) {
            (Some(site_log), Some(key)) => Some(
                scope.spawn(move || log_publish::publish(site_dir, out_dir, site_log, key, sink)),
            ),
            _ => None,
        };
        let rendered = pages::render_site(&site.input(&series), theme, sink).and_then(|pages| {
            put_static_files(site, sink).map(|()| pages + site.static_files.len())
        });
        let appended = log_job.map(|job| job.join().expect("publishing the log does not panic"));
        (rendered, appended)
    })
}

fn put_static_files(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for f in &site.static_files {
        if let Err(e) = sink.put(f.clone()) {
            diags.error(&f.path, None, format!("写入输出文件失败：{e}"));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn load_site(opts: &Options, report: &mut Report, progress: &Progress) -> Option<Site> {
    let mut config = load_config(opts, report)?;
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let mut diags = Diagnostics::new();
    warn_of_example_address(&config, opts.base_url.is_some(), &mut diags);
    strays::check(&opts.site_dir, &mut diags);
    report.add_unread(diags, &opts.site_dir);
    let mut read = read_all(opts, &config, report, progress);
    progress.phase_done("read+validate");
    let unread_indicators = read.unread_indicators.clone();
    let versions = std::mem::take(&mut read.versions);
    let mut site = publish(read, config, opts);
    let mut diags = Diagnostics::new();
    let series = compute::series::all(&site.indicators, &site.config);
    let records = compute::Records {
        unread_indicators: &unread_indicators,
        ..site.records(&series)
    };
    // Reading the log and computing the figures need nothing of each
    // other: each on a core of its own, as neither is parallel within.
    let ((site_log, log_diags), figures) = rayon::join(
        || read_log(opts, &site, versions),
        || compute::run(&records, &mut diags),
    );
    report.add(log_diags, None);
    progress.phase_done("log+compute");
    let earlier = site_log
        .as_ref()
        .map(|l| read_earlier(&site, l, &records, &mut diags))
        .unwrap_or_default();
    site.figures = figures;
    site.log = site_log;
    if let Some(site_log) = &mut site.log {
        site.histories = std::mem::take(&mut site_log.histories);
    }
    site.check_links(&series, &mut diags);
    drop(series);
    link_earlier(&mut site.histories, &earlier);
    site.earlier = earlier;
    report.add_unread(diags, &opts.site_dir);
    progress.phase_done("earlier+links");
    Some(site)
}

/// Every record of the site as read, before the publication rule.
struct ReadRecords {
    disclosures: Vec<Disclosure>,
    pages: Vec<Page>,
    indicators: Vec<Indicator>,
    plans: Vec<Plan>,
    reports: Vec<WorkReport>,
    static_files: Vec<OutputFile>,
    /// Indicator files that exist but did not read (they have errors).
    unread_indicators: BTreeSet<String>,
    /// The canonical JSON of every record read, when the site keeps a log.
    versions: Vec<RecordJson>,
}

/// The validate stage over the whole site folder: every record of every
/// kind, the attachments, and the file names.
fn read_all(
    opts: &Options,
    config: &Config,
    report: &mut Report,
    progress: &Progress,
) -> ReadRecords {
    let mut versions = Vec::new();
    let disclosures = read_records(
        opts,
        config,
        RecordKind::Disclosure,
        report,
        progress,
        &mut versions,
        &disclosure::read,
    );
    let pages = read_records(
        opts,
        config,
        RecordKind::Page,
        report,
        progress,
        &mut versions,
        &page::read,
    );
    let site_dir = opts.site_dir.clone();
    let indicators = read_records(
        opts,
        config,
        RecordKind::Indicator,
        report,
        progress,
        &mut versions,
        &|doc, config, diags| indicator::read(doc, config, &site_dir, diags),
    );
    // Every indicator file, read or not: a plan or a report naming one
    // that has errors of its own is not told that it does not exist.
    let indicator_ids: BTreeSet<String> =
        load::walk(&opts.site_dir, RecordKind::Indicator.folder())
            .into_iter()
            .filter(|(rel, _)| RecordKind::Indicator.is_record_file(rel))
            .map(|(rel, _)| indicator::id_of(&rel))
            .collect();
    let unread_indicators: BTreeSet<String> = indicator_ids
        .iter()
        .filter(|id| !indicators.iter().any(|i| &i.id == *id))
        .cloned()
        .collect();
    let plans = read_records(
        opts,
        config,
        RecordKind::Plan,
        report,
        progress,
        &mut versions,
        &|doc, config, diags| plan::read(doc, config, &indicator_ids, diags),
    );
    let reports = read_records(
        opts,
        config,
        RecordKind::Report,
        report,
        progress,
        &mut versions,
        &report_record::read,
    );
    let static_files = read_static(opts, config, report);
    let folders = RecordKind::ALL.map(RecordKind::folder);
    let names = load::names::check(&opts.site_dir, &[&folders[..], &[STATIC_FOLDER]].concat());
    report.add(names, None);
    ReadRecords {
        disclosures,
        pages,
        indicators,
        plans,
        reports,
        static_files,
        unread_indicators,
        versions,
    }
}

/// The records this run publishes, in their order (see [`publish`]).
fn publish(read: ReadRecords, config: Config, opts: &Options) -> Site {
    let rule = opts.publication();
    let mut held_back = HeldBackCount::default();
    let mut disclosures = rule.select(read.disclosures, &mut held_back);
    disclosures.sort_by(publish::disclosure_order);
    let pages = rule.select(read.pages, &mut held_back);
    let mut plans = rule.select(read.plans, &mut held_back);
    plans.sort_by(publish::plan_order);
    let mut reports = rule.select(read.reports, &mut held_back);
    reports.sort_by(publish::report_order);
    Site {
        config,
        today: opts.today,
        disclosures,
        pages,
        plans,
        indicators: read.indicators,
        reports,
        static_files: read.static_files,
        held_back,
        figures: Figures::default(),
        log: None,
        histories: BTreeMap::new(),
        earlier: Vec::new(),
    }
}

/// A site still at an example address is published where nobody reaches
/// it: the QR code on every printed notice, the feeds and the sitemap would
/// all point there. Said on every run until the address is the site's own.
fn warn_of_example_address(config: &Config, from_command_line: bool, diags: &mut Diagnostics) {
    if !config::is_example_address(&config.base_url) {
        return;
    }
    let (span, written) = if from_command_line {
        (None, "--base-url")
    } else {
        (Some(config.base_url_span), "site.yaml 的 base_url")
    };
    diags.push(
        Diagnostic::warning(
            "site.yaml",
            span,
            format!(
                "网站地址还是示例地址 {}：打印的告示上的二维码、订阅源和站点地图都会指向一个不存在的网站",
                config.base_url
            ),
        )
        .with_help(format!(
            "把{written}改为本站的正式网址（以 https:// 开头，向县里的信息化人员要）"
        )),
    );
}

fn load_config(opts: &Options, report: &mut Report) -> Option<Config> {
    let path = opts.site_dir.join("site.yaml");
    if !path.is_file() {
        report.diagnostics.push(
            Diagnostic::error(
                "site.yaml",
                None,
                format!(
                    "找不到 site.yaml：“{}”不是站点文件夹",
                    opts.site_dir.display()
                ),
            )
            .with_help("用 --site 指定含 site.yaml 的文件夹，或先运行 gongkai init 新建站点"),
        );
        return None;
    }
    let mut diags = Diagnostics::new();
    let file = load::read_text("site.yaml", &path, &mut diags);
    let config = file.as_ref().and_then(|file| {
        let doc = load::yaml_document(file, &mut diags)?;
        config::read(&doc, &mut diags)
    });
    if let (Some(config), Some(file)) = (&config, &file) {
        // site.yaml is published too (title, contact): same privacy rule.
        let _ = personal::apply(file.clone(), config.privacy, &mut diags);
    }
    report.add(diags, file.as_ref());
    config
}

/// One record file read: the record and its version (when the site keeps a
/// log), the findings, and the text they point into.
type ReadResult<T> = (
    Option<(T, Option<RecordJson>)>,
    Diagnostics,
    Option<SourceFile>,
);

/// Reads every record of one folder in parallel; results and diagnostics
/// come back in path order, whatever the threads did. When the site keeps a
/// log, each record's canonical JSON goes to `versions`.
fn read_records<T: Send>(
    opts: &Options,
    config: &Config,
    kind: RecordKind,
    report: &mut Report,
    progress: &Progress,
    versions: &mut Vec<RecordJson>,
    read: &(dyn Fn(&load::Document, &Config, &mut Diagnostics) -> Option<T> + Sync),
) -> Vec<T> {
    let files = load::walk(&opts.site_dir, kind.folder());
    progress.add_total(files.len());
    let logged = config.log.is_some();
    let versioned = |doc: &load::Document, config: &Config, diags: &mut Diagnostics| {
        let record = read(doc, config, diags)?;
        let version = logged.then(|| log_publish::record_version(kind, doc, &opts.site_dir));
        Some((record, version))
    };
    let results: Vec<ReadResult<T>> = files
        .par_iter()
        .map(|(rel, abs)| {
            let (record, diags, file) = read_record(config, kind, rel, abs, &versioned);
            // The text is kept only to show the lines of its diagnostics:
            // holding every file's text until all are read costs as much
            // memory as the site folder is large.
            let file = file.filter(|_| !diags.is_empty());
            progress.step();
            (record, diags, file)
        })
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for (record, diags, file) in results {
        report.add(diags, file.as_ref());
        if let Some((record, version)) = record {
            records.push(record);
            versions.extend(version);
        }
    }
    records
}

/// Reads one record file of `kind` (`rel` relative to the site folder,
/// `abs` on disk): what a build does for each file, and what the live
/// preview does for the one file that was saved.
pub(crate) fn read_record<T>(
    config: &Config,
    kind: RecordKind,
    rel: &str,
    abs: &Path,
    read: &dyn Fn(&load::Document, &Config, &mut Diagnostics) -> Option<T>,
) -> (Option<T>, Diagnostics, Option<SourceFile>) {
    let ext = kind.extension();
    let mut diags = Diagnostics::new();
    if kind == RecordKind::Indicator && rel.ends_with(".csv") {
        // Data an indicator file points to with `csv:`; read there.
        return (None, diags, None);
    }
    if !kind.is_record_file(rel) {
        let help = if strays::looks_like_a_record(rel) {
            let text = std::fs::read(abs).unwrap_or_default();
            strays::where_it_belongs(rel, &String::from_utf8_lossy(&text))
        } else {
            "附件（PDF、表格、图片）请放在 static/ 下，在正文中链接".to_string()
        };
        diags.push(
            Diagnostic::warning(rel, None, format!("不是 .{ext} 记录文件，已忽略")).with_help(help),
        );
        return (None, diags, None);
    }
    let Some(file) = load::read_text(rel, abs, &mut diags) else {
        return (None, diags, None);
    };
    let file = personal::apply(file, config.privacy, &mut diags);
    let doc = if ext == "md" {
        load::markdown_document(&file, &mut diags)
    } else {
        load::yaml_document(&file, &mut diags)
    };
    let record = doc.and_then(|doc| read(&doc, config, &mut diags));
    (record, diags, Some(file))
}

/// The folder of attachments, copied to the output as they are.
pub(crate) const STATIC_FOLDER: &str = "static";

fn read_static(opts: &Options, config: &Config, report: &mut Report) -> Vec<OutputFile> {
    let files = load::walk(&opts.site_dir, STATIC_FOLDER);
    let results: Vec<(Option<OutputFile>, Diagnostics, Option<SourceFile>)> = files
        .par_iter()
        .map(|(rel, abs)| {
            let mut diags = Diagnostics::new();
            let bytes = match std::fs::read(abs) {
                Ok(bytes) => bytes,
                Err(e) => {
                    diags.error(rel, None, format!("无法读取文件：{e}"));
                    return (None, diags, None);
                }
            };
            if load::refuse_private_key(rel, &bytes, &mut diags) {
                return (None, diags, None);
            }
            let (bytes, source) = personal::attachment(rel, bytes, config.privacy, &mut diags);
            if let Some(file) = &source {
                load::refuse_active_content(file, &mut diags);
            }
            let out = bytes.map(|bytes| OutputFile {
                path: rel.clone(),
                bytes,
            });
            (out, diags, source)
        })
        .collect();
    let mut out = Vec::new();
    for (file, diags, source) in results {
        report.add(diags, source.as_ref());
        out.extend(file);
    }
    out
}
