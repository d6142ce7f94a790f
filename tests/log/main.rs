//! The transparency log (issue #13): keys, site.yaml's `log:`, appending on
//! build, and `gongkai verify`.

#[path = "../common/mod.rs"]
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

/// A site folder whose site.yaml has `log:` for the verifier key `vkey`,
/// with `files` besides.
fn site_with_log(vkey: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let yaml = site_yaml_with_log(vkey);
    let mut all: Vec<(&str, &str)> = vec![("site.yaml", &yaml)];
    all.extend_from_slice(files);
    common::site(&all)
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

mod append;
mod corrections;
mod indicator_versions;
mod keys;
mod verify;
mod versions;

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
        Logged {
            site: site_with_log(&vkey, files),
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

/// A site with a ledger and a notice.
fn two_records() -> Logged {
    Logged::new(&[
        ("disclosures/2013/q2.md", FINANCE),
        ("disclosures/2013/notice.md", NOTICE),
    ])
}

/// [`FINANCE`] with its first expense changed from 860.00 to 880.00 (and
/// the closing balance with it) and no correction note: a silent edit.
fn silently_edited_finance() -> String {
    FINANCE
        .replace("expense: 860.00", "expense: 880.00")
        .replace("closing_balance: 20140.00", "closing_balance: 20120.00")
}

/// The same edit with a correction note dated 2013-07-08.
fn corrected_finance() -> String {
    silently_edited_finance().replace(
        "category: finance\n",
        "category: finance\ncorrections:\n  - { date: 2013-07-08, reason: 第1笔支出金额录入错误 }\n",
    )
}

/// A logged site of [`INDICATOR`] built on [`TODAY`], then given the next
/// quarter's figure (a new publication, not a correction) and built again
/// on 2013-10-08.
fn indicator_then_a_new_quarter() -> Logged {
    let s = Logged::new(&[("indicators/roads.yaml", INDICATOR)]);
    s.build(TODAY);
    s.write(
        "indicators/roads.yaml",
        &format!("{INDICATOR}  - {{ period: 2013-Q3, unit: xiguan, value: 800 }}\n"),
    );
    s.build(date(2013, 10, 8));
    s
}

/// An indicator with one figure, 1200 for 西关村 in 2013-Q2.
const INDICATOR: &str = "\
title: 村道硬化长度
unit: 米
measure: flow
source: 镇交通办
data:
  - { period: 2013-Q2, unit: xiguan, value: 1200 }
";

/// A notice published after the first builds' day.
const LATER: &str = "\
---
title: 西关村下月公示
unit: xiguan
published: 2013-08-01
category: village
---

下月发布。
";
