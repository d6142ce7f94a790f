use super::*;

// ---- keygen ----

#[test]
fn keygen_writes_a_private_key_and_prints_the_verifier_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liyuan.key");
    let out = keygen(&file);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let vkey = printed
        .lines()
        .find(|l| l.starts_with(&format!("{ORIGIN}+")))
        .expect("the verifier key on a line of its own");
    let private = fs::read_to_string(&file).unwrap();
    assert!(private.starts_with(&format!("PRIVATE+KEY+{ORIGIN}+")));
    assert!(
        !printed.contains(private.trim()),
        "the private key is never printed"
    );
    let signer = checkpoint::SigningKey::parse(&private).unwrap();
    assert!(signer.matches(&checkpoint::VerifierKey::parse(vkey).unwrap()));
    assert!(printed.contains(&format!("log: {{ origin: {ORIGIN}, key: \"{vkey}\" }}")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn keygen_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liyuan.key");
    fs::write(&file, "旧的私钥\n").unwrap();
    let out = keygen(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("已经存在，不会覆盖"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "旧的私钥\n");
}

#[test]
fn keygen_refuses_a_place_inside_a_site_and_a_bad_origin() {
    let site = common::site(&[]);
    let file = site.path().join("keys/log.key");
    let out = keygen(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("在站点文件夹"), "{}", stderr(&out));
    assert!(!file.exists());

    // Nor in a built site's folder, which is deployed as it is.
    let public = tempfile::tempdir().unwrap();
    fs::write(
        public.path().join(".gongkai-manifest"),
        "gongkai-manifest 1\n",
    )
    .unwrap();
    let file = public.path().join("keys/log.key");
    let out = keygen(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("生成的网站文件夹"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists());

    let dir = tempfile::tempdir().unwrap();
    let out = gongkai()
        .args([
            "keygen",
            dir.path().join("k").to_str().unwrap(),
            "--origin",
            "梨园 镇",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("不能含空格或加号"),
        "{}",
        stderr(&out)
    );
}

// ---- site.yaml ----

#[test]
fn a_log_key_that_is_not_a_verifier_key_is_an_error_at_its_line() {
    let yaml = format!("{SITE_YAML}log: {{ origin: {ORIGIN}, key: \"abc\" }}\n");
    let e = one_error(&[("site.yaml", &yaml)]);
    assert_eq!(e.path, "site.yaml");
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), pos(&yaml, "\"abc\""));
    assert!(e.message.contains("不是日志公钥"), "{}", e.message);
}

#[test]
fn a_log_key_of_another_origin_is_an_error() {
    let (_, vkey) = checkpoint::generate("gongkai.example.cn/other");
    let yaml = format!("{SITE_YAML}log: {{ origin: {ORIGIN}, key: \"{vkey}\" }}\n");
    let e = one_error(&[("site.yaml", &yaml)]);
    assert!(
        e.message.contains("公钥属于日志“gongkai.example.cn/other”"),
        "{}",
        e.message
    );
    let e = one_error(&[(
        "site.yaml",
        &format!("{SITE_YAML}log: {{ origin: {ORIGIN} }}\n"),
    )]);
    assert!(e.message.contains("key"), "{}", e.message);
}

// ---- build and its key ----

#[test]
fn a_site_with_a_log_does_not_build_without_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vkey) = key_pair(dir.path());
    let site = site_with_log(&vkey, &[("disclosures/a.md", NOTICE)]);
    let public = dir.path().join("public");
    let out = gongkai()
        .args([
            "build",
            "--site",
            site.path().to_str().unwrap(),
            "--out",
            public.to_str().unwrap(),
        ])
        .args(["--today", &TODAY.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("生成网站需要签名私钥"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--signing-key"), "{}", stderr(&out));
    assert!(!public.exists());
}

#[test]
fn a_key_of_another_log_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vkey) = key_pair(dir.path());
    let other = tempfile::tempdir().unwrap();
    let (other_key, _) = key_pair(other.path());
    let site = site_with_log(&vkey, &[("disclosures/a.md", NOTICE)]);
    let out = gongkai()
        .args(["build", "--site", site.path().to_str().unwrap()])
        .args(["--out", dir.path().join("public").to_str().unwrap()])
        .args(["--signing-key", other_key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是一对"), "{}", stderr(&out));
}

#[test]
fn a_key_inside_the_site_or_the_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = site_with_log(&vkey, &[("disclosures/a.md", NOTICE)]);
    let public = dir.path().join("public");
    for inside in [site.path().join("log.key"), public.join("log.key")] {
        fs::create_dir_all(inside.parent().unwrap()).unwrap();
        fs::copy(&key, &inside).unwrap();
        let out = gongkai()
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args(["--out", public.to_str().unwrap(), "--force"])
            .env(gongkai::log::keyfile::KEY_ENV, &inside)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("私钥会随"), "{}", stderr(&out));
        fs::remove_file(&inside).unwrap();
    }
}

#[test]
fn the_key_may_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = site_with_log(&vkey, &[("disclosures/a.md", FINANCE)]);
    let public = dir.path().join("public");
    for value in [
        key.to_str().unwrap().to_string(),
        fs::read_to_string(&key).unwrap(),
    ] {
        let out = gongkai()
            .args(["build", "--site", site.path().to_str().unwrap()])
            .args([
                "--out",
                public.to_str().unwrap(),
                "--today",
                &TODAY.to_string(),
            ])
            .env(gongkai::log::keyfile::KEY_ENV, value)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn a_private_key_copied_into_the_site_is_refused_wherever_it_is() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let out_before = snapshot(s.out.path());
    let copies = [
        ("static/备份.key", s.private.clone()),
        (
            "disclosures/2013/notice.md",
            format!("{NOTICE}\n钥匙：{}\n", s.private),
        ),
        ("themes/default/static/extra.txt", s.private.clone()),
    ];
    for (path, text) in &copies {
        s.write(path, text);
        let report = s
            .try_build(date(2013, 7, 6))
            .err()
            .unwrap_or_else(|| panic!("{path} was not refused"));
        let text = report.render();
        assert!(text.contains(path), "{text}");
        assert!(text.contains("签名私钥"), "{text}");
        assert_eq!(out_before, snapshot(s.out.path()), "{path}");
        fs::remove_file(s.site.path().join(path)).unwrap();
    }
    let private = s.private.trim().as_bytes();
    s.build(date(2013, 7, 6));
    for (path, bytes) in snapshot(s.out.path()) {
        assert!(
            !bytes.windows(private.len()).any(|w| w == private),
            "{path}"
        );
    }
}

/// A key, a saved checkpoint or a log file that is a device is refused at
/// once, not read without end; a site's `log/` that is a link is refused
/// too, so the log is never written outside the site folder.
#[test]
fn devices_and_links_are_refused_where_files_of_the_log_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (key, vkey) = key_pair(dir.path());
    let site = site_with_log(&vkey, &[("disclosures/a.md", NOTICE)]);
    let public = dir.path().join("public");
    let build = |key: &str| {
        gongkai()
            .args([
                "build",
                "--today",
                "2013-07-05",
                "--site",
                site.path().to_str().unwrap(),
            ])
            .args(["--out", public.to_str().unwrap()])
            .args(["--signing-key", key])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let out = build("/dev/zero");
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));

    let out = gongkai()
        .args(["verify", public.to_str().unwrap(), "--key", &vkey])
        .args(["--checkpoint", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));

    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join("log")).unwrap();
    let out = build(key.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("符号链接"), "{}", stderr(&out));
    assert!(
        fs::read_dir(elsewhere.path()).unwrap().next().is_none(),
        "nothing written through the link"
    );
}

/// `gongkai keygen FILE --origin ORIGIN`, run.
fn keygen(file: &Path) -> std::process::Output {
    gongkai()
        .args(["keygen", file.to_str().unwrap(), "--origin", ORIGIN])
        .output()
        .unwrap()
}
