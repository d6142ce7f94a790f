//! `gongkai import`: a real .xlsx made here with a writer crate, and CSV
//! files; the expected ledger and indicator, and each bad row's error.

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::Path;

mod common;
use common::example_site;

const TODAY: &str = "2013-07-05";

fn gongkai() -> Command {
    Command::cargo_bin("gongkai").unwrap()
}

fn check(site: &Path) {
    let out = gongkai()
        .args(["check", "--today", TODAY, "--site"])
        .arg(site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A ledger sheet as clerks keep them: a title row, the columns in their
/// own order, real Excel dates beside typed ones, numbers and text amounts,
/// a formula, and a totals line.
fn good_ledger(path: &Path) {
    let mut book = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("封面").unwrap();
    ws.write_string(0, 0, "西关村2013年二季度财务").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("二季度明细账").unwrap();
    ws.write_string(0, 0, "西关村2013年第二季度明细账").unwrap();
    for (col, name) in ["摘要", "日期", "收入（元）", "支出（元）", "凭证号", "科目"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, col as u16, *name).unwrap();
    }
    let d = |m, day| ExcelDateTime::from_ymd(2013, m, day).unwrap();
    // row 3: Excel date, number expense
    ws.write_string(2, 0, "办公用品").unwrap();
    ws.write_datetime_with_format(2, 1, d(4, 8), &date_fmt)
        .unwrap();
    ws.write_number(2, 3, 860).unwrap();
    ws.write_string(2, 4, "记-012").unwrap();
    ws.write_string(2, 5, "管理费支出").unwrap();
    // row 4: typed date, text amount with thousands separator
    ws.write_string(3, 0, "上级转移支付").unwrap();
    ws.write_string(3, 1, "2013/4/10").unwrap();
    ws.write_string(3, 2, "20,000.00").unwrap();
    ws.write_string(3, 4, "记-013").unwrap();
    ws.write_string(3, 5, "补助收入").unwrap();
    // rows 5-6: 0.1 and 0.2 as numbers; row 7: a formula =0.1+0.2
    ws.write_string(4, 0, "利息").unwrap();
    ws.write_datetime_with_format(4, 1, d(5, 1), &date_fmt)
        .unwrap();
    ws.write_number(4, 2, 0.1).unwrap();
    ws.write_string(4, 4, "记-014").unwrap();
    ws.write_string(5, 0, "利息").unwrap();
    ws.write_datetime_with_format(5, 1, d(6, 1), &date_fmt)
        .unwrap();
    ws.write_number(5, 2, 0.2).unwrap();
    ws.write_number(5, 3, 0).unwrap();
    ws.write_string(5, 4, "记-015").unwrap();
    ws.write_string(6, 0, "利息补记，含逗号: 和冒号").unwrap();
    ws.write_string(6, 1, "2013年6月2日").unwrap();
    ws.write_formula(
        6,
        2,
        Formula::new("=0.1+0.2").set_result("0.30000000000000004"),
    )
    .unwrap();
    ws.write_string(6, 4, "记-016").unwrap();
    // row 8: totals line without a date
    ws.write_string(7, 0, "本季合计").unwrap();
    ws.write_number(7, 2, 20000.6).unwrap();
    ws.write_number(7, 3, 860).unwrap();
    book.save(path).unwrap();
}

#[test]
fn ledger_sheet_becomes_a_finance_disclosure() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("西关村二季度明细账.xlsx");
    good_ledger(&xlsx);
    let out = site.join("disclosures/2013/西关村二季度导入.md");
    gongkai()
        .arg("import")
        .arg(&xlsx)
        .arg(&out)
        .args([
            "--unit",
            "西关村",
            "--opening-balance",
            // The first quarter's closing balance: the ledgers chain.
            "134025.98",
            "--today",
            TODAY,
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("二季度明细账"));
    let text = std::fs::read_to_string(&out).unwrap();
    let entries: Vec<&str> = text.lines().filter(|l| l.starts_with("    - {")).collect();
    assert_eq!(
        entries,
        [
            "    - { date: 2013-04-08, voucher: 记-012, item: 办公用品, class: 管理费支出, expense: 860.00 }",
            "    - { date: 2013-04-10, voucher: 记-013, item: 上级转移支付, class: 补助收入, income: 20000.00 }",
            "    - { date: 2013-05-01, voucher: 记-014, item: 利息, income: 0.10 }",
            "    - { date: 2013-06-01, voucher: 记-015, item: 利息, income: 0.20 }",
            "    - { date: 2013-06-02, voucher: 记-016, item: \"利息补记，含逗号: 和冒号\", income: 0.30 }",
        ],
        "{text}"
    );
    assert!(text.contains("unit: xiguan"));
    assert!(text.contains("period: 2013-Q2"));
    assert!(
        text.contains("title: 西关村2013年第二季度财务公开"),
        "{text}"
    );
    // 134025.98 − 860 + 20000 + 0.1 + 0.2 + 0.3, exactly.
    assert!(text.contains("closing_balance: 153166.58"), "{text}");
    check(&site);
}

#[test]
fn import_never_overwrites() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("账.xlsx");
    good_ledger(&xlsx);
    let out = site.join("disclosures/2013/xiguan-2013q1-finance.md");
    let before = std::fs::read(&out).unwrap();
    gongkai()
        .arg("import")
        .arg(&xlsx)
        .arg(&out)
        .args(["--unit", "西关村"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("不会覆盖"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

/// A record file that cannot be written is a failure of the run (exit 1)
/// naming the path, not a usage error: the command was given right.
#[test]
fn a_record_file_that_cannot_be_written_is_exit_1_with_its_path() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("账.xlsx");
    good_ledger(&xlsx);
    // A file where the record's folder should be: the folder cannot be made.
    let blocker = site.join("disclosures/2014");
    std::fs::write(&blocker, "not a folder").unwrap();
    gongkai()
        .arg("import")
        .arg(&xlsx)
        .arg(blocker.join("xiguan-q2.md"))
        .args(["--unit", "西关村", "--today", TODAY, "--site"])
        .arg(&site)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("disclosures/2014"));
}

#[test]
fn each_bad_row_names_sheet_row_and_column() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("坏账.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("明细").unwrap();
    for (col, name) in ["日期", "凭证号", "摘要", "科目", "收入", "支出"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *name).unwrap();
    }
    // row 2: good
    ws.write_string(1, 0, "2013-04-08").unwrap();
    ws.write_string(1, 1, "记-1").unwrap();
    ws.write_string(1, 2, "办公用品").unwrap();
    ws.write_number(1, 5, 860).unwrap();
    // row 3: a date no calendar has
    ws.write_string(2, 0, "2013/13/45").unwrap();
    ws.write_string(2, 1, "记-2").unwrap();
    ws.write_string(2, 2, "电费").unwrap();
    ws.write_number(2, 5, 100).unwrap();
    // row 4: an amount with three decimals
    ws.write_string(3, 0, "2013-04-09").unwrap();
    ws.write_string(3, 1, "记-3").unwrap();
    ws.write_string(3, 2, "水费").unwrap();
    ws.write_string(3, 5, "12.345").unwrap();
    // row 5: both income and expense
    ws.write_string(4, 0, "2013-04-10").unwrap();
    ws.write_string(4, 1, "记-4").unwrap();
    ws.write_string(4, 2, "往来款").unwrap();
    ws.write_number(4, 4, 50).unwrap();
    ws.write_number(4, 5, 50).unwrap();
    // row 6: text that is not an amount
    ws.write_string(5, 0, "2013-04-11").unwrap();
    ws.write_string(5, 1, "记-5").unwrap();
    ws.write_string(5, 2, "修路").unwrap();
    ws.write_string(5, 4, "三百元").unwrap();
    // row 7: a voucher used twice
    ws.write_string(6, 0, "2013-04-12").unwrap();
    ws.write_string(6, 1, "记-1").unwrap();
    ws.write_string(6, 2, "办公用品").unwrap();
    ws.write_number(6, 5, 10).unwrap();
    book.save(&xlsx).unwrap();
    let out = site.join("disclosures/2013/bad.md");
    let assert = gongkai()
        .arg("import")
        .arg(&xlsx)
        .arg(&out)
        .args(["--unit", "xiguan"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for expected in [
        "坏账.xlsx（工作表 明细）第 3 行 A 列（日期）: 错误：“2013/13/45”不是有效的日期",
        "坏账.xlsx（工作表 明细）第 4 行 F 列（支出）: 错误：金额“12.345”有误",
        "坏账.xlsx（工作表 明细）第 5 行 F 列（支出）: 错误：这一行既有收入又有支出",
        "坏账.xlsx（工作表 明细）第 6 行 E 列（收入）: 错误：金额“三百元”有误",
        "坏账.xlsx（工作表 明细）第 7 行 B 列（凭证号）: 错误：凭证号 记-1 与第 2 行重复",
        "未导入：5 个错误",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!out.exists(), "nothing is written when a row is wrong");
}

#[test]
fn dates_outside_the_period_are_errors() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("账.xlsx");
    good_ledger(&xlsx);
    gongkai()
        .arg("import")
        .arg(&xlsx)
        .arg(site.join("disclosures/2013/q1.md"))
        .args(["--unit", "西关村", "--period", "2013-Q1"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "账.xlsx（工作表 二季度明细账）第 3 行 B 列（日期）: 错误：记账日期 2013-04-08 不在期间 2013-Q1",
        ));
}

#[test]
fn indicator_sheet_maps_unit_names_to_ids() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("指标.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("玉露香梨高接换优面积").unwrap();
    for (col, name) in ["单位", "期间", "数值（亩）"].iter().enumerate() {
        ws.write_string(0, col as u16, *name).unwrap();
    }
    let rows = [
        ("西关村", "2012", 300.0),
        ("西关村", "2013-H1", 450.5),
        ("东庄村", "2013-H1", 120.0),
    ];
    for (i, (unit, period, value)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *unit).unwrap();
        if *period == "2012" {
            ws.write_number(r, 1, 2012).unwrap();
        } else {
            ws.write_string(r, 1, *period).unwrap();
        }
        ws.write_number(r, 2, *value).unwrap();
    }
    book.save(&xlsx).unwrap();
    let out = site.join("indicators/imported-grafting.yaml");
    let text = imported(&xlsx, &out);
    assert!(text.contains("title: 玉露香梨高接换优面积"), "{text}");
    assert!(text.contains("unit: 亩"), "{text}");
    let data = data_lines(&text);
    assert_eq!(
        data,
        [
            "  - { period: 2012, unit: xiguan, value: 300 }",
            "  - { period: 2013-H1, unit: xiguan, value: 450.5 }",
            "  - { period: 2013-H1, unit: dongzhuang, value: 120 }",
        ]
    );
    check(&site);
}

#[test]
fn indicator_csv_errors_name_row_and_column() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("评议.csv");
    std::fs::write(
        &csv,
        "\u{feff}期间,单位,分组,数值\n2014,西关村,好,379\n2014,西关,好,10\n2014-Q5,东庄村,好,1\n2014,西关村,好,3\n2014,东庄村,差,x\n",
    )
    .unwrap();
    let assert = gongkai()
        .arg("import")
        .arg(&csv)
        .arg(site.join("indicators/pingyi.yaml"))
        .args(["--measure-unit", "人"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for expected in [
        "评议.csv 第 3 行 B 列（单位）: 错误：单位“西关”不在 site.yaml 的 units 中",
        "评议.csv 第 4 行 A 列（期间）: 错误：“2014-Q5”不是有效的期间",
        "评议.csv 第 5 行 A 列（期间）: 错误：与第 2 行重复",
        "评议.csv 第 6 行 D 列（数值）: 错误：“x”不是数字",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!site.join("indicators/pingyi.yaml").exists());
}

#[test]
fn ledger_csv_in_gbk_is_read() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("账.csv");
    let text = "日期,凭证号,摘要,科目,收入,支出\n2013-04-08,记-1,办公用品,管理费支出,,860\n2013-04-10,记-2,转移支付,补助收入,\"20,000.00\",\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&csv, gbk).unwrap();
    let out = site.join("disclosures/2013/csv.md");
    gongkai()
        .arg("import")
        .arg(&csv)
        .arg(&out)
        // A village with no ledger before, so an opening balance of 0 chains.
        .args(["--unit", "北坡村", "--today", TODAY])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("item: 转移支付, class: 补助收入, income: 20000.00"),
        "{text}"
    );
    assert!(text.contains("closing_balance: 19140.00"), "{text}");
    check(&site);
}

