use super::sweep::is_temp_name;
use super::*;
use std::fs::OpenOptions;
use std::time::UNIX_EPOCH;

/// Makes `out_dir` hold exactly `files`, as a build's staging does.
fn write_site(out_dir: &Path, files: &[OutputFile]) -> io::Result<WriteStats> {
    let staging = Staging::begin(out_dir);
    files.par_iter().try_for_each(|f| staging.put(f.clone()))?;
    staging.commit()
}
use std::time::{Duration, SystemTime};

fn file(path: &str, content: &str) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: content.as_bytes().to_vec(),
    }
}

fn site() -> Vec<OutputFile> {
    vec![
        file("index.html", "<h1>首页</h1>"),
        file("disclosures/2013/a/index.html", "A"),
        file("disclosures/2013/b/index.html", "B"),
        file("static/site.css", "body{}"),
    ]
}

fn stats(written: usize, unchanged: usize, removed: usize) -> WriteStats {
    WriteStats {
        written,
        unchanged,
        removed,
    }
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dest_path(dir, path)).unwrap()
}

fn mtime(dir: &Path, path: &str) -> SystemTime {
    fs::metadata(dest_path(dir, path))
        .unwrap()
        .modified()
        .unwrap()
}

fn set_mtime(dir: &Path, path: &str, time: SystemTime) {
    let f = OpenOptions::new()
        .write(true)
        .open(dest_path(dir, path))
        .unwrap();
    f.set_modified(time).unwrap();
}

fn long_ago() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

#[test]
fn first_write_creates_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_eq!(write_site(&out, &site()).unwrap(), stats(4, 0, 0));
    assert_eq!(read(&out, "index.html"), "<h1>首页</h1>");
    assert_eq!(read(&out, "disclosures/2013/b/index.html"), "B");
    let manifest = read(&out, MANIFEST_NAME);
    assert!(manifest.starts_with(MANIFEST_HEADER));
    assert_eq!(manifest.lines().count(), 5);
    assert!(manifest.contains(" static/site.css\n"));
}

#[test]
fn identical_rewrite_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let before = mtime(out, "disclosures/2013/a/index.html");
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
    assert_eq!(mtime(out, "disclosures/2013/a/index.html"), before);

    // With mtimes far in the past, any rewrite would show. The first run
    // cannot trust the manifest and compares bytes; the second trusts it.
    for f in site() {
        set_mtime(out, &f.path, long_ago());
    }
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
    for f in site() {
        assert_eq!(mtime(out, &f.path), long_ago(), "{}", f.path);
    }
}

#[test]
fn changing_one_file_rewrites_only_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    set_mtime(out, "index.html", long_ago());
    let mut files = site();
    files[1].bytes = b"A, revised".to_vec();
    assert_eq!(write_site(out, &files).unwrap(), stats(1, 3, 0));
    assert_eq!(read(out, "disclosures/2013/a/index.html"), "A, revised");
    assert_eq!(mtime(out, "index.html"), long_ago());
}

#[test]
fn same_size_change_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let mut files = site();
    files[1].bytes = b"Z".to_vec();
    assert_eq!(write_site(out, &files).unwrap(), stats(1, 3, 0));
    assert_eq!(read(out, "disclosures/2013/a/index.html"), "Z");
}

#[test]
fn dropped_file_and_its_empty_directory_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let mut files = site();
    files.remove(2);
    assert_eq!(write_site(out, &files).unwrap(), stats(0, 3, 1));
    assert!(!out.join("disclosures/2013/b").exists());
    assert!(out.join("disclosures/2013/a/index.html").exists());
    assert!(!read(out, MANIFEST_NAME).contains("2013/b"));
}

#[test]
fn hand_edit_with_new_mtime_is_repaired() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let path = "disclosures/2013/a/index.html";
    fs::write(dest_path(out, path), "X").unwrap();
    set_mtime(out, path, long_ago());
    assert_eq!(write_site(out, &site()).unwrap(), stats(1, 3, 0));
    assert_eq!(read(out, path), "A");
}

