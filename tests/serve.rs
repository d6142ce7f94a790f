//! `gongkai serve`: the preview answers over HTTP on loopback, tells open
//! pages to reload when a record is saved, shows an error in place of the
//! page and recovers, and never writes into the site folder.
//!
//! Every loop here is bounded in count and time, and every test stops its
//! server itself.

use gongkai::serve::Server;
use gongkai::site::Options;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::example_site;

const PAGE: &str = "/disclosures/2013/xiguan-2013q1-finance/";
const RECORD: &str = "disclosures/2013/xiguan-2013q1-finance.md";

fn options(site: &Path) -> Options {
    Options {
        site_dir: site.to_path_buf(),
        today: jiff::civil::Date::constant(2013, 7, 5),
        base_url: None,
        drafts: false,
        force: false,
    }
}

fn start(site: &Path) -> Server {
    Server::start(options(site), "127.0.0.1:0".parse().unwrap()).unwrap()
}

/// A GET over a fresh connection: (status, body).
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let (status, _, body) = get_as(addr, &addr.to_string(), path);
    (status, body)
}

/// A GET naming `host` in its `Host` header: (status, headers, body).
fn get_as(addr: SocketAddr, host: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text[9..12].parse().unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_string(), body.to_string())
}

/// Polls `path` until `done` holds for its response, for at most 30 s.
fn wait_for(addr: SocketAddr, path: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = get(addr, path);
        if done(status, &body) || Instant::now() > deadline {
            return (status, body);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every file of the folder with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Rewrites the first `from` in the file at `path` to `to`.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn edit(site: &Path, from: &str, to: &str) {
    replace_in(&site.join(RECORD), from, to);
}

#[test]
fn serves_the_site_with_the_reload_script() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    let (status, home) = get(addr, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("EventSource(\"/__gongkai/events?v="),
        "{home}"
    );
    let (status, page) = get(addr, PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("西关村"), "{page}");
    // Chinese file names are served under their percent-encoded URL.
    let (status, _) = get(
        addr,
        "/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/",
    );
    assert_eq!(status, 200);
    let (status, css) = get(addr, "/assets/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("EventSource"), "only HTML gets the script");
    let (status, _) = get(addr, "/plans");
    assert_eq!(status, 301);
    let (status, missing) = get(addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("EventSource"));
    server.stop();
}

#[test]
fn an_edit_reloads_open_pages_and_shows_on_them() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    let version = server.version();
    // An open page listening for changes.
    let mut events = TcpStream::connect(addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        events,
        "GET /__gongkai/events?v={version} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    edit(&site, "title: ", "title: 预览测试");
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(30);
    while !seen.contains("event: reload") && Instant::now() < deadline {
        match events.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    assert!(seen.contains("event: reload"), "no reload event: {seen}");
    let (status, page) = wait_for(addr, PAGE, |_, b| b.contains("预览测试"));
    assert_eq!(status, 200);
    assert!(page.contains("预览测试"));
    let (_, list) = get(addr, "/units/xiguan/");
    assert!(list.contains("预览测试"), "the unit page follows the edit");
    assert!(server.version() > version);
    drop(events);
    server.stop();
}

#[test]
fn an_error_replaces_the_page_until_it_is_fixed() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    edit(&site, "unit: xiguan", "unit: xigaun");
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 500);
    assert_eq!(status, 500, "{page}");
    assert!(page.contains(&format!("{RECORD}:3:7")), "{page}");
    assert!(page.contains("未知的单位“xigaun”"), "{page}");
    assert!(
        page.contains("EventSource"),
        "the error page reloads itself"
    );
    let (status, _) = get(addr, "/");
    assert_eq!(status, 500, "every page shows the error");
    let (status, _) = get(addr, "/assets/style.css");
    assert_eq!(status, 200, "styles stay available");
    edit(&site, "unit: xigaun", "unit: xiguan");
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200);
    assert!(page.contains("西关村"));
    server.stop();
}

#[test]
fn a_setting_that_used_to_panic_shows_as_an_error_and_the_preview_recovers() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    replace_in(
        &site.join("site.yaml"),
        "notice_min_days: 5",
        "notice_min_days: 10000000",
    );
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 500);
    assert_eq!(status, 500, "{page}");
    assert!(page.contains("notice_min_days"), "{page}");
    assert!(page.contains("不能大于 3650"), "{page}");
    replace_in(
        &site.join("site.yaml"),
        "notice_min_days: 10000000",
        "notice_min_days: 5",
    );
    let (status, _) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200, "live reload survived");
    server.stop();
}