#[test]
fn a_sheet_without_a_known_header_is_explained() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("x.csv");
    std::fs::write(&csv, "a,b\n1,2\n").unwrap();
    gongkai()
        .arg("import")
        .arg(&csv)
        .arg(site.join("disclosures/2013/x.md"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("找不到表头"));
}

/// Runs an import expected to fail on the clerk's sheet: exit 1, nothing
/// written; gives what it printed to standard error.
/// The errors of importing `file` as 北坡村's ledger `disclosures/2013/NAME`.
fn beipo_import_errors(file: &Path, site: &Path, name: &str) -> String {
    import_errors(
        file,
        &site.join("disclosures/2013").join(name),
        &["--unit", "北坡村"],
    )
}

/// Imports `file` to `out` with no options, and reads back what was written.
fn imported(file: &Path, out: &Path) -> String {
    gongkai()
        .arg("import")
        .arg(file)
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

/// The data lines of an imported indicator file.
fn data_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("  - {")).collect()
}

fn import_errors(file: &Path, out: &Path, args: &[&str]) -> String {
    let assert = gongkai()
        .arg("import")
        .arg(file)
        .arg(out)
        .args(args)
        .args(["--today", TODAY])
        .assert()
        .code(1);
    assert!(!out.exists(), "nothing is written when a cell is wrong");
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The errors of a workbook print as `check` prints a record's: the path
/// (file and sheet), the place (row and column letter, as the sheet shows
/// them, even when the data starts in column B), the message, then what
/// to write instead, every one in a single run.
#[test]
fn ledger_errors_name_file_sheet_row_and_column_in_one_run() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("西关村明细账.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("封面").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("二季度明细账").unwrap();
    // Column A is left empty: the sheet's letters start at B.
    ws.write_string(0, 1, "西关村2013年第二季度明细账").unwrap();
    for (col, name) in ["日期", "凭证号", "摘要", "收入", "支出"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, col as u16 + 1, *name).unwrap();
    }
    let rows = [
        ["2013-04-08", "记-1", "办公用品", "", "860"],
        ["2013-04-09", "记-2", "转移支付", "2,00.00", ""],
        ["2013-02-30", "记-3", "电费", "", "100"],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (col, value) in cells.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32 + 2, col as u16 + 1, *value)
                    .unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let stderr = import_errors(
        &xlsx,
        &site.join("disclosures/2013/q2.md"),
        &["--unit", "西关村"],
    );
    assert_eq!(
        stderr,
        "\
西关村明细账.xlsx（工作表 二季度明细账）第 4 行 E 列（收入）: 错误：“2,00.00”有误：逗号只能用作千位分隔
 = 提示：写作 12,345.60，或不写逗号：12345.60

西关村明细账.xlsx（工作表 二季度明细账）第 5 行 B 列（日期）: 错误：“2013-02-30”不是有效的日期
 = 提示：日期写作 2013-04-08（也认 2013/4/8、2013.4.8、2013年4月8日，或 Excel 的日期格式）

未导入：2 个错误，没有写出任何文件
"
    );
}

