use super::*;

const DRAFT: &str = "\
---
title: 西关村草稿
unit: xiguan
published: 2013-07-01
category: village
draft: true
---

草稿。
";

#[test]
fn a_build_logs_each_published_record_once() {
    let s = Logged::new(&[
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
        ("disclosures/2013/draft.md", DRAFT),
        ("disclosures/2013/later.md", LATER),
    ]);
    let built = s.build(TODAY);
    assert_eq!(built.log.map(|l| (l.added, l.size)), Some((2, 2)));
    let entries = s.entries();
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        ["disclosures/2013/notice.md", "disclosures/2013/q2.md"]
    );
    let e = &entries[1];
    assert_eq!(e.kind, "disclosure");
    assert_eq!(e.unit.as_deref(), Some("xiguan"));
    assert_eq!(e.title, "西关村2013年第二季度财务公开");
    assert_eq!(
        (e.version, e.published, e.today),
        (1, Some(date(2013, 7, 3)), TODAY)
    );
    assert_eq!((e.reason.as_deref(), e.withdrawn), (None, None));

    // The version's JSON is published under its hash.
    let json = fs::read(s.out.path().join(format!("log/records/{}.json", e.record))).unwrap();
    assert_eq!(gongkai::log::canonical::sha256_hex(&json), e.record);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(value["fields"]["ledger"]["entries"][0]["expense"], "860.00");
    assert_eq!(value["path"], "disclosures/2013/q2.md");

    // The site keeps the checkpoint, tiles and bundles as published, and
    // the versions one a line, in log order.
    let in_site = snapshot(&s.log_dir());
    let published = snapshot(&s.out.path().join("log"));
    let mut expected: BTreeMap<String, Vec<u8>> = published
        .iter()
        .filter(|(path, _)| !path.starts_with("records/"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    let mut pack = Vec::new();
    for e in &entries {
        pack.extend(&published[&format!("records/{}.json", e.record)]);
        pack.push(b'\n');
    }
    expected.insert("versions/000.p/2".into(), pack);
    assert_eq!(in_site, expected);
    assert!(in_site.contains_key("checkpoint"));
    assert!(in_site.contains_key("tile/0/000.p/2"));
    assert!(in_site.contains_key("tile/entries/000.p/2"));

    // The draft and the later record come in when they are published.
    let later = s.build(date(2013, 8, 1));
    assert_eq!(later.log.map(|l| (l.added, l.size)), Some((1, 3)));
    assert_eq!(s.entries()[2].path, "disclosures/2013/later.md");
    assert_eq!(s.entries()[2].today, date(2013, 8, 1));
}

#[test]
fn a_rebuild_of_the_same_state_leaves_the_log_byte_for_byte() {
    let files = [
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
    ];
    let (private, vkey) = checkpoint::generate(ORIGIN);
    let a = Logged::with_key(&files, private.clone(), vkey.clone());
    let b = Logged::with_key(&files, private, vkey);
    a.build(TODAY);
    b.build(TODAY);
    let first = snapshot(&a.log_dir());
    assert_eq!(
        first,
        snapshot(&b.log_dir()),
        "two builds of one state differ"
    );
    let again = a.build(TODAY);
    assert_eq!(again.log.map(|l| (l.added, l.size)), Some((0, 2)));
    assert_eq!(first, snapshot(&a.log_dir()));
    a.build(date(2013, 7, 9));
    assert_eq!(
        first,
        snapshot(&a.log_dir()),
        "a later day with nothing new adds nothing"
    );
}

#[test]
fn a_changed_record_is_logged_as_its_next_version() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let changed = corrected_finance();
    s.write("disclosures/2013/q2.md", &changed);
    s.build(date(2013, 7, 8));
    let entries = s.entries();
    assert_eq!(entries.len(), 2);
    let v2 = &entries[1];
    assert_eq!((v2.version, v2.today), (2, date(2013, 7, 8)));
    assert_eq!(v2.reason.as_deref(), Some("第1笔支出金额录入错误"));
    assert_ne!(v2.record, entries[0].record);
    // Both versions stay readable.
    for e in &entries {
        assert!(
            s.out
                .path()
                .join(format!("log/records/{}.json", e.record))
                .is_file()
        );
    }
}

#[test]
fn a_build_dated_before_the_log_is_refused_and_changes_nothing() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    s.write("disclosures/2013/notice.md", NOTICE);
    let log_before = snapshot(&s.log_dir());
    let out_before = snapshot(s.out.path());
    let report = s.try_build(date(2013, 7, 4)).err().expect("refused");
    assert!(report.bad_usage);
    assert!(
        report
            .render()
            .contains("早于透明日志最后一条记录的日期 2013-07-05"),
        "{}",
        report.render()
    );
    assert_eq!(log_before, snapshot(&s.log_dir()));
    assert_eq!(out_before, snapshot(s.out.path()));
}

