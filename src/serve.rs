//! `gongkai serve`: the clerk's live preview.
//!
//! The site is built into memory (never into the site folder, never into
//! `public/`) and served on localhost. A watcher on the site folder (which
//! holds the site's own theme overrides too) rebuilds on every saved change
//! and tells the open pages to reload over server-sent events: each served
//! HTML page carries a few lines of script, added when it is served and
//! never to built files, that listen on `/__gongkai/events`.
//!
//! While the records have an error, every page is replaced by the error
//! report (file, line, column, message and the offending line) and the
//! terminal prints it too; the next good save brings the pages back.
//!
//! The first build runs the whole pipeline, as `gongkai build` does, and
//! keeps the model. A saved disclosure is then read again on its own and
//! only the pages that show it are rendered again ([`Live`]); any other
//! change (site.yaml, the theme, plans, pages, reports, indicators, static
//! files) runs the whole pipeline again. `docs/performance.md` gives the
//! times on large sites.

use crate::compute;
use crate::diagnostics::Diagnostics;
use crate::load::SourceFile;
use crate::output::OutputFile;
use crate::records::disclosure::{self, Disclosure};
use crate::records::kind::RecordKind;
use crate::records::publish::disclosure_order;
use crate::render::pages::live::Live;
use crate::render::templates::{self, Theme};
use crate::site::{self, Options, Report, Site};
use anyhow::anyhow;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long the watcher waits for more events after a change before the
/// rebuild starts: editors write a file in several steps.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(10);

/// Where served pages listen for "rebuilt, reload".
pub(crate) const EVENTS_PATH: &str = "/__gongkai/events";

/// What is being served: the last good build, and the error report of the
/// latest build when it failed.
#[derive(Default)]
pub(crate) struct Served {
    /// Counts the rebuilds; a page knows the version it was served at.
    pub(crate) version: u64,
    /// Output path (`disclosures/2013/x/index.html`) → bytes.
    pub(crate) files: HashMap<String, Arc<Vec<u8>>>,
    /// The rendered report of the latest build, when it had errors.
    pub(crate) error: Option<String>,
}

type Shared = Arc<RwLock<Served>>;

#[derive(Clone)]
struct AppState {
    served: Shared,
    versions: watch::Receiver<u64>,
    /// The address listened on, which requests must name (see [`host_allowed`]).
    bound: std::net::IpAddr,
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    served: Shared,
    stop: Arc<AtomicBool>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    rebuilder: Option<JoinHandle<()>>,
}

/// One line for the terminal, with the time of day as a clerk reads it.
fn say(text: &str) {
    println!("{text}");
}

impl Server {
    /// Builds the site, binds `addr` (port 0: any free port) and starts
    /// watching and serving. Returns once the server answers.
    pub fn start(opts: Options, addr: SocketAddr) -> anyhow::Result<Server> {
        if !opts.site_dir.join("site.yaml").is_file() {
            return Err(anyhow!(
                "找不到 {}：用 --site 指定站点文件夹，或先运行 gongkai init 新建站点",
                opts.site_dir.join("site.yaml").display()
            ));
        }
        let started = Instant::now();
        let served: Shared = Arc::new(RwLock::new(Served::default()));
        let mut builder = Builder::new(opts.clone());
        let first = builder.guarded(&served, |b| b.full(&served));
        report_outcome(&first, started.elapsed(), true);
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            anyhow!("无法在 {addr} 上提供预览：{e}；端口可能已被占用，换一个：--port 8080")
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| anyhow!("无法设置监听：{e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| anyhow!("无法取得监听地址：{e}"))?;
        let (version_tx, version_rx) = watch::channel(served_version(&served));
        let stop = Arc::new(AtomicBool::new(false));
        let rebuilder = spawn_rebuilder(builder, served.clone(), version_tx, stop.clone())?;
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let state = AppState {
            served: served.clone(),
            versions: version_rx,
            bound: addr.ip(),
        };
        let (ready_tx, ready_rx) = mpsc::channel::<anyhow::Result<()>>();
        let http = std::thread::Builder::new()
            .name("gongkai-serve".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(anyhow!("无法启动服务：{e}")));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => {
                            let _ = ready_tx.send(Err(anyhow!("无法启动服务：{e}")));
                            return;
                        }
                    };
                    let app = Router::new()
                        .route(EVENTS_PATH, get(events))
                        .fallback(page)
                        .with_state(state);
                    let _ = ready_tx.send(Ok(()));
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = shutdown_rx.await;
                        })
                        .await;
                });
                // Open event streams would keep the runtime's tasks alive.
                runtime.shutdown_timeout(Duration::from_millis(200));
            })
            .map_err(|e| anyhow!("无法启动服务：{e}"))?;
        ready_rx
            .recv()
            .map_err(|_| anyhow!("服务没有启动"))?
            .map_err(anyhow::Error::msg)?;
        Ok(Server {
            addr,
            served,
            stop,
            shutdown: Some(shutdown_tx),
            http: Some(http),
            rebuilder: Some(rebuilder),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The version of the site being served (counts rebuilds).
    pub fn version(&self) -> u64 {
        served_version(&self.served)
    }

    /// The files being served (without the live-reload script), and the
    /// error report when the records have errors.
    pub fn snapshot(&self) -> (HashMap<String, Arc<Vec<u8>>>, Option<String>) {
        self.served
            .read()
            .map(|s| (s.files.clone(), s.error.clone()))
            .unwrap_or_default()
    }

    /// Stops serving and watching, and waits for both to end.
    pub fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
        if let Some(h) = self.rebuilder.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut();
    }
}

