//! Numbers as the township writes them: thousands grouped with commas,
//! the decimals exactly as recorded; and the figures records may hold.

use rust_decimal::Decimal;
use std::fmt;

/// Most decimal places a figure may have.
const MAX_DECIMALS: usize = 6;

/// Most integer digits a figure may have: below 10^15, far above any count
/// of acres, people or yuan a township records, so a typo with extra
/// digits is caught, and sums of figures stay far inside what a `Decimal`
/// holds (about 7.9 × 10^28).
const MAX_INTEGER_DIGITS: usize = 15;

/// Why a figure (an indicator value, a plan's target or progress) was
/// refused; the text says what to write instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FigureError {
    /// Not plain digits with at most one decimal point.
    NotANumber,
    /// 10^15 or more.
    TooLarge,
    /// More than six decimals.
    TooManyDecimals,
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FigureError::NotANumber => {
                "应为数字，只写阿拉伯数字，例如 450 或 96.5，不要写单位或逗号"
            }
            FigureError::TooLarge => {
                "数值过大，应小于 1,000,000,000,000,000（10 的 15 次方）；请检查是否多写了数字"
            }
            FigureError::TooManyDecimals => "小数最多写 6 位",
        })
    }
}

/// Reads a figure as written: digits with at most one decimal point, an
/// optional leading minus (a negative count is refused by the rules that
/// know what the figure counts, with a clearer message). Exponents (`1e27`),
/// signs, separators and full-width digits are refused, and so is a figure
/// too large or too fine to be real, so that no sum or product of figures
/// can overflow.
pub(crate) fn parse_figure(text: &str) -> Result<Decimal, FigureError> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let dangling_point = body.contains('.') && fraction.is_empty();
    let shaped = !integer.is_empty() && digits(integer) && digits(fraction) && !dangling_point;
    if !shaped {
        return Err(FigureError::NotANumber);
    }
    if integer.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
        return Err(FigureError::TooLarge);
    }
    if fraction.len() > MAX_DECIMALS {
        return Err(FigureError::TooManyDecimals);
    }
    text.parse().map_err(|_| FigureError::NotANumber)
}

/// The sum of figures, or `None` if it would overflow (which bounded
/// figures never do; this is the guard, not the rule).
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// A number as Chinese readers expect it in a table: thousands grouped,
/// decimals as the data gives them (`3,000`, `1.2`, `96.50`).
pub(crate) fn grouped(value: Decimal) -> String {
    let text = value.to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn figures_are_plain_bounded_numbers() {
        let ok = |s: &str| parse_figure(s).unwrap().to_string();
        assert_eq!(ok("450"), "450");
        assert_eq!(ok("96.5"), "96.5");
        assert_eq!(ok("-3"), "-3");
        assert_eq!(ok("999999999999999.999999"), "999999999999999.999999");
        assert_eq!(
            ok("000000000000000001"),
            "000000000000000001".parse::<Decimal>().unwrap().to_string()
        );
        for bad in [
            "", ".5", "5.", "1e27", "1,000", "１２", "+3", "--3", "1.2.3", " 1",
        ] {
            assert_eq!(parse_figure(bad), Err(FigureError::NotANumber), "{bad:?}");
        }
        for big in [
            "1000000000000000",
            "79228162514264337593543950335",
            "-1000000000000000",
        ] {
            assert_eq!(parse_figure(big), Err(FigureError::TooLarge), "{big}");
        }
        assert_eq!(parse_figure("0.0000001"), Err(FigureError::TooManyDecimals));
    }

    #[test]
    fn sums_that_would_overflow_are_none() {
        assert_eq!(
            checked_sum([Decimal::ONE, Decimal::TWO]),
            Some(Decimal::from(3))
        );
        assert_eq!(checked_sum([Decimal::MAX, Decimal::ONE]), None);
    }

    #[test]
    fn thousands_are_grouped_and_decimals_kept() {
        let g = |s: &str| grouped(Decimal::from_str(s).unwrap());
        assert_eq!(g("1234567.50"), "1,234,567.50");
        assert_eq!(g("999"), "999");
        assert_eq!(g("-1000"), "-1,000");
        assert_eq!(g("0.5"), "0.5");
    }
}
