//! All errors in one run, and the command line.

use super::*;

// ---------------------------------------------------- all errors in one run

#[test]
fn every_error_of_every_file_in_one_run() {
    let notice = edit(NOTICE, "unit: xiguan", "unit: dongguan");
    let notice = edit(&notice, "to: 2013-07-12", "to: 2013-07-01");
    let finance = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    let (site, diags) = check(&[(NOTICE_MD, &notice), (FINANCE_MD, &finance)]);
    assert!(site.is_none());
    let found: Vec<(&str, u32)> = errors(&diags)
        .iter()
        .map(|d| (d.path.as_str(), place(d).0))
        .collect();
    let mut expected = vec![
        (NOTICE_MD, pos(&notice, "dongguan").0),
        (NOTICE_MD, pos(&notice, "2013-07-01").0),
        (FINANCE_MD, pos(&finance, "20150.00").0),
    ];
    expected.sort();
    assert_eq!(found, expected, "{diags:#?}");
}

// ------------------------------------------------------------ command line

/// What `check` on `dir` dated `today` prints to standard error, having
/// ended with exit status `code`.
fn check_stderr(dir: &Path, today: &str, code: i32) -> String {
    let output = gongkai()
        .args(["check", "--today", today, "--site"])
        .arg(dir)
        .assert()
        .code(code)
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

pub(super) fn gongkai() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

/// Every file under `root` with its bytes, by relative path.
pub(super) fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn cli_check_prints_each_error_with_its_line_and_caret() {
    let finance = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    let dir = site(&[(FINANCE_MD, &finance)]);
    let stderr = check_stderr(dir.path(), "2013-07-05", 1);
    let (line, col) = pos(&finance, "20150.00");
    let headline = format!("{FINANCE_MD}:{line}:{col}: 错误：期末余额应为 20,140.00");
    assert!(stderr.contains(&headline), "no “{headline}” in:\n{stderr}");
    assert!(stderr.contains("closing_balance: 20150.00"), "{stderr}");
    let caret = stderr
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no caret in:\n{stderr}"));
    assert!(
        caret.contains("^^^^^^^^"),
        "caret under the 8 characters: {caret}"
    );

    // The same site without the mistake passes.
    let good = site(&[(FINANCE_MD, FINANCE)]);
    gongkai()
        .args(["check", "--today", "2013-07-05", "--site"])
        .arg(good.path())
        .assert()
        .code(0);
}

/// `check` loads the theme as `build` does: a site's template that does
/// not parse fails it at the template's line, and a passing run with
/// warnings ends by counting them.
#[test]
fn cli_check_finds_a_template_that_does_not_parse_at_its_line() {
    let dir = site(&[(FINANCE_MD, FINANCE)]);
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("page.html"),
        "<!DOCTYPE html>\n{% if page.title %}\n<title>{{ page.title }}</title>\n",
    )
    .unwrap();
    let stderr = check_stderr(dir.path(), "2013-07-05", 1);
    assert!(
        stderr.contains("themes/default/templates/page.html:") && stderr.contains("模板的写法有误"),
        "{stderr}"
    );

    std::fs::remove_file(templates.join("page.html")).unwrap();
    // Half a year on, the next quarters' ledgers are owed.
    let stderr = check_stderr(dir.path(), "2014-01-20", 0);
    let warnings = stderr.matches(": 警告：").count();
    assert!(warnings > 1, "{stderr}");
    assert!(
        stderr.contains(&format!("共 {warnings} 个警告（见上）")),
        "{stderr}"
    );
}

#[test]
fn cli_failed_build_leaves_previous_output_untouched() {
    let dir = site(&[(NOTICE_MD, NOTICE), (FINANCE_MD, FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let build = || {
        let mut cmd = gongkai();
        cmd.args(["build", "--quiet", "--today", "2013-07-05", "--site"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path());
        cmd
    };
    build().assert().code(0);
    let before = snapshot(out.path());
    assert!(
        before.contains_key("index.html") && before.len() > 3,
        "the first build wrote the site: {:?}",
        before.keys().collect::<Vec<_>>()
    );

    let broken = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 20150.00",
    );
    write(dir.path(), FINANCE_MD, broken.as_bytes());
    build()
        .assert()
        .code(1)
        .stderr(predicates::str::contains("期末余额应为 20,140.00"));
    let after = snapshot(out.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
}

#[test]
fn cli_bad_today_is_bad_usage() {
    let dir = site(&[(NOTICE_MD, NOTICE)]);
    let out = tempfile::tempdir().unwrap();
    gongkai()
        .args(["build", "--today", "notadate", "--site"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("“notadate”不是有效的日期"));
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn cli_help_for_build_and_check() {
    gongkai()
        .args(["build", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("--out").and(predicates::str::contains("--today")));
    gongkai()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("--site"));
}

#[test]
fn cli_build_prints_one_summary_line_and_no_progress_bar_off_a_terminal() {
    // Captured output is not a terminal: no bar, no control characters,
    // only the summary line with its figures; `--quiet` prints nothing.
    let dir = site(&[(NOTICE_MD, NOTICE), (FINANCE_MD, FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let run = |quiet: bool| {
        let mut cmd = gongkai();
        cmd.args(["build", "--today", "2013-07-05", "--site"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path());
        if quiet {
            cmd.arg("--quiet");
        }
        cmd.assert().code(0).get_output().clone()
    };
    let loud = run(false);
    let stdout = String::from_utf8(loud.stdout).unwrap();
    let stderr = String::from_utf8(loud.stderr).unwrap();
    assert!(
        stdout.starts_with("已生成 ") && stdout.contains("（2 条公开记录）"),
        "{stdout}"
    );
    assert!(stdout.contains("用时"), "{stdout}");
    assert!(
        !stderr.contains("生成页面") && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(!stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'));
    let quiet = run(true);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[test]
fn cli_build_whose_output_pipe_is_closed_ends_quietly_after_the_build() {
    // `gongkai build | head -0`: the reader is gone before the summary.
    let dir = site(&[(NOTICE_MD, NOTICE), (FINANCE_MD, FINANCE)]);
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--today", "2013-07-05", "--site"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(done.status.code(), Some(101), "{stderr}");
    assert!(
        out.path().join("index.html").is_file(),
        "the site was built"
    );
}

/// `check` finds what `build` refuses before it renders: a record whose
/// page would stand where a generated file is.
#[test]
fn cli_check_finds_a_page_where_a_generated_file_is() {
    let dir = site(&[
        (FINANCE_MD, FINANCE),
        ("disclosures/village/feed.xml.md", NOTICE),
    ]);
    let stderr = check_stderr(dir.path(), "2013-07-05", 1);
    assert!(
        stderr.contains("disclosures/village/feed.xml.md")
            && stderr.contains("一个网址不能既是文件又是文件夹"),
        "{stderr}"
    );
}
