//! `gongkai new` and `gongkai init`: every scaffold builds as it stands,
//! nothing is ever overwritten, and a new site builds at once.

use assert_cmd::Command;
use std::path::Path;

mod common;
use common::example_site;

const TODAY: &str = "2013-07-05";

fn gongkai() -> Command {
    Command::cargo_bin("gongkai").unwrap()
}

/// Builds `site` and returns the output folder; panics with the report on error.
fn build(site: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let result = gongkai()
        .args(["build", "--quiet", "--today", TODAY, "--site"])
        .arg(site)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&result.stderr).contains("错误"),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

/// Writes a scaffold of `kind` at `rel` in a copy of the example site,
/// builds it, and returns the record's text and the output folder.
fn new_and_build(kind: &str, rel: &str) -> (String, tempfile::TempDir, tempfile::TempDir) {
    let (tmp, site) = example_site();
    gongkai()
        .args(["new", kind])
        .arg(site.join(rel))
        .args(["--today", TODAY])
        .assert()
        .success();
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    let out = build(&site);
    (text, tmp, out)
}

/// Every field line of the front matter carries a Chinese comment.
fn assert_commented(text: &str, fields: &[&str]) {
    for field in fields {
        let line = text
            .lines()
            .find(|l| {
                let t = l.trim_start().trim_start_matches("- ");
                t.starts_with(&format!("{field}:"))
            })
            .unwrap_or_else(|| panic!("no field {field} in\n{text}"));
        assert!(line.contains("# "), "field {field} has no comment: {line}");
    }
}

const COMMON: [&str; 7] = [
    "title",
    "unit",
    "published",
    "draft",
    "tags",
    "corrections",
    "category",
];

#[test]
fn new_finance_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("finance", "disclosures/2013/新财务.md");
    assert_commented(&text, &COMMON);
    assert_commented(
        &text,
        &[
            "period",
            "posting",
            "from",
            "to",
            "channels",
            "ledger",
            "opening_balance",
            "entries",
            "date",
            "voucher",
            "item",
            "class",
            "expense",
            "closing_balance",
            "review",
            "by",
            "opinion",
            "signers",
        ],
    );
    assert!(text.contains("income: "));
    // The ledger opens where the unit's last one (2013 Q1) closed, so the
    // balances chain as the finance rules require.
    assert!(text.contains("opening_balance: 134025.98"), "{text}");
    let page = out.path().join("disclosures/2013/新财务/index.html");
    assert!(page.is_file());
}

#[test]
fn new_decision_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("decision", "disclosures/2013/new-decision.md");
    assert_commented(&text, &COMMON);
    assert_commented(
        &text,
        &[
            "posting",
            "decision",
            "matter",
            "steps",
            "propose",
            "consult",
            "review",
            "resolve",
            "expected",
            "present",
            "for",
            "against",
            "abstain",
            "resolution_posted",
            "implementation",
            "status",
            "completed",
            "result_posted",
            "budget",
            "spent",
        ],
    );
    assert!(
        out.path()
            .join("disclosures/2013/new-decision/index.html")
            .is_file()
    );
}

#[test]
fn new_party_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("party", "disclosures/2013/new-party.md");
    assert_commented(&text, &COMMON);
    assert_commented(
        &text,
        &[
            "candidates",
            "name",
            "gender",
            "born",
            "education",
            "stage",
            "applied",
            "mentors",
            "objections",
            "office",
            "phone",
            "address",
        ],
    );
    assert!(
        out.path()
            .join("disclosures/2013/new-party/index.html")
            .is_file()
    );
}

#[test]
fn new_plan_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("plan", "plans/2013b.yaml");
    assert_commented(
        &text,
        &[
            "title",
            "unit",
            "published",
            "year",
            "items",
            "id",
            "owner",
            "target",
            "due",
            "checks",
            "rating",
        ],
    );
    assert!(text.contains("indicator"));
    assert!(out.path().join("plans/2013b/index.html").is_file());
}

#[test]
fn new_page_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("page", "pages/help.md");
    assert_commented(&text, &["title", "unit", "published", "draft"]);
    assert!(out.path().join("pages/help/index.html").is_file());
}

#[test]
fn new_report_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("report", "reports/2012-annual.md");
    assert_commented(&text, &["title", "unit", "published", "period", "type"]);
    assert!(
        text.contains("{{ value(indicator="),
        "shortcodes are explained"
    );
    assert!(out.path().join("reports/2012-annual/index.html").is_file());
}

#[test]
fn new_indicator_builds_with_every_field() {
    let (text, _tmp, out) = new_and_build("indicator", "indicators/jiti-shouru.yaml");
    assert_commented(
        &text,
        &[
            "title", "unit", "measure", "chart", "target", "source", "data",
        ],
    );
    assert!(text.contains("groups") && text.contains("partition") && text.contains("csv"));
    assert!(
        out.path()
            .join("indicators/jiti-shouru/index.html")
            .is_file()
    );
}