/// An indicator sheet's unit, period and value errors come in one run,
/// each at its cell, in the order of the sheet.
#[test]
fn indicator_errors_name_file_sheet_row_and_column_in_one_run() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("指标.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("高接换优面积").unwrap();
    for (col, name) in ["期间", "单位", "数值（亩）"].iter().enumerate() {
        ws.write_string(0, col as u16, *name).unwrap();
    }
    ws.write_string(1, 0, "2013").unwrap();
    ws.write_string(1, 1, "西关村").unwrap();
    ws.write_number(1, 2, 300).unwrap();
    // row 3: the value first (column C), then the unit (column B)
    ws.write_string(2, 0, "2013").unwrap();
    ws.write_string(2, 1, "西关").unwrap();
    ws.write_string(2, 2, "三百").unwrap();
    ws.write_string(3, 0, "2013-13").unwrap();
    ws.write_string(3, 1, "东庄村").unwrap();
    ws.write_number(3, 2, 120).unwrap();
    book.save(&xlsx).unwrap();
    let stderr = import_errors(&xlsx, &site.join("indicators/mianji.yaml"), &[]);
    let headlines: Vec<&str> = stderr.lines().filter(|l| l.contains(": 错误：")).collect();
    assert_eq!(
        headlines,
        [
            "指标.xlsx（工作表 高接换优面积）第 3 行 B 列（单位）: 错误：单位“西关”不在 site.yaml 的 units 中",
            "指标.xlsx（工作表 高接换优面积）第 3 行 C 列（数值）: 错误：“三百”不是数字",
            "指标.xlsx（工作表 高接换优面积）第 4 行 A 列（期间）: 错误：“2013-13”不是有效的期间；期间写作 2013、2013-H1（上半年）、2013-Q2（第二季度）或 2013-04（月份）",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains(" = 提示：可写：梨园镇、西关村、东庄村"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("未导入：3 个错误，没有写出任何文件\n"),
        "{stderr}"
    );
}

/// A site.yaml with errors is reported like `check` reports it, at its
/// line and column, not as a hint to go and run `check`.
#[test]
fn site_yaml_errors_are_shown_where_they_are() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("账.xlsx");
    good_ledger(&xlsx);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let broken = yaml.replace("notice_min_days: 5", "notice_min_days: 五天");
    assert_ne!(broken, yaml);
    std::fs::write(site.join("site.yaml"), broken).unwrap();
    let stderr = import_errors(
        &xlsx,
        &site.join("disclosures/2013/q2.md"),
        &["--unit", "西关村"],
    );
    let line = yaml
        .lines()
        .position(|l| l.starts_with("notice_min_days"))
        .unwrap()
        + 1;
    assert!(
        stderr.starts_with(&format!("site.yaml:{line}:18: 错误：")),
        "{stderr}"
    );
    assert!(stderr.contains("notice_min_days: 五天"), "{stderr}");
}

/// A totals line, dated or not, is not imported as an entry: it is the
/// sheet's own check of the entries above it, and a total that does not
/// match them is an error at its cell.
#[test]
fn totals_lines_are_checked_and_never_imported() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("账.csv");
    std::fs::write(
        &csv,
        "日期,凭证号,摘要,科目,收入,支出\n\
         2013-04-08,记-1,办公用品,管理费支出,,860\n\
         2013-04-10,记-2,转移支付,补助收入,20000,\n\
         2013-04-30,,本月合计,,20000,860\n\
         2013-05-08,记-3,报刊费,管理费支出,,100\n\
         2013-05-31,,本月 合计,,,100\n\
         2013-05-31,,本年累计,,20000,960\n",
    )
    .unwrap();
    let out = site.join("disclosures/2013/csv.md");
    gongkai()
        .arg("import")
        .arg(&csv)
        .arg(&out)
        .args(["--unit", "北坡村", "--today", TODAY])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("    - {")).count(),
        3,
        "{text}"
    );
    assert!(
        !text.contains("item: 本") && !text.contains("累计"),
        "{text}"
    );
    assert!(text.contains("closing_balance: 19040.00"), "{text}");

    let wrong = tmp.path().join("错账.csv");
    std::fs::write(
        &wrong,
        "日期,凭证号,摘要,科目,收入,支出\n\
         2013-07-08,记-1,办公用品,管理费支出,,860\n\
         2013-07-31,,本月合计,,,1334.50\n",
    )
    .unwrap();
    let errors = beipo_import_errors(&wrong, &site, "wrong.md");
    assert!(
        errors.contains("第 3 行") && errors.contains("1,334.50") && errors.contains("860.00"),
        "{errors}"
    );
}