#[test]
fn a_new_record_is_held_to_the_name_rules_of_a_build() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    let record = std::fs::read_to_string(site.join(RECORD)).unwrap();
    let named = site.join("disclosures/2013/张三13812345678.md");
    std::fs::write(&named, &record).unwrap();
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 500);
    assert_eq!(status, 500, "{page}");
    assert!(page.contains("文件名中有手机号"), "{page}");
    std::fs::remove_file(&named).unwrap();
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200, "{page}");
    server.stop();
}

#[test]
fn redirects_stay_on_this_site() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    for path in ["//plans", "///plans", "/plans"] {
        let (status, head, _) = get_as(addr, &addr.to_string(), path);
        assert_eq!(status, 301, "{path}");
        assert!(head.contains("location: /plans/\r\n"), "{path}: {head}");
    }
    server.stop();
}

#[test]
fn requests_under_another_host_name_are_refused() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    let port = addr.port();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for path in ["/", PAGE, "/__gongkai/events?v=0"] {
            let (status, _, body) = get_as(addr, &host, path);
            assert_eq!(status, 421, "{host}{path}");
            assert!(!body.contains("西关村"), "{host}{path}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "LOCALHOST".into(),
    ] {
        let (status, _, _) = get_as(addr, &host, "/");
        assert_eq!(status, 200, "{host}");
    }
    server.stop();
}

#[test]
fn serving_never_writes_into_the_site_folder() {
    let (_tmp, site) = example_site();
    let before = snapshot(&site);
    let server = start(&site);
    let addr = server.addr();
    let (status, _) = get(addr, "/");
    assert_eq!(status, 200);
    std::fs::write(site.join("pages/new.md"), "---\ntitle: 新页面\n---\n正文\n").unwrap();
    let (status, _) = wait_for(addr, "/pages/new/", |s, _| s == 200);
    assert_eq!(status, 200);
    std::fs::remove_file(site.join("pages/new.md")).unwrap();
    let (status, _) = wait_for(addr, "/pages/new/", |s, _| s == 404);
    assert_eq!(status, 404);
    server.stop();
    assert_eq!(snapshot(&site), before);
    assert!(!site.join("public").exists());
}

#[test]
fn the_command_serves_until_stopped() {
    use std::io::BufRead;
    let (_tmp, site) = example_site();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gongkai"))
        .args(["serve", "--port", "0", "--today", "2013-07-05", "--site"])
        .arg(&site)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().take(20) {
            let Ok(line) = line else { break };
            if let Some(rest) = line.split("http://").nth(1) {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
                break;
            }
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(60));
    let result = addr.map(|a| get(a.parse().unwrap(), "/"));
    child.kill().unwrap();
    child.wait().unwrap();
    let (status, body) = result.expect("the server printed its address");
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"));
}

#[test]
fn a_folder_without_site_yaml_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Server::start(options(tmp.path()), "127.0.0.1:0".parse().unwrap())
        .err()
        .expect("no site.yaml");
    assert!(err.to_string().contains("site.yaml"), "{err}");
}

/// Waits until the server has rebuilt past `version` (at most 30 s).
fn wait_version(server: &Server, version: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.version() <= version && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let a second batch of events from the same save settle.
    std::thread::sleep(Duration::from_millis(300));
    server.version()
}

/// Waits for the preview to take up a change, then checks it against a
/// full build.
fn settled(server: &Server, site: &Path, version: &mut u64, step: &str) {
    *version = wait_version(server, *version);
    assert_same_as_full_render(server, site, step);
}

