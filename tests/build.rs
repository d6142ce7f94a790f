//! Whole-site behaviour: fixture sites built in temp folders, pages read back.

mod common;

use gongkai::diagnostics::Severity;
use gongkai::site::{self, Options};
use jiff::civil::{Date, date};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: 测试镇公开网
base_url: https://gongkai.example.cn/shiyan/
township: { id: shiyan, name: 测试镇 }
units:
  - { id: xiguan, name: 西关村, kind: village }
  - { id: dongzhuang, name: 东庄村, kind: village }
";

const FINANCE: &str = "\
---
title: 西关村2013年第二季度财务公开
unit: xiguan
published: 2013-07-03
category: finance
period: 2013-Q2
posting: { from: 2013-07-05, to: 2013-07-11, channels: [村务公开栏] }
ledger:
  opening_balance: 125430.50
  entries:
    - { date: 2013-04-08, voucher: 记-012, item: 办公用品, class: 管理费支出, expense: 860.00 }
    - { date: 2013-04-10, voucher: 记-013, item: 上级转移支付, class: 补助收入, income: 20000 }
    - { date: 2013-05-10, voucher: 记-014, item: 打印纸, class: 管理费支出, expense: \"0.10\" }
    - { date: 2013-06-10, voucher: 记-015, item: 误工补贴, class: 其他支出, income: 0.10 }
  closing_balance: 144570.50
review: { by: 民主理财小组, date: 2013-07-03, opinion: 收支真实完整, signers: [组长 李某某, 成员 张某] }
---
本表由报账员编制，
经民主理财小组审核后公开。

**重要：**这是季度公开。
";

fn write_site(files: &[(&str, &str)]) -> TempDir {
    common::site(&[&[("site.yaml", SITE_YAML)], files].concat())
}

fn options(site: &Path, today: Date) -> Options {
    common::options_on(site, today)
}

/// Builds and returns the output folder; panics with the report on errors.
fn build(site: &Path, today: Date) -> TempDir {
    let out = TempDir::new().unwrap();
    build_into(site, today, out.path());
    out
}

fn build_into(site: &Path, today: Date, out: &Path) -> site::Built {
    match site::build(&options(site, today), out) {
        Ok((built, _)) => built,
        Err(report) => panic!("build failed:\n{}", report.render()),
    }
}

fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn all_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn finance_page_shows_entries_totals_balance_and_capital() {
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", FINANCE)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(
        page.contains("记-012") && page.contains("办公用品"),
        "entries shown"
    );
    assert!(page.contains("125,430.50"), "opening balance grouped");
    assert!(page.contains("20,000.10"), "total income");
    assert!(page.contains("860.10"), "total expense");
    assert!(page.contains("144,570.50"), "closing balance");
    assert!(
        page.contains("人民币壹拾肆万肆仟伍佰柒拾元伍角整"),
        "closing balance in 大写"
    );
    assert!(
        page.contains("管理费支出") && page.contains("补助收入"),
        "totals by class"
    );
    assert!(
        page.contains("民主理财小组") && page.contains("组长 李某某"),
        "review and signers"
    );
    assert!(page.contains("lang=\"zh-CN\""));
}

#[test]
fn posting_status_on_either_side_of_the_period() {
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", FINANCE)]);
    for (today, label) in [
        (date(2013, 7, 4), "即将公示"),
        (date(2013, 7, 5), "公示中"),
        (date(2013, 7, 11), "公示中"),
        (date(2013, 7, 12), "已结束"),
    ] {
        let out = build(site.path(), today);
        let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
        assert!(
            page.contains(&format!(">{label}</span>")),
            "{today}: {label}"
        );
        let home = read(out.path(), "index.html");
        let live_section = home.split("最新公开").next().unwrap();
        assert_eq!(
            live_section.contains("西关村2013年第二季度财务公开"),
            label == "公示中",
            "{today}"
        );
    }
}