/// A cell the sheet shows as a percentage is read as the percentage shown
/// (85% is 85, not 0.85) in a share, and written `measure: ratio`; in a
/// ledger, an amount shown as a percentage is an error at its cell.
#[test]
fn cells_shown_as_percentages_read_as_shown() {
    let (tmp, site) = example_site();
    let xlsx = tmp.path().join("参保率.xlsx");
    let mut book = Workbook::new();
    let pct = Format::new().set_num_format("0%");
    let ws = book.add_worksheet();
    ws.set_name("参保率").unwrap();
    for (col, name) in ["单位", "期间", "数值（%）"].iter().enumerate() {
        ws.write_string(0, col as u16, *name).unwrap();
    }
    ws.write_string(1, 0, "西关村").unwrap();
    ws.write_string(1, 1, "2013").unwrap();
    ws.write_number_with_format(1, 2, 0.85, &pct).unwrap();
    ws.write_string(2, 0, "东庄村").unwrap();
    ws.write_string(2, 1, "2013").unwrap();
    ws.write_number(2, 2, 92.5).unwrap();
    book.save(&xlsx).unwrap();
    let out = site.join("indicators/insured.yaml");
    let text = imported(&xlsx, &out);
    assert!(text.contains("measure: ratio"), "{text}");
    let data = data_lines(&text);
    assert_eq!(
        data,
        [
            "  - { period: 2013, unit: xiguan, value: 85 }",
            "  - { period: 2013, unit: dongzhuang, value: 92.5 }",
        ],
        "{text}"
    );
    check(&site);

    let ledger = tmp.path().join("账.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (col, name) in ["日期", "凭证号", "摘要", "科目", "收入", "支出"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *name).unwrap();
    }
    ws.write_string(1, 0, "2013-04-08").unwrap();
    ws.write_string(1, 1, "记-1").unwrap();
    ws.write_string(1, 2, "办公用品").unwrap();
    ws.write_number_with_format(1, 5, 0.5, &pct).unwrap();
    book.save(&ledger).unwrap();
    let errors = beipo_import_errors(&ledger, &site, "pct.md");
    assert!(errors.contains("百分比（50%）"), "{errors}");
}

