//! Exact amounts of money in yuan, as village and township accounts publish them.
//!
//! Financial disclosures (财务公开) are checked line by line by villagers, so
//! every figure must add up to the fen: amounts are therefore held as exact
//! decimals, never as floats. The module also owns the three ways an amount is
//! written out: grouped for tables (`12,345.60`), plain for machine-readable
//! output (`12345.60`), and in Chinese capital numerals (大写) following the
//! accounting rules for written amounts, so that a printed notice matches the
//! voucher it was copied from.
//!
//! Amounts typed by a clerk are parsed strictly: anything that is not plainly a
//! number with at most two decimals is refused with a message in Chinese that
//! says what to write instead, rather than being guessed at.

use rust_decimal::Decimal;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::str::FromStr;

/// Largest number of integer digits a parsed amount may have: amounts must stay
/// below one trillion (10^12) yuan, far above any village budget, so that a
/// typo with extra digits is caught instead of published.
const MAX_INTEGER_DIGITS: usize = 12;

/// Capital digits 零 to 玖, indexed by digit value.
const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// One 亿 (10^8), the size of the largest group in capital numerals.
const YI: u128 = 100_000_000;

/// One 万 (10^4), the size of a group of four digits in capital numerals.
const WAN: u128 = 10_000;

/// An amount of money in yuan, held exactly (never float).
///
/// Every value carries at most two decimal places (fen), because it can only be
/// made by [`Money::parse`], [`Money::from_fen`] or by adding and subtracting
/// such values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Money(Decimal);

/// Why a clerk's amount was refused; the `Display` text is shown to the clerk
/// and tells them what to write instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MoneyError {
    /// Nothing was written where an amount was expected.
    Empty,
    /// A minus sign was written; income and expense go in separate fields.
    Negative,
    /// More than two decimals, which would be finer than one fen.
    TooManyDecimals,
    /// Not a plain number: units, separators, full-width digits and the like.
    NotANumber,
    /// One trillion yuan or more, almost certainly a typing error.
    TooLarge,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => "金额不能为空；请填写数字，例如 860.00，没有发生额请写 0",
            MoneyError::Negative => "金额不能为负数；支出请写在 expense 字段，不要写负号",
            MoneyError::TooManyDecimals => "金额最多保留两位小数（到分），例如 860.50",
            MoneyError::NotANumber => {
                "金额应为数字，例如 860.00 或 20000（不要写“元”、逗号或全角数字）"
            }
            MoneyError::TooLarge => "金额过大，应小于一万亿元；请检查是否多写了数字",
        })
    }
}

impl std::error::Error for MoneyError {}

impl Money {
    /// Zero yuan, the starting point of every total.
    pub(crate) const ZERO: Money = Money(Decimal::ZERO);

    /// Parses an amount as a clerk writes it in a data file, e.g. `860.00`,
    /// `20000` or `0.5`.
    ///
    /// Only ASCII digits with an optional `.` and one or two decimals are
    /// accepted, surrounded by optional ASCII whitespace. The format is kept
    /// this narrow so that nothing ambiguous (`1,234`, `1e3`, `¥5`, `5元`)
    /// is ever silently reinterpreted in a published account.
    pub(crate) fn parse(raw: &str) -> Result<Money, MoneyError> {
        let text = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        match text.strip_prefix('-') {
            Some(rest) => Err(negative_error(rest)),
            None => parse_unsigned(text),
        }
    }

    /// Makes an amount from a whole number of fen (1/100 yuan), for callers
    /// that already count in the smallest unit.
    pub(crate) fn from_fen(fen: i64) -> Money {
        Money(Decimal::new(fen, 2))
    }