#[test]
fn new_adds_the_extension_and_uses_the_sites_units() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    gongkai()
        .args(["init"])
        .arg(&site)
        .args([
            "--name",
            "桃源镇",
            "--id",
            "taoyuan",
            "--units",
            "桃园村:taoyuancun",
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    gongkai()
        .args(["new", "finance"])
        .arg(site.join("disclosures/2013/second"))
        .args(["--today", TODAY])
        .assert()
        .success();
    let text = std::fs::read_to_string(site.join("disclosures/2013/second.md")).unwrap();
    assert!(text.contains("unit: taoyuancun"), "{text}");
    build(&site);
}

#[test]
fn new_refuses_to_overwrite() {
    let (_tmp, site) = example_site();
    let path = site.join("disclosures/2013/xiguan-2013q1-finance.md");
    let before = std::fs::read(&path).unwrap();
    gongkai()
        .args(["new", "finance"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("已经存在，不会覆盖"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn new_refuses_a_wrong_extension() {
    let (_tmp, site) = example_site();
    gongkai()
        .args(["new", "plan"])
        .arg(site.join("plans/2014.md"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(".yaml"));
    assert!(!site.join("plans/2014.md").exists());
}

#[test]
fn new_outside_a_record_folder_says_so() {
    let (_tmp, site) = example_site();
    gongkai()
        .args(["new", "finance"])
        .arg(site.join("pages/x.md"))
        .args(["--today", TODAY])
        .assert()
        .success()
        .stderr(predicates::str::contains("disclosures/"));
}

#[test]
fn init_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("新站点");
    gongkai()
        .arg("init")
        .arg(&site)
        .args([
            "--name",
            "桃源镇",
            "--id",
            "taoyuan",
            "--units",
            "东庄村:dongzhuang，西关社区:xiguan,镇机关支部:jiguan",
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    for dir in ["disclosures", "plans", "reports", "indicators", "pages"] {
        assert!(site.join(dir).is_dir(), "{dir}");
    }
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(config.contains("{ id: xiguan, name: 西关社区, kind: community }"));
    assert!(config.contains("{ id: jiguan, name: 镇机关支部, kind: branch }"));
    let out = build(&site);
    assert!(out.path().join("units/dongzhuang/index.html").is_file());
    assert!(
        out.path()
            .join("indicators/jiti-shouru/index.html")
            .is_file()
    );
    let report =
        std::fs::read_to_string(out.path().join("reports/2012-annual/index.html")).unwrap();
    assert!(report.contains("<svg"), "the report's chart is drawn");
}

#[test]
fn init_without_a_terminal_needs_flags() {
    let tmp = tempfile::tempdir().unwrap();
    gongkai()
        .arg("init")
        .arg(tmp.path().join("x"))
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--name"));
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn init_refuses_a_folder_in_use_and_bad_ids() {
    let (_tmp, site) = example_site();
    gongkai()
        .arg("init")
        .arg(&site)
        .args(["--name", "桃源镇", "--units", "东庄村:dongzhuang"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("不是空文件夹"));
    let tmp = tempfile::tempdir().unwrap();
    gongkai()
        .arg("init")
        .arg(tmp.path().join("y"))
        .args(["--name", "桃源镇", "--units", "东庄村:东庄"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("小写字母"));
    // A name that would add lines or structure to site.yaml, and one id
    // given to two units, are refused before anything is written.
    for (name, units, words) in [
        ("桃源镇\ntitle: 假的", "东庄村", "名称只写汉字"),
        ("a: b # c", "东庄村", "名称只写汉字"),
        ("桃源镇", "东庄{村}", "名称只写汉字"),
        ("桃源镇", "东庄村:dz,西关村:dz", "只能用一次"),
    ] {
        let dir = tmp.path().join("z");
        gongkai()
            .arg("init")
            .arg(&dir)
            .args(["--name", name, "--units", units])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(words));
        assert!(!dir.exists(), "{name} {units}");
    }
}

#[test]
fn init_with_names_only_takes_ids_from_their_pinyin() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    gongkai()
        .arg("init")
        .arg(&site)
        .args([
            "--name",
            "桃源镇",
            "--units",
            "东庄村,南坡村，东庄社区、镇机关支部,西沟:xigou",
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    for unit in [
        "{ id: taoyuan, name: 桃源镇 }",
        "{ id: dongzhuang, name: 东庄村, kind: village }",
        "{ id: nanpo, name: 南坡村, kind: village }",
        "{ id: dongzhuang2, name: 东庄社区, kind: community }",
        "{ id: zhenjiguan, name: 镇机关支部, kind: branch }",
        "{ id: xigou, name: 西沟, kind: village }",
    ] {
        assert!(config.contains(unit), "{unit} in {config}");
    }
    let out = build(&site);
    assert!(out.path().join("units/dongzhuang2/index.html").is_file());
}

#[test]
fn the_prompt_suggests_pinyin_ids_and_takes_a_typed_list() {
    let today = jiff::civil::date(2013, 7, 5);
    // Enter for the township's id and for 东庄村's; a list typed at the name
    // prompt, one of whose ids is made up and must not repeat 东庄村's.
    let answers = "桃源镇\n\n东庄村\n\n东坡村:dongpo,西沟村:xigou,东庄社区\n南坡村\nnp\n\n\n";
    let mut asker = gongkai::scaffold::Asker {
        input: std::io::Cursor::new(answers),
        output: Vec::new(),
    };
    let site = asker.site(today, None).unwrap();
    let asked = String::from_utf8(asker.output).unwrap();
    assert!(asked.contains("直接回车用 taoyuan"), "{asked}");
    assert!(asked.contains("直接回车用 dongzhuang"), "{asked}");
    assert!(asked.contains("直接回车用 nanpo"), "{asked}");
    assert_eq!(site.id, "taoyuan");
    let units: Vec<(&str, &str)> = site
        .units
        .iter()
        .map(|(n, i)| (n.as_str(), i.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("东庄村", "dongzhuang"),
            ("东坡村", "dongpo"),
            ("西沟村", "xigou"),
            ("东庄社区", "dongzhuang2"),
            ("南坡村", "np"),
        ]
    );
}
