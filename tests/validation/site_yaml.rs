//! site.yaml: settings and units.

use super::*;

// --------------------------------------------------------------- site.yaml

#[test]
fn site_without_title() {
    let yaml = edit(SITE_YAML, "title: 示例镇党务村务财务公开网\n", "");
    let d = site_error(&yaml);
    assert_diag(&d, "site.yaml", (1, 1), "缺少必填字段 `title`");
}

#[test]
fn site_base_url_not_a_full_address() {
    let yaml = edit(
        SITE_YAML,
        "https://gongkai.shili.test/",
        "gongkai.shili.test",
    );
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos(&yaml, "gongkai.shili.test"),
        "`base_url` 应为完整网址",
    );
    assert_help(&d, "https://");
}

#[test]
fn site_unknown_unit_kind() {
    let yaml = edit(SITE_YAML, "kind: branch", "kind: town");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos_in(&yaml, "kind: town", "town"),
        "`kind` 不能是“town”",
    );
    assert_help(&d, "village");
}

#[test]
fn site_duplicate_unit_id() {
    let yaml = format!("{SITE_YAML}  - {{ id: xiguan, name: 西关新村, kind: village }}\n");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos_in(&yaml, "id: xiguan, name: 西关新村", "xiguan"),
        "单位代码 `xiguan` 重复",
    );
}

#[test]
fn site_unit_id_with_capitals_and_underscore() {
    let yaml = edit(SITE_YAML, "id: jiguan", "id: Ji_guan");
    let d = site_error(&yaml);
    assert_diag(
        &d,
        "site.yaml",
        pos(&yaml, "Ji_guan"),
        "只能用小写字母、数字和连字符",
    );
}

#[test]
fn site_yaml_mistakes_all_reported_together() {
    // A township without its name does not hide the unit after it.
    let yaml = edit(SITE_YAML, "{ id: shili, name: 示例镇 }", "{ id: shili }");
    let yaml = edit(&yaml, "kind: branch", "kind: town");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{diags:#?}");
    assert_diag(
        errs[0],
        "site.yaml",
        pos(&yaml, "{ id: shili }"),
        "缺少必填字段 `name`",
    );
    assert_diag(
        errs[1],
        "site.yaml",
        pos_in(&yaml, "kind: town", "town"),
        "`kind` 不能是“town”",
    );
}

// ---------------------------------------------------------------- identity

const IDENTITY: &str = "\
identity:
  organizer: 示例县示例镇人民政府
  site_code: \"1410000001\"
  icp: 晋ICP备12345678号-1
  police: 晋公网安备 14010502000123号
";

#[test]
fn site_identity_written_correctly_passes() {
    let yaml = format!("{SITE_YAML}{IDENTITY}");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_some(), "{diags:#?}");
    assert!(errors(&diags).is_empty(), "{diags:#?}");
}

#[test]
fn site_identity_fields_left_empty_are_not_errors() {
    let yaml =
        format!("{SITE_YAML}identity:\n  organizer:\n  site_code: \"\"\n  icp:\n  police: \"\"\n");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_some(), "{diags:#?}");
    assert!(errors(&diags).is_empty(), "{diags:#?}");
}

#[test]
fn site_identity_numbers_of_the_wrong_shape_are_each_reported_at_their_line() {
    let yaml = format!("{SITE_YAML}{IDENTITY}");
    let yaml = edit(&yaml, "\"1410000001\"", "\"141000001\"");
    let yaml = edit(&yaml, "晋ICP备12345678号-1", "晋ICP备1234567");
    let yaml = edit(&yaml, "14010502000123号", "1401050200012号");
    let (site, diags) = check(&[("site.yaml", &yaml)]);
    assert!(site.is_none(), "a wrong filing number fails the check");
    let errs = errors(&diags);
    assert_eq!(errs.len(), 3, "{diags:#?}");
    assert_diag(
        errs[0],
        "site.yaml",
        pos(&yaml, "\"141000001\""),
        "网站标识码应为10位数字",
    );
    assert_help(errs[0], "site_code: \"1410000001\"");
    assert_diag(
        errs[1],
        "site.yaml",
        pos(&yaml, "晋ICP备1234567"),
        "ICP备案号的写法不对",
    );
    assert_help(errs[1], "晋ICP备12345678号-1");
    assert_diag(
        errs[2],
        "site.yaml",
        pos(&yaml, "晋公网安备"),
        "公安机关备案号的写法不对",
    );
    assert_help(errs[2], "14位数字");
}

#[test]
fn site_identity_unknown_field_and_unknown_province() {
    let yaml = format!("{SITE_YAML}{IDENTITY}");
    let yaml = edit(&yaml, "晋ICP备", "美ICP备");
    let d = site_error(&yaml);
    assert_diag(&d, "site.yaml", pos(&yaml, "美ICP备"), "ICP备案号");
    let yaml = format!("{SITE_YAML}{IDENTITY}  sponsor: 某单位\n");
    let d = site_error(&yaml);
    assert_eq!(d.path, "site.yaml");
    assert!(d.message.contains("sponsor"), "{d:#?}");
}