fn served_version(served: &Shared) -> u64 {
    served.read().map_or(0, |s| s.version)
}

/// Runs the preview until Ctrl+C.
pub(crate) fn run(opts: Options, addr: SocketAddr) -> anyhow::Result<()> {
    let server = Server::start(opts, addr)?;
    say(&format!(
        "正在预览：http://{}/ （保存记录后页面自动刷新；按 Ctrl+C 停止）",
        server.addr()
    ));
    let (tx, rx) = mpsc::channel::<()>();
    let waiter = std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            rt.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        }
        let _ = tx.send(());
    });
    let _ = rx.recv();
    say("已停止预览");
    server.stop();
    drop(waiter);
    Ok(())
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

/// What one rebuild came to.
enum Outcome {
    /// The whole site was rendered.
    Built {
        files: usize,
        warnings: String,
    },
    /// Only the pages an edit touches were rendered.
    Updated {
        pages: usize,
        warnings: String,
    },
    Failed {
        report: String,
        errors: usize,
    },
}

/// The model the preview keeps between rebuilds, so that a saved record
/// costs only what depends on it.
struct Model {
    site: Site,
    theme: Theme,
    live: Live,
    report: Report,
    /// Saved disclosures not yet rendered (while the records had errors).
    pending: BTreeSet<String>,
    /// The findings of the rules across records — ledgers chain from one
    /// period to the next, links lead to pages that exist — as they stood
    /// after the last save: a save can mend or break another file's chain
    /// or link, so they are worked out again on each one.
    chain: Diagnostics,
}

/// Rebuilds the site on each change: the whole site at start and when
/// anything but a disclosure changed, else only what the changed
/// disclosures show (see [`Live`]).
struct Builder {
    opts: Options,
    model: Option<Model>,
}

impl Builder {
    fn new(opts: Options) -> Builder {
        Builder { opts, model: None }
    }

