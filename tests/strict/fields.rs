//! Unknown fields are errors at their line; a thousands comma, a
//! full-width colon; no figure suggested from a record with an error;
//! `extra:` for the theme.

use super::*;

#[test]
fn the_fixtures_pass_without_any_finding() {
    let files = every_kind();
    let (site, diags) = check(&as_files(&files));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(site.is_some());
}

#[test]
fn an_unknown_field_is_an_error_in_every_kind_of_record() {
    for (path, _) in every_kind() {
        let files: Vec<(&str, String)> = every_kind()
            .into_iter()
            .map(|(p, text)| match p == path {
                true => (p, with_field(p, &text, "colour: 红色")),
                false => (p, text),
            })
            .collect();
        let text = &files.iter().find(|(p, _)| *p == path).unwrap().1;
        let d = one_error(&as_files(&files));
        assert_diag(&d, path, pos(text, "colour"), "未知字段 `colour`");
        assert_help(&d, "extra:");
    }
    let yaml = format!("{SITE_YAML}colour: 红色\n");
    let d = one_error(&[("site.yaml", &yaml)]);
    assert_diag(&d, "site.yaml", pos(&yaml, "colour"), "未知字段 `colour`");
}

#[test]
fn an_unknown_field_inside_braces_is_an_error_at_its_place() {
    let text = edit(
        FINANCE,
        "item: 办公用品,",
        "item: 办公用品, remark: 经办人王某,",
    );
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(&d, FINANCE_MD, pos(&text, "remark"), "未知字段 `remark`");
    assert_help(&d, "date、voucher、item");
}

#[test]
fn a_thousands_comma_inside_braces_is_named_with_the_amount_to_write() {
    // `expense: 12,850.00` inside `{ }` reads as `expense: 12` and a key
    // `850.00`: the page would have shown 12.00 and a wrong closing balance.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "12,850.00"),
        "金额 12,850.00 被逗号拆开了：花括号里的金额不要写千位逗号，写 12850.00",
    );
    // The caret covers the whole number as written.
    let span = d.span.unwrap();
    assert_eq!(&text[span.start..span.end], "12,850.00");
}

#[test]
fn a_number_split_twice_and_a_count_are_named_too() {
    let text = edit(FINANCE, "income: \"20000\"", "income: 1,020,000");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "1,020,000"),
        "金额 1,020,000 被逗号拆开了",
    );
    assert!(d.message.ends_with("写 1020000"), "{d:#?}");

    let text = edit(
        DECISION,
        "expected: 40, present: 35",
        "expected: 1,040, present: 35",
    );
    let d = one_error(&[(DECISION_MD, &text)]);
    assert_diag(
        &d,
        DECISION_MD,
        pos(&text, "1,040"),
        "数字 1,040 被逗号拆开了：花括号里的数字不要写千位逗号，写 1040",
    );
}

#[test]
fn no_hint_suggests_a_figure_computed_from_a_record_with_an_error() {
    // The closing balance is wrong as well, but with 12 read for 12,850.00
    // the computed figure would be wrong too: only the comma is reported.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let text = edit(&text, "closing_balance: 20140.00", "closing_balance: 1.00");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert!(d.message.contains("被逗号拆开了"), "{d:#?}");

    // Any other mistake in the record holds the closing check back too.
    let text = edit(
        FINANCE,
        "closing_balance: 20140.00",
        "closing_balance: 1.00",
    );
    let text = edit(
        &text,
        "category: finance\n",
        "category: finance\nremark: x\n",
    );
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(&d, FINANCE_MD, pos(&text, "remark"), "未知字段");

    // A vote count split by a comma: no quorum figure is worked out from it.
    let text = edit(DECISION, "present: 35, for: 33", "present: 35, for: 3,3");
    let d = one_error(&[(DECISION_MD, &text)]);
    assert_diag(&d, DECISION_MD, pos(&text, "3,3"), "数字 3,3 被逗号拆开了");

    // An indicator whose group row is misread: no sum is suggested.
    let groups = "\
title: 民主评议
unit: 名
measure: stock
groups: [好, 差]
partition: true
data:
  - { period: 2013, unit: xiguan, value: 1200 }
  - { period: 2013, unit: xiguan, group: 好, value: 1,150 }
  - { period: 2013, unit: xiguan, group: 差, value: 50 }
";
    let d = one_error(&[("indicators/review.yaml", groups)]);
    assert_diag(
        &d,
        "indicators/review.yaml",
        pos(groups, "1,150"),
        "数字 1,150 被逗号拆开了",
    );
}

#[test]
fn a_full_width_colon_inside_braces_is_named_at_the_colon() {
    // `voucher：记-012` inside `{ }` is one key; the voucher was dropped.
    let text = edit(FINANCE, "voucher: 记-012", "voucher：记-012");
    let d = one_error(&[(FINANCE_MD, &text)]);
    assert_diag(
        &d,
        FINANCE_MD,
        pos(&text, "："),
        "字段 `voucher` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `voucher: 记-012`",
    );
}