    /// The amount as a whole number of fen, for integer comparisons and
    /// storage. Saturates at the `i64` limits, which only sums far beyond any
    /// real account can reach.
    #[cfg(test)]
    pub(crate) fn fen(&self) -> i64 {
        let magnitude = i64::try_from(self.abs_fen()).unwrap_or(i64::MAX);
        if self.is_negative() {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The exact decimal value, for callers that need arithmetic beyond
    /// adding and subtracting (a project's budget used in percent).
    pub(crate) fn decimal(&self) -> Decimal {
        self.0
    }

    /// Whether the amount is below zero, e.g. a balance that has gone into
    /// deficit and must be flagged in a report.
    pub(crate) fn is_negative(&self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// Whether the amount is exactly zero, e.g. to leave a table cell empty.
    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// The amount with two decimals and thousands separators, as it appears in
    /// published tables: `12,345.60`, `-1,234.00`.
    pub(crate) fn grouped(&self) -> String {
        let fen = self.abs_fen();
        format!(
            "{}{}.{:02}",
            self.sign(),
            group_thousands(fen / 100),
            fen % 100
        )
    }

    /// The amount with two decimals and no separators, for CSV and JSON output
    /// that other programs read: `12345.60`.
    pub(crate) fn plain(&self) -> String {
        let fen = self.abs_fen();
        format!("{}{}.{:02}", self.sign(), fen / 100, fen % 100)
    }

    /// The amount in Chinese capital numerals (大写), as accounting rules
    /// require on vouchers and notices so that figures cannot be altered:
    /// `人民币壹拾万零伍元零捌分`.
    ///
    /// Follows 《会计基础工作规范》第五十二条: `整` after 元 or 角 when there
    /// are no 分, a single `零` for any gap of zeros, and a leading `壹` for
    /// amounts from 10 to 19 yuan (`壹拾元`). A negative amount is written
    /// with `负` after `人民币`.
    pub(crate) fn capital(&self) -> String {
        let fen = self.abs_fen();
        let mut out = String::from("人民币");
        if self.is_negative() {
            out.push('负');
        }
        out.push_str(&capital_amount(fen / 100, fen / 10 % 10, fen % 10));
        out
    }

    /// The magnitude in fen. Values hold at most two decimals, so rounding is
    /// a no-op kept only as a guard; the multiplication cannot overflow
    /// because a `Decimal` mantissa is below 2^96.
    fn abs_fen(&self) -> u128 {
        let rounded = self.0.abs().round_dp(2);
        let mantissa = rounded.mantissa().unsigned_abs();
        let missing_places = 2u32.saturating_sub(rounded.scale());
        mantissa.saturating_mul(10u128.pow(missing_places))
    }

    /// `-` for negative amounts, nothing otherwise (never `-0.00`).
    fn sign(&self) -> &'static str {
        if self.is_negative() { "-" } else { "" }
    }
}

/// The error for text that starts with a minus sign: `Negative` when the rest
/// is a number, so the clerk learns about the sign rather than the format.
fn negative_error(rest: &str) -> MoneyError {
    match parse_unsigned(rest) {
        Err(MoneyError::NotANumber) | Err(MoneyError::Empty) => MoneyError::NotANumber,
        _ => MoneyError::Negative,
    }
}

/// Parses `digits[.d[d]]` with nothing else around it.
fn parse_unsigned(text: &str) -> Result<Money, MoneyError> {
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (text, None),
    };
    if !is_digits(integer) {
        return Err(MoneyError::NotANumber);
    }
    let fraction_fen = parse_fraction(fraction)?;
    let yuan = parse_integer(integer)?;
    Ok(Money::from_fen(yuan * 100 + fraction_fen))
}

/// The fen contributed by the decimals: `5` → 50, `05` → 5, none → 0.
fn parse_fraction(fraction: Option<&str>) -> Result<i64, MoneyError> {
    let Some(fraction) = fraction else {
        return Ok(0);
    };
    if !is_digits(fraction) {
        return Err(MoneyError::NotANumber);
    }
    if fraction.len() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let value = digits_value(fraction);
    Ok(if fraction.len() == 1 {
        value * 10
    } else {
        value
    })
}

/// The whole yuan, refusing more than [`MAX_INTEGER_DIGITS`] significant
/// digits before converting so that the conversion cannot overflow.
fn parse_integer(integer: &str) -> Result<i64, MoneyError> {
    let significant = integer.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(MoneyError::TooLarge);
    }
    Ok(digits_value(significant))
}