    /// Runs one rebuild so that even a bug in the generator (a panic) only
    /// fails this rebuild: the report takes the place of the pages, the
    /// model is dropped, and the next save rebuilds from scratch, so live
    /// reload never dies.
    fn guarded(
        &mut self,
        served: &Shared,
        rebuild: impl FnOnce(&mut Builder) -> Outcome,
    ) -> Outcome {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuild(self)));
        result.unwrap_or_else(|panic| {
            self.model = None;
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let mut report = Report::default();
            report.diagnostics.push(
                crate::diagnostics::Diagnostic::error(
                    "gongkai",
                    None,
                    format!("生成预览时程序出错：{what}"),
                )
                .with_help("这是 gongkai 的错误，不是记录的错误：请把这段话和刚才改动的记录发给维护人员；改动任何文件后会重新生成"),
            );
            fail(served, &report)
        })
    }

    /// Loads and renders everything, as `gongkai build` would.
    fn full(&mut self, served: &Shared) -> Outcome {
        self.model = None;
        let (site, mut report) = site::check(&self.opts);
        let Some(site) = site else {
            return fail(served, &report);
        };
        let mut diags = Diagnostics::new();
        let Some(mut theme) = templates::load(&self.opts.site_dir, &site.config.theme, &mut diags)
        else {
            report.add_unread(diags, &self.opts.site_dir);
            return fail(served, &report);
        };
        let series = compute::series::all(&site.indicators, &site.config);
        let rendered = Live::render_all(&site.input(&series), &mut theme);
        drop(series);
        match rendered {
            Ok((mut files, live)) => {
                files.extend(site.static_files.iter().map(|f| OutputFile {
                    path: f.path.clone(),
                    bytes: f.bytes.clone(),
                }));
                let count = files.len();
                let map = files
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect();
                if let Ok(mut s) = served.write() {
                    s.files = map;
                    s.error = None;
                    s.version += 1;
                }
                let warnings = report.render();
                self.model = Some(Model {
                    site,
                    theme,
                    live,
                    report,
                    pending: BTreeSet::new(),
                    chain: Diagnostics::new(),
                });
                Outcome::Built {
                    files: count,
                    warnings,
                }
            }
            Err(d) => {
                report.add_unread(d, &self.opts.site_dir);
                fail(served, &report)
            }
        }
    }

    /// Re-reads the saved disclosures `rels` and re-renders what shows them.
    fn disclosures(&mut self, rels: &BTreeSet<String>, served: &Shared) -> Outcome {
        let Some(model) = self.model.as_mut() else {
            return self.full(served);
        };
        let opts = &self.opts;
        let read: Vec<_> = rels
            .iter()
            .map(|rel| {
                let abs = opts.site_dir.join(rel);
                let result = if abs.is_file() {
                    site::read_record(
                        &model.site.config,
                        RecordKind::Disclosure,
                        rel,
                        &abs,
                        &disclosure::read,
                    )
                } else {
                    (None, Diagnostics::new(), None)
                };
                (rel, result)
            })
            .collect();
        for (rel, (record, mut diags, source)) in read {
            // A new file's name is checked as a full build checks it.
            let name = source
                .as_ref()
                .and_then(|_| crate::load::names::check_name(rel));
            if let Some(name) = name {
                diags.push(name);
            }
            let failed = diags.has_errors();
            replace_findings(&mut model.report, rel, diags, source);
            let record = record
                .filter(|_| !failed)
                .and_then(|d| opts.publication().admit(d).ok());
            match &record {
                Some(d) => model.site.figures.set_disclosure(d, opts.today),
                None => model.site.figures.remove_disclosure(rel),
            }
            put_in_order(&mut model.site.disclosures, rel, record);
            model.pending.insert(rel.clone());
        }
        // Rules across records: a save can break or mend the balance chain,
        // and a link in another record to this one.
        let mut chain = Diagnostics::new();
        compute::ledger::check_chain(&model.site.disclosures, &mut chain);
        model.site.figures.set_threads(
            &model.site.config,
            &model.site.disclosures,
            &model.site.plans,
            opts.today,
            &mut chain,
        );
        let series = compute::series::all(&model.site.indicators, &model.site.config);
        model.site.check_links(&series, &mut chain);
        drop(series);
        replace_chain(model, chain, &opts.site_dir);
        if model.report.diagnostics.has_errors() {
            return fail(served, &model.report);
        }
        let changed = std::mem::take(&mut model.pending);
        let series = compute::series::all(&model.site.indicators, &model.site.config);
        let updated = model
            .live
            .update(&model.site.input(&series), &model.theme, &changed);
        drop(series);
        match updated {
            Ok(update) => {
                let pages = update.files.len();
                if let Ok(mut s) = served.write() {
                    for f in update.files {
                        s.files.insert(f.path, Arc::new(f.bytes));
                    }
                    for path in &update.removed {
                        s.files.remove(path);
                    }
                    s.error = None;
                    s.version += 1;
                }
                Outcome::Updated {
                    pages,
                    warnings: model.report.render(),
                }
            }
            Err(d) => {
                let mut report = Report {
                    diagnostics: model.report.diagnostics.clone(),
                    sources: model.report.sources.clone(),
                    ..Report::default()
                };
                report.add_unread(d, &self.opts.site_dir);
                // Start from scratch on the next change.
                self.model = None;
                fail(served, &report)
            }
        }
    }
}