#[test]
fn extra_is_passed_to_the_templates_and_never_checked() {
    let extra = "extra: { banner: 春耕备耕专题, order: 3, show_map: true, staff: [王某, 李某], nested: { any: [1, {x: y}] } }";
    let mut files: Vec<(&str, String)> = every_kind()
        .into_iter()
        .map(|(path, text)| (path, with_field(path, &text, extra)))
        .collect();
    files.push((
        "site.yaml",
        format!("{SITE_YAML}extra: {{ motto: 公开透明 }}\n"),
    ));
    // A theme that shows the extra data of a disclosure, a plan, an
    // indicator, a report and a page, and of site.yaml.
    let show = "{{ site.extra.motto }}|{{ extra.banner }}|{{ extra.order + 1 }}|{% if extra.show_map %}地图{% endif %}|{{ extra.staff | join(sep=\"、\") }}";
    for template in ["disclosure", "plan", "indicator", "report", "page"] {
        files.push((
            match template {
                "disclosure" => "themes/default/templates/disclosure.html",
                "plan" => "themes/default/templates/plan.html",
                "indicator" => "themes/default/templates/indicator.html",
                "report" => "themes/default/templates/report.html",
                _ => "themes/default/templates/page.html",
            },
            show.to_string(),
        ));
    }
    let (site, diags) = check(&as_files(&files));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(site.is_some());
    let dir = common::site(&as_files(&files));
    let out = tempfile::tempdir().unwrap();
    if let Err(report) = gongkai::site::build(&options(dir.path()), out.path()) {
        panic!("{}", report.render());
    }
    for page in [
        "disclosures/2013/xiguan-q2/index.html",
        "plans/2013/index.html",
        "indicators/pear-grafting/index.html",
        "reports/2013/h1/index.html",
        "pages/about/index.html",
    ] {
        let html = fs::read_to_string(out.path().join(page)).unwrap();
        assert_eq!(html, "公开透明|春耕备耕专题|4|地图|王某、李某", "{page}");
    }
}

#[test]
fn warnings_never_change_a_figure() {
    // What used to be a warning about an ignored field is an error now:
    // no run that has a finding about a field builds a site.
    let text = edit(FINANCE, "expense: 860.00", "expense: 12,850.00");
    let (site, diags) = check(&[(FINANCE_MD, &text)]);
    assert!(site.is_none());
    assert!(
        diags.iter().all(|d| d.severity == Severity::Error),
        "{diags:#?}"
    );
}

#[test]
fn fields_that_were_read_and_dropped_are_shown() {
    // A page's corrections and a plan item's note were accepted and then
    // left out of the page without a word.
    let page = edit(
        PAGE,
        "title: 关于本网站\n",
        "title: 关于本网站\npublished: 2013-05-01\ncorrections: [{ date: 2013-06-01, reason: 更正联系电话 }]\n",
    );
    let plan = edit(
        PLAN,
        "    due: 2013-06-30\n",
        "    due: 2013-06-30\n    note: 与西关村合作社共同实施\n",
    );
    let mut files = every_kind();
    files.retain(|(p, _)| *p != PAGE_MD && *p != PLAN_YAML);
    files.push((PAGE_MD, page));
    files.push((PLAN_YAML, plan));
    let dir = common::site(&as_files(&files));
    let out = tempfile::tempdir().unwrap();
    if let Err(report) = gongkai::site::build(&options(dir.path()), out.path()) {
        panic!("{}", report.render());
    }
    let about = fs::read_to_string(out.path().join("pages/about/index.html")).unwrap();
    assert!(about.contains("更正联系电话"), "{about}");
    let plan = fs::read_to_string(out.path().join("plans/2013/index.html")).unwrap();
    assert!(plan.contains("备注：与西关村合作社共同实施"), "{plan}");
}

#[test]
fn a_csv_column_or_value_the_reader_does_not_take_is_an_error() {
    let indicator =
        "title: 玉露香梨高接换优面积\nunit: 亩\nmeasure: flow\ncsv: pear-grafting.csv\n";
    let csv_path = "indicators/pear-grafting.csv";
    let with_csv = |csv: &str| check(&[(INDICATOR_YAML, indicator), (csv_path, csv)]);
    // An unknown column, such as a remark, would be dropped.
    let csv = "period,unit,value,备注\n2013,xiguan,300,春季\n";
    let (site, diags) = with_csv(csv);
    assert!(site.is_none());
    let d = errors(&diags)[0].clone();
    assert_diag(
        &d,
        csv_path,
        pos(csv, "备注"),
        "CSV 的列“备注”gongkai 不认识",
    );
    // A thousands comma makes a row one field longer than the header.
    let csv = "period,unit,value\n2013-Q1,xiguan,1,200\n2013-Q2,xiguan,300\n";
    let (site, diags) = with_csv(csv);
    assert!(site.is_none());
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{diags:#?}");
    assert_diag(
        errs[0],
        csv_path,
        pos(csv, "2013-Q1"),
        "比第一行的列名多 1 项",
    );
    assert_help(errs[0], "不要写千位逗号");
}