/// What the preview serves equals a full build of the site as it is now,
/// except the search index, which the preview rebuilds only in full.
fn assert_same_as_full_render(server: &Server, site: &Path, step: &str) {
    let (served, error) = server.snapshot();
    assert!(error.is_none(), "{step}: {error:?}");
    let out = tempfile::tempdir().unwrap();
    gongkai::site::build(&options(site), out.path())
        .unwrap_or_else(|r| panic!("{step}: {}", r.render()));
    let mut expected: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out.path()).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(p, _)| !p.starts_with("search/") && p != ".gongkai-manifest")
        .collect();
    expected.sort();
    let mut actual: Vec<(String, Vec<u8>)> = served
        .iter()
        .filter(|(p, _)| !p.starts_with("search/"))
        .map(|(p, b)| (p.clone(), b.to_vec()))
        .collect();
    actual.sort();
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "{step}: the set of files");
    for ((path, a), (_, e)) in actual.iter().zip(&expected) {
        assert!(a == e, "{step}: {path} differs from a full build");
    }
}

#[test]
fn incremental_updates_match_a_full_render() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let mut v = server.version();
    assert_same_as_full_render(&server, &site, "start");
    // A body edit.
    let path = site.join(RECORD);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n补充说明：本季度无大额支出。\n")).unwrap();
    settled(&server, &site, &mut v, "body edit");
    // A new publication date moves the record in every list.
    edit(&site, "published: 2013-04-", "published: 2013-07-");
    settled(&server, &site, &mut v, "date edit");
    // Another unit.
    edit(&site, "unit: xiguan", "unit: beipo");
    settled(&server, &site, &mut v, "unit edit");
    // A new record, then a draft, then a removal.
    std::fs::write(
        site.join("disclosures/2013/new-notice.md"),
        "---\ntitle: 北坡村新通知\nunit: beipo\npublished: 2013-06-30\ncategory: village\n---\n通知正文。\n",
    )
    .unwrap();
    settled(&server, &site, &mut v, "new record");
    edit(&site, "category: finance", "draft: true\ncategory: finance");
    settled(&server, &site, &mut v, "draft");
    std::fs::remove_file(site.join("disclosures/2013/new-notice.md")).unwrap();
    settled(&server, &site, &mut v, "removal");
    // A plan edit takes the full path.
    let plan = site.join("plans/2013.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replacen("title: ", "title: 改", 1)).unwrap();
    wait_version(&server, v);
    assert_same_as_full_render(&server, &site, "plan edit");
    server.stop();
}

/// A notice of `unit` in `category`, with a first paragraph long enough that
/// the second is not in its list line (the first 90 characters).
fn notice(title: &str, unit: &str, category: &str, published: &str) -> String {
    format!(
        "---\ntitle: {title}\nunit: {unit}\npublished: {published}\ncategory: {category}\n---\n\
         {title}的正文。{}\n\n第二段。\n",
        "按照统一部署公开如下".repeat(12)
    )
}

/// Lists of several pages and feeds of more entries than they carry: 31
/// records of 西关村 (one more than a page), 50 of 东庄村, 49 of 北坡村.
fn paged_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("disclosures/2013")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        "title: 测试镇公开网\nbase_url: https://gongkai.example.cn/\n\
         township: { id: shiyan, name: 测试镇 }\nunits:\n\
         \x20 - { id: xiguan, name: 西关村, kind: village }\n\
         \x20 - { id: dongzhuang, name: 东庄村, kind: village }\n\
         \x20 - { id: beipo, name: 北坡村, kind: village }\n",
    )
    .unwrap();
    for k in 0..130 {
        let unit = match k {
            0..31 => "xiguan",
            31..81 => "dongzhuang",
            _ => "beipo",
        };
        let category = if k % 2 == 0 { "village" } else { "party" };
        let published = format!("2013-{:02}-{:02}", 1 + k * 7 % 6, 1 + k * 13 % 28);
        std::fs::write(
            site.join(format!("disclosures/2013/n{k:03}.md")),
            notice(&format!("通知{k:03}"), unit, category, &published),
        )
        .unwrap();
    }
    (tmp, site)
}

/// Rewrites `from` to `to` in the record `n{k:03}.md`.
fn edit_record(site: &Path, k: usize, from: &str, to: &str) {
    replace_in(&site.join(format!("disclosures/2013/n{k:03}.md")), from, to);
}