/// Puts `record` (read from `rel`) in place of the record read from `rel`
/// before, keeping `disclosures` in [`disclosure_order`] order; `None` takes the
/// old one out. A record saved with its date unchanged is found by binary
/// search and put in its old place: a scan, and shifting 10,000 records out
/// and back, cost more than reading it.
fn put_in_order(disclosures: &mut Vec<Disclosure>, rel: &str, record: Option<Disclosure>) {
    use std::cmp::Ordering::Less;
    let place =
        |ds: &[Disclosure], d: &Disclosure| ds.partition_point(|x| disclosure_order(x, d) == Less);
    let found = record
        .as_ref()
        .map(|d| place(disclosures, d))
        .filter(|&at| disclosures.get(at).is_some_and(|x| x.path == rel));
    let old = found.or_else(|| disclosures.iter().position(|x| x.path == rel));
    let fits = |ds: &[Disclosure], i: usize, d: &Disclosure| {
        (i == 0 || disclosure_order(&ds[i - 1], d) == Less)
            && ds
                .get(i + 1)
                .is_none_or(|next| disclosure_order(d, next) == Less)
    };
    match (old, record) {
        (Some(i), Some(d)) if fits(disclosures, i, &d) => disclosures[i] = d,
        (old, record) => {
            if let Some(i) = old {
                disclosures.remove(i);
            }
            if let Some(d) = record {
                let at = place(disclosures, &d);
                disclosures.insert(at, d);
            }
        }
    }
}

/// Puts the findings of the file `rel` read anew in place of its old ones.
fn replace_findings(
    report: &mut Report,
    rel: &str,
    diags: Diagnostics,
    source: Option<SourceFile>,
) {
    if diags.is_empty() && !report.diagnostics.iter().any(|d| d.path == rel) {
        // The usual save: nothing found before or now.
        return;
    }
    let mut kept = Diagnostics::new();
    for d in report.diagnostics.iter().filter(|d| d.path != rel) {
        kept.push(d.clone());
    }
    report.sources.remove(rel);
    if !diags.is_empty()
        && let Some(file) = source
    {
        report.sources.insert(file.path, file.text);
    }
    kept.extend(diags);
    kept.sort();
    report.diagnostics = kept;
}

/// Puts the findings across records of this save (the balance chain, links)
/// in place of the last one's.
fn replace_chain(model: &mut Model, chain: Diagnostics, site_dir: &Path) {
    if chain.is_empty() && model.chain.is_empty() {
        return;
    }
    let old: Vec<&crate::diagnostics::Diagnostic> = model.chain.iter().collect();
    let mut kept = Diagnostics::new();
    for d in model.report.diagnostics.iter().filter(|d| !old.contains(d)) {
        kept.push(d.clone());
    }
    model.report.diagnostics = kept;
    model.report.add_unread(chain.clone(), site_dir);
    model.report.diagnostics.sort();
    model.chain = chain;
}

/// Shows `report` in place of every page.
fn fail(served: &Shared, report: &Report) -> Outcome {
    let text = report.render();
    if let Ok(mut s) = served.write() {
        s.error = Some(text.clone());
        s.version += 1;
    }
    Outcome::Failed {
        report: text,
        errors: report.diagnostics.error_count(),
    }
}

/// What a batch of changed paths asks for: `None` for a full rebuild, else
/// the disclosure files (relative, `/`-separated) to re-read.
fn classify(site_dir: &Path, paths: &BTreeSet<PathBuf>) -> Option<BTreeSet<String>> {
    let mut rels = BTreeSet::new();
    for path in paths {
        let rel = path.strip_prefix(site_dir).ok()?;
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        let disclosure = RecordKind::of_path(&rel) == Some(RecordKind::Disclosure)
            && RecordKind::Disclosure.is_record_file(&rel);
        if !disclosure || path.is_dir() {
            return None;
        }
        rels.insert(rel);
    }
    Some(rels)
}