#[test]
fn manifest_is_trusted_while_size_and_mtime_match() {
    // The documented trade-off: a same-size edit that restores the mtime
    // is not noticed, which proves unchanged files are not read back.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let path = "disclosures/2013/a/index.html";
    let recorded = mtime(out, path);
    fs::write(dest_path(out, path), "X").unwrap();
    set_mtime(out, path, recorded);
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
    assert_eq!(read(out, path), "X");
}

#[test]
fn missing_or_corrupt_manifest_falls_back_to_comparing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    fs::write(out.join(MANIFEST_NAME), "garbage\nmore").unwrap();
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 0));
    fs::remove_file(out.join(MANIFEST_NAME)).unwrap();
    fs::write(dest_path(out, "index.html"), "old").unwrap();
    assert_eq!(write_site(out, &site()).unwrap(), stats(1, 3, 0));
    assert!(read(out, MANIFEST_NAME).starts_with(MANIFEST_HEADER));
}

#[test]
fn invalid_paths_are_rejected_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    for bad in [
        "../escape.html",
        "a/../../escape.html",
        "/etc/passwd",
        "",
        "a//b",
        "a/",
        "./a",
        "a\nb",
        "a\\b",
        MANIFEST_NAME,
        ".gongkai-manifest/x.html",
    ] {
        let mut files = site();
        files.push(file(bad, "x"));
        let err = write_site(&out, &files).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        assert!(
            !out.exists(),
            "something was written for {bad:?}: {:?}",
            fs::read_dir(&out).map(|d| d.map(|e| e.unwrap().file_name()).collect::<Vec<_>>())
        );
    }
    assert!(!tmp.path().join("escape.html").exists());
}

#[test]
fn duplicate_and_file_directory_clashes_are_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    for files in [
        vec![file("a.html", "1"), file("a.html", "2")],
        vec![file("a", "1"), file("a/b.html", "2")],
    ] {
        let err = write_site(tmp.path(), &files).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn chinese_file_names_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let path = "disclosures/2013/西关村二季度财务/index.html";
    let files = vec![file(path, "财务公开"), file("附件/通知 第1号.pdf", "%PDF")];
    assert_eq!(write_site(out, &files).unwrap(), stats(2, 0, 0));
    assert_eq!(read(out, path), "财务公开");
    assert_eq!(write_site(out, &files).unwrap(), stats(0, 2, 0));
    assert_eq!(write_site(out, &files[..1]).unwrap(), stats(0, 1, 1));
    assert!(!out.join("附件").exists());
}

#[test]
fn only_files_the_generator_wrote_are_ever_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    // The user's own files, beside and among the generated ones.
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/config"), "[core]").unwrap();
    fs::create_dir_all(out.join("old/empty")).unwrap();
    fs::write(out.join("old/page.html"), "old").unwrap();
    fs::write(out.join("CNAME"), "gongkai.example.cn").unwrap();
    fs::write(out.join("disclosures/2013/b/批注.txt"), "keep").unwrap();
    // Leftovers of an interrupted run are ours.
    fs::write(out.join("static/.site.css.tmp-99"), "partial").unwrap();
    fs::write(out.join(".index.html.tmp-12345"), "partial").unwrap();
    fs::create_dir(out.join(".gongkai-staging-4242")).unwrap();
    fs::write(out.join(".gongkai-staging-4242/0"), "partial").unwrap();
    let users = |t: Vec<(String, Option<Vec<u8>>)>| {
        t.into_iter()
            .filter(|(p, _)| {
                p.starts_with(".git")
                    || p.starts_with("old")
                    || p == "CNAME"
                    || p.ends_with("批注.txt")
            })
            .collect::<Vec<_>>()
    };
    let before = users(tree(out));

    let mut files = site();
    files.remove(2);
    assert_eq!(write_site(out, &files).unwrap(), stats(0, 3, 4));
    assert_eq!(users(tree(out)), before);
    assert!(!out.join("disclosures/2013/b/index.html").exists());
    assert!(!out.join(".index.html.tmp-12345").exists());
    assert!(!out.join("static/.site.css.tmp-99").exists());
    assert!(!out.join(".gongkai-staging-4242").exists());
}