#[test]
fn a_failed_build_leaves_the_log_and_the_output_as_they_were() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());
    let out_before = snapshot(s.out.path());
    s.write("disclosures/2013/notice.md", NOTICE);
    s.write(
        "disclosures/2013/broken.md",
        &NOTICE.replace("unit: xiguan", "unit: nowhere"),
    );
    assert!(s.try_build(date(2013, 7, 6)).is_err());
    assert_eq!(log_before, snapshot(&s.log_dir()));
    assert_eq!(out_before, snapshot(s.out.path()));
}

/// What the output's commit would refuse (a page whose address is a
/// generated file's folder, a hand-placed file where a new page goes) is
/// refused before the log is sealed: versions logged for a site that was
/// never written could not be taken back, and the site could never be
/// built again.
#[test]
fn an_output_that_cannot_be_written_leaves_the_log_as_it_was() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());

    // A record whose page would be a folder where the section's feed is.
    s.write("disclosures/village/feed.xml.md", NOTICE);
    let report = s.try_build(date(2013, 7, 6)).err().expect("refused");
    assert!(
        report.render().contains("一个网址不能既是文件又是文件夹"),
        "{}",
        report.render()
    );
    assert_eq!(log_before, snapshot(&s.log_dir()));
    fs::remove_file(s.site.path().join("disclosures/village/feed.xml.md")).unwrap();

    // A file of the clerk's own where a new page's folder goes.
    s.write("disclosures/2013/notice.md", NOTICE);
    fs::create_dir_all(s.out.path().join("disclosures/2013")).unwrap();
    fs::write(s.out.path().join("disclosures/2013/notice"), "自己的文件").unwrap();
    assert!(s.try_build(date(2013, 7, 6)).is_err());
    assert_eq!(log_before, snapshot(&s.log_dir()));
    assert_eq!(
        fs::read_to_string(s.out.path().join("disclosures/2013/notice")).unwrap(),
        "自己的文件"
    );
    fs::remove_file(s.out.path().join("disclosures/2013/notice")).unwrap();
    s.build(date(2013, 7, 6));
    assert_eq!(s.entries().len(), 2);
}

#[test]
fn files_left_by_a_killed_append_go_with_the_next_one() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    // What a run killed between staging its files and sealing them leaves:
    // new files under temporary names, and no checkpoint for them.
    let leftovers = ["tile/0/.000.p/2.tmp-99999", "versions/.000.p/2.tmp-99999"];
    for path in leftovers {
        let full = s.log_dir().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, b"half an append").unwrap();
    }
    assert_eq!(s.entries().len(), 1, "the log is still the one sealed");
    s.write("disclosures/2013/notice.md", NOTICE);
    s.build(date(2013, 7, 6));
    assert_eq!(s.entries().len(), 2);
    let files = snapshot(&s.log_dir());
    for path in leftovers {
        assert!(!files.contains_key(path), "{path} is still there");
    }
    assert!(
        files.keys().all(|p| !p.contains(".tmp-")),
        "{:?}",
        files.keys()
    );
}

#[test]
fn a_template_that_fails_leaves_the_log_as_it_was() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());
    s.write("disclosures/2013/notice.md", NOTICE);
    s.write(
        "themes/default/templates/disclosure.html",
        "{{ no_such_value.field }}",
    );
    let broken = site::build_signed(&s.options(date(2013, 7, 6)), s.out.path(), Some(&s.key));
    let report = broken
        .err()
        .expect("the broken template must fail the build");
    assert!(
        report.render().contains("disclosure.html"),
        "{}",
        report.render()
    );
    assert_eq!(log_before, snapshot(&s.log_dir()));
}

#[test]
fn check_never_appends() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    let (site, report) = site::check(&s.options(TODAY));
    assert!(site.is_some(), "{}", report.render());
    assert_eq!(site.unwrap().log.unwrap().pending.len(), 1);
    assert!(!s.log_dir().exists());
}