fn report_outcome(outcome: &Outcome, took: Duration, first: bool) {
    match outcome {
        Outcome::Built { files, warnings } => {
            if !warnings.is_empty() {
                eprint!("{warnings}");
            }
            if first {
                say(&format!(
                    "已在内存中生成 {files} 个文件，用时 {:.1} 秒",
                    took.as_secs_f64()
                ));
            } else {
                say(&format!(
                    "已更新（{files} 个文件，用时 {} 毫秒），页面已刷新",
                    took.as_millis()
                ));
            }
        }
        Outcome::Updated { pages, warnings } => {
            if !warnings.is_empty() {
                eprint!("{warnings}");
            }
            say(&format!(
                "已更新 {pages} 个页面，用时 {} 毫秒，页面已刷新",
                took.as_millis()
            ));
        }
        Outcome::Failed { report, errors } => {
            eprint!("{report}");
            eprintln!("记录有 {errors} 个错误：浏览器中显示错误，改正并保存后自动恢复");
        }
    }
}

/// Whether a changed path can affect the site: hidden files and editors'
/// scratch files (`.x.swp`, `x~`, `~$x.xlsx`) never do.
fn relevant(site_dir: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(site_dir).unwrap_or(path);
    !rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.starts_with("~$")
            || name == "4913"
    })
}

fn spawn_rebuilder(
    mut builder: Builder,
    served: Shared,
    versions: watch::Sender<u64>,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<JoinHandle<()>> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, tx).map_err(|e| anyhow!("无法监视站点文件夹：{e}"))?;
    let site_dir: PathBuf = builder
        .opts
        .site_dir
        .canonicalize()
        .unwrap_or_else(|_| builder.opts.site_dir.clone());
    debouncer
        .watch(&site_dir, RecursiveMode::Recursive)
        .map_err(|e| anyhow!("无法监视站点文件夹 {}：{e}", site_dir.display()))?;
    std::thread::Builder::new()
        .name("gongkai-watch".into())
        .stack_size(site::THREAD_STACK)
        .spawn(move || {
            // The debouncer stops watching when dropped: keep it here.
            let _debouncer = debouncer;
            while !stop.load(Ordering::SeqCst) {
                let first = match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(batch) => batch,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                let saved = Instant::now();
                let mut paths = BTreeSet::new();
                let mut lost = changed_paths(&site_dir, &first, &mut paths);
                while let Ok(more) = rx.try_recv() {
                    lost |= changed_paths(&site_dir, &more, &mut paths);
                }
                if paths.is_empty() && !lost {
                    continue;
                }
                let rels = classify(&site_dir, &paths).filter(|_| !lost);
                let outcome = builder.guarded(&served, |b| match &rels {
                    Some(rels) => b.disclosures(rels, &served),
                    None => b.full(&served),
                });
                report_outcome(&outcome, saved.elapsed(), false);
                let _ = versions.send(served_version(&served));
            }
        })
        .map_err(|e| anyhow!("无法监视站点文件夹：{e}"))
}

/// Adds the site's changed paths in `batch` to `paths`; true when the
/// watcher reported an error (events may be lost: rebuild everything).
fn changed_paths(
    site_dir: &Path,
    batch: &DebounceEventResult,
    paths: &mut BTreeSet<PathBuf>,
) -> bool {
    match batch {
        Ok(events) => {
            for e in events.iter().filter(|e| !e.event.kind.is_access()) {
                paths.extend(
                    e.event
                        .paths
                        .iter()
                        .filter(|p| relevant(site_dir, p))
                        .cloned(),
                );
            }
            false
        }
        Err(_) => true,
    }
}

// ---------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------

