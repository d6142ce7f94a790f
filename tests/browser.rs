//! The example site in a real browser: headless Chromium, driven over the
//! DevTools protocol, loads the built site from a small HTTP server on the
//! loopback address inside this test.
//!
//! Chromium must be installed (CI installs it); when it is missing these
//! tests fail and say so, rather than pass without having looked. Set
//! `CHROME` to the browser's program to use another one.

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tempfile::TempDir;

/// What every test shares: the built example site, its server, the browser.
struct Fixture {
    _out: TempDir,
    _profile: TempDir,
    root: PathBuf,
    base: String,
    browser: Browser,
    _server: Server,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();
/// One test drives the browser at a time: two cores, one Chromium.
static SERIAL: Mutex<()> = Mutex::new(());

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let chrome = find_chromium().unwrap_or_else(|| {
            panic!(
                "Chromium is not installed: the browser tests need it. Install the \
                 `chromium` package (CI's script does), or set CHROME to a Chromium \
                 or Chrome program."
            )
        });
        let out = TempDir::new().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args([
                "build",
                "--quiet",
                "--today",
                "2013-07-05",
                "--base-url",
                &base,
            ])
            .arg("--site")
            .arg(&site)
            .arg("--out")
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success(), "building the example site failed");
        let server = Server::start(listener, out.path().to_path_buf());
        let profile = TempDir::new().unwrap();
        let args: Vec<&OsStr> = [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-default-browser-check",
            "--lang=zh-CN",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(chrome),
            user_data_dir: Some(profile.path().to_path_buf()),
            window_size: Some((1280, 900)),
            idle_browser_timeout: Duration::from_secs(300),
            args,
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options).expect("Chromium did not start");
        Fixture {
            root: out.path().to_path_buf(),
            _out: out,
            _profile: profile,
            base,
            browser,
            _server: server,
        }
    })
}

/// The browser named by `CHROME`, else the first of the usual names found
/// on `PATH`.
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// A static file server on the loopback address, for this test process
/// only; it stops when dropped.
struct Server {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(listener: TcpListener, root: PathBuf) -> Server {
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        std::thread::spawn(move || serve(stream, &root));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, root: &Path) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Skip the headers.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let mut file = root.join(decoded.trim_start_matches('/'));
    if decoded.contains("..") {
        file = root.join("missing");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, file) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b, file),
        Err(_) => {
            let nf = root.join("404.html");
            ("404 Not Found", std::fs::read(&nf).unwrap_or_default(), nf)
        }
    };
    let kind = match file.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut out = &stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&body);
}

/// Every HTML page of the built site, as site paths (`disclosures/finance/`).
fn pages(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if rel.ends_with("index.html") {
                Some(rel.trim_end_matches("index.html").to_string())
            } else if rel.ends_with(".html") {
                Some(rel)
            } else {
                None
            }
        })
        .collect();
    out.sort();
    assert!(out.len() > 20, "too few pages: {out:?}");
    out
}

fn url(f: &Fixture, path: &str) -> String {
    let (path, query) = path
        .split_once('?')
        .map_or((path, None), |(p, q)| (p, Some(q)));
    let path = gongkai::render::urls::encode_path(path);
    match query {
        Some(q) => format!("{}{path}?{q}", f.base),
        None => format!("{}{path}", f.base),
    }
}

/// What went wrong on a page, gathered from the browser's events.
#[derive(Default)]
struct Problems(Mutex<Vec<String>>);

