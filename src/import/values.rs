//! A cell's value as an amount, a date, a period, a number or text, read
//! the ways clerks type them; and text written back as YAML.
//!
//! Amounts are read exactly. A text cell is parsed as written; a number
//! cell is turned into its shortest decimal form (`0.1` stays `0.1`), never
//! through arithmetic. When that form has float noise past the cent
//! (`0.30000000000000004`, what a formula `=0.1+0.2` stores), the value is
//! read as Excel shows it, to 15 significant digits (`0.3`).

use super::table::{Cell, Table};
use crate::diagnostics::Diagnostic;
use crate::domain::dates;
use crate::domain::money::{Money, MoneyError};
use crate::domain::period::Period;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a cell's value was refused: what is wrong, and what to write
/// instead. It becomes a [`Diagnostic`] once the cell it came from is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BadValue {
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl BadValue {
    pub(crate) fn new(message: impl Into<String>) -> BadValue {
        BadValue {
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> BadValue {
        self.help = Some(help.into());
        self
    }

    /// The finding for this value in `table`, at sheet row `row` and row
    /// index `col`, the column headed `heading`.
    pub(crate) fn at(self, table: &Table, row: u32, col: usize, heading: &str) -> Diagnostic {
        let diagnostic = Diagnostic::error(&table.path(), None, self.message)
            .at_cell(table.cell(row, col, heading));
        match self.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }
}

/// The cell in column `col` of a row; empty past the row's end or when the
/// sheet has no such column.
pub(crate) fn get(cells: &[Cell], col: impl Into<Option<usize>>) -> &Cell {
    col.into()
        .and_then(|i| cells.get(i))
        .unwrap_or(&Cell::Empty)
}

/// The decimal text of a number cell: its shortest form, and when that has
/// float noise, the 15 significant digits Excel shows.
pub(crate) fn float_text(f: f64, max_decimals: u32) -> String {
    let shortest = format!("{f}");
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len() as u32);
    if decimals <= max_decimals {
        return shortest;
    }
    let excel = format!("{f:.14e}");
    match Decimal::from_scientific(&excel) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => shortest,
    }
}

