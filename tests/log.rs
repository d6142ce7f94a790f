//! The transparency log (issue #13): keys, site.yaml's `log:`, appending on
//! build, and `gongkai verify`.

mod common;

use assert_cmd::Command;
use common::{FINANCE, NOTICE, SITE_YAML, TODAY, one_error, pos};
use gongkai::log::checkpoint;
use std::fs;
use std::path::Path;

const ORIGIN: &str = "gongkai.example.cn/shili";

fn gongkai() -> Command {
    let mut cmd = Command::cargo_bin("gongkai").unwrap();
    cmd.env_remove(gongkai::log::keyfile::KEY_ENV);
    cmd
}

/// site.yaml with `log:` for the verifier key `vkey`.
fn site_yaml_with_log(vkey: &str) -> String {
    format!("{SITE_YAML}log: {{ origin: {ORIGIN}, key: \"{vkey}\" }}\n")
}

/// A private key file (outside any site) and its verifier key.
fn key_pair(dir: &Path) -> (std::path::PathBuf, String) {
    let (private, public) = checkpoint::generate(ORIGIN);
    let path = dir.join("log.key");
    fs::write(&path, format!("{private}\n")).unwrap();
    (path, public)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// ---- keygen ----

#[test]
fn keygen_writes_a_private_key_and_prints_the_verifier_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liyuan.key");
    let out = gongkai()
        .args(["keygen", file.to_str().unwrap(), "--origin", ORIGIN])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let vkey = printed
        .lines()
        .find(|l| l.starts_with(&format!("{ORIGIN}+")))
        .expect("the verifier key on a line of its own");
    let private = fs::read_to_string(&file).unwrap();
    assert!(private.starts_with(&format!("PRIVATE+KEY+{ORIGIN}+")));
    assert!(
        !printed.contains(private.trim()),
        "the private key is never printed"
    );
    let signer = checkpoint::SigningKey::parse(&private).unwrap();
    assert!(signer.matches(&checkpoint::VerifierKey::parse(vkey).unwrap()));
    assert!(printed.contains(&format!("log: {{ origin: {ORIGIN}, key: \"{vkey}\" }}")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn keygen_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liyuan.key");
    fs::write(&file, "旧的私钥\n").unwrap();
    let out = gongkai()
        .args(["keygen", file.to_str().unwrap(), "--origin", ORIGIN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("已经存在，不会覆盖"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "旧的私钥\n");
}

#[test]
fn keygen_refuses_a_place_inside_a_site_and_a_bad_origin() {
    let site = common::site(&[]);
    let file = site.path().join("keys/log.key");
    let out = gongkai()
        .args(["keygen", file.to_str().unwrap(), "--origin", ORIGIN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("在站点文件夹"), "{}", stderr(&out));
    assert!(!file.exists());

    let dir = tempfile::tempdir().unwrap();
    let out = gongkai()
        .args([
            "keygen",
            dir.path().join("k").to_str().unwrap(),
            "--origin",
            "梨园 镇",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("不能含空格或加号"),
        "{}",
        stderr(&out)
    );
}

// ---- site.yaml ----

#[test]
fn a_log_key_that_is_not_a_verifier_key_is_an_error_at_its_line() {
    let yaml = format!("{SITE_YAML}log: {{ origin: {ORIGIN}, key: \"abc\" }}\n");
    let e = one_error(&[("site.yaml", &yaml)]);
    assert_eq!(e.path, "site.yaml");
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), pos(&yaml, "\"abc\""));
    assert!(e.message.contains("不是日志公钥"), "{}", e.message);
}

#[test]
fn a_log_key_of_another_origin_is_an_error() {
    let (_, vkey) = checkpoint::generate("gongkai.example.cn/other");
    let yaml = format!("{SITE_YAML}log: {{ origin: {ORIGIN}, key: \"{vkey}\" }}\n");
    let e = one_error(&[("site.yaml", &yaml)]);
    assert!(
        e.message.contains("公钥属于日志“gongkai.example.cn/other”"),
        "{}",
        e.message
    );
    let e = one_error(&[(
        "site.yaml",
        &format!("{SITE_YAML}log: {{ origin: {ORIGIN} }}\n"),
    )]);
    assert!(e.message.contains("key"), "{}", e.message);
}

// ---- build and its key ----

#[test]
fn a_site_with_a_log_does_not_build_without_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vkey) = key_pair(dir.path());
    let site = common::site(&[
        ("site.yaml", &site_yaml_with_log(&vkey)),
        ("disclosures/a.md", NOTICE),
    ]);
    let public = dir.path().join("public");
    let out = gongkai()
        .args([
            "build",
            "--site",
            site.path().to_str().unwrap(),
            "--out",
            public.to_str().unwrap(),
        ])
        .args(["--today", &TODAY.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("生成网站需要签名私钥"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--signing-key"), "{}", stderr(&out));
    assert!(!public.exists());
}

#[test]
fn a_key_of_another_log_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vkey) = key_pair(dir.path());
    let other = tempfile::tempdir().unwrap();
    let (other_key, _) = key_pair(other.path());
    let site = common::site(&[
        ("site.yaml", &site_yaml_with_log(&vkey)),
        ("disclosures/a.md", NOTICE),
    ]);
    let out = gongkai()
        .args(["build", "--site", site.path().to_str().unwrap()])
        .args(["--out", dir.path().join("public").to_str().unwrap()])
        .args(["--signing-key", other_key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是一对"), "{}", stderr(&out));
}

#[test]
fn a_key_inside_the_site_or_the_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = common::site(&[
        ("site.yaml", &site_yaml_with_log(&vkey)),
        ("disclosures/a.md", NOTICE),
    ]);
    let public = dir.path().join("public");
    for inside in [site.path().join("log.key"), public.join("log.key")] {
        fs::create_dir_all(inside.parent().unwrap()).unwrap();
        fs::copy(&key, &inside).unwrap();
        let out = gongkai()
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args(["--out", public.to_str().unwrap(), "--force"])
            .env(gongkai::log::keyfile::KEY_ENV, &inside)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("私钥会随"), "{}", stderr(&out));
        fs::remove_file(&inside).unwrap();
    }
}

#[test]
fn the_key_may_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = common::site(&[
        ("site.yaml", &site_yaml_with_log(&vkey)),
        ("disclosures/a.md", FINANCE),
    ]);
    let public = dir.path().join("public");
    for value in [
        key.to_str().unwrap().to_string(),
        fs::read_to_string(&key).unwrap(),
    ] {
        let out = gongkai()
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args([
                "--out",
                public.to_str().unwrap(),
                "--today",
                &TODAY.to_string(),
            ])
            .env(gongkai::log::keyfile::KEY_ENV, value)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

// ---- appending on build ----

use gongkai::log::{Entry, SigningKey, VerifierKey, entry::decode_bundle};
use gongkai::site::{self, Options};
use jiff::civil::{Date, date};
use std::collections::BTreeMap;

/// A site with a log, its keys, and an output folder beside it.
struct Logged {
    site: tempfile::TempDir,
    out: tempfile::TempDir,
    key: SigningKey,
    private: String,
    vkey: String,
}

impl Logged {
    fn new(files: &[(&str, &str)]) -> Logged {
        let (private, vkey) = checkpoint::generate(ORIGIN);
        Logged::with_key(files, private, vkey)
    }

    fn with_key(files: &[(&str, &str)], private: String, vkey: String) -> Logged {
        let yaml = site_yaml_with_log(&vkey);
        let mut all: Vec<(&str, &str)> = vec![("site.yaml", &yaml)];
        all.extend_from_slice(files);
        Logged {
            site: common::site(&all),
            out: tempfile::tempdir().unwrap(),
            key: SigningKey::parse(&private).unwrap(),
            private,
            vkey,
        }
    }

    fn options(&self, today: Date) -> Options {
        common::options_on(self.site.path(), today)
    }

    fn build(&self, today: Date) -> site::Built {
        self.try_build(today)
            .unwrap_or_else(|r| panic!("{}", r.render()))
    }

    fn try_build(&self, today: Date) -> Result<site::Built, site::Report> {
        site::build_signed(&self.options(today), self.out.path(), Some(&self.key))
            .map(|(built, _)| built)
    }

    fn write(&self, path: &str, text: &str) {
        common::write(self.site.path(), path, text.as_bytes());
    }

    fn log_dir(&self) -> std::path::PathBuf {
        self.site.path().join("log")
    }

    /// The entries of the site's log, read and checked.
    fn entries(&self) -> Vec<Entry> {
        let key = VerifierKey::parse(&self.vkey).unwrap();
        let folder = gongkai::log::store::Folder::new(&self.log_dir(), "log");
        gongkai::log::read(&folder, &key, true)
            .unwrap_or_else(|p| panic!("{p:?}"))
            .entries
    }
}

/// Every file under `dir`, by path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

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

const LATER: &str = "\
---
title: 西关村下月公示
unit: xiguan
published: 2013-08-01
category: village
---

下月发布。
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
    let changed = FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00")
        .replace(
            "category: finance\n",
            "category: finance\ncorrections:\n  - { date: 2013-07-08, reason: 第1笔支出金额录入错误 }\n",
        );
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

// ---- verify ----

/// Runs `gongkai verify` on `target` with the site's key and extra
/// arguments; its exit status and standard output.
fn verify(s: &Logged, target: &str, extra: &[&str]) -> (i32, String) {
    let out = gongkai()
        .args(["verify", target, "--key", &s.vkey])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stdout(&out) + &stderr(&out))
}

fn out_dir(s: &Logged) -> String {
    s.out.path().to_str().unwrap().to_string()
}

fn two_records() -> Logged {
    Logged::new(&[
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
    ])
}

#[test]
fn verify_passes_a_built_site_and_saves_its_checkpoint() {
    let s = two_records();
    s.build(TODAY);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("checkpoint.txt");
    let (code, text) = verify(
        &s,
        &out_dir(&s),
        &["--save-checkpoint", saved.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("✓ 检查点的签名有效") && text.contains("2 条"),
        "{text}"
    );
    assert!(text.contains("2 个版本的记录 JSON 都已公开"), "{text}");
    assert!(text.contains("通过"), "{text}");
    assert_eq!(
        fs::read(&saved).unwrap(),
        fs::read(s.out.path().join("log/checkpoint")).unwrap()
    );
}

#[test]
fn verify_fails_with_another_key() {
    let s = two_records();
    s.build(TODAY);
    let (_, other) = checkpoint::generate(ORIGIN);
    let out = gongkai()
        .args(["verify", &out_dir(&s), "--key", &other])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("✗") && stdout(&out).contains("签名"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_tampered_tile_fails_verify() {
    let s = two_records();
    s.build(TODAY);
    let tile = s.out.path().join("log/tile/0/000.p/2");
    let mut bytes = fs::read(&tile).unwrap();
    bytes[5] ^= 0x40;
    fs::write(&tile, bytes).unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("✗") && text.contains("tile/0/000.p/2") && text.contains("被改动过"),
        "{text}"
    );
}

#[test]
fn a_tampered_record_json_fails_verify() {
    let s = two_records();
    s.build(TODAY);
    let entry = s
        .entries()
        .into_iter()
        .find(|e| e.path.ends_with("q2.md"))
        .unwrap();
    let json = s
        .out
        .path()
        .join(format!("log/records/{}.json", entry.record));
    fs::write(
        &json,
        fs::read_to_string(&json)
            .unwrap()
            .replace("860.00", "680.00"),
    )
    .unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!("records/{}.json", entry.record)),
        "{text}"
    );

    // A version published without being logged is found too.
    fs::write(
        &json,
        fs::read_to_string(&json)
            .unwrap()
            .replace("680.00", "860.00"),
    )
    .unwrap();
    assert_eq!(verify(&s, &out_dir(&s), &[]).0, 0);
    let stray = s
        .out
        .path()
        .join(format!("log/records/{}.json", "0".repeat(64)));
    fs::write(&stray, "{}").unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志中没有的记录 JSON"), "{text}");
}

#[test]
fn an_appended_log_is_consistent_with_a_saved_checkpoint() {
    let s = two_records();
    s.build(TODAY);
    let saved = tempfile::tempdir().unwrap();
    let cp = saved.path().join("checkpoint.txt");
    let cp = cp.to_str().unwrap();
    assert_eq!(verify(&s, &out_dir(&s), &["--save-checkpoint", cp]).0, 0);
    s.write("disclosures/2013/later.md", LATER);
    s.build(date(2013, 8, 2));
    let (code, text) = verify(
        &s,
        &out_dir(&s),
        &["--checkpoint", cp, "--save-checkpoint", cp],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("原有的 2 条一条未改，此后新增 1 条"),
        "{text}"
    );
    assert!(fs::read_to_string(cp).unwrap().contains("\n3\n"));
}

#[test]
fn a_history_rebuilt_from_an_empty_log_fails_against_a_saved_checkpoint() {
    let s = two_records();
    s.build(TODAY);
    let saved = tempfile::tempdir().unwrap();
    let cp = saved.path().join("checkpoint.txt");
    let cp = cp.to_str().unwrap();
    assert_eq!(verify(&s, &out_dir(&s), &["--save-checkpoint", cp]).0, 0);

    // The ledger is changed in silence and the log started again, and
    // published into a new folder (the old one refuses it, see below).
    let silent = FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00");
    s.write("disclosures/2013/q2.md", &silent);
    fs::remove_dir_all(s.log_dir()).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let rebuilt = |s: &Logged, out: &Path| {
        site::build_signed(&s.options(TODAY), out, Some(&s.key))
            .unwrap_or_else(|r| panic!("{}", r.render()));
    };
    rebuilt(&s, fresh.path());
    let target = fresh.path().to_str().unwrap();
    let (code, text) = verify(&s, target, &[]);
    assert_eq!(code, 0, "on its own the new log holds together: {text}");
    let (code, text) = verify(&s, target, &["--checkpoint", cp, "--save-checkpoint", cp]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志的历史被改写了"), "{text}");
    let kept = fs::read(cp).unwrap();
    assert!(String::from_utf8_lossy(&kept).contains("\n2\n"));
    assert_ne!(
        kept,
        fs::read(fresh.path().join("log/checkpoint")).unwrap(),
        "a failed check saves nothing"
    );

    // A log started again with fewer entries is cut short.
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    fs::remove_dir_all(s.log_dir()).unwrap();
    let shorter = tempfile::tempdir().unwrap();
    rebuilt(&s, shorter.path());
    let target = shorter.path().to_str().unwrap();
    let (code, text) = verify(&s, target, &["--checkpoint", cp]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志被截短了"), "{text}");
}

#[test]
fn a_build_refuses_to_publish_a_log_started_again_over_the_old_one() {
    let s = two_records();
    s.build(TODAY);
    let published = snapshot(s.out.path());
    fs::remove_dir_all(s.log_dir()).unwrap();
    // The same records on the same day log the same history again.
    s.build(TODAY);
    assert_eq!(published, snapshot(s.out.path()));
    // Not so once a record was changed in between.
    fs::remove_dir_all(s.log_dir()).unwrap();
    s.write(
        "disclosures/2013/notice.md",
        &NOTICE.replace("现将结果", "现将评议结果"),
    );
    let report = s.try_build(TODAY).err().expect("refused");
    let text = report.render();
    assert!(
        text.contains("不是输出文件夹中已公开日志（2 条）的延续"),
        "{text}"
    );
    assert_eq!(published, snapshot(s.out.path()));
    assert!(
        !s.log_dir().exists(),
        "nothing is written into the site's log/"
    );
}

/// Serves the files under `root` on 127.0.0.1 until the test ends; its
/// address.
fn serve(root: &Path) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let file = root.join(path.trim_start_matches('/'));
                let mut stream = stream;
                let _ = match fs::read(&file) {
                    Ok(body) if file.is_file() => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        stream
                            .write_all(head.as_bytes())
                            .and_then(|()| stream.write_all(&body))
                    }
                    _ => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            });
        }
    });
    format!("http://{addr}/")
}