fn watch(tab: &Arc<Tab>, base: &str) -> Arc<Problems> {
    let problems = Arc::new(Problems::default());
    let sink = problems.clone();
    let base = base.to_string();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut p = sink.0.lock().unwrap();
        match event {
            Event::NetworkRequestWillBeSent(e) => {
                let u = &e.params.request.url;
                if !u.starts_with(&base) && !u.starts_with("data:") {
                    p.push(format!("request to another host: {u}"));
                }
            }
            Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => {
                p.push(format!(
                    "{} {}",
                    e.params.response.status, e.params.response.url
                ));
            }
            Event::NetworkLoadingFailed(e) => {
                p.push(format!("failed request: {}", e.params.error_text));
            }
            Event::RuntimeExceptionThrown(e) => {
                p.push(format!("exception: {}", e.params.exception_details.text));
            }
            Event::RuntimeConsoleAPICalled(e)
                if format!("{:?}", e.params.Type)
                    .to_lowercase()
                    .contains("error") =>
            {
                p.push(format!("console error: {:?}", e.params.args));
            }
            Event::LogEntryAdded(e)
                if format!("{:?}", e.params.entry.level)
                    .to_lowercase()
                    .contains("error") =>
            {
                p.push(format!("console: {}", e.params.entry.text));
            }
            _ => {}
        }
    }))
    .unwrap();
    problems
}

fn new_tab(f: &Fixture) -> (Arc<Tab>, Arc<Problems>) {
    let tab = f.browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let problems = watch(&tab, &f.base);
    tab.call_method(serde_json::from_value::<Network::Enable>(json!({})).unwrap())
        .unwrap();
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    (tab, problems)
}

