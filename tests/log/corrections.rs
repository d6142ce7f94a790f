use super::*;

// ---- no silent edits ----

#[test]
fn a_silent_edit_is_refused_naming_what_changed() {
    let s = Logged::new(&[("disclosures/2013/q2.md", FINANCE)]);
    s.build(TODAY);
    let log_before = snapshot(&s.log_dir());
    let out_before = snapshot(s.out.path());
    let silent = silently_edited_finance();
    s.write("disclosures/2013/q2.md", &silent);
    let report = s.try_build(date(2013, 7, 8)).err().expect("refused");
    let text = report.render();
    assert!(text.contains("disclosures/2013/q2.md"), "{text}");
    assert!(text.contains("却没有新的更正记录"), "{text}");
    assert!(text.contains("账目 第1笔支出 860.00 → 880.00"), "{text}");
    assert!(
        text.contains("账目 期末余额 20,140.00 → 20,120.00"),
        "{text}"
    );
    assert!(text.contains("corrections"), "{text}");
    assert_eq!(log_before, snapshot(&s.log_dir()));
    assert_eq!(out_before, snapshot(s.out.path()));
    // check says so too, before anyone builds.
    let (site, report) = site::check(&s.options(date(2013, 7, 8)));
    assert!(site.is_none());
    assert!(report.render().contains("却没有新的更正记录"));

    // A correction dated before the logged version does not count.
    let backdated = silent.replace(
        "category: finance\n",
        "category: finance\ncorrections:\n  - { date: 2013-07-04, reason: 补记 }\n",
    );
    s.write("disclosures/2013/q2.md", &backdated);
    assert!(s.try_build(date(2013, 7, 8)).is_err());

    // With a new correction the edit is the record's second version, and
    // the first stays readable with the old figure.
    s.write("disclosures/2013/q2.md", &corrected_finance());
    s.build(date(2013, 7, 8));
    let entries = s.entries();
    assert_eq!(entries[1].reason.as_deref(), Some("第1笔支出金额录入错误"));
    let v1 = fs::read_to_string(
        s.out
            .path()
            .join(format!("log/records/{}.json", entries[0].record)),
    )
    .unwrap();
    assert!(v1.contains("\"expense\":\"860.00\""), "{v1}");
}

// ---- no silent deletions; withdrawal ----

#[test]
fn a_deleted_record_is_refused() {
    let s = two_records();
    s.build(TODAY);
    let out_before = snapshot(s.out.path());
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    let report = s.try_build(date(2013, 7, 9)).err().expect("refused");
    let text = report.render();
    assert!(text.contains("disclosures/2013/notice.md"), "{text}");
    assert!(text.contains("文件却被删除了"), "{text}");
    assert!(text.contains("withdrawn:"), "{text}");
    assert_eq!(out_before, snapshot(s.out.path()));

    // Nor may it become a draft again.
    s.write(
        "disclosures/2013/notice.md",
        &NOTICE.replace("category: village\n", "category: village\ndraft: true\n"),
    );
    let report = s.try_build(date(2013, 7, 9)).err().expect("refused");
    assert!(
        report.render().contains("不能再改为草稿或推迟发布日期"),
        "{}",
        report.render()
    );
}

#[test]
fn a_withdrawal_keeps_the_page_marked_and_is_logged() {
    let s = two_records();
    s.build(TODAY);
    let withdrawn = NOTICE.replace(
        "category: village\n",
        "category: village\nwithdrawn: { date: 2013-07-09, reason: 评议结果有误，重新评议后另行公示 }\n",
    );
    s.write("disclosures/2013/notice.md", &withdrawn);
    // Written ahead of its date: the file changed (a version, needing no
    // correction note), but the record is not withdrawn yet.
    s.build(date(2013, 7, 8));
    let entries = s.entries();
    assert_eq!(entries.len(), 3);
    assert_eq!((entries[2].version, entries[2].withdrawn), (2, None));
    let page = s.out.path().join("disclosures/2013/notice/index.html");
    assert!(!fs::read_to_string(&page).unwrap().contains("已撤回"));
    // On its date the withdrawal is a version of its own.
    s.build(date(2013, 7, 9));
    let entries = s.entries();
    let last = entries.last().unwrap();
    assert_eq!(
        (last.path.as_str(), last.version),
        ("disclosures/2013/notice.md", 3)
    );
    assert_eq!(last.record, entries[2].record);
    assert_eq!(last.withdrawn, Some(date(2013, 7, 9)));
    assert_eq!(
        last.reason.as_deref(),
        Some("撤回：评议结果有误，重新评议后另行公示")
    );
    let page = fs::read_to_string(s.out.path().join("disclosures/2013/notice/index.html")).unwrap();
    assert!(page.contains("已撤回"), "{page}");
    assert!(page.contains("评议结果有误，重新评议后另行公示"), "{page}");
    assert!(
        page.contains("经村民代表会议评议"),
        "the withdrawn text stays readable"
    );

    // A withdrawn record's file still may not go.
    fs::remove_file(s.site.path().join("disclosures/2013/notice.md")).unwrap();
    assert!(s.try_build(date(2013, 7, 10)).is_err());
}

#[test]
fn a_withdrawal_before_publication_is_an_error_at_its_line() {
    let text = NOTICE.replace(
        "category: village\n",
        "category: village\nwithdrawn: { date: 2013-07-01, reason: 重复 }\n",
    );
    let e = one_error(&[("disclosures/2013/notice.md", &text)]);
    assert!(
        e.message.contains("撤回日期") && e.message.contains("早于发布日期"),
        "{}",
        e.message
    );
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), pos(&text, "2013-07-01"));
}