#[test]
fn a_log_changed_by_hand_stops_the_build() {
    let s = Logged::new(&[
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
    ]);
    s.build(TODAY);
    let bundle = s.log_dir().join("tile/entries/000.p/2");
    let bytes = fs::read(&bundle).unwrap();
    let entries: Vec<Vec<u8>> = decode_bundle(&bytes)
        .unwrap()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let mut out = Vec::new();
    for e in &entries {
        let e = String::from_utf8(e.clone())
            .unwrap()
            .replace("公示", "公告");
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e.as_bytes());
    }
    fs::write(&bundle, out).unwrap();
    let report = s.try_build(TODAY).err().expect("refused");
    let text = report.render();
    assert!(
        text.contains("log/checkpoint") && text.contains("透明日志损坏"),
        "{text}"
    );

    // A version's JSON changed by hand is found too.
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let pack = s.log_dir().join("versions/000.p/1");
    let text = fs::read_to_string(&pack)
        .unwrap()
        .replace("860.00", "680.00");
    fs::write(&pack, text).unwrap();
    let report = s.try_build(TODAY).err().expect("refused");
    let text = report.render();
    assert!(
        text.contains("log/versions/000.p/1")
            && text.contains("第 1 个版本（disclosures/2013/q2.md）"),
        "{text}"
    );
}

#[test]
fn the_private_key_is_nowhere_in_the_output() {
    let s = Logged::new(&[
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
    ]);
    s.build(TODAY);
    // PRIVATE+KEY+<origin>+<key id>+<base64>: the base64 may hold a `+` too.
    let rest = s
        .private
        .trim()
        .strip_prefix(&format!("PRIVATE+KEY+{ORIGIN}+"))
        .unwrap();
    let secret = rest[9..].to_string();
    assert_eq!(
        secret.len(),
        44,
        "base64 of the algorithm byte and the 32-byte seed"
    );
    for (path, bytes) in snapshot(s.out.path())
        .into_iter()
        .chain(snapshot(&s.log_dir()))
    {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&secret), "{path} holds the private key");
        assert!(!text.contains("PRIVATE+KEY"), "{path} holds a private key");
    }
}

#[test]
fn a_site_without_a_log_builds_no_log() {
    let site = common::site(&[("disclosures/2013/q2.md", FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let (built, _) = site::build(&common::options(site.path()), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(built.log.is_none());
    assert!(!out.path().join("log").exists());
    assert!(!site.path().join("log").exists());
}

#[test]
fn a_build_dated_after_the_computers_day_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = site_with_log(&vkey, &[("disclosures/2013/q2.md", FINANCE)]);
    let now = jiff::ZonedDateTime::now().date();
    let build = |today: jiff::civil::Date| {
        gongkai()
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args(["--out", dir.path().join("public").to_str().unwrap()])
            .args(["--today", &today.to_string()])
            .args(["--signing-key", key.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let typo = now.checked_add(jiff::Span::new().years(36)).unwrap();
    let out = build(typo);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("晚于电脑的日期"), "{}", stderr(&out));
    assert!(!site.path().join("log").exists(), "nothing logged");
    // Tomorrow is still today somewhere in the county's time zone.
    let out = build(now.tomorrow().unwrap());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn two_builds_of_one_site_at_once_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let notices: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("disclosures/2013/notice-{i}.md"),
                NOTICE.replacen("title: ", &format!("title: 第{i}号"), 1),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = notices
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = site_with_log(&vkey, &files);
    let build = |out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .env_remove(gongkai::log::keyfile::KEY_ENV)
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args(["--out", dir.path().join(out).to_str().unwrap()])
            .args(["--today", &TODAY.to_string()])
            .args(["--signing-key", key.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (build("a"), build("b"));
    for child in [first, second] {
        let done = child.wait_with_output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let folder = gongkai::log::store::Folder::new(&site.path().join("log"), "log");
    let key = VerifierKey::parse(&vkey).unwrap();
    let log = gongkai::log::read(&folder, &key, true).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(log.entries.len(), 40, "each version logged once");
}

/// A comment hidden in a record's body would be public in the log's copy
/// of the record for good: a version with one is refused, and nothing is
/// logged.
#[test]
fn a_version_with_a_hidden_comment_is_not_logged() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());
    let noted = NOTICE.replace(
        "经村民代表会议评议",
        "<!-- 内部备注：举报人是李某，不要公开 -->\n\n经村民代表会议评议",
    );
    s.write("disclosures/2013/notice.md", &noted);
    let report = s.try_build(date(2013, 7, 6)).err().expect("refused");
    assert!(
        report.render().contains("disclosures/2013/notice.md")
            && report.render().contains("HTML 注释"),
        "{}",
        report.render()
    );
    assert_eq!(log_before, snapshot(&s.log_dir()));
    s.write("disclosures/2013/notice.md", NOTICE);
    s.build(date(2013, 7, 6));
    assert_eq!(s.entries().len(), 2);
}