/// An amount cell: `None` when empty or zero (the unused one of 收入/支出).
pub(crate) fn amount(c: &Cell) -> Result<Option<Money>, BadValue> {
    let text = match c {
        Cell::Empty => return Ok(None),
        Cell::Text(t) => clean_number(t)?,
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => float_text(*f, 2),
        Cell::Date(d) => {
            return Err(BadValue::new(format!("单元格是日期 {d}，不是金额")).help(AMOUNT_HINT));
        }
        Cell::Bool(_) => return Err(BadValue::new("单元格是“是/否”，不是金额").help(AMOUNT_HINT)),
        Cell::Percent(f) => {
            return Err(BadValue::new(format!(
                "单元格显示为百分比（{}%），不是金额",
                float_text(f * 100.0, 6)
            ))
            .help("在 Excel 中把这一格的格式改为“数值”，写出金额"));
        }
        Cell::Error(e) => {
            return Err(
                BadValue::new(format!("单元格是公式错误（{e}）")).help("改正公式，或直接写金额")
            );
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    let shown = match c {
        Cell::Text(t) => t,
        _ => &text,
    };
    let money = Money::parse(&text)
        .map_err(|e| BadValue::new(format!("金额“{shown}”有误")).help(amount_help(e)))?;
    Ok((!money.is_zero()).then_some(money))
}

const AMOUNT_HINT: &str = "金额写数字，例如 860.00、20,000.00 或 ¥860";

/// What to write instead of a refused amount, in the sheet's terms (the
/// record-file wording speaks of `expense` fields and forbids commas, which
/// a sheet may have).
fn amount_help(e: MoneyError) -> String {
    match e {
        MoneyError::NotANumber | MoneyError::Empty => AMOUNT_HINT.to_string(),
        MoneyError::Negative => "金额不能为负数；支出写在支出列，不要写负号".to_string(),
        MoneyError::TooManyDecimals | MoneyError::TooLarge => e.to_string(),
    }
}

/// Strips what a spreadsheet shows around a number (¥, 元, thousands
/// commas in their proper places); `-` or `—` alone means no number.
pub(crate) fn clean_number(t: &str) -> Result<String, BadValue> {
    let s: String = t
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .trim()
        .to_string();
    if matches!(s.as_str(), "-" | "—" | "－" | "--") {
        return Ok(String::new());
    }
    if !s.contains([',', '，']) {
        return Ok(s);
    }
    let int = s.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split([',', '，']).collect();
    let grouped_ok = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if grouped_ok {
        Ok(s.replace([',', '，'], ""))
    } else {
        Err(BadValue::new(format!("“{t}”有误：逗号只能用作千位分隔"))
            .help("写作 12,345.60，或不写逗号：12345.60"))
    }
}

const DATE_HINT: &str =
    "日期写作 2013-04-08（也认 2013/4/8、2013.4.8、2013年4月8日，或 Excel 的日期格式）";

/// A date cell, in any of the ways a clerk types one.
pub(crate) fn date(c: &Cell) -> Result<Date, BadValue> {
    let not_a_date =
        |shown: String| BadValue::new(format!("“{shown}”不是有效的日期")).help(DATE_HINT);
    match c {
        Cell::Date(d) => Ok(*d),
        Cell::Text(t) => parse_date_text(t).ok_or_else(|| not_a_date(t.clone())),
        Cell::Int(i) => number_date(*i as f64).ok_or_else(|| not_a_date(i.to_string())),
        Cell::Float(f) => number_date(*f).ok_or_else(|| not_a_date(f.to_string())),
        Cell::Empty => Err(BadValue::new("日期为空").help(DATE_HINT)),
        Cell::Bool(_) | Cell::Error(_) | Cell::Percent(_) => {
            Err(BadValue::new("单元格不是日期").help(DATE_HINT))
        }
    }
}

fn parse_date_text(t: &str) -> Option<Date> {
    let t = t.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&t[..4], &t[4..6], &t[6..]);
    }
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    match parts.as_slice() {
        [y, m, d] => ymd(y, m, d),
        _ => dates::parse_date(t).ok(),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1900..=2999).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A number standing for a date: `20130408`, or an Excel serial day.
fn number_date(f: f64) -> Option<Date> {
    if f.fract() != 0.0 {
        return None;
    }
    let n = f as i64;
    if (19_000_101..=29_991_231).contains(&n) {
        let s = n.to_string();
        return ymd(&s[..4], &s[4..6], &s[6..]);
    }
    if (1..2_958_466).contains(&n) {
        let dt = calamine::ExcelDateTime::new(f, calamine::ExcelDateTimeType::DateTime, false);
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        return Date::new(y as i16, m as i8, d as i8).ok();
    }
    None
}

const PERIOD_HINT: &str = "期间写作 2013、2013-H1、2013-Q2 或 2013-04";

/// A period cell: `2013` may be a number, the rest must be text.
pub(crate) fn period(c: &Cell) -> Result<Period, BadValue> {
    let parsed = match c {
        Cell::Int(i) => Period::parse(&i.to_string()),
        Cell::Float(f) => Period::parse(&float_text(*f, 0)),
        Cell::Text(t) => Period::parse(t),
        Cell::Empty => return Err(BadValue::new("期间为空").help(PERIOD_HINT)),
        other => {
            return Err(BadValue::new(format!(
                "“{}”不是有效的期间",
                text(other).unwrap_or_default()
            ))
            .help(format!("{PERIOD_HINT}（请把单元格设为文本）")));
        }
    };
    // The period's own message already says what to write.
    parsed.map_err(BadValue::new)
}

const NUMBER_HINT: &str = "数值写数字，例如 379 或 450.5";

/// A number cell (an indicator's value), exact like an amount.
pub(crate) fn number(c: &Cell) -> Result<Decimal, BadValue> {
    let not_a_number =
        |shown: String| BadValue::new(format!("“{shown}”不是数字")).help(NUMBER_HINT);
    match c {
        Cell::Int(i) => Ok(Decimal::from(*i)),
        Cell::Float(f) => {
            Decimal::from_str(&float_text(*f, 6)).map_err(|_| not_a_number(f.to_string()))
        }
        Cell::Text(t) => {
            clean_number(t).and_then(|s| Decimal::from_str(&s).map_err(|_| not_a_number(t.clone())))
        }
        Cell::Empty => Err(BadValue::new("数值为空").help(NUMBER_HINT)),
        Cell::Percent(f) => Err(BadValue::new(format!(
            "单元格显示为百分比（{}%），这个指标的计量单位却不是 %",
            float_text(f * 100.0, 6)
        ))
        .help("比例指标用 --measure-unit % 导入；否则在 Excel 中把这一格的格式改为“数值”")),
        _ => Err(BadValue::new("单元格不是数字").help(NUMBER_HINT)),
    }
}

/// A value of a share (unit %): a cell shown as a percentage reads as the
/// percentage it shows (85% → 85), any other number as written.
pub(crate) fn share(c: &Cell) -> Result<Decimal, BadValue> {
    match c {
        Cell::Percent(f) => Decimal::from_str(&float_text(f * 100.0, 6))
            .map_err(|_| BadValue::new(format!("“{f}”不是数字")).help(NUMBER_HINT)),
        other => number(other),
    }
}

/// A text cell (摘要, 科目, 凭证号): numbers and dates as written.
pub(crate) fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Empty => None,
        Cell::Text(t) => Some(t.clone()),
        Cell::Int(i) => Some(i.to_string()),
        Cell::Float(f) => Some(float_text(*f, 6)),
        Cell::Percent(f) => Some(format!("{}%", float_text(f * 100.0, 6))),
        Cell::Date(d) => Some(d.to_string()),
        Cell::Bool(b) => Some(if *b { "是" } else { "否" }.into()),
        Cell::Error(_) => None,
    }
}