#[test]
fn verify_reads_a_site_over_http() {
    let s = two_records();
    s.build(TODAY);
    let url = serve(s.out.path());
    let (code, text) = verify(&s, &url, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("2 个版本的记录 JSON 都已公开"), "{text}");

    let entry = &s.entries()[0];
    let json = s
        .out
        .path()
        .join(format!("log/records/{}.json", entry.record));
    fs::remove_file(&json).unwrap();
    let (code, text) = verify(&s, &url, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!("{url}log/records/{}.json", entry.record)),
        "{text}"
    );
    assert!(text.contains("缺少"), "{text}");
}

// ---- no silent edits ----

#[test]
fn a_silent_edit_is_refused_naming_what_changed() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());
    let out_before = snapshot(s.out.path());
    let silent = FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00");
    s.write("disclosures/2013/q2.md", &silent);
    let report = s.try_build(date(2013, 7, 8)).err().expect("refused");
    let text = report.render();
    assert!(text.contains("disclosures/2013/q2.md"), "{text}");
    assert!(text.contains("却没有新的更正记录"), "{text}");
    assert!(text.contains("账目 第1笔支出 860.00 → 880.00"), "{text}");
    assert!(
        text.contains("账目 期末余额 20,140.00 → 20,120.00"),
        "{text}"
    );
    assert!(text.contains("corrections"), "{text}");
    assert_eq!(log_before, snapshot(&s.log_dir()));
    assert_eq!(out_before, snapshot(s.out.path()));
    // check says so too, before anyone builds.
    let (site, report) = site::check(&s.options(date(2013, 7, 8)));
    assert!(site.is_none());
    assert!(report.render().contains("却没有新的更正记录"));

    // A correction dated before the logged version does not count.
    let backdated = silent.replace(
        "category: finance\n",
        "category: finance\ncorrections:\n  - { date: 2013-07-04, reason: 补记 }\n",
    );
    s.write("disclosures/2013/q2.md", &backdated);
    assert!(s.try_build(date(2013, 7, 8)).is_err());

    // With a new correction the edit is the record's second version, and
    // the first stays readable with the old figure.
    let corrected = silent.replace(
        "category: finance\n",
        "category: finance\ncorrections:\n  - { date: 2013-07-08, reason: 第1笔支出金额录入错误 }\n",
    );
    s.write("disclosures/2013/q2.md", &corrected);
    s.build(date(2013, 7, 8));
    let entries = s.entries();
    assert_eq!(entries[1].reason.as_deref(), Some("第1笔支出金额录入错误"));
    let v1 = fs::read_to_string(
        s.out
            .path()
            .join(format!("log/records/{}.json", entries[0].record)),
    )
    .unwrap();
    assert!(v1.contains("\"expense\":\"860.00\""), "{v1}");
}

