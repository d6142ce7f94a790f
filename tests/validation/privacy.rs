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
