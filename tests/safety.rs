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