/// Quotes a YAML value when it would not read back as the same text.
pub(crate) fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(['-', '?', '!', '&', '*', '|', '>', '%', '@', '`', '\'', '"'])
        && !s.contains([
            ',', '[', ']', '{', '}', '#', ':', '"', '\'', '\\', '\n', '\t',
        ])
        && !s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_cells_keep_their_decimal_form() {
        assert_eq!(float_text(0.1, 2), "0.1");
        assert_eq!(float_text(860.0, 2), "860");
        assert_eq!(float_text(0.1 + 0.2, 2), "0.3");
        assert_eq!(float_text(1234567.89, 2), "1234567.89");
        let sum = amount(&Cell::Float(0.1)).unwrap().unwrap()
            + amount(&Cell::Float(0.2)).unwrap().unwrap();
        assert_eq!(sum.plain(), "0.30");
    }

    #[test]
    fn amounts_accept_what_spreadsheets_show() {
        let m = |s: &str| amount(&Cell::Text(s.into()));
        assert_eq!(m("12,345.60").unwrap().unwrap().plain(), "12345.60");
        assert_eq!(m("¥860").unwrap().unwrap().plain(), "860.00");
        assert_eq!(m("-").unwrap(), None);
        assert_eq!(m("0").unwrap(), None);
        assert!(m("1,2345").is_err());
        assert!(m("12.345").is_err());
        assert!(m("-5").is_err());
        assert!(amount(&Cell::Float(0.125)).is_err());
    }

    /// A refused amount says what to write in the sheet, where ¥ and
    /// thousands commas are allowed, not the record-file rule that forbids them.
    #[test]
    fn a_refused_amount_says_what_to_write_in_the_sheet() {
        let bad = amount(&Cell::Text("三百元".into())).unwrap_err();
        assert_eq!(bad.message, "金额“三百元”有误");
        assert_eq!(bad.help.as_deref(), Some(AMOUNT_HINT));
        let negative = amount(&Cell::Text("-5".into())).unwrap_err();
        assert_eq!(
            negative.help.as_deref(),
            Some("金额不能为负数；支出写在支出列，不要写负号")
        );
    }

    #[test]
    fn dates_in_the_ways_clerks_type_them() {
        let d = Date::constant(2013, 4, 8);
        for t in [
            "2013-04-08",
            "2013/4/8",
            "2013.4.8",
            "2013年4月8日",
            "20130408",
            "2013-04-08 00:00:00",
        ] {
            assert_eq!(date(&Cell::Text(t.into())).unwrap(), d, "{t}");
        }
        assert_eq!(date(&Cell::Int(20130408)).unwrap(), d);
        assert_eq!(date(&Cell::Float(41372.0)).unwrap(), d);
        assert!(date(&Cell::Text("2013/13/1".into())).is_err());
        assert!(date(&Cell::Text("四月八日".into())).is_err());
    }

    #[test]
    fn yaml_text_quotes_only_when_needed() {
        assert_eq!(yaml_text("办公用品"), "办公用品");
        assert_eq!(yaml_text("记-012"), "记-012");
        assert_eq!(yaml_text("a, b"), "\"a, b\"");
        assert_eq!(yaml_text("-1"), "\"-1\"");
        assert_eq!(yaml_text("012"), "\"012\"");
        assert_eq!(yaml_text("说明：x"), "说明：x");
    }
}
