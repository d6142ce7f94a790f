//! Personal data in published text.

use super::*;

// ----------------------------------------------------------- personal data

#[test]
fn mobile_number_in_body_is_an_error_at_its_line() {
    let text = format!("{NOTICE}\n如有异议，请联系 13812345678。\n");
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "13812345678"),
        "发现手机号“138****5678”",
    );
    assert!(
        !d.message.contains("13812345678")
            && !d.help.as_deref().unwrap_or("").contains("13812345678"),
        "the report must not repeat the number: {d:#?}"
    );
}

#[test]
fn id_number_in_a_field_is_an_error_at_its_place() {
    let text = edit(
        NOTICE,
        "title: 西关村低保评议结果公示",
        "title: 西关村低保评议结果公示（户主身份证350102199003071234）",
    );
    let d = one_error(&[(NOTICE_MD, &text)]);
    assert_diag(
        &d,
        NOTICE_MD,
        pos(&text, "350102199003071234"),
        "发现身份证号“35**************34”",
    );
}

#[test]
fn privacy_mask_publishes_only_the_masked_number() {
    let yaml = edit(SITE_YAML, "privacy: error", "privacy: mask");
    // site.yaml is published too: its footer contact is masked like a record.
    let yaml = format!("{yaml}contact: {{ office: 党政办, phone: 13912345678 }}\n");
    let text = format!("{NOTICE}\n如有异议，请联系 13812345678。\n");
    let csv = "姓名,身份证号\n张某,350102199003071234\n";
    let dir = site(&[
        ("site.yaml", &yaml),
        (NOTICE_MD, &text),
        ("static/attachments/名单.csv", csv),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (built, report) = gongkai::site::build(&options(dir.path()), out.path())
        .unwrap_or_else(|r| panic!("build failed:\n{}", r.render()));
    assert!(report.diagnostics.is_empty(), "{}", report.render());
    assert!(built.files > 0);

    let page = std::fs::read_to_string(out.path().join("disclosures/2013/xiguan-dibao/index.html"))
        .expect("the notice's page");
    assert!(page.contains("138****5678"), "masked number on the page");
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home page");
    assert!(home.contains("139****5678"), "masked contact in the footer");
    let list = std::fs::read_to_string(out.path().join("static/attachments/名单.csv"))
        .expect("the attachment");
    assert!(list.contains("35**************34"), "{list}");
    for (path, bytes) in snapshot(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        for number in ["13812345678", "13912345678", "350102199003071234"] {
            assert!(!text.contains(number), "{number} in {path}");
        }
    }
}

/// A number that YAML's escapes or folding, or Markdown's and HTML's
/// markup, put together on the page is found though the file never writes
/// it whole, and is an error in either `privacy:` mode: masking the file's
/// digits cannot reach it.
#[test]
fn numbers_put_together_by_yaml_or_markup_are_errors_in_either_mode() {
    let hidden = [
        // A YAML escape in a quoted title.
        edit(
            NOTICE,
            "title: 西关村低保评议结果公示",
            "title: \"西关村低保评议结果公示，联系\\x31\\x33812345678\"",
        ),
        // A quoted title continued on the next line with a backslash.
        edit(
            NOTICE,
            "title: 西关村低保评议结果公示",
            "title: \"西关村低保评议结果公示，联系138\\\n  12345678\"",
        ),
        format!("{NOTICE}\n如有异议，请联系 138**1234**5678。\n"),
        format!("{NOTICE}\n如有异议，请联系 &#49;3812345678。\n"),
        format!("{NOTICE}\n如有异议，请联系 138<span>1234</span>5678。\n"),
    ];
    for mode in ["privacy: error", "privacy: mask"] {
        let yaml = edit(SITE_YAML, "privacy: error", mode);
        for text in &hidden {
            let (site, diags) = check(&[("site.yaml", &yaml), (NOTICE_MD, text)]);
            let found: Vec<_> = errors(&diags)
                .into_iter()
                .filter(|d| d.path == NOTICE_MD && d.message.contains("完整的"))
                .collect();
            assert!(
                site.is_none() && !found.is_empty(),
                "{mode}: not refused:\n{text}\n{diags:#?}"
            );
        }
    }
}

/// Numbers written with wider gaps, slashes, a Latin label or a line break
/// in them are found by the scan of the file, so `privacy: mask` masks
/// them and `privacy: error` refuses them.
#[test]
fn numbers_with_wide_gaps_labels_or_line_breaks_are_found() {
    for text in [
        format!("{NOTICE}\n如有异议，请联系 138 - 1234 - 5678。\n"),
        format!("{NOTICE}\n如有异议，请联系 138/1234/5678。\n"),
        format!("{NOTICE}\n如有异议，请联系 TEL13812345678。\n"),
        format!("{NOTICE}\n户主身份证 11010519491231\n002X。\n"),
    ] {
        let (site, diags) = check(&[(NOTICE_MD, &text)]);
        assert!(
            site.is_none() && errors(&diags).iter().any(|d| d.message.starts_with("发现")),
            "not refused:\n{text}\n{diags:#?}"
        );
    }
}
