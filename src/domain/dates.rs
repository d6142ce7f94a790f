//! Calendar dates as clerks write them (`2013-04-08`) and as readers see
//! them (`2013年4月8日`).
//!
//! Dates are plain civil dates (jiff): a disclosure is posted "on 8 April",
//! not at an instant in a time zone, and `--today` is the only clock.

use super::Invalid;
use jiff::civil::Date;

/// Reads `YYYY-MM-DD` exactly; the error says how to write it.
pub(crate) fn parse_date(text: &str) -> Result<Date, Invalid> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let bad = || {
        Invalid(format!(
            "“{text}”不是有效的日期；日期写作 2013-04-08（年-月-日，月和日都写两位）"
        ))
    };
    if !shape_ok {
        return Err(bad());
    }
    text.parse::<Date>().map_err(|_| bad())
}

/// A year and month, `YYYY-MM` (used where a full date would say too much,
/// such as a party candidate's birth month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct YearMonth {
    pub(crate) year: i16,
    pub(crate) month: i8,
}

impl YearMonth {
    pub(crate) fn parse(text: &str) -> Result<YearMonth, Invalid> {
        let text = text.trim();
        let bad = || Invalid(format!("“{text}”不是有效的年月；写作 1990-05"));
        let (y, m) = text.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1900..=2999).contains(&year) {
            return Err(bad());
        }
        Ok(YearMonth { year, month })
    }

    /// Whole years of age on `date` for someone born in this month; when the
    /// birth day is unknown we count the birthday as the last day of the
    /// month, so "at least 18" is never claimed too early.
    pub(crate) fn age_on(&self, date: Date) -> i32 {
        let mut age = i32::from(date.year()) - i32::from(self.year);
        let birthday_passed = date.month() > self.month
            || (date.month() == self.month
                && Date::new(date.year(), date.month(), 1)
                    .map(|d| date.day() == d.last_of_month().day())
                    .unwrap_or(false));
        if !birthday_passed {
            age -= 1;
        }
        age
    }

    pub(crate) fn label(&self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// `2013年4月8日`, the way a notice is dated.
pub(crate) fn chinese(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Days from `from` to `to`, both counted (a posting from the 1st to the 5th
/// is five days).
pub(crate) fn days_inclusive(from: Date, to: Date) -> i64 {
    let days = (to - from).get_days();
    i64::from(days) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_must_be_written_in_full() {
        assert_eq!(parse_date("2013-04-08"), Ok(date(2013, 4, 8)));
        for bad in [
            "2013-4-8",
            "2013/04/08",
            "2013-02-30",
            "20130408",
            "",
            "2013-04-08x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn age_counts_whole_years() {
        let born = YearMonth::parse("1995-03").unwrap();
        assert_eq!(born.age_on(date(2013, 3, 30)), 17);
        assert_eq!(born.age_on(date(2013, 3, 31)), 18);
        assert_eq!(born.age_on(date(2013, 4, 1)), 18);
        assert_eq!(born.age_on(date(2013, 2, 28)), 17);
    }

    #[test]
    fn posting_days_are_counted_inclusively() {
        assert_eq!(days_inclusive(date(2013, 6, 20), date(2013, 6, 26)), 7);
        assert_eq!(days_inclusive(date(2013, 6, 20), date(2013, 6, 20)), 1);
        assert_eq!(chinese(date(2013, 4, 8)), "2013年4月8日");
    }
}