// ---- no silent deletions; withdrawal ----

#[test]
fn a_deleted_record_is_refused() {
    let s = two_records();
    s.build(TODAY);
    let out_before = snapshot(s.out.path());
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    let report = s.try_build(date(2013, 7, 9)).err().expect("refused");
    let text = report.render();
    assert!(text.contains("disclosures/2013/notice.md"), "{text}");
    assert!(text.contains("文件却被删除了"), "{text}");
    assert!(text.contains("withdrawn:"), "{text}");
    assert_eq!(out_before, snapshot(s.out.path()));

    // Nor may it become a draft again.
    s.write(
        "disclosures/2013/notice.md",
        &NOTICE.replace("category: village\n", "category: village\ndraft: true\n"),
    );
    let report = s.try_build(date(2013, 7, 9)).err().expect("refused");
    assert!(
        report.render().contains("不能再改为草稿或推迟发布日期"),
        "{}",
        report.render()
    );
}

#[test]
fn a_withdrawal_keeps_the_page_marked_and_is_logged() {
    let s = two_records();
    s.build(TODAY);
    let withdrawn = NOTICE.replace(
        "category: village\n",
        "category: village\nwithdrawn: { date: 2013-07-09, reason: 评议结果有误，重新评议后另行公示 }\n",
    );
    s.write("disclosures/2013/notice.md", &withdrawn);
    // Written ahead of its date: the file changed (a version, needing no
    // correction note), but the record is not withdrawn yet.
    s.build(date(2013, 7, 8));
    let entries = s.entries();
    assert_eq!(entries.len(), 3);
    assert_eq!((entries[2].version, entries[2].withdrawn), (2, None));
    let page = s.out.path().join("disclosures/2013/notice/index.html");
    assert!(!fs::read_to_string(&page).unwrap().contains("已撤回"));
    // On its date the withdrawal is a version of its own.
    s.build(date(2013, 7, 9));
    let entries = s.entries();
    let last = entries.last().unwrap();
    assert_eq!(
        (last.path.as_str(), last.version),
        ("disclosures/2013/notice.md", 3)
    );
    assert_eq!(last.record, entries[2].record);
    assert_eq!(last.withdrawn, Some(date(2013, 7, 9)));
    assert_eq!(
        last.reason.as_deref(),
        Some("撤回：评议结果有误，重新评议后另行公示")
    );
    let page = fs::read_to_string(s.out.path().join("disclosures/2013/notice/index.html")).unwrap();
    assert!(page.contains("已撤回"), "{page}");
    assert!(page.contains("评议结果有误，重新评议后另行公示"), "{page}");
    assert!(
        page.contains("经村民代表会议评议"),
        "the withdrawn text stays readable"
    );

    // A withdrawn record's file still may not go.
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    assert!(s.try_build(date(2013, 7, 10)).is_err());
}