/// A staging of [`site`] into `out`, not committed.
fn staged_site(out: &Path) -> Staging {
    let staging = Staging::begin(out);
    for f in site() {
        staging.put(f).unwrap();
    }
    staging
}

fn assert_no_temporary_names(out: &Path) {
    let names: Vec<String> = tree(out).into_iter().map(|(p, _)| p).collect();
    assert!(!names.iter().any(|p| p.contains(".tmp-")), "{names:?}");
}

#[test]
fn a_run_killed_before_its_commit_leaves_a_folder_the_next_run_owns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let staging = staged_site(&out);
    // Never dropped: as if the process were killed here.
    std::mem::forget(staging);
    assert!(read(&out, MANIFEST_NAME).starts_with(MANIFEST_HEADER));
    assert!(guard::check(&tmp.path().join("content"), &out, false).is_ok());
    // The files of a new folder already stand under their names, complete.
    assert_eq!(write_site(&out, &site()).unwrap(), stats(0, 4, 0));
    assert_no_temporary_names(&out);
}

#[test]
fn a_new_folder_gets_its_files_under_their_names_before_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    for out in [tmp.path().join("public"), tmp.path().join("empty")] {
        let staging = staged_site(&out);
        assert_eq!(read(&out, "index.html"), "<h1>首页</h1>");
        assert_no_temporary_names(&out);
        assert_eq!(staging.commit().unwrap(), stats(4, 0, 0));
        assert!(read(&out, MANIFEST_NAME).starts_with(&format!("{MANIFEST_HEADER}\n")));
        assert_eq!(write_site(&out, &site()).unwrap(), stats(0, 4, 0));
    }
}

#[test]
fn what_a_killed_run_left_in_a_new_folder_is_swept_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let staging = staged_site(&out);
    std::mem::forget(staging);
    // The next build no longer has two of the four files.
    let fewer = vec![file("index.html", "<h1>首页</h1>"), file("a.html", "a")];
    assert_eq!(write_site(&out, &fewer).unwrap(), stats(1, 1, 3));
    let files: Vec<String> = tree(&out)
        .into_iter()
        .filter_map(|(p, bytes)| bytes.map(|_| p))
        .collect();
    assert_eq!(files, [".gongkai-manifest", "a.html", "index.html"]);
    assert!(read(&out, MANIFEST_NAME).starts_with(&format!("{MANIFEST_HEADER}\n")));
}

#[test]
fn a_new_folder_dropped_keeps_an_empty_folder_it_was_given() {
    let tmp = tempfile::tempdir().unwrap();
    let staging = staged_site(tmp.path());
    drop(staging);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn dotfiles_the_generator_wrote_are_removed_when_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let mut files = site();
    files.push(file(".well-known/security.txt", "Contact: x"));
    write_site(out, &files).unwrap();
    assert_eq!(write_site(out, &site()).unwrap(), stats(0, 4, 1));
    assert!(!out.join(".well-known").exists());
}

#[test]
fn file_and_directory_may_swap_places() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &[file("a", "file"), file("b/index.html", "dir")]).unwrap();
    let swapped = [file("a/index.html", "dir"), file("b", "file")];
    assert_eq!(write_site(out, &swapped).unwrap(), stats(2, 0, 1));
    assert_eq!(read(out, "a/index.html"), "dir");
    assert_eq!(read(out, "b"), "file");
}

#[test]
fn empty_site_empties_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    assert_eq!(write_site(out, &[]).unwrap(), stats(0, 0, 4));
    let left: Vec<_> = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [MANIFEST_NAME]);
}