#[test]
fn incremental_updates_of_paged_lists_match_a_full_render() {
    let (_tmp, site) = paged_site();
    let server = start(&site);
    let mut v = server.version();
    assert_same_as_full_render(&server, &site, "start");
    // Beyond the list line: only the record's own page changes.
    edit_record(&site, 70, "第二段。", "第二段，有改动。");
    settled(&server, &site, &mut v, "body edit");
    // In the list line, of records deep in the lists and near their top.
    edit_record(&site, 100, "的正文。", "的正文（更正）。");
    settled(&server, &site, &mut v, "summary edit");
    edit_record(&site, 3, "的正文。", "的正文（更正）。");
    settled(&server, &site, &mut v, "summary edit near the top");
    // A table gets its caption and scroll box on the incremental path too.
    edit_record(
        &site,
        5,
        "第二段。",
        "第二段。\n\n| 项目 | 金额 |\n|---|---:|\n| 补助 | 100 |\n",
    );
    settled(&server, &site, &mut v, "table");
    // A correction dates the record anew in its place (the sitemap and the
    // feeds show it); a new publication date moves it across pages.
    edit_record(
        &site,
        90,
        "category:",
        "corrections:\n  - { date: 2013-07-04, reason: 更正金额 }\ncategory:",
    );
    settled(&server, &site, &mut v, "correction");
    edit_record(&site, 90, "published: 2013-01-23", "published: 2013-07-03");
    settled(&server, &site, &mut v, "date edit");
    // Another unit and another category move a record between lists.
    edit_record(&site, 40, "unit: dongzhuang", "unit: beipo");
    settled(&server, &site, &mut v, "unit edit");
    edit_record(&site, 41, "category: party", "category: village");
    settled(&server, &site, &mut v, "category edit");
    // 西关村's list shrinks to one page and grows back, by its oldest record
    // (alone on page 2): page 1 shows the same records under a new pager.
    std::fs::remove_file(site.join("disclosures/2013/n000.md")).unwrap();
    settled(&server, &site, &mut v, "removal");
    std::fs::write(
        site.join("disclosures/2013/n999.md"),
        notice("新通知", "xiguan", "village", "2012-12-31"),
    )
    .unwrap();
    settled(&server, &site, &mut v, "new record");
    edit_record(
        &site,
        20,
        "category: village",
        "draft: true\ncategory: village",
    );
    wait_version(&server, v);
    assert_same_as_full_render(&server, &site, "draft");
    server.stop();
}

#[test]
fn a_save_that_breaks_the_next_periods_opening_shows_it_and_recovers() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    let (status, _) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200);
    // The first quarter's own figures still add up, but it no longer opens
    // with 2012-Q4's closing, nor closes with the second quarter's opening.
    edit(
        &site,
        "opening_balance: 110666.23",
        "opening_balance: 110667.23",
    );
    edit(
        &site,
        "closing_balance: 134025.98",
        "closing_balance: 134026.98",
    );
    let (status, page) = wait_for(addr, PAGE, |s, body| {
        s == 500 && body.contains("西关村二季度财务.md:10:")
    });
    assert_eq!(status, 500, "{page}");
    assert!(page.contains(&format!("{RECORD}:9:20")), "{page}");
    assert!(
        page.contains("上期是 disclosures/2013/xiguan-2013q1-finance.md"),
        "{page}"
    );
    edit(
        &site,
        "opening_balance: 110667.23",
        "opening_balance: 110666.23",
    );
    edit(
        &site,
        "closing_balance: 134026.98",
        "closing_balance: 134025.98",
    );
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200, "{page}");
    server.stop();
}

/// A save that takes away the page another record links to is shown as that
/// record's broken link, as check and build would say, until it is undone.
#[test]
fn a_save_that_breaks_another_records_link_shows_it_and_recovers() {
    let (_tmp, site) = example_site();
    let server = start(&site);
    let addr = server.addr();
    let (status, _) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200);
    let target = site.join("disclosures/2013/dongzhuang-2013-jieshui-guangai.md");
    replace_in(
        &target,
        "published: 2013-06-20",
        "published: 2013-06-20\ndraft: true",
    );
    let (status, page) = wait_for(addr, PAGE, |s, body| {
        s == 500 && body.contains("dongzhuang-2013q2-finance.md:34:")
    });
    assert_eq!(status, 500, "{page}");
    assert!(page.contains("不存在或未发布"), "{page}");
    replace_in(
        &target,
        "published: 2013-06-20\ndraft: true",
        "published: 2013-06-20",
    );
    let (status, page) = wait_for(addr, PAGE, |s, _| s == 200);
    assert_eq!(status, 200, "{page}");
    server.stop();
}
