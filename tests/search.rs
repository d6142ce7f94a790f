//! The search index, read back as the page's script reads it: the example
//! site and generated sites, built by the command line.

use assert_cmd::Command;
use gongkai::render::search::{self, Info};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn build(site: &Path, today: &str) -> TempDir {
    let out = TempDir::new().unwrap();
    Command::cargo_bin("gongkai")
        .unwrap()
        .args(["build", "--quiet", "--today", today, "--site"])
        .arg(site)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    out
}

fn example() -> TempDir {
    build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        "2013-07-05",
    )
}

/// The index files and the figures the search page carries in its form.
fn index(out: &Path) -> (Info, BTreeMap<String, Vec<u8>>) {
    let page = fs::read_to_string(out.join("search/index.html")).unwrap();
    let attr = |name: &str| -> String {
        let key = format!("data-{name}=\"");
        let start = page.find(&key).unwrap_or_else(|| panic!("no {key}")) + key.len();
        page[start..start + page[start..].find('"').unwrap()].to_string()
    };
    let info = Info {
        docs: attr("docs").parse().unwrap(),
        shards: attr("shards").parse().unwrap(),
        pos_shards: attr("pshards").parse().unwrap(),
        group: attr("group").parse().unwrap(),
        version: attr("v"),
    };
    assert_eq!(attr("dir"), "idx/");
    let files = walkdir::WalkDir::new(out.join("search/idx"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    (info, files)
}

fn find(out: &Path, q: &str, kind: Option<&str>, unit: Option<&str>) -> Vec<String> {
    let (info, files) = index(out);
    search::lookup(&info, &files, q, kind, unit, 1000).paths
}

const PEAR_FIRST: &str = "disclosures/2012/dongzhuang-2012-gaojie-huanyou/";

#[test]
fn any_run_of_characters_finds_the_pear_grafting_records() {
    let out = example();
    let whole = find(out.path(), "高接换优", None, None);
    // The disclosure with it in its title comes first, then the plan (its
    // item is titled so), the ledger with a 接穗费 entry, the about page.
    assert_eq!(whole[0], PEAR_FIRST, "{whole:?}");
    for want in [
        "plans/2013/",
        "disclosures/2013/dongzhuang-2013q1-finance/",
        "pages/about/",
    ] {
        assert!(whole.iter().any(|p| p == want), "{want} not in {whole:?}");
    }
    assert_eq!(find(out.path(), "换优", None, None), whole);
    assert!(find(out.path(), "梨", None, None).len() >= whole.len());
    assert!(find(out.path(), "优换", None, None).is_empty());
}

#[test]
fn finance_disclosures_are_found_by_their_titles_and_filters_apply() {
    let out = example();
    let finance = find(out.path(), "财务公开", None, None);
    assert!(finance.len() >= 6, "{finance:?}");
    assert!(
        finance.contains(
            &"disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/"
                .to_string()
        ),
        "{finance:?}"
    );
    let only_finance = find(out.path(), "财务公开", Some("finance"), None);
    assert!(
        only_finance
            .iter()
            .all(|p| p.contains("finance") || p.contains("%E8%B4%A2%E5%8A%A1"))
    );
    let nanyuan = find(out.path(), "财务公开", Some("finance"), Some("nanyuan"));
    assert_eq!(
        nanyuan,
        [
            "disclosures/2013/nanyuan-2013q2-finance/",
            "disclosures/2013/nanyuan-2013q1-finance/"
        ]
    );
    assert!(find(out.path(), "高接换优", Some("party"), None).is_empty());
}

#[test]
fn ledger_fields_and_latin_words_are_searchable() {
    let out = example();
    // A voucher number and an entry of a ledger, not in any body text.
    let voucher = find(out.path(), "记-007", None, None);
    assert!(
        voucher.contains(&"disclosures/2013/dongzhuang-2013q1-finance/".to_string()),
        "{voucher:?}"
    );
    // Full-width digits find half-width ones.
    assert_eq!(
        find(out.path(), "２０１２年秋季", None, None),
        find(out.path(), "2012年秋季", None, None)
    );
    assert!(!find(out.path(), "2012年秋季", None, None).is_empty());
}

#[test]
fn the_search_page_works_without_javascript_by_saying_so() {
    let out = example();
    let page = fs::read_to_string(out.path().join("search/index.html")).unwrap();
    let noscript = &page[page.find("<noscript>").unwrap()..page.find("</noscript>").unwrap()];
    assert!(noscript.contains("JavaScript"), "{noscript}");
    for link in [
        "../disclosures/party/",
        "../disclosures/village/",
        "../disclosures/finance/",
        "../units/",
    ] {
        assert!(
            noscript.contains(&format!("href=\"{link}\"")),
            "{link}: {noscript}"
        );
    }
    // The form appears only when the script runs; the script is the theme's own.
    assert!(page.contains("role=\"search\""));
    assert!(page.contains(" hidden\n"));
    assert!(page.contains("<script src=\"../assets/search.js\" defer></script>"));
    assert!(!page.contains("src=\"http") && !page.contains("src=\"//"));
    // Every page links to the search page.
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        home.contains("href=\"./search/\""),
        "no search link on the home page"
    );
}

/// A generated site of `n` notices in 20 villages, each with a distinct
/// marker word in its body.
fn generated(n: usize) -> TempDir {
    let dir = TempDir::new().unwrap();
    let mut yaml = String::from(
        "title: 生成镇公开网\nbase_url: https://x.example.cn/\ntownship: { id: town, name: 生成镇 }\nunits:\n",
    );
    for v in 0..20 {
        yaml.push_str(&format!(
            "  - {{ id: v{v}, name: 第{v}村, kind: village }}\n"
        ));
    }
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let phrases = [
        "村民代表会议审议通过",
        "玉露香梨高接换优",
        "村道硬化工程",
        "低保评议结果",
        "集体果园承包",
        "农村饮水安全",
        "民主理财小组审核",
        "党员活动日",
        "危房改造补助",
        "文化广场建设",
    ];
    let han: Vec<char> = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"
        .chars()
        .collect();
    fs::create_dir_all(dir.path().join("disclosures/2013")).unwrap();
    for i in 0..n {
        let category = ["party", "village", "finance"][i % 3];
        let category = if category == "finance" {
            "village"
        } else {
            category
        };
        // A marker of three characters unique to this record.
        let marker: String = [i % 24, (i / 24) % 24, (i / 576) % 24]
            .iter()
            .map(|&k| han[k])
            .collect();
        let body = format!(
            "{}，{}。编号{marker}。{}。",
            phrases[i % phrases.len()],
            phrases[(i * 7 + 3) % phrases.len()],
            phrases[(i * 3 + 1) % phrases.len()]
        );
        let text = format!(
            "---\ntitle: 第{}村公开第{i}号\nunit: v{}\npublished: 2013-0{}-1{}\ncategory: {category}\n---\n{body}\n",
            i % 20,
            i % 20,
            1 + i % 6,
            i % 10
        );
        fs::write(
            dir.path().join(format!("disclosures/2013/r{i:05}.md")),
            text,
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_query_downloads_a_small_part_of_a_sharded_index() {
    let site = generated(1500);
    let out = build(site.path(), "2013-07-05");
    let (info, files) = index(out.path());
    assert_eq!(info.docs, 1500);
    assert!(info.shards > 1, "{info:?}");
    let total: usize = files.values().map(Vec::len).sum();
    let found = search::lookup(&info, &files, "编号天地玄", None, None, 10);
    // 天地玄 is marker 0 + 1 × 24 + 2 × 576.
    assert_eq!(found.paths, ["disclosures/2013/r01176/"]);
    assert!(
        found.bytes * 10 < total,
        "a query read {} of {total} bytes: {:?}",
        found.bytes,
        found.files
    );
    // Term shards: one per distinct pair; document shards: the one holding it.
    let term_files = found.files.iter().filter(|f| f.contains("/t/")).count();
    assert!(term_files <= 4, "{:?}", found.files);
    // A common phrase finds many; the first page reads few document shards.
    let many = search::lookup(&info, &files, "高接换优", None, None, 10);
    assert_eq!(many.paths.len(), 10);
    assert!(many.bytes * 5 < total, "{} of {total}", many.bytes);
    // A filter narrows to one village.
    let village = search::lookup(&info, &files, "低保评议", None, Some("v3"), 1000);
    assert!(!village.paths.is_empty());
    for p in &village.paths {
        let n: usize = p["disclosures/2013/r".len()..p.len() - 1].parse().unwrap();
        assert_eq!(n % 20, 3, "{p}");
    }
}

#[test]
fn the_index_is_byte_identical_from_build_to_build() {
    let site = generated(200);
    let a = build(site.path(), "2013-07-05");
    let b = build(site.path(), "2013-07-05");
    let (ia, fa) = index(a.path());
    let (ib, fb) = index(b.path());
    assert_eq!(ia.version, ib.version);
    assert_eq!(fa, fb);
}

const XIGUAN_Q2: &str =
    "disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/";

#[test]
fn every_page_kind_is_found_by_the_text_it_shows() {
    let out = example();
    let o = out.path();
    let has = |q: &str, kind: Option<&str>, want: &str| {
        let found = find(o, q, kind, None);
        assert!(
            found.iter().any(|p| p == want),
            "{q}: {want} not in {found:?}"
        );
    };
    // A report by a phrase of its body, under its own kind only.
    has(
        "工作总结",
        Some("report"),
        "reports/2013/liyuan-2013h1-work-report/",
    );
    assert!(find(o, "工作总结", Some("finance"), None).is_empty());
    // An indicator by its source, and by a village in its table.
    has(
        "农业综合服务中心",
        Some("indicator"),
        "indicators/pear-grafting/",
    );
    has("何家沟村", Some("indicator"), "indicators/pear-grafting/");
    // A plan's state badges and progress as shown.
    for q in ["已逾期", "100%", "SS-03"] {
        has(q, Some("plan"), "plans/2013/");
    }
    // A ledger: amounts as shown and as typed without separators, its
    // 大写, a voucher with its entry, dates as shown and in ISO form, and
    // a field's value.
    for q in [
        "7,200.00",
        "7200.00",
        "62,648.35",
        "陆万贰仟陆佰肆拾捌",
        "记-022 存款利息",
        "2013年7月3日",
        "2013-07-03",
        "2013年6月21日",
        "村务公开栏",
    ] {
        has(q, Some("finance"), XIGUAN_Q2);
    }
    // A free page, and the 公开情况 page by what its grid shows.
    has("高接换优", Some("page"), "pages/about/");
    has("公开情况", Some("status"), "status/");
    // A project by its matter and by a payment its page lists.
    has("村道硬化", Some("project"), "projects/xiguan-cundao-2013/");
    has(
        "测量设计费",
        Some("project"),
        "projects/xiguan-cundao-2013/",
    );
}

/// A site of a few notices of the township with the given bodies.
fn notices(bodies: &[&str]) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("site.yaml"),
        "title: 生成镇公开网\nbase_url: https://x.example.cn/\ntownship: { id: town, name: 生成镇 }\nunits: []\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("disclosures/2013")).unwrap();
    for (i, body) in bodies.iter().enumerate() {
        let text = format!(
            "---\ntitle: 公告{i}\nunit: town\npublished: 2013-05-1{i}\ncategory: village\n---\n{body}\n"
        );
        fs::write(dir.path().join(format!("disclosures/2013/n{i}.md")), text).unwrap();
    }
    dir
}

#[test]
fn pieces_of_numbers_and_latin_words_are_found() {
    let site = notices(&[
        "本期为第1502期简报。",
        "发放补助150000元。",
        "档案编号ZJ2150A。",
        "没有数字。",
    ]);
    let out = build(site.path(), "2013-07-05");
    let o = out.path();
    let n = |i: usize| format!("disclosures/2013/n{i}/");
    assert_eq!(find(o, "150", None, None), [n(2), n(1), n(0)]);
    assert_eq!(find(o, "1502", None, None), [n(0)]);
    assert_eq!(find(o, "0000元", None, None), [n(1)]);
    assert_eq!(find(o, "j215", None, None), [n(2)]);
    assert_eq!(find(o, "第1502期", None, None), [n(0)]);
    assert!(find(o, "1503", None, None).is_empty());
}

#[test]
fn a_run_whose_pairs_occur_but_never_together_costs_one_shard() {
    // 审议 (审议通过) and 议结 (评议结果) share hundreds of records; 审议结
    // is in none. The index answers from one term shard, reading no text.
    let site = generated(1500);
    let out = build(site.path(), "2013-07-05");
    let (info, files) = index(out.path());
    let found = search::lookup(&info, &files, "审议结", None, None, 10);
    assert!(found.paths.is_empty(), "{found:?}");
    assert_eq!(found.files.len(), 1, "{:?}", found.files);
    assert!(found.files[0].contains("/t/"));
}