#[test]
fn long_names_use_a_short_temporary_name() {
    let tmp = tempfile::tempdir().unwrap();
    let name = format!("{}.html", "财".repeat(83));
    assert!(name.len() <= MAX_NAME_BYTES);
    let files = [file(&name, "x")];
    assert_eq!(write_site(tmp.path(), &files).unwrap(), stats(1, 0, 0));
    assert_eq!(read(tmp.path(), &name), "x");
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_out_of_the_folder() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("victim.txt"), "keep me").unwrap();
    let out = tmp.path().join("public");
    fs::create_dir(&out).unwrap();
    symlink(&outside, out.join("static")).unwrap();
    symlink(outside.join("victim.txt"), out.join("stray.html")).unwrap();
    symlink(outside.join("victim.txt"), out.join("index.html")).unwrap();

    // A link no build of ours made, where our folder goes: named, not
    // removed, and not followed.
    let err = write_site(&out, &site()).unwrap_err();
    assert!(err.to_string().contains("static"), "{err}");
    assert!(
        fs::symlink_metadata(out.join("static"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    fs::remove_file(out.join("static")).unwrap();

    assert_eq!(write_site(&out, &site()).unwrap(), stats(4, 0, 0));
    assert!(fs::symlink_metadata(out.join("static")).unwrap().is_dir());
    assert!(
        !fs::symlink_metadata(out.join("index.html"))
            .unwrap()
            .is_symlink()
    );
    // Not ours: left as it is, and never followed.
    assert!(
        fs::symlink_metadata(out.join("stray.html"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(outside.join("victim.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
}

/// Every file under `dir` with its bytes, and every directory.
fn tree(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        let bytes = entry
            .file_type()
            .is_file()
            .then(|| fs::read(entry.path()).unwrap());
        out.push((rel, bytes));
    }
    out
}

#[test]
fn staging_dropped_without_commit_leaves_the_folder_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let before = tree(out);
    let staging = Staging::begin(out);
    staging.put(file("index.html", "<h1>新首页</h1>")).unwrap();
    staging
        .put(file("disclosures/2014/new/index.html", "new"))
        .unwrap();
    staging.put(file("static/site.css", "body{}")).unwrap();
    drop(staging);
    assert_eq!(tree(out), before);
}

#[test]
fn staging_into_a_new_folder_dropped_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let staging = staged_site(&out);
    drop(staging);
    assert!(!out.exists());
}

#[test]
fn staging_rejects_a_path_put_twice_at_commit_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let before = tree(out);
    let staging = Staging::begin(out);
    staging.put(file("a.html", "1")).unwrap();
    staging.put(file("a.html", "2")).unwrap();
    let err = staging.commit().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(tree(out), before);
}

#[test]
fn a_new_folder_with_a_path_put_twice_is_removed_at_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let staging = Staging::begin(&out);
    staging.put(file("a/b.html", "1")).unwrap();
    staging.put(file("a/b.html", "2")).unwrap();
    let err = staging.commit().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(!out.exists());
}

#[test]
fn staging_commit_matches_write_site() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_site(&a, &site()).unwrap();
    let staging = Staging::begin(&b);
    for f in site().into_iter().rev() {
        staging.put(f).unwrap();
    }
    assert_eq!(staging.commit().unwrap(), stats(4, 0, 0));
    let strip = |t: Vec<(String, Option<Vec<u8>>)>| {
        t.into_iter()
            .filter(|(p, _)| p != MANIFEST_NAME)
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(tree(&a)), strip(tree(&b)));
    assert!(!fs::read_dir(&b).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_DIR)
    }));
}

#[test]
fn hashes_are_lower_case_hex_sha256() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn temp_names_are_recognised() {
    assert!(is_temp_name(".index.html.tmp-123"));
    assert!(!is_temp_name(".git"));
    assert!(!is_temp_name(".x.tmp-"));
    assert!(!is_temp_name("index.html.tmp-1"));
}

/// A file named by its hash, as the log's records are: the name and bytes.
fn by_hash(content: &str) -> (OutputFile, String) {
    let hash = sha256_hex(content.as_bytes());
    (file(&format!("log/records/{hash}.json"), content), hash)
}

#[test]
fn a_file_named_by_its_hash_takes_its_name_in_a_live_folder_only_at_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let (record, hash) = by_hash("{\"v\":1}");
    let staging = Staging::begin(out);
    staging.put_known(record.clone(), hash.clone()).unwrap();
    // A run killed now must leave nothing under a name the manifest does
    // not list: the next build could not tell it from a published record.
    assert!(!dest_path(out, &record.path).exists());
    let stats = staging.commit().unwrap();
    assert_eq!(stats.written, 1);
    assert_eq!(read(out, &record.path), "{\"v\":1}");

    // The next build finds it unchanged, and one without it removes it.
    let staging = Staging::begin(out);
    staging.put_known(record.clone(), hash).unwrap();
    assert_eq!(staging.commit().unwrap(), stats_unchanged(1));
    write_site(out, &site()).unwrap();
    assert!(!out.join("log").exists());
}

