use super::*;

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

    let corrected = corrected_finance();
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
    // The version block, the same words on every page, is not indexed
    // for search; the page's own text is.
    let index = s.out.path().join("search");
    assert!(files_naming(&index, "透明日").is_empty());
    assert!(!files_naming(&index, "880.00").is_empty());
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
    // The next quarter's figure is a new publication, not a correction.
    let s = indicator_then_a_new_quarter();
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