#[test]
fn a_withdrawal_before_publication_is_an_error_at_its_line() {
    let text = NOTICE.replace(
        "category: village\n",
        "category: village\nwithdrawn: { date: 2013-07-01, reason: 重复 }\n",
    );
    let e = one_error(&[("disclosures/2013/notice.md", &text)]);
    assert!(
        e.message.contains("撤回日期") && e.message.contains("早于发布日期"),
        "{}",
        e.message
    );
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), pos(&text, "2013-07-01"));
}

// ---- versions on the page ----

#[test]
fn a_record_page_shows_its_version_and_what_each_correction_changed() {
    let s = two_records();
    s.build(TODAY);
    let page_path = s.out.path().join("disclosures/2013/q2/index.html");
    let page = fs::read_to_string(&page_path).unwrap();
    let first = s
        .entries()
        .into_iter()
        .find(|e| e.path.ends_with("q2.md"))
        .unwrap();
    assert!(
        page.contains("本页为第 1 版，记入透明日志第 2 条（共 2 条）"),
        "{page}"
    );
    assert!(page.contains(&first.record));
    assert!(
        page.contains(&format!("第 1 版 · {}", &first.record[..12])),
        "the print caption"
    );

    let corrected = FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00")
        .replace(
            "category: finance\n",
            "category: finance\ncorrections:\n  - { date: 2013-07-08, reason: 第1笔支出金额录入错误 }\n",
        );
    s.write("disclosures/2013/q2.md", &corrected);
    s.build(date(2013, 7, 8));
    let page = fs::read_to_string(&page_path).unwrap();
    assert!(
        page.contains("本页为第 2 版，记入透明日志第 3 条（共 3 条）"),
        "{page}"
    );
    assert!(page.contains("（已被更正）"), "{page}");
    assert!(page.contains("（本版）：第1笔支出金额录入错误"), "{page}");
    assert!(
        page.contains("<li>账目 第1笔支出 860.00 → 880.00</li>"),
        "{page}"
    );
    // The earlier version is linked, and readable there with its figure.
    let link = format!("log/records/{}.json", first.record);
    assert!(page.contains(&link), "{page}");
    let v1 = fs::read_to_string(s.out.path().join(&link)).unwrap();
    assert!(v1.contains("\"expense\":\"860.00\""));
}

