//! Numbers as the township writes them: thousands grouped with commas,
//! the decimals exactly as recorded.

use rust_decimal::Decimal;

/// A number as Chinese readers expect it in a table: thousands grouped,
/// decimals as the data gives them (`3,000`, `1.2`, `96.50`).
pub fn grouped(value: Decimal) -> String {
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
    fn thousands_are_grouped_and_decimals_kept() {
        let g = |s: &str| grouped(Decimal::from_str(s).unwrap());
        assert_eq!(g("1234567.50"), "1,234,567.50");
        assert_eq!(g("999"), "999");
        assert_eq!(g("-1000"), "-1,000");
        assert_eq!(g("0.5"), "0.5");
    }
}
