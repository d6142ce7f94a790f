//! The generator as a careless or hostile user meets it: an output folder
//! that is the records' own folder, a folder of someone else's files, a
//! build interrupted half-way. Each test runs the real binary on a temp tree
//! and checks that every file that was there before is still there, byte
//! for byte.

mod common;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes (links as their target's path).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.path_is_symlink() {
                fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else {
                fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// A project folder holding a README and the example site in `content/`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = common::example_site();
    let proj = tmp.path().join("proj");
    fs::create_dir(&proj).unwrap();
    fs::rename(&site, proj.join("content")).unwrap();
    fs::write(proj.join("README.md"), "# 梨园镇公开网\n").unwrap();
    (tmp, proj)
}

fn gongkai(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gongkai").unwrap();
    cmd.current_dir(dir)
        .args(["build", "--quiet", "--today", "2013-07-05"]);
    cmd
}

/// Runs a build that must be refused: exit 2, the message on stderr, and
/// nothing under `root` changed.
fn refused(root: &Path, dir: &Path, args: &[&str], message: &str) {
    let before = snapshot(root);
    let out = gongkai(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(stderr.contains("没有改动任何文件"), "{stderr}");
    assert_eq!(snapshot(root), before, "{args:?} changed files");
}

#[test]
fn the_output_folder_may_not_be_the_site_folder_hold_it_or_lie_in_it() {
    let (tmp, proj) = project();
    let root = tmp.path();
    refused(root, &proj, &["--out", "."], "包含站点文件夹");
    refused(root, &proj, &["--out", ".."], "包含站点文件夹");
    refused(
        root,
        &proj,
        &["--site", "content", "--out", "content"],
        "就是站点文件夹",
    );
    refused(root, &proj, &["--out", "content/./"], "就是站点文件夹");
    refused(
        root,
        &proj,
        &["--out", "content/static/pub"],
        "在站点文件夹",
    );
    refused(root, &proj, &["--out", "new/../content"], "就是站点文件夹");
    refused(
        root,
        &proj.join("content"),
        &["--site", ".", "--out", "public"],
        "在站点文件夹",
    );
    assert!(!proj.join("new").exists());
}

#[cfg(unix)]
#[test]
fn a_link_to_the_site_folder_is_the_site_folder() {
    let (tmp, proj) = project();
    std::os::unix::fs::symlink(proj.join("content"), proj.join("out")).unwrap();
    refused(tmp.path(), &proj, &["--out", "out"], "就是站点文件夹");
}

#[test]
fn a_folder_of_other_files_is_refused_unless_forced_and_then_kept() {
    let (tmp, proj) = project();
    let docs = proj.join("文档");
    fs::create_dir_all(docs.join("2012")).unwrap();
    fs::write(docs.join("工作总结.docx"), b"PK\x03\x04 not really").unwrap();
    fs::write(docs.join("2012/台账.xlsx"), b"PK\x03\x04").unwrap();
    fs::write(docs.join("index.html"), b"<p>old home page</p>").unwrap();
    refused(tmp.path(), &proj, &["--out", "文档"], "不是空的");

    let theirs = |snap: BTreeMap<PathBuf, Vec<u8>>| {
        snap.into_iter()
            .filter(|(p, _)| p.starts_with("2012") || p.ends_with("工作总结.docx"))
            .collect::<BTreeMap<_, _>>()
    };
    let before = theirs(snapshot(&docs));
    gongkai(&proj)
        .args(["--out", "文档", "--force"])
        .assert()
        .success();
    assert!(docs.join("disclosures/index.html").is_file());
    assert_eq!(theirs(snapshot(&docs)), before);

    // Later builds need no --force, and remove only pages they wrote.
    let record = fs::read_dir(proj.join("content/disclosures/2013"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let page = docs.join(
        record
            .strip_prefix(proj.join("content"))
            .unwrap()
            .with_extension(""),
    );
    assert!(page.join("index.html").is_file(), "{page:?}");
    fs::remove_file(&record).unwrap();
    gongkai(&proj).args(["--out", "文档"]).assert().success();
    assert!(!page.exists());
    assert_eq!(theirs(snapshot(&docs)), before);
}

#[test]
fn a_file_is_not_an_output_folder() {
    let (tmp, proj) = project();
    refused(
        tmp.path(),
        &proj,
        &["--out", "README.md", "--force"],
        "是一个文件",
    );
}

#[test]
fn an_empty_or_new_folder_is_fine() {
    let (_tmp, proj) = project();
    fs::create_dir(proj.join("empty")).unwrap();
    for out in ["empty", "public"] {
        gongkai(&proj).args(["--out", out]).assert().success();
        assert!(proj.join(out).join(".gongkai-manifest").is_file());
    }
}

// ------------------------------------------------------------ personal data

/// The ways a mobile, an ID and a card number were seen pasted into records.
const DISGUISED: [&str; 10] = [
    "１３８１２３４５６７８",
    "+86 139 1234 5678",
    "137\u{a0}1234\u{a0}5678",
    "136\u{200b}1234\u{200b}5678",
    "135\u{3000}1234\u{3000}5678",
    "134－1234－5678",
    "(150)1234-5678",
    "350102 19900307 1234",
    "１１０１０５１９４９１２３１００２Ｘ",
    "6222.0212.3456.7890",
];

fn notice_with(text: &str) -> String {
    common::edit(
        common::NOTICE,
        "经村民代表会议评议，现将结果公示如下。",
        &format!("联系人：{text}"),
    )
}

#[test]
fn personal_numbers_in_any_form_are_errors_at_their_line() {
    for text in DISGUISED {
        let record = notice_with(text);
        let d = common::one_error(&[("disclosures/2013/a.md", &record)]);
        assert_eq!(d.path, "disclosures/2013/a.md", "{text:?}");
        assert_eq!(d.span.unwrap().line, 9, "{text:?}");
        assert!(d.message.contains("发现"), "{text:?}: {d:?}");
        assert!(
            !d.message.contains(text),
            "{text:?}: the message shows it masked"
        );
    }
}

#[test]
fn masked_means_masked_everywhere_it_is_published() {
    let yaml = common::SITE_YAML.replace("privacy: error", "privacy: mask");
    let body = DISGUISED.join("，");
    let finance = common::FINANCE.replace(
        "item: 办公用品",
        "item: 办公用品（经手人 １３８１２３４５６７８）",
    );
    let indicator = "title: 补贴\nunit: 元\nmeasure: flow\ngroups: [\"张三 139 1234 5678\"]\npartition: true\ncsv: butie.csv\n";
    let csv = "period,unit,group,value\n2013,xiguan,张三 139 1234 5678,10\n";
    let dir = common::site(&[
        ("site.yaml", &yaml),
        ("disclosures/2013/a.md", &notice_with(&body)),
        ("disclosures/2013/q2.md", &finance),
        ("indicators/butie.yaml", indicator),
        ("indicators/butie.csv", csv),
        ("static/名单.svg", "<svg><text>13812345678</text></svg>"),
        ("static/app.js", "var tel = '+8613812345678';"),
        ("static/会议.ics", "DESCRIPTION:电话 138 1234 5678"),
        ("static/README", "身份证 350102 19900307 1234"),
    ]);
    let out = tempfile::tempdir().unwrap();
    gongkai::site::build(&common::options(dir.path()), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let mut checked = 0;
    for (path, bytes) in snapshot(out.path()) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let found = gongkai::domain::privacy::find(&text);
        assert!(found.is_empty(), "{path:?} publishes {found:?}");
        for raw in DISGUISED {
            assert!(!text.contains(raw), "{path:?} publishes {raw:?}");
        }
        checked += 1;
    }
    assert!(checked > 20);
    let page = fs::read_to_string(out.path().join("disclosures/2013/a/index.html")).unwrap();
    assert!(page.contains("１３８＊＊＊＊５６７８"), "masked in kind");
    assert!(page.contains("+86 139 **** 5678"), "country code kept");
    let data = fs::read_to_string(out.path().join("indicators/butie/data.csv")).unwrap();
    assert!(data.contains("张三 139 **** 5678"), "{data}");
}

#[test]
fn file_names_and_attachments_are_checked_too() {
    let dir = common::site(&[
        ("disclosures/2013/张三13812345678.md", common::NOTICE),
        ("static/联系人 139-1234-5678.txt", "无"),
        ("static/app.js", "var tel = '13712345678';"),
        ("static/扫描件.pdf", "%PDF-1.4 13612345678"),
        ("static/NOTES", "13512345678"),
        (
            "static/通讯录.vcf",
            "BEGIN:VCARD\nTEL:13412345678\nEND:VCARD\n",
        ),
    ]);
    let (site, diags) = common::check_dir(dir.path());
    assert!(site.is_none());
    let errors: Vec<&str> = common::errors(&diags)
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        errors,
        [
            "disclosures/2013/张三13812345678.md",
            "static/NOTES",
            "static/app.js",
            "static/联系人 139-1234-5678.txt",
            "static/通讯录.vcf",
        ]
    );
    let warned: Vec<&str> = diags
        .iter()
        .filter(|d| d.severity == gongkai::diagnostics::Severity::Warning)
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(warned, ["static/扫描件.pdf"]);
}

/// An HTML or SVG attachment that would run something under the site's own
/// address (a script, an event handler, a frame) is refused at its line;
/// a plain document or drawing, and a script file no page loads, are not.
#[test]
fn attachments_that_run_scripts_are_refused_at_their_line() {
    let dir = common::site(&[
        (
            "static/evil.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\n onload=\"alert(1)\"></svg>",
        ),
        ("static/evil.html", "<p>通知</p>\n<SCRIPT>alert(1)</SCRIPT>"),
        (
            "static/frame.htm",
            "<iframe src=\"https://x.test\"></iframe>",
        ),
        (
            "static/plan.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>one = 1</text></svg>",
        ),
        ("static/notice.html", "<h1>通知</h1><p>明天上午开会。</p>"),
        ("static/app.js", "document.title = 'x';"),
    ]);
    let (site, diags) = common::check_dir(dir.path());
    assert!(site.is_none());
    let errors: Vec<(&str, u32)> = common::errors(&diags)
        .iter()
        .map(|d| (d.path.as_str(), d.span.map_or(0, |s| s.line)))
        .collect();
    assert_eq!(
        errors,
        [
            ("static/evil.html", 2),
            ("static/evil.svg", 2),
            ("static/frame.htm", 1)
        ],
        "{diags:#?}"
    );
}

// ------------------------------------------------------------------ signals

/// A site of `n` notices: enough pages that a build is still writing when
/// the test has seen its first temporary file.
fn many_notices(n: usize, title: &str) -> tempfile::TempDir {
    let dir = common::site(&[]);
    for i in 0..n {
        let text = common::NOTICE.replace("西关村低保评议结果公示", &format!("{title}第{i}号"));
        common::write(
            dir.path(),
            &format!("disclosures/2013/n{i:04}.md"),
            text.as_bytes(),
        );
    }
    dir
}

/// Whether `dir` holds a temporary file of a build (or its staging folder).
fn has_temp_files(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| {
            let name = e.file_name().to_string_lossy();
            name.contains(".tmp-") || name.starts_with(".gongkai-staging")
        })
}

/// Whether a build into a new folder has written a page: there every file
/// is written straight under its name.
fn has_written_a_page(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir.join("disclosures"))
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_name() == "index.html")
}