/// A workbook that would take the reader's memory is refused by name: one
/// cell in the far corner of a sheet, or parts that unpack to far more
/// than any ledger.
#[test]
fn sprawling_or_bloated_workbooks_are_refused() {
    let (tmp, site) = example_site();
    let far = tmp.path().join("远.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "摘要").unwrap();
    ws.write_string(1_048_575, 16_383, "远处").unwrap();
    book.save(&far).unwrap();
    let errors = beipo_import_errors(&far, &site, "far.md");
    assert!(errors.contains("范围太大"), "{errors}");

    let bloated = tmp.path().join("大.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bloated).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..130 {
        std::io::Write::write_all(&mut zip, &zeros).unwrap();
    }
    zip.finish().unwrap();
    let errors = beipo_import_errors(&bloated, &site, "big.md");
    assert!(errors.contains("解压后有"), "{errors}");
}

/// A record imported where the build does not read it (outside the site's
/// `disclosures/`, or through a linked folder) is written, with a note
/// saying so and where it belongs.
#[test]
fn a_record_imported_where_the_build_does_not_read_it_is_noted() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("账.csv");
    std::fs::write(
        &csv,
        "日期,凭证号,摘要,科目,收入,支出\n2013-04-08,记-1,办公用品,管理费支出,,860\n2013-04-10,记-2,转移支付,补助收入,20000,\n",
    )
    .unwrap();
    let outside = tmp.path().join("别处/q2.md");
    let linked = tmp.path().join("链接");
    std::os::unix::fs::symlink(tmp.path().join("别处"), &linked).ok();
    std::fs::create_dir_all(tmp.path().join("别处")).unwrap();
    std::os::unix::fs::symlink(&linked, site.join("disclosures/链接")).unwrap();
    for (out, noted) in [
        (outside.clone(), true),
        (site.join("disclosures/链接/q3.md"), true),
        (site.join("disclosures/2013/q2-imported.md"), false),
    ] {
        let done = gongkai()
            .arg("import")
            .arg(&csv)
            .arg(&out)
            .args([
                "--site",
                site.to_str().unwrap(),
                "--unit",
                "北坡村",
                "--today",
                TODAY,
            ])
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
        assert_eq!(
            stdout.contains("生成网站时不会读取它"),
            noted,
            "{}: {stdout}",
            out.display()
        );
    }
}

/// A ledger of payments imported without its opening balance would close
/// below zero: the clerk is told to give the balance it started from.
#[test]
fn a_ledger_that_would_close_below_zero_asks_for_its_opening_balance() {
    let (tmp, site) = example_site();
    let csv = tmp.path().join("账.csv");
    std::fs::write(
        &csv,
        "日期,凭证号,摘要,科目,收入,支出\n2013-04-08,记-1,办公用品,管理费支出,,860\n",
    )
    .unwrap();
    let out = site.join("disclosures/2013/neg.md");
    gongkai()
        .arg("import")
        .arg(&csv)
        .arg(&out)
        .args(["--unit", "北坡村", "--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--opening-balance"))
        .stderr(predicates::str::contains("-860.00"));
    assert!(!out.exists());
}