#[test]
fn a_site_without_a_log_shows_no_versions() {
    let site = common::site(&[("disclosures/2013/q2.md", FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    site::build(&common::options(site.path()), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let page = fs::read_to_string(out.path().join("disclosures/2013/q2/index.html")).unwrap();
    assert!(
        !page.contains("版本") && !page.contains("qr-version"),
        "{page}"
    );
}

/// The finance disclosure of [`two_records`] with its first expense
/// corrected from 860.00 to 880.00 on 2013-07-08.
fn corrected_finance() -> String {
    FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00")
        .replace(
            "category: finance\n",
            "category: finance\ncorrections:\n  - { date: 2013-07-08, reason: 第1笔支出金额录入错误 }\n",
        )
}

/// Every file of the output whose path or text names `needle`.
fn files_naming(dir: &Path, needle: &str) -> Vec<String> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, bytes)| {
            path.contains(needle) || String::from_utf8_lossy(bytes).contains(needle)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn an_earlier_version_is_readable_as_it_was_at_its_own_page() {
    let s = two_records();
    s.build(TODAY);
    s.write("disclosures/2013/q2.md", &corrected_finance());
    s.build(date(2013, 7, 8));
    let out = s.out.path();
    let v1_record = &s.entries()[1].record;

    let v1 = fs::read_to_string(out.join("disclosures/2013/q2/v1/index.html")).unwrap();
    assert!(v1.contains("已被更正"), "{v1}");
    assert!(
        v1.contains("由第 2 版更正（第1笔支出金额录入错误）"),
        "the banner says what replaced it and why: {v1}"
    );
    assert!(v1.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        v1.contains("<a href=\"../../../../disclosures/2013/q2/\">现行版本</a>"),
        "{v1}"
    );
    assert!(v1.contains(v1_record.as_str()), "its own hash");
    // The ledger as it was: the old expense and the old closing balance.
    assert!(v1.contains(">860.00<") && v1.contains("20,140.00"), "{v1}");
    assert!(!v1.contains("880.00") && !v1.contains("20,120.00"), "{v1}");
    assert!(v1.contains("第 1 版（已被更正）·"), "the print caption");

    let current = fs::read_to_string(out.join("disclosures/2013/q2/index.html")).unwrap();
    assert!(current.contains(">880.00<") && current.contains("20,120.00"));
    assert!(!current.contains("noindex"));
    assert!(
        current.contains("<a href=\"v1/\">第 1 版</a>"),
        "the version list links to the page: {current}"
    );
    assert!(
        current.contains(&format!("log/records/{v1_record}.json")),
        "and still to the JSON"
    );
    // Not in the sitemap, the feeds or the search index (only the current
    // page links to it, and the list of files this tool wrote names it).
    let naming: Vec<String> = files_naming(out, "q2/v1")
        .into_iter()
        .filter(|p| {
            p != "disclosures/2013/q2/index.html"
                && p != ".gongkai-manifest"
                && !p.starts_with("disclosures/2013/q2/v1/")
        })
        .collect();
    assert_eq!(naming, Vec::<String>::new());
}

// ---- every kind of record page ----

const PLAN: &str = "\
title: 示例镇2013年重点实事
unit: shili
published: 2013-07-01
year: 2013
items:
  - id: SS-01
    title: 村道硬化
    owner: 镇长 王某
    target: { value: 3000, unit: 米 }
    due: 2013-10-31
    checks:
      - { date: 2013-07-01, progress: 1200 }
";

const REPORT: &str = "\
---
title: 示例镇2013年上半年工作总结
unit: shili
published: 2013-07-04
period: 2013-H1
type: half_year
---

上半年共硬化村道一千二百米。
";

const PAGE: &str = "\
---
title: 关于本站
published: 2013-07-01
---

本站公开示例镇党务、村务、财务。
";

const INDICATOR: &str = "\
title: 村道硬化长度
unit: 米
measure: flow
source: 镇交通办
data:
  - { period: 2013-Q2, unit: xiguan, value: 1200 }
";

#[test]
fn every_kind_of_record_page_shows_its_version_and_keeps_its_earlier_ones() {
    let s = Logged::new(&[
        ("plans/2013.yaml", PLAN),
        ("reports/2013/h1.md", REPORT),
        ("pages/about.md", PAGE),
        ("indicators/roads.yaml", INDICATOR),
    ]);
    s.build(TODAY);
    let read = |path: &str| fs::read_to_string(s.out.path().join(path)).unwrap();
    for page in [
        "plans/2013/index.html",
        "reports/2013/h1/index.html",
        "pages/about/index.html",
        "indicators/roads/index.html",
    ] {
        let html = read(page);
        assert!(
            html.contains("本页为第 1 版，记入透明日志第"),
            "{page}: {html}"
        );
        assert!(
            html.contains("<p class=\"small qr-version\">第 1 版 · "),
            "the printed page names its version: {page}"
        );
    }

    // A corrected plan, report and page: each keeps its first version.
    s.write(
        "plans/2013.yaml",
        &PLAN.replace("progress: 1200", "progress: 1500").replace(
            "year: 2013\n",
            "year: 2013\ncorrections:\n  - { date: 2013-07-08, reason: 进度数字有误 }\n",
        ),
    );
    s.write(
        "reports/2013/h1.md",
        &REPORT.replace("一千二百米", "一千五百米").replace(
            "type: half_year\n",
            "type: half_year\ncorrections:\n  - { date: 2013-07-08, reason: 数字有误 }\n",
        ),
    );
    s.write(
        "pages/about.md",
        &PAGE
            .replace("党务、村务、财务", "党务、村务和财务")
            .replace(
                "published: 2013-07-01\n",
                "published: 2013-07-01\ncorrections:\n  - { date: 2013-07-08, reason: 措辞 }\n",
            ),
    );
    s.build(date(2013, 7, 8));
    for (base, old, new) in [
        ("plans/2013/", "1,200", "1,500"),
        ("reports/2013/h1/", "一千二百米", "一千五百米"),
        ("pages/about/", "党务、村务、财务", "党务、村务和财务"),
    ] {
        let current = read(&format!("{base}index.html"));
        assert!(current.contains("本页为第 2 版"), "{base}: {current}");
        assert!(current.contains("<a href=\"v1/\">第 1 版</a>"), "{base}");
        // (The old text may appear in the list of what changed.)
        assert!(current.contains(new), "{base}");
        let v1 = read(&format!("{base}v1/index.html"));
        assert!(
            v1.contains("已被更正") && v1.contains("noindex"),
            "{base}: {v1}"
        );
        assert!(v1.contains(old) && !v1.contains(new), "{base}: {v1}");
        assert!(v1.contains("qr-version\">第 1 版（已被更正）· "), "{base}");
    }

    // A withdrawn report is marked 已撤回, its earlier versions kept.
    s.write(
        "reports/2013/h1.md",
        &REPORT.replace("一千二百米", "一千五百米").replace(
            "type: half_year\n",
            "type: half_year\ncorrections:\n  - { date: 2013-07-08, reason: 数字有误 }\nwithdrawn: { date: 2013-07-09, reason: 重复发布 }\n",
        ),
    );
    s.build(date(2013, 7, 9));
    let current = read("reports/2013/h1/index.html");
    assert!(current.contains("已撤回") && current.contains("重复发布"));
    assert!(current.contains("本页为第 3 版"), "{current}");
    let v2 = read("reports/2013/h1/v2/index.html");
    assert!(
        v2.contains(
            "已于<time datetime=\"2013-07-09\">2013年7月9日</time>由第 3 版取代（撤回：重复发布）"
        ),
        "{v2}"
    );
}

#[test]
fn an_indicator_that_gains_new_figures_needs_no_correction_note() {
    let s = Logged::new(&[("indicators/roads.yaml", INDICATOR)]);
    s.build(TODAY);
    // The next quarter's figure is a new publication, not a correction.
    s.write(
        "indicators/roads.yaml",
        &format!("{INDICATOR}  - {{ period: 2013-Q3, unit: xiguan, value: 800 }}\n"),
    );
    s.build(date(2013, 10, 8));
    let entries = s.entries();
    let last = entries.last().unwrap();
    assert_eq!(
        (last.path.as_str(), last.version, last.reason.as_deref()),
        ("indicators/roads.yaml", 2, Some("新增数据 1 项"))
    );
}

#[test]
fn an_indicator_whose_published_figure_changed_needs_a_correction_note() {
    let s = Logged::new(&[("indicators/roads.yaml", INDICATOR)]);
    s.build(TODAY);
    // A published figure changed, even with a new one added: refused.
    let changed = format!(
        "{}  - {{ period: 2013-Q3, unit: xiguan, value: 800 }}\n",
        INDICATOR.replace("value: 1200", "value: 1250")
    );
    s.write("indicators/roads.yaml", &changed);
    let report = s.try_build(date(2013, 10, 8)).map(|_| ()).unwrap_err();
    let text = report.render();
    assert!(text.contains("indicators/roads.yaml"), "{text}");
    assert!(text.contains("1200") && text.contains("1250"), "{text}");
    assert_eq!(s.entries().len(), 1, "nothing was logged");

    // With its note it is logged, and the page shows the note.
    s.write(
        "indicators/roads.yaml",
        &changed.replace(
            "source: 镇交通办\n",
            "source: 镇交通办\ncorrections:\n  - { date: 2013-10-08, reason: 二季度西关村数字录入有误 }\n",
        ),
    );
    s.build(date(2013, 10, 8));
    let last = s.entries().pop().unwrap();
    assert_eq!(
        (last.version, last.reason.as_deref()),
        (2, Some("二季度西关村数字录入有误"))
    );
    let html = fs::read_to_string(s.out.path().join("indicators/roads/index.html")).unwrap();
    assert!(html.contains("更正记录") && html.contains("二季度西关村数字录入有误"));
}

#[test]
fn a_logged_page_or_indicator_cannot_just_disappear_and_is_withdrawn_instead() {
    let s = Logged::new(&[
        ("pages/about.md", PAGE),
        ("indicators/roads.yaml", INDICATOR),
    ]);
    s.build(TODAY);
    fs::remove_file(s.site.path().join("pages/about.md")).unwrap();
    fs::remove_file(s.site.path().join("indicators/roads.yaml")).unwrap();
    let text = s
        .try_build(date(2013, 7, 9))
        .map(|_| ())
        .unwrap_err()
        .render();
    for path in ["pages/about.md", "indicators/roads.yaml"] {
        assert!(
            text.lines()
                .any(|l| l.contains(path) && l.contains("文件却被删除了")),
            "{path}: {text}"
        );
    }

    s.write(
        "pages/about.md",
        &PAGE.replace(
            "published: 2013-07-01\n",
            "published: 2013-07-01\nwithdrawn: { date: 2013-07-09, reason: 网站改版，内容并入首页 }\n",
        ),
    );
    s.write(
        "indicators/roads.yaml",
        &format!(
            "{INDICATOR}withdrawn: {{ date: 2013-07-09, reason: 统计口径调整，改用新指标 }}\n"
        ),
    );
    s.build(date(2013, 7, 9));
    let read = |p: &str| fs::read_to_string(s.out.path().join(p)).unwrap();
    let page = read("pages/about/index.html");
    assert!(page.contains("已撤回") && page.contains("网站改版，内容并入首页"));
    let indicator = read("indicators/roads/index.html");
    assert!(indicator.contains("已撤回") && indicator.contains("统计口径调整"));
    let entries = s.entries();
    let withdrawn: Vec<(&str, Option<Date>)> = entries[2..]
        .iter()
        .map(|e| (e.path.as_str(), e.withdrawn))
        .collect();
    assert_eq!(
        withdrawn,
        [
            ("indicators/roads.yaml", Some(date(2013, 7, 9))),
            ("pages/about.md", Some(date(2013, 7, 9)))
        ]
    );
}

#[test]
fn a_withdrawal_a_page_cannot_read_is_an_error_not_ignored() {
    let s = Logged::new(&[(
        "pages/about.md",
        &PAGE.replace(
            "published: 2013-07-01\n",
            "published: 2013-07-01\nwithdrawn: { date: 2013-06-01 }\n",
        ),
    )]);
    let text = s.try_build(TODAY).map(|_| ()).unwrap_err().render();
    assert!(text.contains("pages/about.md:4"), "{text}");
    assert!(text.contains("reason"), "{text}");
}