fn open(tab: &Tab, f: &Fixture, path: &str) {
    let target = url(f, path);
    tab.navigate_to(&target).unwrap();
    // The load event, then a moment for deferred scripts and late resources.
    let js = "new Promise(r => { const t = Date.now(); (function w() { \
              if (document.readyState === 'complete' || Date.now() - t > 15000) \
              setTimeout(() => r(location.href), 50); else setTimeout(w, 10); })(); })";
    let want = &target[..target.find(['?', '#']).unwrap_or(target.len())];
    for _ in 0..100 {
        let at = eval(tab, js);
        if at.as_str().is_some_and(|u| u.starts_with(want)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{target} did not load");
}

/// Evaluates an expression (a promise is awaited) and returns its value.
fn eval(tab: &Tab, js: &str) -> Value {
    let wrapped = format!("(async () => JSON.stringify(await ({js})))()");
    let r = tab
        .evaluate(&wrapped, true)
        .unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    r.value
        .as_ref()
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null)
}

/// Waits until an element matching `selector` is in the page.
fn wait_for(tab: &Tab, selector: &str) {
    let js = format!(
        "new Promise(r => {{ const t = Date.now(); (function w() {{ \
         if (document.querySelector({sel:?})) r(true); \
         else if (Date.now() - t > 15000) r(false); else setTimeout(w, 20); }})(); }})",
        sel = selector
    );
    assert_eq!(eval(tab, &js), true, "no {selector} on {}", tab.get_url());
}

fn take(problems: &Problems) -> Vec<String> {
    std::mem::take(&mut *problems.0.lock().unwrap())
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn every_page_loads_without_console_errors_or_failed_requests() {
    let _serial = lock();
    let f = fixture();
    let (tab, problems) = new_tab(f);
    let mut bad = Vec::new();
    for page in pages(&f.root) {
        open(&tab, f, &page);
        let title = eval(&tab, "document.title");
        assert!(
            title.as_str().is_some_and(|t| !t.is_empty()),
            "{page}: no title"
        );
        for p in take(&problems) {
            bad.push(format!("{page}: {p}"));
        }
    }
    // The search page with a query: the script and its shards load too.
    open(&tab, f, "search/?q=%E9%AB%98%E6%8E%A5%E6%8D%A2%E4%BC%98");
    wait_for(&tab, "#search-results li");
    for p in take(&problems) {
        bad.push(format!("search: {p}"));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn search_for(tab: &Tab, f: &Fixture, query: &str) -> Vec<String> {
    open(tab, f, "search/");
    wait_for(tab, "#search-form:not([hidden]) #q");
    eval(tab, "document.getElementById('q').focus()");
    tab.send_character(query).unwrap();
    tab.press_key("Enter").unwrap();
    let js = "new Promise(r => { const t = Date.now(); (function w() { \
              const s = document.getElementById('search-status').textContent; \
              if (/找到|没有/.test(s) || Date.now() - t > 10000) r(s); else setTimeout(w, 20); })(); })";
    eval(tab, js);
    let titles = eval(
        tab,
        "[...document.querySelectorAll('#search-results .result-title')].map(a => a.textContent)",
    );
    serde_json::from_value(titles).unwrap()
}

#[test]
fn a_chinese_query_typed_into_the_search_box_lists_the_expected_record() {
    let _serial = lock();
    let f = fixture();
    let (tab, problems) = new_tab(f);
    let pear = "东庄村2012年秋季玉露香梨高接换优补助资金兑付公示（第一批）";
    let whole = search_for(&tab, f, "高接换优");
    assert_eq!(whole.first().map(String::as_str), Some(pear), "{whole:?}");
    assert!(whole.iter().any(|t| t.contains("重点实事")), "{whole:?}");
    let part = search_for(&tab, f, "换优");
    assert_eq!(part, whole);
    // The match is marked in context, and the link opens the record.
    let marked = eval(
        &tab,
        "document.querySelector('#search-results .result-context mark').textContent",
    );
    assert_eq!(marked, "换优");
    let href = eval(&tab, "document.querySelector('#search-results a').href");
    assert!(
        href.as_str()
            .unwrap()
            .contains("dongzhuang-2012-gaojie-huanyou/#:~:text="),
        "{href}"
    );
    let finance = search_for(&tab, f, "财务公开");
    assert!(finance.len() >= 6, "{finance:?}");
    assert!(
        finance
            .iter()
            .any(|t| t == "西关村2013年第二季度财务收支公开"),
        "{finance:?}"
    );
    // Filters: the category and the unit, kept in the address.
    open(
        &tab,
        f,
        "search/?q=%E8%B4%A2%E5%8A%A1%E5%85%AC%E5%BC%80&k=finance&u=nanyuan",
    );
    wait_for(&tab, "#search-results li");
    let filtered = eval(
        &tab,
        "[...document.querySelectorAll('#search-results .result-title')].map(a => a.textContent).join('|')",
    );
    assert_eq!(
        filtered,
        "南塬村2013年第二季度财务收支公开|南塬村2013年第一季度财务收支公开"
    );
    let none = search_for(&tab, f, "没有这样的词语");
    assert!(none.is_empty());
    assert!(
        eval(&tab, "document.getElementById('search-status').textContent")
            .as_str()
            .unwrap()
            .contains("没有找到")
    );
    let p = take(&problems);
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn no_page_scrolls_sideways_at_360_pixels() {
    let _serial = lock();
    let f = fixture();
    let (tab, _problems) = new_tab(f);
    let metrics = json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true});
    tab.call_method(
        serde_json::from_value::<Emulation::SetDeviceMetricsOverride>(metrics).unwrap(),
    )
    .unwrap();
    let mut wide = Vec::new();
    for page in pages(&f.root) {
        open(&tab, f, &page);
        let w = eval(
            &tab,
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
        );
        let (scroll, client) = (w[0].as_u64().unwrap(), w[1].as_u64().unwrap());
        if scroll > client || client > 360 {
            let culprit = eval(
                &tab,
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll, .nav ul')).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')",
            );
            wide.push(format!("{page}: {scroll} > {client} ({culprit})"));
        }
    }
    assert!(wide.is_empty(), "{}", wide.join("\n"));
}

#[test]
fn printed_notice_has_no_navigation_and_carries_the_qr_code() {
    let _serial = lock();
    let f = fixture();
    let (tab, _problems) = new_tab(f);
    let page = "disclosures/2013/西关村二季度财务/";
    open(&tab, f, page);
    // On screen the code is not shown.
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.notice-foot')).display"
        ),
        "none"
    );
    let media = json!({"media": "print"});
    tab.call_method(serde_json::from_value::<Emulation::SetEmulatedMedia>(media).unwrap())
        .unwrap();
    let state = eval(
        &tab,
        "(() => { const vis = s => { const e = document.querySelector(s); \
           return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0; }; \
           return { nav: vis('.nav'), footer: vis('.footer'), crumbs: vis('.crumbs'), \
             qr: vis('.qr-code'), stamp: vis('.stamp'), signers: vis('.signers'), \
             ledger: vis('.ledger'), title: vis('h1'), \
             rows: getComputedStyle(document.querySelector('.ledger tbody tr')).breakInside, \
             qrSize: document.querySelector('.qr-code').getBoundingClientRect().width }; })()",
    );
    assert_eq!(state["nav"], false, "{state}");
    assert_eq!(state["footer"], false, "{state}");
    assert_eq!(state["crumbs"], false, "{state}");
    assert_eq!(state["qr"], true, "{state}");
    assert_eq!(state["stamp"], true, "{state}");
    assert_eq!(state["signers"], true, "{state}");
    assert_eq!(state["ledger"], true, "{state}");
    assert_eq!(state["title"], true, "{state}");
    assert_eq!(state["rows"], "avoid", "{state}");
    // 34 mm at 96 px per inch is about 128 px: large enough to scan.
    assert!(state["qrSize"].as_f64().unwrap() > 100.0, "{state}");
    // The code encodes the page's own address.
    let html = std::fs::read_to_string(f.root.join(page).join("index.html")).unwrap();
    assert!(html.contains(&format!(
        "{}{}",
        f.base,
        gongkai::render::urls::encode_path(page)
    )));
    let pdf = tab.print_to_pdf(None).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    tab.call_method(
        serde_json::from_value::<Emulation::SetEmulatedMedia>(json!({"media": ""})).unwrap(),
    )
    .unwrap();
}

