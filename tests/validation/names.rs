//! File names and paths: what a static host can serve, and nothing outside the site.

use super::*;

// ------------------------------------------------------- names and paths

/// The errors of checking a site folder written with raw names.
pub(super) fn check_folder(dir: &Path) -> Vec<Diagnostic> {
    let (site, diags) = check_dir(dir);
    assert!(site.is_none(), "expected errors");
    errors(&diags).into_iter().cloned().collect()
}

#[test]
fn csv_data_outside_the_indicator_folder_is_refused_at_the_csv_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", SITE_YAML.as_bytes());
    let secret = "period,unit,value\n2013,机密数据xyz,1\n";
    write(tmp.path(), "outside.csv", secret.as_bytes());
    for name in [
        "../../outside.csv",
        "../outside.csv",
        "/etc/passwd",
        "../../../../etc/passwd",
        "sub/../../../outside.csv",
        "C:\\\\data.csv",
        "area.yaml",
    ] {
        let yaml = format!("title: 面积\nunit: 亩\nmeasure: flow\ncsv: \"{name}\"\n");
        write(&root, INDICATOR_YAML, yaml.as_bytes());
        let errs = check_folder(&root);
        assert_eq!(errs.len(), 1, "{name}: {errs:#?}");
        assert_eq!(errs[0].path, INDICATOR_YAML, "{name}");
        assert_eq!(place(&errs[0]).0, 4, "{name}");
        let report = format!("{errs:?}");
        assert!(
            !report.contains("机密数据") && !report.contains("root:"),
            "{report}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_linked_csv_or_attachment_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", SITE_YAML.as_bytes());
    write(
        tmp.path(),
        "outside.csv",
        b"period,unit,value\n2013,xiguan,1\n",
    );
    std::fs::create_dir_all(root.join("indicators")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("outside.csv"),
        root.join("indicators/area.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.csv"), root.join("static/a.csv")).unwrap();
    write(
        &root,
        INDICATOR_YAML,
        b"title: x\nunit: x\nmeasure: flow\ncsv: area.csv\n",
    );
    let errs = check_folder(&root);
    let paths: Vec<&str> = errs.iter().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&INDICATOR_YAML), "{errs:#?}");
    assert!(paths.contains(&"indicators/area.csv"), "{errs:#?}");
    assert!(paths.contains(&"static/a.csv"), "{errs:#?}");
    assert!(
        errs.iter().all(|d| d.message.contains("符号链接")),
        "{errs:#?}"
    );
}

#[test]
fn names_a_host_cannot_serve_are_refused_by_check() {
    for name in [
        "static/a\nb.txt",
        "static/a\\b.txt",
        "disclosures/2013/问题?.md",
        "static/通知.pdf.",
    ] {
        let dir = site(&[(NOTICE_MD, NOTICE)]);
        let text = if name.ends_with(".md") { NOTICE } else { "x" };
        write(dir.path(), name, text.as_bytes());
        let errs = check_folder(dir.path());
        assert_eq!(errs.len(), 1, "{name:?}: {errs:#?}");
        assert_eq!(errs[0].path, name);
        assert!(errs[0].message.contains("网站上无法访问"), "{errs:#?}");
    }
}

#[test]
fn names_that_differ_only_by_case_or_encoding_collide() {
    for (a, b) in [
        ("static/Tongzhi.pdf", "static/tongzhi.pdf"),
        ("static/caf\u{e9}.pdf", "static/cafe\u{301}.pdf"),
        ("disclosures/2013/A.md", "disclosures/2013/a.md"),
    ] {
        let dir = site(&[]);
        let text = if a.ends_with(".md") { NOTICE } else { "x" };
        write(dir.path(), a, text.as_bytes());
        write(dir.path(), b, text.as_bytes());
        let errs = check_folder(dir.path());
        assert_eq!(errs.len(), 1, "{a} {b}: {errs:#?}");
        assert!(errs[0].message.contains("只差大小写"), "{errs:#?}");
    }
}

#[test]
fn a_record_whose_url_differs_from_a_generated_page_only_by_case_collides() {
    let dir = site(&[("disclosures/Finance.md", NOTICE)]);
    let out = tempfile::tempdir().unwrap();
    let report = gongkai::site::build(&options(dir.path()), out.path())
        .err()
        .expect("a collision stops the build");
    let errs = errors(&report.diagnostics.iter().cloned().collect::<Vec<_>>())
        .into_iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>();
    assert!(errs.iter().any(|m| m.contains("只差大小写")), "{errs:#?}");
}

/// A record named as a Windows device (`CON.md`: its page would be a folder
/// `CON/`) and a pipe left in a records folder are each named, not
/// published or skipped in silence.
#[test]
fn device_names_and_pipes_in_the_site_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", SITE_YAML.as_bytes());
    write(&root, "disclosures/2013/CON.md", NOTICE.as_bytes());
    let pipe = root.join("disclosures/2013/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let errs = check_folder(&root);
    let paths: Vec<&str> = errs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        ["disclosures/2013/CON.md", "disclosures/2013/pipe.md"],
        "{errs:#?}"
    );
    assert!(
        errs[0].message.contains("Windows 保留的设备名"),
        "{errs:#?}"
    );
    assert!(errs[1].message.contains("不是普通文件"), "{errs:#?}");
}
