//! Section feeds: one Atom feed per category and per unit, linked from
//! their list pages.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: 测试镇公开网
base_url: https://gongkai.example.cn/shiyan/
township: { id: shiyan, name: 测试镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
  - { id: beipo, name: 北坡村, kind: village }
";

fn notice(title: &str, unit: &str, category: &str, published: &str) -> String {
    format!(
        "---\ntitle: {title}\nunit: {unit}\npublished: {published}\ncategory: {category}\n---\n{title}的正文。\n"
    )
}

fn built() -> (TempDir, TempDir) {
    let records = [
        (
            "disclosures/2013/西关村党费.md",
            notice("西关村党费收缴公开", "xiguan", "party", "2013-07-01"),
        ),
        (
            "disclosures/2013/xiguan-dibao.md",
            notice("西关村低保评议", "xiguan", "village", "2013-06-01"),
        ),
        (
            "disclosures/2013/dongzhuang-dibao.md",
            notice("东庄村低保评议", "dongzhuang", "village", "2013-07-02"),
        ),
        (
            "disclosures/2013/shiyan-dangri.md",
            notice("测试镇主题党日", "shiyan", "party", "2013-05-02"),
        ),
    ];
    let mut files = vec![("site.yaml", SITE_YAML)];
    files.extend(records.iter().map(|(path, text)| (*path, text.as_str())));
    let site = common::site(&files);
    let out = TempDir::new().unwrap();
    Command::cargo_bin("gongkai")
        .unwrap()
        .args(["build", "--quiet", "--today", "2013-07-05", "--site"])
        .arg(site.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    (site, out)
}

fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn entry_titles(feed: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .map(|e| {
            let start = e.find("<title>").unwrap() + "<title>".len();
            let end = e.find("</title>").unwrap();
            e[start..end].to_string()
        })
        .collect()
}

#[test]
fn each_category_has_a_feed_of_its_own_records_newest_first() {
    let (_site, out) = built();
    let party = read(out.path(), "disclosures/party/feed.xml");
    assert_eq!(
        entry_titles(&party),
        ["西关村党费收缴公开", "测试镇主题党日"]
    );
    assert!(
        party.contains("<title>测试镇公开网 - 党务公开</title>"),
        "{party}"
    );
    assert!(party.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://gongkai.example.cn/shiyan/disclosures/party/feed.xml\"/>"
    ));
    assert!(party.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://gongkai.example.cn/shiyan/disclosures/party/\"/>"
    ));
    // Chinese file names are percent-encoded in the entry links.
    assert!(party.contains(
        "href=\"https://gongkai.example.cn/shiyan/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E5%85%9A%E8%B4%B9/\""
    ));
    assert!(party.contains("<updated>2013-07-01T00:00:00+08:00</updated>"));
    let village = read(out.path(), "disclosures/village/feed.xml");
    assert_eq!(entry_titles(&village), ["东庄村低保评议", "西关村低保评议"]);
    // No finance records: a valid feed with no entries, dated today.
    let finance = read(out.path(), "disclosures/finance/feed.xml");
    assert!(entry_titles(&finance).is_empty());
    assert!(finance.contains("<updated>2013-07-05T00:00:00+08:00</updated>"));
    assert!(finance.trim_end().ends_with("</feed>"));
}

#[test]
fn each_unit_has_a_feed_including_the_township() {
    let (_site, out) = built();
    let xiguan = read(out.path(), "units/xiguan/feed.xml");
    assert_eq!(
        entry_titles(&xiguan),
        ["西关村党费收缴公开", "西关村低保评议"]
    );
    assert!(xiguan.contains("<title>测试镇公开网 - 西关村</title>"));
    let township = read(out.path(), "units/shiyan/feed.xml");
    assert_eq!(entry_titles(&township), ["测试镇主题党日"]);
    let beipo = read(out.path(), "units/beipo/feed.xml");
    assert!(entry_titles(&beipo).is_empty());
}

#[test]
fn list_pages_link_their_feed_and_the_site_feed() {
    let (_site, out) = built();
    let finance = read(out.path(), "disclosures/finance/index.html");
    assert!(finance.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"测试镇公开网 - 财务公开\" href=\"../../disclosures/finance/feed.xml\">"
    ), "{finance}");
    assert!(finance.contains("href=\"../../feed.xml\""));
    let unit = read(out.path(), "units/dongzhuang/index.html");
    assert!(unit.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"测试镇公开网 - 东庄村\" href=\"../../units/dongzhuang/feed.xml\">"
    ), "{unit}");
    // The page of all disclosures has the site feed only.
    let all = read(out.path(), "disclosures/index.html");
    assert_eq!(all.matches("application/atom+xml").count(), 1, "{all}");
}

#[test]
fn characters_xml_forbids_never_reach_a_feed_or_sitemap() {
    // YAML refuses control characters in fields; a body may hold them.
    let record = notice("西关村低保评议", "xiguan", "village", "2013-07-01")
        .replace("的正文。", "的正文\u{1}，\u{1b}[31m。\u{8}");
    let site = common::site(&[
        ("site.yaml", SITE_YAML),
        ("disclosures/2013/ab.md", &record),
    ]);
    let out = TempDir::new().unwrap();
    gongkai::site::build(&common::options(site.path()), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    for file in [
        "feed.xml",
        "sitemap.xml",
        "disclosures/village/feed.xml",
        "units/xiguan/feed.xml",
    ] {
        let xml = fs::read_to_string(out.path().join(file)).unwrap();
        let bad: Vec<char> = xml
            .chars()
            .filter(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{file} holds {bad:?}");
    }
    let feed = fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(feed.contains("的正文，[31m。"), "{feed}");
}
