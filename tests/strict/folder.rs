//! The clerk's folder: the site found where the clerk works, stray
//! records, the example address, `init` and `new`.

use super::*;

fn gongkai() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("gongkai").unwrap()
}

#[test]
fn check_build_and_new_work_inside_the_site_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("桃源镇公开网");
    for (path, text) in [("site.yaml", SITE_YAML), (NOTICE_MD, NOTICE)] {
        write(&site, path, text.as_bytes());
    }
    // No --site: the current folder holds site.yaml, so it is the site.
    let check = gongkai()
        .current_dir(&site)
        .args(["check", "--today", "2013-07-05"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(stdout.contains("检查通过：1 条公开记录"), "{stdout}");

    // A mistake is reported by its path in the site folder.
    write(
        &site,
        NOTICE_MD,
        edit(NOTICE, "unit: xiguan", "unit: xigaun").as_bytes(),
    );
    let check = gongkai()
        .current_dir(&site)
        .args(["check", "--today", "2013-07-05"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(&format!("{NOTICE_MD}:3:7: 错误：未知的单位")),
        "{stderr}"
    );
    write(&site, NOTICE_MD, NOTICE.as_bytes());

    // The site is written beside the site folder, never into it.
    let build = gongkai()
        .current_dir(&site)
        .args(["build", "--today", "2013-07-05"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        tmp.path()
            .join("public/disclosures/2013/xiguan-dibao/index.html")
            .is_file()
    );
    assert!(!site.join("public").exists());
    assert!(String::from_utf8_lossy(&build.stdout).contains("站点文件夹旁边"));

    // Without a site.yaml here and without --site, `content/` it is.
    let elsewhere = tempfile::tempdir().unwrap();
    let check = gongkai()
        .current_dir(elsewhere.path())
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("content"));
}

#[test]
fn a_record_where_no_record_kind_reads_is_a_warning_naming_its_folder() {
    let plan_in_disclosures = "disclosures/2013/2013年重点实事.yaml";
    let (site, diags) = check(&[
        (NOTICE_MD, NOTICE),
        // Saved in the site folder itself.
        ("西关村二季度财务.md", FINANCE),
        // A misspelt folder.
        ("disclosure/2013/notice.md", NOTICE),
        ("pages-old/关于.md", "没有字段区的文字\n"),
        // A plan saved among the disclosures.
        (plan_in_disclosures, PLAN),
        // Not records: left alone.
        ("README.txt", "说明"),
        ("static/附件/说明.md", "附件"),
        (".git/config.yaml", "x: 1"),
    ]);
    assert!(site.is_some(), "warnings only: {diags:#?}");
    let find = |path: &str| {
        diags
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("no finding for {path}: {diags:#?}"))
    };
    let d = find("西关村二季度财务.md");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("在站点文件夹的最上层"), "{d:#?}");
    assert_help(d, "应放在 disclosures/ 下：disclosures/西关村二季度财务.md");
    assert_help(find("disclosure/2013/notice.md"), "应放在 disclosures/ 下");
    assert_help(find("pages-old/关于.md"), "文件夹名是不是想写 pages/？");
    assert_help(
        find(plan_in_disclosures),
        "应放在 plans/ 下：plans/2013年重点实事.yaml",
    );
    assert_eq!(diags.len(), 4, "{diags:#?}");
}

#[test]
fn the_example_address_is_a_warning_on_every_run() {
    let yaml = SITE_YAML.replace("https://gongkai.shili.test/", "https://gongkai.example.cn/");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_some());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_diag(
        d,
        "site.yaml",
        pos(&yaml, "https://gongkai.example.cn/"),
        "示例地址",
    );
    assert!(d.message.contains("二维码"), "{d:#?}");

    // Overridden on the command line: the address given is the one judged.
    let dir = common::site(&[("site.yaml", &yaml)]);
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.base_url = Some("https://gongkai.shili.gov.cn/".into());
    let (_, report) =
        gongkai::site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(report.diagnostics.is_empty(), "{}", report.render());
    opts.base_url = Some("https://example.com/".into());
    let (_, report) =
        gongkai::site::build(&opts, out.path()).unwrap_or_else(|r| panic!("{}", r.render()));
    let d = report.diagnostics.iter().next().expect("a warning");
    assert!(d.message.contains("示例地址") && d.span.is_none(), "{d:#?}");
    assert!(
        d.help.as_deref().unwrap_or("").contains("--base-url"),
        "{d:#?}"
    );
}

#[test]
fn init_asks_for_the_address_and_writes_it() {
    let today = jiff::civil::date(2013, 7, 5);
    let answers = "桃源镇\ntaoyuan\n东庄村\ndongzhuang\n\ngongkai.taoyuan.gov.cn\nhttps://gongkai.taoyuan.gov.cn\n";
    let mut asker = gongkai::scaffold::Asker {
        input: std::io::Cursor::new(answers),
        output: Vec::new(),
    };
    let site = asker.site(today, None).unwrap();
    let asked = String::from_utf8(asker.output).unwrap();
    assert!(asked.contains("网站的正式地址"), "{asked}");
    assert!(
        asked.contains("请重新输入"),
        "an address without https:// is asked again: {asked}"
    );
    assert_eq!(site.base_url, "https://gongkai.taoyuan.gov.cn/");
    let tmp = tempfile::tempdir().unwrap();
    gongkai::scaffold::init(&tmp.path().join("site"), &site).unwrap();
    let yaml = fs::read_to_string(tmp.path().join("site/site.yaml")).unwrap();
    assert!(
        yaml.contains("base_url: https://gongkai.taoyuan.gov.cn/"),
        "{yaml}"
    );
    let (site, diags) = check_dir(&tmp.path().join("site"));
    assert!(site.is_some() && diags.is_empty(), "{diags:#?}");

    // No answer: the example address, which every build then warns of.
    let answers = "桃源镇\ntaoyuan\n东庄村\ndongzhuang\n\n\n";
    let mut asker = gongkai::scaffold::Asker {
        input: std::io::Cursor::new(answers),
        output: Vec::new(),
    };
    let site = asker.site(today, None).unwrap();
    assert_eq!(site.base_url, "https://gongkai.example.cn/");
    assert!(
        String::from_utf8(asker.output)
            .unwrap()
            .contains("每次生成网站都会提醒")
    );
}

#[test]
fn new_party_takes_the_unit_its_file_name_names() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let yaml = format!("{SITE_YAML}  - {{ id: dongzhuang, name: 东庄村, kind: village }}\n");
    write(&site, "site.yaml", yaml.as_bytes());
    for (kind, name, unit) in [
        (
            "party",
            "disclosures/2024/东庄村发展党员公示.md",
            "dongzhuang",
        ),
        (
            "finance",
            "disclosures/2024/东庄村一季度财务.md",
            "dongzhuang",
        ),
        (
            "decision",
            "disclosures/2024/dongzhuang-cundao.md",
            "dongzhuang",
        ),
        ("party", "disclosures/2024/东庄村/党费收缴.md", "dongzhuang"),
        (
            "party",
            "disclosures/2024/示例镇党委发展党员公示.md",
            "shili",
        ),
        // Naming no unit: the kind's usual unit.
        ("party", "disclosures/2024/发展党员公示.md", "jiguan"),
    ] {
        gongkai()
            .args(["new", kind])
            .arg(site.join(name))
            .args(["--today", "2024-07-05"])
            .assert()
            .success();
        let text = fs::read_to_string(site.join(name)).unwrap();
        assert!(
            text.contains(&format!("\nunit: {unit} ")),
            "{name}:\n{text}"
        );
    }
}