fn kill(pid: u32, signal: &str) {
    let done = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(done.success(), "kill -{signal}");
}

/// Starts a build of `site` into `out`, stops the process as soon as it
/// is seen `writing` (a temporary file, say), sends it `signal` and lets it
/// go on: what it does then is what it does on that signal in the middle
/// of writing.
fn interrupt_build(
    site: &Path,
    out: &Path,
    signal: &str,
    writing: fn(&Path) -> bool,
) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gongkai"))
        .args(["build", "--quiet", "--today", "2013-07-05", "--site"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while !writing(out) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was seen writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // Frozen, the process cannot finish between the look and the signal.
    kill(child.id(), "STOP");
    kill(child.id(), signal);
    kill(child.id(), "CONT");
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_build_removes_its_temporary_files_and_keeps_the_old_site() {
    let old = many_notices(400, "旧");
    let new = many_notices(400, "新");
    let out = tempfile::tempdir().unwrap();
    gongkai(old.path())
        .args(["--site", ".", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let before = snapshot(out.path());
    let done = interrupt_build(new.path(), out.path(), "TERM", has_temp_files);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("已停止"), "{stderr}");
    assert!(!has_temp_files(out.path()));
    assert_eq!(snapshot(out.path()), before);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_first_build_leaves_no_folder() {
    let site = many_notices(400, "新");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let done = interrupt_build(site.path(), &out, "INT", has_written_a_page);
    assert_eq!(
        done.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!out.exists());
}
