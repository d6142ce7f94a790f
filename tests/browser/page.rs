//! Driving a tab: opening pages of a site, evaluating script, gathering
//! what went wrong on a page from the browser's events.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{Site, Text, World};

/// Every HTML page of the built site, as site paths (`disclosures/finance/`).
pub fn pages(root: &Path) -> Vec<String> {
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
    assert!(out.len() > 5, "too few pages: {out:?}");
    out
}

pub fn url(site: &Site, path: &str) -> String {
    let (path, query) = path
        .split_once('?')
        .map_or((path, None), |(p, q)| (p, Some(q)));
    let path = gongkai::render::urls::encode_path(path);
    match query {
        Some(q) => format!("{}{path}?{q}", site.base),
        None => format!("{}{path}", site.base),
    }
}

/// What went wrong on a page, gathered from the browser's events.
#[derive(Default)]
pub struct Problems(Mutex<Vec<String>>);

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

pub fn new_tab(world: &World, site: &Site) -> (Arc<Tab>, Arc<Problems>) {
    prepare(world.browser().new_tab().unwrap(), site)
}

/// A tab in a browser context of its own, as a private window: what it
/// stores (大字版 in localStorage) is seen by no other check.
pub fn new_private_tab(world: &World, site: &Site) -> (Arc<Tab>, Arc<Problems>) {
    let context = world.browser().new_context().unwrap();
    prepare(context.new_tab().unwrap(), site)
}

/// A private tab that shows `site` in 大字版, as a reader who ticked the
/// switch once sees every page after.
pub fn new_large_text_tab(world: &World, site: &Site) -> (Arc<Tab>, Arc<Problems>) {
    let (tab, problems) = new_private_tab(world, site);
    open(&tab, site, "");
    eval(&tab, "localStorage.setItem('gongkai-large', '1')");
    (tab, problems)
}

/// Fails unless the open page is shown at the text size `text`.
pub fn assert_text(tab: &Tab, text: Text) {
    let large = eval(tab, "document.documentElement.classList.contains('large')");
    assert_eq!(
        large,
        matches!(text, Text::Large),
        "{text:?} text expected on {}",
        tab.get_url()
    );
}

fn prepare(tab: Arc<Tab>, site: &Site) -> (Arc<Tab>, Arc<Problems>) {
    tab.set_default_timeout(Duration::from_secs(20));
    let problems = watch(&tab, &site.base);
    tab.call_method(serde_json::from_value::<Network::Enable>(json!({})).unwrap())
        .unwrap();
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    (tab, problems)
}

pub fn open(tab: &Tab, site: &Site, path: &str) {
    let target = url(site, path);
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
pub fn eval(tab: &Tab, js: &str) -> Value {
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
pub fn wait_for(tab: &Tab, selector: &str) {
    let js = format!(
        "new Promise(r => {{ const t = Date.now(); (function w() {{ \
         if (document.querySelector({sel:?})) r(true); \
         else if (Date.now() - t > 15000) r(false); else setTimeout(w, 20); }})(); }})",
        sel = selector
    );
    assert_eq!(eval(tab, &js), true, "no {selector} on {}", tab.get_url());
}

pub fn take(problems: &Problems) -> Vec<String> {
    std::mem::take(&mut *problems.0.lock().unwrap())
}

/// Sets the viewport `width` CSS pixels wide, as a phone's (touch, no
/// scroll bars, twice the pixels) when `phone`, else as a desktop window's.
pub fn set_viewport(tab: &Tab, width: u32, phone: bool) {
    let metrics = json!({
        "width": width,
        "height": if phone { 740 } else { 900 },
        "deviceScaleFactor": if phone { 2 } else { 1 },
        "mobile": phone,
    });
    tab.call_method(
        serde_json::from_value::<Emulation::SetDeviceMetricsOverride>(metrics).unwrap(),
    )
    .unwrap();
}