/// Whether `text` is one or more ASCII digits and nothing else.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a short run of ASCII digits (callers check the length).
fn digits_value(digits: &str) -> i64 {
    digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(b.wrapping_sub(b'0')))
    })
}

/// Writes a whole number with a comma every three digits: `1234567` →
/// `1,234,567`.
fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The part of a capital amount after `人民币`, from whole yuan, 角 and 分.
fn capital_amount(yuan: u128, jiao: u128, fen: u128) -> String {
    if yuan == 0 && jiao == 0 && fen == 0 {
        return String::from("零元整");
    }
    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&capital_integer(yuan));
        out.push('元');
    }
    out.push_str(&capital_fraction(yuan > 0, jiao, fen));
    out
}

/// 角 and 分 with their `整` and `零`: `零` stands for a zero 角 only when
/// there are yuan before it, and `整` closes an amount without 分.
fn capital_fraction(has_yuan: bool, jiao: u128, fen: u128) -> String {
    let mut out = String::new();
    match (jiao, fen) {
        (0, 0) => out.push('整'),
        (_, 0) => {
            out.push(capital_digit(jiao));
            out.push_str("角整");
        }
        (0, _) => {
            if has_yuan {
                out.push('零');
            }
            out.push(capital_digit(fen));
            out.push('分');
        }
        _ => {
            out.push(capital_digit(jiao));
            out.push('角');
            out.push(capital_digit(fen));
            out.push('分');
        }
    }
    out
}

/// A positive whole number in capital numerals, split at 亿. The part above
/// 亿 is written recursively, so even absurd totals never fail.
fn capital_integer(n: u128) -> String {
    if n < YI {
        return capital_below_yi(n);
    }
    let mut out = capital_integer(n / YI);
    out.push('亿');
    out.push_str(&capital_lower_part(n % YI, YI / 10, capital_below_yi));
    out
}

/// A positive whole number below 亿, split at 万.
fn capital_below_yi(n: u128) -> String {
    if n < WAN {
        return capital_section(n);
    }
    let mut out = capital_section(n / WAN);
    out.push('万');
    out.push_str(&capital_lower_part(n % WAN, WAN / 10, capital_section));
    out
}

/// The digits after a 亿 or 万, preceded by one `零` when their highest place
/// is zero (`壹亿零壹万`), and nothing at all when they are all zero.
fn capital_lower_part(lower: u128, top_place: u128, write: fn(u128) -> String) -> String {
    if lower == 0 {
        return String::new();
    }
    let mut out = String::new();
    if lower < top_place {
        out.push('零');
    }
    out.push_str(&write(lower));
    out
}

/// A number from 1 to 9999 in capital numerals: leading and trailing zeros
/// are dropped and each inner gap of zeros becomes a single `零`.
fn capital_section(n: u128) -> String {
    let places = [
        (n / 1000 % 10, "仟"),
        (n / 100 % 10, "佰"),
        (n / 10 % 10, "拾"),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut gap = false;
    for (digit, unit) in places {
        if digit == 0 {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push('零');
            gap = false;
        }
        out.push(capital_digit(digit));
        out.push_str(unit);
    }
    out
}

/// The capital numeral for one digit.
fn capital_digit(digit: u128) -> char {
    usize::try_from(digit)
        .ok()
        .and_then(|d| CAPITAL_DIGITS.get(d))
        .copied()
        .unwrap_or('零')
}

impl FromStr for Money {
    type Err = MoneyError;

    /// Same rules as [`Money::parse`], so `"860.00".parse::<Money>()` works.
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s)
    }
}

/// Shows the grouped form, the one readers of a notice expect.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// Saturates instead of overflowing, so no total can crash a site build.
impl Add for Money {
    type Output = Money;

    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

/// Saturates instead of overflowing, like [`Add`].
impl Sub for Money {
    type Output = Money;

    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

/// Totals a column of amounts.
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// Totals a borrowed column of amounts without copying it first.
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        match Money::parse(text) {
            Ok(m) => m,
            Err(e) => panic!("{text:?} should parse, got {e}"),
        }
    }