#[test]
fn chinese_soft_breaks_and_bold_render_as_a_chinese_writer_means() {
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", FINANCE)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(
        page.contains("本表由报账员编制，经民主理财小组审核后公开。"),
        "no space at the line break"
    );
    assert!(page.contains("<strong>重要：</strong>这是季度公开。"));
}

#[test]
fn raw_html_is_sanitized() {
    let record = "---\ntitle: 通知\nunit: xiguan\npublished: 2013-07-01\ncategory: village\n---\n\
                  正文<script>alert(1)</script><img src=https://x.test/a.png onerror=alert(2)> [链接](javascript:alert(3))\n\n\
                  ![外网的图](https://y.test/b.png)\n";
    let site = write_site(&[("disclosures/notice.md", record)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/notice/index.html");
    assert!(page.contains("正文"));
    // The record's own script, handler and link; the theme's scripts may stay.
    for bad in ["alert(1)", "onerror", "javascript:"] {
        assert!(!page.contains(bad), "{bad} reached the page");
    }
    // Nothing is loaded from another site: the image on it is a link.
    assert!(!page.contains("src=\"https://"), "{page}");
    assert!(page.contains("href=\"https://y.test/b.png\""), "{page}");
}

#[test]
fn unit_pages_list_only_their_records() {
    let other = FINANCE
        .replace("unit: xiguan", "unit: dongzhuang")
        .replace("西关村2013", "东庄村2013");
    let site = write_site(&[
        ("disclosures/2013/xiguan-q2.md", FINANCE),
        ("disclosures/2013/dongzhuang-q2.md", &other),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let xiguan = read(out.path(), "units/xiguan/index.html");
    assert!(xiguan.contains("西关村2013年第二季度财务公开"));
    assert!(!xiguan.contains("东庄村2013年第二季度财务公开"));
    let dong = read(out.path(), "units/dongzhuang/index.html");
    assert!(dong.contains("东庄村2013年第二季度财务公开"));
    assert!(read(out.path(), "units/shiyan/index.html").contains("暂无公开记录"));
    let finance_list = read(out.path(), "disclosures/finance/index.html");
    assert!(finance_list.contains("西关村2013") && finance_list.contains("东庄村2013"));
    assert!(!read(out.path(), "disclosures/party/index.html").contains("西关村2013"));
}

#[test]
fn feed_is_atom_newest_first_with_absolute_encoded_links() {
    let older = FINANCE
        .replace("published: 2013-07-03", "published: 2013-04-02")
        .replace("西关村2013年第二季度财务公开", "较早的公开");
    let site = write_site(&[
        ("disclosures/2013/西关村二季度财务.md", FINANCE),
        ("disclosures/2013/older.md", &older),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let feed = read(out.path(), "feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    let newer_at = feed.find("西关村2013年第二季度财务公开").unwrap();
    let older_at = feed.find("较早的公开").unwrap();
    assert!(newer_at < older_at, "newest first");
    assert!(feed.contains(
        "https://gongkai.example.cn/shiyan/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/"
    ));
    assert!(feed.contains("<updated>2013-07-03T00:00:00+08:00</updated>"));
    let sitemap = read(out.path(), "sitemap.xml");
    assert!(sitemap.contains("%E8%A5%BF%E5%85%B3%E6%9D%91"));
    // On disk the page keeps its Chinese name.
    assert!(
        out.path()
            .join("disclosures/2013/西关村二季度财务/index.html")
            .is_file()
    );
}

#[test]
fn links_are_relative_so_the_site_works_under_a_sub_path() {
    let record = "---\ntitle: 通知\nunit: xiguan\npublished: 2013-07-01\ncategory: village\n---\n\
                  见[预算表](/static/budget.csv)。\n";
    let site = write_site(&[
        ("disclosures/2013/notice.md", record),
        ("static/budget.csv", "项目,金额\n路面,1000\n"),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/notice/index.html");
    assert!(
        page.contains("href=\"../../../static/budget.csv\""),
        "root link rebased"
    );
    assert!(page.contains("href=\"../../../assets/style.css\""));
    assert!(!page.contains("href=\"/"), "no root-absolute links");
    assert_eq!(
        read(out.path(), "static/budget.csv"),
        "项目,金额\n路面,1000\n"
    );
}

#[test]
fn drafts_and_future_records_are_held_back() {
    let draft = FINANCE.replace("category: finance", "category: finance\ndraft: true");
    let future = FINANCE.replace("published: 2013-07-03", "published: 2013-08-01");
    let site = write_site(&[
        ("disclosures/draft.md", &draft),
        ("disclosures/future.md", &future),
    ]);
    let out = TempDir::new().unwrap();
    let built = build_into(site.path(), date(2013, 7, 6), out.path());
    assert_eq!(
        (built.site.held_back.drafts, built.site.held_back.future),
        (1, 1)
    );
    assert!(!out.path().join("disclosures/draft/index.html").exists());
    assert!(!out.path().join("disclosures/future/index.html").exists());
    let mut opts = options(site.path(), date(2013, 8, 2));
    opts.drafts = true;
    let (built, _) = site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    assert_eq!(built.site.disclosures.len(), 2);
    assert!(read(out.path(), "disclosures/draft/index.html").contains("草稿"));
}

#[test]
fn two_builds_of_the_same_records_are_byte_identical() {
    let site = write_site(&[
        ("disclosures/2013/xiguan-q2.md", FINANCE),
        ("pages/about.md", "---\ntitle: 关于\n---\n本网站……\n"),
    ]);
    let a = build(site.path(), date(2013, 7, 6));
    let b = build(site.path(), date(2013, 7, 6));
    let (fa, fb) = (all_files(a.path()), all_files(b.path()));
    assert!(fa.len() > 10);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        // The manifest is the writer's own state (it records file times), not site content.
        if path != Path::new(".gongkai-manifest") {
            assert!(
                bytes == &fb[path],
                "{} differs between builds",
                path.display()
            );
        }
    }
}

#[test]
fn rebuild_writes_only_what_changed_and_removes_what_no_longer_belongs() {
    let notice =
        "---\ntitle: 通知\nunit: dongzhuang\npublished: 2013-07-01\ncategory: village\n---\n正文\n";
    let site = write_site(&[
        ("disclosures/2013/xiguan-q2.md", FINANCE),
        ("disclosures/2013/notice.md", notice),
    ]);
    let out = TempDir::new().unwrap();
    let first = build_into(site.path(), date(2013, 7, 6), out.path());
    assert_eq!(first.stats.written, first.files);
    let again = build_into(site.path(), date(2013, 7, 6), out.path());
    assert_eq!(
        (again.stats.written, again.stats.unchanged),
        (0, again.files)
    );
    fs::remove_file(site.path().join("disclosures/2013/notice.md")).unwrap();
    let third = build_into(site.path(), date(2013, 7, 6), out.path());
    assert_eq!(third.stats.removed, 1);
    assert!(!out.path().join("disclosures/2013/notice").exists());
    assert!(
        third.stats.written < third.files / 2,
        "only the lists that named the record change"
    );
}

#[test]
fn a_record_and_a_generated_page_wanting_one_url_is_an_error_naming_both() {
    let clash = "---\ntitle: 财务\nunit: xiguan\npublished: 2013-07-01\ncategory: village\n---\n";
    let site = write_site(&[("disclosures/finance.md", clash)]);
    let out = TempDir::new().unwrap();
    let report = site::build(&options(site.path(), date(2013, 7, 6)), out.path())
        .err()
        .expect("build must fail");
    let text = report.render();
    assert!(text.contains("disclosures/finance.md"), "{text}");
    assert!(text.contains("disclosures/finance/index.html"), "{text}");
    assert!(
        fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn a_site_theme_file_overrides_the_default() {
    let site = write_site(&[
        ("pages/about.md", "---\ntitle: 关于\n---\n正文\n"),
        (
            "themes/default/templates/page.html",
            "<!DOCTYPE html><title>{{ page.title }}</title><p>自定义主题</p>{{ body | safe }}",
        ),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "pages/about/index.html");
    assert!(page.contains("自定义主题") && page.contains("<p>正文</p>"));
    assert!(
        read(out.path(), "index.html").contains("测试镇公开网"),
        "other templates stay default"
    );
}

#[test]
fn a_site_theme_file_that_does_not_read_fails_the_build_instead_of_being_left_out() {
    let site = write_site(&[("pages/about.md", "---\ntitle: 关于\n---\n正文\n")]);
    let template = site.path().join("themes/default/templates/page.html");
    fs::create_dir_all(template.parent().unwrap()).unwrap();
    // Saved in GBK by an editor: not UTF-8.
    fs::write(&template, b"<p>\xd7\xd4\xb6\xa8\xd2\xe5</p>").unwrap();
    let out = TempDir::new().unwrap();
    let report = site::build(&options(site.path(), date(2013, 7, 6)), out.path())
        .err()
        .expect("the build fails");
    let text = report.render();
    assert!(
        text.contains("themes/default/templates/page.html"),
        "{text}"
    );
    assert!(
        fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

/// The report of a build of `site` into `out` on 2013-07-06 that fails.
fn failed_build(site: &Path, out: &Path) -> site::Report {
    site::build(&options(site, date(2013, 7, 6)), out)
        .err()
        .expect("the build fails")
}

/// The errors of a report, warnings left out.
fn errors_of(report: &site::Report) -> Vec<&gongkai::diagnostics::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// A theme is read only from a real folder under the site's `themes/`, and
/// is checked for personal numbers like a record: a path for a name, a
/// symbolic link, a mobile in a template or an ID in a style file are each
/// refused by name.
#[test]
fn a_theme_is_read_only_from_the_site_and_checked_for_personal_numbers() {
    let refused = |files: &[(&str, &str)], yaml_edit: Option<(&str, &str)>, words: &str| {
        let site = write_site(files);
        if let Some((from, to)) = yaml_edit {
            let yaml = fs::read_to_string(site.path().join("site.yaml")).unwrap();
            fs::write(site.path().join("site.yaml"), yaml.replace(from, to)).unwrap();
        }
        let out = TempDir::new().unwrap();
        let report = site::build(&options(site.path(), date(2013, 7, 6)), out.path())
            .err()
            .unwrap_or_else(|| panic!("built: {words}"));
        assert!(report.render().contains(words), "{}", report.render());
        site
    };
    let page = ("pages/about.md", "---\ntitle: 关于\n---\n正文\n");
    refused(
        &[
            page,
            (
                "themes/default/templates/page.html",
                "<p>值班手机 13912345678</p>",
            ),
        ],
        None,
        "发现手机号",
    );
    refused(
        &[
            page,
            (
                "themes/default/static/contact.txt",
                "户主 350102199003071234",
            ),
        ],
        None,
        "发现身份证号",
    );
    refused(
        &[page],
        Some(("title:", "theme: ../../elsewhere\ntitle:")),
        "不是一个文件夹名",
    );
    let outside = TempDir::new().unwrap();
    fs::create_dir_all(outside.path().join("default/templates")).unwrap();
    let site = write_site(&[page]);
    std::os::unix::fs::symlink(outside.path(), site.path().join("themes")).unwrap();
    let out = TempDir::new().unwrap();
    let report = site::build(&options(site.path(), date(2013, 7, 6)), out.path())
        .err()
        .expect("a linked theme folder is refused");
    assert!(report.render().contains("符号链接"), "{}", report.render());
}

/// A fault in an override that every page of its kind uses is one finding
/// at the template's line, counting the pages, not one per page at
/// `themes`; and a template that does not parse is found at its line too.
#[test]
fn a_template_fault_is_reported_once_at_its_line_with_the_pages_it_stopped() {
    let pages: Vec<(String, String)> = (1..=4)
        .map(|i| {
            (
                format!("pages/p{i}.md"),
                format!("---\ntitle: 第{i}页\n---\n正文\n"),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push((
        "themes/default/templates/page.html",
        "<!DOCTYPE html>\n<title>{{ page.title }}</title>\n<p>{{ page.no_such_field }}</p>\n",
    ));
    let site = write_site(&files);
    let out = TempDir::new().unwrap();
    let report = failed_build(site.path(), out.path());
    let errors = errors_of(&report);
    assert_eq!(errors.len(), 1, "{}", report.render());
    let fault = errors[0];
    assert_eq!(fault.path, "themes/default/templates/page.html");
    assert_eq!(fault.span.map(|s| s.line), Some(3), "{}", report.render());
    assert!(
        fault.message.contains("没有字段 no_such_field")
            && fault.message.contains("4 个页面因此没能生成")
            && fault.message.contains("pages/p1/index.html"),
        "{}",
        fault.message
    );
    assert!(
        report.render().contains("<p>{{ page.no_such_field }}</p>"),
        "the line is shown: {}",
        report.render()
    );

    fs::write(
        site.path().join("themes/default/templates/page.html"),
        "<!DOCTYPE html>\n{% if page.title %}\n<title>{{ page.title }}</title>\n",
    )
    .unwrap();
    let report = failed_build(site.path(), out.path());
    let errors = errors_of(&report);
    assert_eq!(errors.len(), 1, "{}", report.render());
    assert_eq!(errors[0].path, "themes/default/templates/page.html");
    assert!(errors[0].span.is_some(), "{}", report.render());
    assert!(
        errors[0].message.starts_with("模板的写法有误"),
        "{}",
        errors[0].message
    );
    assert!(
        fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn the_example_site_builds_without_errors_and_warns_only_of_its_example_address_and_missing_ledger()
{
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = TempDir::new().unwrap();
    let (built, report) = site::build(&options(&content, date(2013, 7, 5)), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let mut findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    findings.sort();
    assert_eq!(findings.len(), 2, "{}", report.render());
    assert_eq!(
        findings[0], "北坡村2013年第一季度财务未公开：应在2013年4月15日前公开，已过81天",
        "the example's one village that has not disclosed its first quarter"
    );
    assert!(findings[1].contains("示例地址"), "{}", report.render());
    assert!(built.site.disclosures.len() >= 20);
    let home = read(out.path(), "index.html");
    assert!(home.contains("公示中"));
    assert!(
        home.contains("2013年第一季度：7个村（社区）应公开，已公开5个，逾期公开1个，未公开1个"),
        "the example's latest due quarter has a late and a missing ledger"
    );
    let road = read(out.path(), "projects/xiguan-cundao-2013/index.html");
    assert!(road.contains("2013年第一季度财务公开") && road.contains("2013年第二季度财务公开"));
    assert!(road.contains("<dd>186,500.00 元</dd>"));
    let annual = read(
        out.path(),
        "reports/2012/liyuan-2012-annual-report/index.html",
    );
    assert!(annual.contains("截至11月份，全年开展代办服务120次"));
}

/// What an accessibility audit asks of every table, checked on the HTML of
/// the whole example site (the browser tests check the rendered pages,
/// where Chromium is installed): every scroll box is a named region in the
/// Tab order, every header cell says what it heads, and a chart's name is
/// its short title with the long text as its description.
#[test]
fn every_table_of_the_example_site_has_scoped_headers_and_a_named_scroll_box() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = TempDir::new().unwrap();
    site::build(&options(&content, date(2013, 7, 5)), out.path())
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let mut bad = Vec::new();
    let mut boxes = 0;
    for (path, bytes) in all_files(out.path()) {
        let page = String::from_utf8_lossy(&bytes);
        let name = path.display();
        for (at, _) in page.match_indices("<div class=\"table-scroll\"") {
            boxes += 1;
            let tag = &page[at..at + page[at..].find('>').unwrap()];
            let named = tag.contains(" tabindex=\"0\" role=\"region\" aria-label=\"")
                && !tag.contains("aria-label=\"\"");
            if !named {
                bad.push(format!("{name}: {tag}>"));
            }
        }
        for (at, _) in page.match_indices("<th") {
            let tag = &page[at..at + page[at..].find('>').unwrap()];
            if (tag == "<th" || tag.starts_with("<th ")) && !tag.contains(" scope=\"") {
                bad.push(format!("{name}: {tag}>"));
            }
        }
        if page.contains("aria-labelledby=\"chart-") && page.contains("-title chart-") {
            bad.push(format!("{name}: a chart named by its description"));
        }
    }
    assert!(boxes > 20, "{boxes} scroll boxes");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every entry under `dir`, directories included, as relative paths.
fn all_entries(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn a_template_error_after_pages_were_rendered_leaves_the_previous_site() {
    // Pages are written under temporary names as they render; a template
    // that fails on one kind of page must still leave the folder exactly as
    // the last good build left it: no new page, no temporary file, no new
    // directory.
    let site = write_site(&[
        ("disclosures/2013/xiguan-q2.md", FINANCE),
        ("pages/about.md", "---\ntitle: 关于\n---\n正文\n"),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let files_before = all_files(out.path());
    let entries_before = all_entries(out.path());

    let notice = "---\ntitle: 新通知\ncategory: village\nunit: xiguan\npublished: 2013-07-01\n---\n新的通知。\n";
    fs::create_dir_all(site.path().join("disclosures/2014")).unwrap();
    fs::write(site.path().join("disclosures/2014/new.md"), notice).unwrap();
    let theme = site.path().join("themes/default/templates");
    fs::create_dir_all(&theme).unwrap();
    fs::write(theme.join("page.html"), "{{ page.no_such_field.deeper }}").unwrap();

    let report = site::build(&options(site.path(), date(2013, 7, 6)), out.path())
        .err()
        .expect("the broken template fails the build");
    assert!(report.render().contains("page.html"), "{}", report.render());
    assert_eq!(all_entries(out.path()), entries_before);
    assert!(all_files(out.path()) == files_before, "a file changed");
}

/// The template contract in `docs/architecture.md` is what the templates
/// really receive: it is gathered from a render of the example site, and of
/// the example site keeping a transparency log with a corrected record of
/// each kind (the example keeps no log, so its pages have no versions), and
/// compared with the docs. `GONGKAI_BLESS=1 cargo test --test build
/// template_contract` writes the gathered one into the docs.
#[test]
fn the_documented_template_contract_is_what_templates_receive() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut contract = contract_of(&options(&root.join("content"), date(2013, 7, 5)));
    for (template, paths) in logged_example_contract() {
        contract.entry(template).or_default().extend(paths);
    }
    let gathered = contract_markdown(&contract);
    let docs_path = root.join("docs/architecture.md");
    let docs = fs::read_to_string(&docs_path).unwrap();
    let (begin, end) = ("<!-- contract:begin -->\n", "<!-- contract:end -->");
    let start = docs.find(begin).expect("contract markers in the docs") + begin.len();
    let stop = docs.find(end).expect("contract markers in the docs");
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        let updated = format!("{}{gathered}{}", &docs[..start], &docs[stop..]);
        fs::write(&docs_path, updated).unwrap();
        return;
    }
    assert_eq!(
        docs[start..stop],
        gathered,
        "docs/architecture.md's template contract is out of date: run GONGKAI_BLESS=1 cargo test --test build template_contract"
    );
}

/// What the templates receive from a render of the site `opts` names, as
/// a check on its day sees it.
fn contract_of(opts: &Options) -> Contract {
    use gongkai::compute;
    use gongkai::render::{pages, templates};
    let (Some(site), report) = site::check(opts) else {
        panic!("the site has errors");
    };
    assert!(!report.diagnostics.has_errors(), "{}", report.render());
    let mut diags = gongkai::diagnostics::Diagnostics::new();
    let theme = templates::load(&opts.site_dir, &site.config.theme, &mut diags).unwrap();
    let series = compute::series::all(&site.indicators, &site.config);
    pages::template_contract(&site.input(&series), theme).unwrap()
}

type Contract = BTreeMap<&'static str, std::collections::BTreeSet<String>>;

/// The contract of the example site keeping a transparency log: every
/// record published by 2013-07-05 logged that day, then a record of each
/// kind corrected on 2013-07-08, so that the pages get their version
/// (`version`, with its list of versions), and the earlier versions their
/// pages (`superseded`, `current`).
fn logged_example_contract() -> Contract {
    let (_tmp, site_dir) = common::example_site();
    let (private, public) = gongkai::log::checkpoint::generate("gongkai.example.cn/liyuan");
    let yaml = fs::read_to_string(site_dir.join("site.yaml")).unwrap();
    let yaml = format!("{yaml}log: {{ origin: gongkai.example.cn/liyuan, key: \"{public}\" }}\n");
    fs::write(site_dir.join("site.yaml"), yaml).unwrap();
    let key = gongkai::log::SigningKey::parse(&private).unwrap();
    let out = TempDir::new().unwrap();
    site::build_signed(
        &options(&site_dir, date(2013, 7, 5)),
        out.path(),
        Some(&key),
    )
    .unwrap_or_else(|r| panic!("{}", r.render()));
    for record in [
        "disclosures/2013/xiguan-2013q1-finance.md",
        "plans/2013.yaml",
        "reports/2013/xiguan-2013-duty-report.md",
        "pages/about.md",
        "indicators/irrigation-area.yaml",
    ] {
        let path = site_dir.join(record);
        let text = fs::read_to_string(&path).unwrap();
        let corrected = common::edit(
            &text,
            "\ntitle: ",
            "\ncorrections:\n  - { date: 2013-07-08, reason: 标题有误 }\ntitle: 更正 ",
        );
        fs::write(&path, corrected).unwrap();
    }
    contract_of(&options(&site_dir, date(2013, 7, 8)))
}

/// The contract as the docs show it: the site-wide values once, then per
/// template each value it receives with the fields it has.
fn contract_markdown(contract: &Contract) -> String {
    let mut site_paths = std::collections::BTreeSet::new();
    let mut out = String::new();
    for (template, paths) in contract {
        let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in paths {
            if let Some(rest) = p.strip_prefix("site.") {
                site_paths.insert(rest.to_string());
                continue;
            }
            let (name, field) = match p.find(['.', '[']) {
                Some(i) => (&p[..i], p[i..].trim_start_matches('.')),
                None => (p.as_str(), ""),
            };
            let fields = by_name.entry(name).or_default();
            if !field.is_empty() {
                fields.push(field);
            }
        }
        out.push_str(&format!("\n**{template}**\n\n"));
        for (name, fields) in by_name {
            if fields.is_empty() {
                out.push_str(&format!("- `{name}`\n"));
            } else {
                out.push_str(&format!("- `{name}`: {}\n", fields.join(", ")));
            }
        }
    }
    let site: Vec<String> = site_paths.into_iter().collect();
    format!(
        "Every template also receives `site`: {}.\n{out}",
        site.join(", ")
    )
}

#[test]
fn a_review_opinion_ending_in_a_full_stop_is_not_doubled() {
    let finance = common::edit(FINANCE, "opinion: 收支真实完整", "opinion: 同意公开。");
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", &finance)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(page.contains("审核，意见：同意公开。</p>"), "{page}");
    assert!(!page.contains("。。"), "no doubled full stop");

    let asking = common::edit(FINANCE, "opinion: 收支真实完整", "opinion: 是否同意？");
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", &asking)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(
        page.contains("意见：是否同意？</p>"),
        "the clerk's own ending kept"
    );

    let plain = write_site(&[("disclosures/2013/xiguan-q2.md", FINANCE)]);
    let out = build(plain.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(
        page.contains("意见：收支真实完整。</p>"),
        "a full stop added"
    );
    let none = common::edit(FINANCE, ", opinion: 收支真实完整", "");
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", &none)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2013/xiguan-q2/index.html");
    assert!(
        page.contains("审核。</p>"),
        "without an opinion the sentence still ends"
    );
}

/// A server answers any missing path, however deep, with 404.html; its
/// stylesheet and links must not depend on where it was asked for.
#[test]
fn not_found_page_links_from_base_urls_path_and_robots_names_the_sitemap() {
    let site = write_site(&[("disclosures/2013/xiguan-q2.md", FINANCE)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "404.html");
    assert!(
        page.contains("href=\"/shiyan/assets/style.css\""),
        "stylesheet from base_url's path: {page}"
    );
    assert!(page.contains("<a href=\"/shiyan/disclosures/\">"), "{page}");
    assert!(!page.contains("<base"), "no <base> tying it to one host");
    let hrefs: Vec<&str> = page
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    for href in hrefs {
        assert!(
            href.starts_with("/shiyan/")
                || href.starts_with("https://")
                || href.starts_with("data:")
                || href.starts_with('#'),
            "page-relative link in 404.html: {href}"
        );
    }
    let robots = read(out.path(), "robots.txt");
    assert!(
        robots.contains("Sitemap: https://gongkai.example.cn/shiyan/sitemap.xml"),
        "{robots}"
    );
}

/// Every page ends with the identity lines a government website must carry,
/// in the usual order, each filing number linked to where it is looked up.
#[test]
fn every_page_footer_shows_the_sites_identity_in_order() {
    let yaml = format!(
        "{SITE_YAML}identity:\n  organizer: 测试县测试镇人民政府\n  site_code: \"1410000001\"\n  icp: 晋ICP备12345678号-1\n  police: 晋公网安备 14010502000123号\n"
    );
    let site = common::site(&[
        ("site.yaml", &yaml),
        ("disclosures/2013/xiguan-q2.md", FINANCE),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let lines = [
        "主办单位：测试县测试镇人民政府",
        "网站标识码：1410000001",
        "<a href=\"https://beian.miit.gov.cn/\">晋ICP备12345678号-1</a>",
        "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=14010502000123\">晋公网安备 14010502000123号</a>",
    ];
    let pages: Vec<PathBuf> = all_files(out.path())
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 5, "{pages:?}");
    for path in pages {
        let page = read(out.path(), path.to_str().unwrap());
        let footer = &page[page.find("<footer").expect("a footer")..];
        let at: Vec<usize> = lines
            .iter()
            .map(|l| {
                footer
                    .find(l)
                    .unwrap_or_else(|| panic!("{path:?} lacks {l}: {footer}"))
            })
            .collect();
        assert!(at.is_sorted(), "{path:?}: out of order {footer}");
    }
}

#[test]
fn a_site_without_identity_shows_no_empty_identity_line() {
    let yaml = format!("{SITE_YAML}identity:\n  organizer: 测试镇人民政府\n  icp: \"\"\n");
    let site = common::site(&[("site.yaml", &yaml)]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "index.html");
    assert!(page.contains("主办单位：测试镇人民政府"), "{page}");
    assert!(!page.contains("网站标识码"), "{page}");
    assert!(!page.contains("beian"), "{page}");

    let site = write_site(&[]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "index.html");
    assert!(!page.contains("class=\"identity\""), "{page}");
}

/// A link naming a record's file is published as that record's page
/// address, relative like every other link, its query and anchor kept.
#[test]
fn links_to_record_files_are_written_as_their_pages_addresses() {
    let notice = "\
---
title: 西关村低保评议结果公示
unit: xiguan
published: 2013-07-03
category: village
---

## 评议结果

见[二季度财务](../../2013/西关村二季度财务.md?from=notice#ledger-h)和[首页](/)。
";
    let site = write_site(&[
        ("disclosures/2013/西关村二季度财务.md", FINANCE),
        ("disclosures/2014/xiguan/dibao.md", notice),
    ]);
    let out = build(site.path(), date(2013, 7, 6));
    let page = read(out.path(), "disclosures/2014/xiguan/dibao/index.html");
    assert!(
        page.contains(
            "<a href=\"../../../../disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91%E4%BA%8C%E5%AD%A3%E5%BA%A6%E8%B4%A2%E5%8A%A1/?from=notice#ledger-h\""
        ),
        "{page}"
    );
    assert!(!page.contains(".md"), "no source file name left: {page}");
}
