use super::*;

// ---- verify ----

/// Runs `gongkai verify` on `target` with the site's key and extra
/// arguments; its exit status and standard output.
fn verify(s: &Logged, target: &str, extra: &[&str]) -> (i32, String) {
    let out = gongkai()
        .args(["verify", target, "--key", &s.vkey])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stdout(&out) + &stderr(&out))
}

fn out_dir(s: &Logged) -> String {
    s.out.path().to_str().unwrap().to_string()
}

#[test]
fn verify_passes_a_built_site_and_saves_its_checkpoint() {
    let s = two_records();
    s.build(TODAY);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("checkpoint.txt");
    let (code, text) = verify(
        &s,
        &out_dir(&s),
        &["--save-checkpoint", saved.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("✓ 检查点的签名有效") && text.contains("2 条"),
        "{text}"
    );
    assert!(text.contains("2 个版本的记录 JSON 都已公开"), "{text}");
    assert!(text.contains("通过"), "{text}");
    assert_eq!(
        fs::read(&saved).unwrap(),
        fs::read(s.out.path().join("log/checkpoint")).unwrap()
    );
}

#[test]
fn verify_fails_with_another_key() {
    let s = two_records();
    s.build(TODAY);
    let (_, other) = checkpoint::generate(ORIGIN);
    let out = gongkai()
        .args(["verify", &out_dir(&s), "--key", &other])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("✗") && stdout(&out).contains("签名"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_tampered_tile_fails_verify() {
    let s = two_records();
    s.build(TODAY);
    let tile = s.out.path().join("log/tile/0/000.p/2");
    let mut bytes = fs::read(&tile).unwrap();
    bytes[5] ^= 0x40;
    fs::write(&tile, bytes).unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("✗") && text.contains("tile/0/000.p/2") && text.contains("被改动过"),
        "{text}"
    );
}

#[test]
fn a_tampered_record_json_fails_verify() {
    let s = two_records();
    s.build(TODAY);
    let entry = s
        .entries()
        .into_iter()
        .find(|e| e.path.ends_with("q2.md"))
        .unwrap();
    let json = s
        .out
        .path()
        .join(format!("log/records/{}.json", entry.record));
    fs::write(
        &json,
        fs::read_to_string(&json)
            .unwrap()
            .replace("860.00", "680.00"),
    )
    .unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!("records/{}.json", entry.record)),
        "{text}"
    );

    // A version published without being logged is found too.
    fs::write(
        &json,
        fs::read_to_string(&json)
            .unwrap()
            .replace("680.00", "860.00"),
    )
    .unwrap();
    assert_eq!(verify(&s, &out_dir(&s), &[]).0, 0);
    let stray = s
        .out
        .path()
        .join(format!("log/records/{}.json", "0".repeat(64)));
    fs::write(&stray, "{}").unwrap();
    let (code, text) = verify(&s, &out_dir(&s), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志中没有的记录 JSON"), "{text}");
}

#[test]
fn an_appended_log_is_consistent_with_a_saved_checkpoint() {
    let s = two_records();
    let (_saved, cp) = built_and_saved(&s);
    let cp = cp.as_str();
    s.write("disclosures/2013/later.md", LATER);
    s.build(date(2013, 8, 2));
    let (code, text) = verify(
        &s,
        &out_dir(&s),
        &["--checkpoint", cp, "--save-checkpoint", cp],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("原有的 2 条一条未改，此后新增 1 条"),
        "{text}"
    );
    assert!(fs::read_to_string(cp).unwrap().contains("\n3\n"));
}

#[test]
fn a_history_rebuilt_from_an_empty_log_fails_against_a_saved_checkpoint() {
    let s = two_records();
    let (_saved, cp) = built_and_saved(&s);
    let cp = cp.as_str();

    // The ledger is changed in silence and the log started again, and
    // published into a new folder (the old one refuses it, see below).
    let silent = silently_edited_finance();
    s.write("disclosures/2013/q2.md", &silent);
    fs::remove_dir_all(s.log_dir()).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let rebuilt = |s: &Logged, out: &Path| {
        site::build_signed(&s.options(TODAY), out, Some(&s.key))
            .unwrap_or_else(|r| panic!("{}", r.render()));
    };
    rebuilt(&s, fresh.path());
    let target = fresh.path().to_str().unwrap();
    let (code, text) = verify(&s, target, &[]);
    assert_eq!(code, 0, "on its own the new log holds together: {text}");
    let (code, text) = verify(&s, target, &["--checkpoint", cp, "--save-checkpoint", cp]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志的历史被改写了"), "{text}");
    let kept = fs::read(cp).unwrap();
    assert!(String::from_utf8_lossy(&kept).contains("\n2\n"));
    assert_ne!(
        kept,
        fs::read(fresh.path().join("log/checkpoint")).unwrap(),
        "a failed check saves nothing"
    );

    // A log started again with fewer entries is cut short.
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    fs::remove_dir_all(s.log_dir()).unwrap();
    let shorter = tempfile::tempdir().unwrap();
    rebuilt(&s, shorter.path());
    let target = shorter.path().to_str().unwrap();
    let (code, text) = verify(&s, target, &["--checkpoint", cp]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("日志被截短了"), "{text}");
}

#[test]
fn a_build_refuses_to_publish_a_log_started_again_over_the_old_one() {
    let s = two_records();
    s.build(TODAY);
    let published = snapshot(s.out.path());
    fs::remove_dir_all(s.log_dir()).unwrap();
    // The same records on the same day log the same history again.
    s.build(TODAY);
    assert_eq!(published, snapshot(s.out.path()));
    // Not so once a record was changed in between.
    fs::remove_dir_all(s.log_dir()).unwrap();
    s.write(
        "disclosures/2013/notice.md",
        &NOTICE.replace("现将结果", "现将评议结果"),
    );
    let report = s.try_build(TODAY).err().expect("refused");
    let text = report.render();
    assert!(
        text.contains("不是输出文件夹中已公开日志（2 条）的延续"),
        "{text}"
    );
    assert_eq!(published, snapshot(s.out.path()));
    assert!(
        !s.log_dir().exists(),
        "nothing is written into the site's log/"
    );
}

/// Serves the files under `root` on 127.0.0.1 until the test ends; its
/// address.
fn serve(root: &Path) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let file = root.join(path.trim_start_matches('/'));
                let mut stream = stream;
                let _ = match fs::read(&file) {
                    Ok(body) if file.is_file() => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        stream
                            .write_all(head.as_bytes())
                            .and_then(|()| stream.write_all(&body))
                    }
                    _ => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            });
        }
    });
    format!("http://{addr}/")
}

#[test]
fn verify_reads_a_site_over_http() {
    let s = two_records();
    s.build(TODAY);
    let url = serve(s.out.path());
    let (code, text) = verify(&s, &url, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("2 个版本的记录 JSON 都已公开"), "{text}");

    let entry = &s.entries()[0];
    let json = s
        .out
        .path()
        .join(format!("log/records/{}.json", entry.record));
    fs::remove_file(&json).unwrap();
    let (code, text) = verify(&s, &url, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!("{url}log/records/{}.json", entry.record)),
        "{text}"
    );
    assert!(text.contains("缺少"), "{text}");
}

/// Builds `s` and has verify save its checkpoint, as a 村务监督委员会
/// keeps one: the folder it is in (kept alive by the caller) and its path.
fn built_and_saved(s: &Logged) -> (tempfile::TempDir, String) {
    s.build(TODAY);
    let saved = tempfile::tempdir().unwrap();
    let cp = saved.path().join("checkpoint.txt");
    let cp = cp.to_str().unwrap().to_string();
    assert_eq!(verify(s, &out_dir(s), &["--save-checkpoint", &cp]).0, 0);
    (saved, cp)
}