    #[test]
    fn parses_amounts_as_clerks_write_them() {
        assert_eq!(money("860.00").fen(), 86_000);
        assert_eq!(money("20000").fen(), 2_000_000);
        assert_eq!(money("3207.15").fen(), 320_715);
        assert_eq!(money("0.5").fen(), 50);
        assert_eq!(money("0.05").fen(), 5);
        assert_eq!(money("0").fen(), 0);
        assert_eq!(money("007").fen(), 700);
    }

    #[test]
    fn ignores_surrounding_ascii_whitespace() {
        assert_eq!(money("  860.00\t\n").fen(), 86_000);
        assert_eq!(money("\r\n5 ").fen(), 500);
    }

    #[test]
    fn equal_values_compare_equal_whatever_their_decimals() {
        assert_eq!(money("5"), money("5.00"));
        assert_eq!(money("5.5"), money("5.50"));
        assert!(money("99.99") < money("100"));
    }

    #[test]
    fn refuses_empty_text() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("   \t"), Err(MoneyError::Empty));
    }

    #[test]
    fn refuses_negative_amounts() {
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse(" -860.50 "), Err(MoneyError::Negative));
        assert_eq!(Money::parse("-abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("-"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("--5"), Err(MoneyError::NotANumber));
    }

    #[test]
    fn refuses_more_than_two_decimals() {
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("860.000"), Err(MoneyError::TooManyDecimals));
    }

    #[test]
    fn refuses_anything_that_is_not_a_plain_number() {
        let refused = [
            "12,345.00",
            "１２３",
            "¥5",
            "5元",
            "1e3",
            "+5",
            ".5",
            "5.",
            "1.2.3",
            "abc",
            "1 000",
            "5.5x",
            "　5",
        ];
        for text in refused {
            assert_eq!(Money::parse(text), Err(MoneyError::NotANumber), "{text:?}");
        }
    }

    #[test]
    fn refuses_a_trillion_yuan_or_more() {
        assert_eq!(money("999999999999.99").fen(), 99_999_999_999_999);
        assert_eq!(Money::parse("1000000000000"), Err(MoneyError::TooLarge));
        assert_eq!(
            Money::parse("99999999999999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(money("0001000000").fen(), 100_000_000);
    }

    #[test]
    fn errors_tell_the_clerk_what_to_write() {
        assert_eq!(
            MoneyError::TooManyDecimals.to_string(),
            "金额最多保留两位小数（到分），例如 860.50"
        );
        assert_eq!(
            MoneyError::Negative.to_string(),
            "金额不能为负数；支出请写在 expense 字段，不要写负号"
        );
        assert_eq!(
            MoneyError::NotANumber.to_string(),
            "金额应为数字，例如 860.00 或 20000（不要写“元”、逗号或全角数字）"
        );
        assert!(MoneyError::Empty.to_string().contains("860.00"));
        assert!(MoneyError::TooLarge.to_string().contains("一万亿"));
    }

    #[test]
    fn from_str_follows_parse() {
        assert_eq!("860.50".parse::<Money>(), Ok(Money::from_fen(86_050)));
        assert_eq!("5元".parse::<Money>(), Err(MoneyError::NotANumber));
    }

    #[test]
    fn fen_round_trips() {
        for fen in [0, 1, 99, 100, 86_050, -1_234, i64::MAX, i64::MIN + 1] {
            assert_eq!(Money::from_fen(fen).fen(), fen);
        }
    }

    #[test]
    fn adds_and_subtracts_exactly() {
        let mut total = money("0.10") + money("0.20");
        assert_eq!(total, money("0.30"));
        total -= money("1");
        assert_eq!(total, Money::from_fen(-70));
        assert!(total.is_negative());
        total += money("0.70");
        assert!(total.is_zero());
        assert!(!total.is_negative());
        assert_eq!(money("5") - money("7.5"), Money::from_fen(-250));
    }

    #[test]
    fn sums_owned_and_borrowed_columns() {
        let column = vec![money("860.00"), money("3207.15"), money("0.85")];
        let borrowed: Money = column.iter().sum();
        let owned: Money = column.into_iter().sum();
        assert_eq!(borrowed, money("4068"));
        assert_eq!(owned, borrowed);
        assert_eq!(Vec::<Money>::new().into_iter().sum::<Money>(), Money::ZERO);
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        let huge = Money(Decimal::MAX);
        assert_eq!(huge + huge, huge);
        assert_eq!(Money(Decimal::MIN) - huge, Money(Decimal::MIN));
        assert_eq!(huge.fen(), i64::MAX);
        assert!(huge.capital().ends_with("元整"));
        assert!(huge.grouped().ends_with(",335.00"));
    }

    #[test]
    fn groups_thousands_with_two_decimals() {
        assert_eq!(money("12345.6").grouped(), "12,345.60");
        assert_eq!(money("0").grouped(), "0.00");
        assert_eq!(money("1234567.05").grouped(), "1,234,567.05");
        assert_eq!(money("999.99").grouped(), "999.99");
        assert_eq!(money("1000").grouped(), "1,000.00");
        assert_eq!(money("100000").grouped(), "100,000.00");
        assert_eq!(Money::from_fen(-123_400).grouped(), "-1,234.00");
    }

    #[test]
    fn display_is_grouped() {
        assert_eq!(money("12345.6").to_string(), "12,345.60");
    }

    #[test]
    fn plain_has_two_decimals_and_no_separators() {
        assert_eq!(money("12345.6").plain(), "12345.60");
        assert_eq!(money("0").plain(), "0.00");
        assert_eq!(Money::from_fen(-5).plain(), "-0.05");
        assert_eq!((money("5") - money("5")).plain(), "0.00");
    }

    #[test]
    fn capital_follows_accounting_rules() {
        let cases = [
            ("144570.50", "人民币壹拾肆万肆仟伍佰柒拾元伍角整"),
            ("100005.08", "人民币壹拾万零伍元零捌分"),
            ("135870.50", "人民币壹拾叁万伍仟捌佰柒拾元伍角整"),
            ("0", "人民币零元整"),
            ("0.05", "人民币伍分"),
            ("0.50", "人民币伍角整"),
            ("1.00", "人民币壹元整"),
            ("10.00", "人民币壹拾元整"),
            ("1010.10", "人民币壹仟零壹拾元壹角整"),
            ("100000000.00", "人民币壹亿元整"),
            ("100010000.00", "人民币壹亿零壹万元整"),
            ("1001.01", "人民币壹仟零壹元零壹分"),
            ("20000", "人民币贰万元整"),
            ("1000500.00", "人民币壹佰万零伍佰元整"),
            ("107000.53", "人民币壹拾万柒仟元伍角叁分"),
        ];
        for (amount, expected) in cases {
            assert_eq!(money(amount).capital(), expected, "{amount}");
        }
    }

    #[test]
    fn capital_handles_more_gaps_and_large_amounts() {
        let cases = [
            ("15", "人民币壹拾伍元整"),
            ("0.15", "人民币壹角伍分"),
            ("5.05", "人民币伍元零伍分"),
            ("10.50", "人民币壹拾元伍角整"),
            ("205000", "人民币贰拾万伍仟元整"),
            ("1000000500", "人民币壹拾亿零伍佰元整"),
            ("1005000000", "人民币壹拾亿零伍佰万元整"),
            (
                "999999999999.99",
                "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ];
        for (amount, expected) in cases {
            assert_eq!(money(amount).capital(), expected, "{amount}");
        }
    }

    #[test]
    fn capital_of_negative_amount_says_fu() {
        assert_eq!(Money::from_fen(-500).capital(), "人民币负伍元整");
        assert_eq!(Money::from_fen(-5).capital(), "人民币负伍分");
    }
}