/// The event stream a served page listens on: `reload` as soon as the site
/// is at a version other than the page's.
async fn events(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    if !host_allowed(&headers, state.bound) {
        return wrong_host();
    }
    let seen = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let rx = state.versions.clone();
    let stream = futures_util::stream::unfold((rx, seen), |(mut rx, seen)| async move {
        loop {
            let current = *rx.borrow_and_update();
            if current != seen {
                let event = Event::default().event("reload").data(current.to_string());
                return Some((Ok::<_, std::convert::Infallible>(event), (rx, current)));
            }
            if rx.changed().await.is_err() {
                return None;
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Whether a request names this server in its `Host`: `localhost`, or an IP
/// address (the one listened on; any, when listening on all of them).
///
/// A page on another site can make the browser send requests here under
/// its own name by pointing that name at 127.0.0.1 (DNS rebinding); such a
/// request carries the other site's name and is refused, so no web page
/// can read the preview of unpublished records.
fn host_allowed(headers: &HeaderMap, bound: std::net::IpAddr) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        // Only old clients omit it; browsers always send it.
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip == bound || ip.is_loopback() || bound.is_unspecified(),
        Err(_) => false,
    }
}

fn wrong_host() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        "预览只回应用 IP 地址或 localhost 打开的请求，例如 http://127.0.0.1:1111/",
    )
        .into_response()
}

/// Any other request: a file of the built site.
async fn page(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if !host_allowed(&headers, state.bound) {
        return wrong_host();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "只支持 GET").into_response();
    }
    let Ok(served) = state.served.read() else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "预览服务出错").into_response();
    };
    let raw = uri.path();
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let path = decoded.trim_start_matches('/');
    let target = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let found = served.files.get(&target);
    if found.is_none() && served.files.contains_key(&format!("{path}/index.html")) {
        // Path only, one leading slash: `//evil.example` would otherwise
        // be a redirect to another site.
        let location = format!("/{}/", raw.trim_start_matches('/'));
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default();
    }
    let is_html = target.ends_with(".html") || found.is_none();
    if is_html && let Some(report) = &served.error {
        return html_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &error_page(report, served.version),
        );
    }
    match found {
        Some(bytes) if target.ends_with(".html") => {
            let html = String::from_utf8_lossy(bytes);
            html_response(StatusCode::OK, &inject(&html, served.version))
        }
        Some(bytes) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, content_type(&target))
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::from(bytes.as_ref().clone()))
            .unwrap_or_default(),
        None => {
            let body = served.files.get("404.html").map_or_else(
                || "<!DOCTYPE html><meta charset=\"utf-8\"><title>页面不存在</title><h1>页面不存在</h1>".to_string(),
                |b| String::from_utf8_lossy(b).into_owned(),
            );
            html_response(StatusCode::NOT_FOUND, &inject(&body, served.version))
        }
    }
}

fn html_response(status: StatusCode, html: &str) -> Response {
    Response::builder()
        .status(status)
        .header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(html.to_string()))
        .unwrap_or_default()
}

/// The live-reload script, for a page served at `version`.
pub(crate) fn reload_script(version: u64) -> String {
    format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}?v={version}\");\
         s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>"
    )
}

/// Adds the live-reload script to a served page, before its last `</body>`.
pub(crate) fn inject(html: &str, version: u64) -> String {
    let script = reload_script(version);
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// The page shown in place of every page while the records have errors.
pub(crate) fn error_page(report: &str, version: u64) -> String {
    let escaped = crate::render::escape_text(report);
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>记录有错误 - gongkai 预览</title>\
         <style>body{{font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;\
         margin:0;padding:1.5rem;background:#fff8f7;color:#222;line-height:1.7}}\
         h1{{color:#a51d1d;font-size:1.4rem}}pre{{background:#fff;border:1px solid #e3b7b3;\
         padding:1rem;overflow:auto;font-size:15px;line-height:1.5;white-space:pre-wrap}}</style></head>\
         <body><h1>记录有错误，网站没有生成</h1>\
         <p>按下面的提示改正（文件名:行:列），保存后本页自动刷新。</p>\
         <pre>{escaped}</pre>{}</body></html>\n",
        reload_script(version)
    )
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = "<html><body><p>x</p></body></html>";
        let out = inject(html, 7);
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.ends_with("</script></body></html>"));
        assert!(out.contains("?v=7"));
        assert!(inject("plain", 1).starts_with("plain<script>"));
    }

    #[test]
    fn error_page_escapes_the_report() {
        let page = error_page("a.md:1:2: 错误：<b>", 3);
        assert!(page.contains("a.md:1:2: 错误：&lt;b&gt;"));
        assert!(page.contains("EventSource"));
    }

    #[test]
    fn scratch_files_do_not_count() {
        let site = Path::new("/s");
        assert!(relevant(site, Path::new("/s/disclosures/a.md")));
        assert!(!relevant(site, Path::new("/s/disclosures/.a.md.swp")));
        assert!(!relevant(site, Path::new("/s/.git/index")));
        assert!(!relevant(site, Path::new("/s/disclosures/a.md~")));
    }
}