/// The accessibility checks that a script can make on a page.
const A11Y: &str = r#"(() => {
  const bad = [];
  const q = s => [...document.querySelectorAll(s)];
  for (const s of ['header', 'nav', 'main', 'footer']) if (!document.querySelector(s)) bad.push('no <' + s + '>');
  const skip = document.querySelector('a.skip');
  if (!skip || skip !== document.querySelector('body a') || skip.getAttribute('href') !== '#main') bad.push('no skip link first');
  if (q('h1').length !== 1) bad.push(q('h1').length + ' h1');
  let last = 0;
  for (const h of q('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const level = +h.tagName[1];
    if (level > last + 1) bad.push('heading ' + h.tagName + ' "' + h.textContent.trim() + '" after h' + last);
    last = level;
  }
  for (const t of q('table')) {
    if (!t.querySelector('caption') || !t.querySelector('caption').textContent.trim()) bad.push('table without caption');
    if (!t.querySelector('th')) bad.push('table without header cells');
  }
  for (const s of q('svg')) {
    if (s.getAttribute('role') === 'img' && !s.getAttribute('aria-label') && !s.getAttribute('aria-labelledby') && !s.querySelector('title')) bad.push('svg without a name');
    // A chart comes with its data: a table in its figure or on its page, or a link to one.
    const fig = s.closest('figure');
    if (fig && !s.classList.contains('qr-code')) {
      if (!fig.querySelector('table, a[href]') && !document.querySelector('main table')) bad.push('chart without its data table');
    }
  }
  for (const i of q('img')) if (!i.hasAttribute('alt')) bad.push('img without alt');
  for (const i of q('input, select')) {
    if (i.type === 'hidden') continue;
    const named = i.labels && i.labels.length || i.getAttribute('aria-label');
    if (!named) bad.push('form field without label: ' + i.name);
  }
  // Colour contrast, WCAG 2.1 AA: 4.5:1, or 3:1 for large text.
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ground = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      if (c.length === 4 && c[3] > 0) {
        const under = ground(e.parentElement);
        return c.slice(0, 3).map((v, i) => v * c[3] + under[i] * (1 - c[3]));
      }
    }
    return [255, 255, 255];
  };
  for (const e of q('body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(e);
    if (st.visibility === 'hidden' || st.display === 'none' || e.getClientRects().length === 0) continue;
    if (e.closest('.visually-hidden, .skip')) continue;
    const fg = rgb(st.color).slice(0, 3), bg = ground(e);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) bad.push('contrast ' + ratio.toFixed(2) + ' for "' + e.textContent.trim().slice(0, 20) + '"');
  }
  return [...new Set(bad)];
})()"#;