fn stats_unchanged(unchanged: usize) -> WriteStats {
    stats(0, unchanged, 0)
}

#[test]
fn a_file_named_by_its_hash_is_removed_when_the_build_is_abandoned() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let before = tree(out);
    let (record, hash) = by_hash("{\"v\":2}");
    let staging = Staging::begin(out);
    staging.put_known(record, hash).unwrap();
    drop(staging);
    assert_eq!(tree(out), before);
}

#[test]
fn a_broken_file_under_a_hash_name_is_replaced_at_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let (record, hash) = by_hash("{\"v\":3}");
    // A run killed while writing it left it cut short, unlisted.
    fs::create_dir_all(out.join("log/records")).unwrap();
    fs::write(dest_path(out, &record.path), "{\"v\"").unwrap();
    let staging = Staging::begin(out);
    staging.put_known(record.clone(), hash).unwrap();
    assert_eq!(
        read(out, &record.path),
        "{\"v\"",
        "replaced only at the commit"
    );
    staging.commit().unwrap();
    assert_eq!(read(out, &record.path), "{\"v\":3}");
}

#[test]
fn a_file_whose_hash_is_known_takes_its_name_only_at_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let shard = file("search/0.json", "[1]");
    // A folder that already holds a site: a new one is written directly.
    write_site(out, &site()).unwrap();
    let staging = Staging::begin(out);
    staging
        .put_known(shard.clone(), sha256_hex(&shard.bytes))
        .unwrap();
    assert!(
        !dest_path(out, &shard.path).exists(),
        "not named by its hash"
    );
    staging.commit().unwrap();
    assert_eq!(read(out, &shard.path), "[1]");
}

#[test]
fn a_commit_that_fails_putting_files_in_place_says_the_folder_is_partly_new() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    let staging = Staging::begin(out);
    staging.put(file("a.html", "changed")).unwrap();
    // Its new bytes wait beside it; take them away, as a failing disk would.
    let beside = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .find(|e| is_temp_name(&e.file_name().to_string_lossy()))
        .expect("the new a.html waits beside it");
    fs::remove_file(beside.path()).unwrap();
    let err = staging.commit().unwrap_err();
    assert!(Staging::partly_committed(&err), "{err}");
    assert!(err.to_string().starts_with("a.html："), "{err}");
    // A failure before any file took its name is not.
    let staging = Staging::begin(out);
    staging.put(file("b.html", "1")).unwrap();
    staging.put(file("b.html", "2")).unwrap();
    assert!(!Staging::partly_committed(&staging.commit().unwrap_err()));
}

#[test]
fn a_hand_placed_file_where_a_new_page_goes_is_named_not_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    write_site(out, &site()).unwrap();
    // By hand: a file where a new page's folder goes, and a folder with a
    // file of its own where a new page goes.
    fs::write(out.join("notes"), "mine").unwrap();
    fs::create_dir_all(out.join("about.html")).unwrap();
    fs::write(out.join("about.html/keep.txt"), "mine").unwrap();
    // And a file of its own under a new page's very name.
    fs::write(out.join("mine.html"), "mine").unwrap();
    let before = tree(out);
    for new in ["notes/index.html", "about.html", "mine.html"] {
        let mut files = site();
        files.push(file(new, "new page"));
        let err = write_site(out, &files).unwrap_err();
        assert!(err.to_string().contains("不是 gongkai 写的"), "{err}");
        assert_eq!(tree(out), before, "{new}");
    }
    // What a build of ours wrote may still give way to a new page.
    let mut files = site();
    files.push(file("old/page.html", "1"));
    write_site(out, &files).unwrap();
    let mut files = site();
    files.push(file("old", "now a file"));
    write_site(out, &files).unwrap();
    assert_eq!(read(out, "old"), "now a file");
}