#[test]
fn pages_have_landmarks_ordered_headings_captioned_tables_and_contrast() {
    let _serial = lock();
    let f = fixture();
    let (tab, _problems) = new_tab(f);
    let mut bad = Vec::new();
    for page in pages(&f.root) {
        open(&tab, f, &page);
        let found = eval(&tab, A11Y);
        for p in found.as_array().unwrap() {
            bad.push(format!("{page}: {}", p.as_str().unwrap()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn focus_is_visible_and_the_skip_link_leads_to_the_content() {
    let _serial = lock();
    let f = fixture();
    let (tab, _problems) = new_tab(f);
    open(&tab, f, "disclosures/finance/");
    tab.press_key("Tab").unwrap();
    let focused = eval(
        &tab,
        "(() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e); \
          return { cls: e.className, left: r.left, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()",
    );
    assert_eq!(focused["cls"], "skip", "{focused}");
    assert!(
        focused["left"].as_f64().unwrap() >= 0.0,
        "skip link off screen: {focused}"
    );
    assert_ne!(focused["outline"], "none", "{focused}");
    assert!(focused["width"].as_f64().unwrap() >= 2.0, "{focused}");
    tab.press_key("Enter").unwrap();
    eval(&tab, "new Promise(r => setTimeout(r, 50))");
    assert_eq!(eval(&tab, "location.hash"), "#main");
    // The next link focused is inside the content, with its outline.
    tab.press_key("Tab").unwrap();
    let next = eval(
        &tab,
        "[!!document.activeElement.closest('main'), getComputedStyle(document.activeElement).outlineStyle]",
    );
    assert_eq!(next[0], true, "{next}");
    assert_ne!(next[1], "none", "{next}");
}

#[test]
fn each_page_weighs_under_60_kilobytes_of_html_css_and_script() {
    let _serial = lock();
    let f = fixture();
    let (tab, _problems) = new_tab(f);
    let mut heavy = Vec::new();
    let mut report = Vec::new();
    let mut pages_seen = pages(&f.root);
    pages_seen.push("search/?q=%E8%B4%A2%E5%8A%A1%E5%85%AC%E5%BC%80".into());
    for page in pages_seen {
        open(&tab, f, &page);
        // Bytes as the server sent them (no compression here), less inline SVG.
        let w = eval(
            &tab,
            "(() => { const enc = new TextEncoder(); \
               const nav = performance.getEntriesByType('navigation')[0].decodedBodySize; \
               const svg = [...document.querySelectorAll('svg')].reduce((s, e) => s + enc.encode(e.outerHTML).length, 0); \
               const sub = performance.getEntriesByType('resource').filter(r => /\\.(css|js)(\\?|$)/.test(r.name) && !/\\/idx\\//.test(r.name)) \
                 .reduce((s, r) => s + r.decodedBodySize, 0); \
               return [nav, svg, sub]; })()",
        );
        let (html, svg, sub) = (
            w[0].as_u64().unwrap(),
            w[1].as_u64().unwrap(),
            w[2].as_u64().unwrap(),
        );
        let total = html.saturating_sub(svg) + sub;
        report.push(format!("{page}: {total}"));
        if total > 60 * 1024 {
            heavy.push(format!(
                "{page}: {total} bytes (html {html}, svg {svg}, css+js {sub})"
            ));
        }
    }
    assert!(heavy.is_empty(), "{}", heavy.join("\n"));
    eprintln!("page weights (bytes):\n{}", report.join("\n"));
}
