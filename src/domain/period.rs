//! Reporting periods: a year, a half-year, a quarter or a month.
//!
//! Disclosures and indicators are "for" a period (`2013-Q2`), and the same
//! span of time is written at different grains, so periods know their first
//! and last day, which shorter periods they contain, and sort in time order.

use super::Invalid;
use jiff::civil::Date;
use std::cmp::Ordering;
use std::fmt;

/// A period as the spec writes it: `2013`, `2013-H1`, `2013-Q2`, `2013-04`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i16),
    Half(i16, u8),
    Quarter(i16, u8),
    Month(i16, u8),
}

impl Period {
    /// Reads a period from its written form; the error says what is allowed.
    pub fn parse(text: &str) -> Result<Period, Invalid> {
        let text = text.trim();
        let bad = || {
            Invalid(format!(
                "“{text}”不是有效的期间；期间写作 2013、2013-H1（上半年）、2013-Q2（第二季度）或 2013-04（月份）"
            ))
        };
        let (year_text, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year_text.parse().map_err(|_| bad())?;
        if !(1900..=2999).contains(&year) {
            return Err(bad());
        }
        let Some(rest) = rest else {
            return Ok(Period::Year(year));
        };
        let number = |s: &str, max: u8| -> Option<u8> {
            let n: u8 = s.parse().ok()?;
            (s.bytes().all(|b| b.is_ascii_digit()) && (1..=max).contains(&n)).then_some(n)
        };
        let period = match rest.as_bytes().first() {
            Some(b'H' | b'h') => number(&rest[1..], 2).map(|h| Period::Half(year, h)),
            Some(b'Q' | b'q') => number(&rest[1..], 4).map(|q| Period::Quarter(year, q)),
            Some(_) if rest.len() == 2 => number(rest, 12).map(|m| Period::Month(year, m)),
            _ => None,
        };
        period.ok_or_else(bad)
    }

    pub(crate) fn year(&self) -> i16 {
        match *self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// First and last month (1..=12) the period covers.
    fn months(&self) -> (u8, u8) {
        match *self {
            Period::Year(_) => (1, 12),
            Period::Half(_, h) => (6 * h - 5, 6 * h),
            Period::Quarter(_, q) => (3 * q - 2, 3 * q),
            Period::Month(_, m) => (m, m),
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> Date {
        let (first, _) = self.months();
        Date::new(self.year(), first as i8, 1).unwrap_or(Date::MIN)
    }

    /// The last day of the period.
    pub(crate) fn end(&self) -> Date {
        let (_, last) = self.months();
        Date::new(self.year(), last as i8, 1)
            .map(|d| d.last_of_month())
            .unwrap_or(Date::MAX)
    }

    pub(crate) fn contains_date(&self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Whether `other` lies wholly inside this period (2013 contains 2013-Q2).
    pub(crate) fn contains(&self, other: &Period) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// How many months long: 12, 6, 3 or 1.
    pub(crate) fn length_in_months(&self) -> u8 {
        let (first, last) = self.months();
        last - first + 1
    }

    /// The periods one grain finer that make up this one (a year: its two
    /// halves; a half: its two quarters; a quarter: its three months).
    pub(crate) fn parts(&self) -> Vec<Period> {
        match *self {
            Period::Year(y) => vec![Period::Half(y, 1), Period::Half(y, 2)],
            Period::Half(y, h) => vec![Period::Quarter(y, 2 * h - 1), Period::Quarter(y, 2 * h)],
            Period::Quarter(y, q) => (3 * q - 2..=3 * q).map(|m| Period::Month(y, m)).collect(),
            Period::Month(..) => Vec::new(),
        }
    }

    /// The period of the same length that comes right after this one
    /// (2013-Q4 → 2014-Q1).
    pub(crate) fn next(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y + 1),
            Period::Half(y, 2) => Period::Half(y + 1, 1),
            Period::Half(y, h) => Period::Half(y, h + 1),
            Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::Month(y, 12) => Period::Month(y + 1, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
        }
    }

    /// The periods as long as `last`, one after another from this period's
    /// first day up to and including `last`: what a year-to-date figure
    /// (2014 through 2014-11) adds up, so that each of them must be known.
    /// Empty unless `last` lies inside this period.
    pub(crate) fn up_to(&self, last: Period) -> Vec<Period> {
        if !self.contains(&last) {
            return Vec::new();
        }
        let mut first = last;
        while first.start() > self.start() {
            first = first.previous();
        }
        let mut out = vec![first];
        while first != last {
            first = first.next();
            out.push(first);
        }
        out
    }

    /// The period of the same length right before this one.
    fn previous(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Half(y, 1) => Period::Half(y - 1, 2),
            Period::Half(y, h) => Period::Half(y, h - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Month(y, 1) => Period::Month(y - 1, 12),
            Period::Month(y, m) => Period::Month(y, m - 1),
        }
    }

    /// How the period is said in Chinese: 2013年第二季度.
    pub(crate) fn label(&self) -> String {
        const ORDINAL: [&str; 4] = ["一", "二", "三", "四"];
        match *self {
            Period::Year(y) => format!("{y}年"),
            Period::Half(y, 1) => format!("{y}年上半年"),
            Period::Half(y, _) => format!("{y}年下半年"),
            Period::Quarter(y, q) => format!("{y}年第{}季度", ORDINAL[(q as usize - 1) % 4]),
            Period::Month(y, m) => format!("{y}年{m}月"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

/// Time order: by first day, and for periods starting the same day the
/// shorter first (2013-01, 2013-Q1, 2013-H1, 2013), so a table reads from
/// the details up to the total.
impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        (self.start(), self.end()).cmp(&(other.start(), other.end()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn up_to_walks_the_grain_of_its_last_period() {
        let p = |s: &str| Period::parse(s).unwrap();
        let months = p("2014").up_to(p("2014-11"));
        assert_eq!(months.len(), 11);
        assert_eq!((months[0], months[10]), (p("2014-01"), p("2014-11")));
        assert_eq!(
            p("2014-H2").up_to(p("2014-Q4")),
            [p("2014-Q3"), p("2014-Q4")]
        );
        assert_eq!(p("2014-05").up_to(p("2014-05")), [p("2014-05")]);
        assert!(
            p("2014").up_to(p("2015-01")).is_empty(),
            "outside the period"
        );
        assert_eq!(p("2013-Q4").next(), p("2014-Q1"));
        assert_eq!(p("2013-12").next(), p("2014-01"));
    }

    #[test]
    fn parses_every_written_form() {
        assert_eq!(Period::parse("2013"), Ok(Period::Year(2013)));
        assert_eq!(Period::parse("2013-H1"), Ok(Period::Half(2013, 1)));
        assert_eq!(Period::parse("2013-Q2"), Ok(Period::Quarter(2013, 2)));
        assert_eq!(Period::parse("2013-04"), Ok(Period::Month(2013, 4)));
        for bad in [
            "2013-H3", "2013-Q5", "2013-13", "2013-4", "13", "2013Q1", "", "2013-",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn knows_its_first_and_last_day() {
        let h1 = Period::Half(2013, 1);
        assert_eq!(h1.start(), date(2013, 1, 1));
        assert_eq!(h1.end(), date(2013, 6, 30));
        assert_eq!(Period::Month(2012, 2).end(), date(2012, 2, 29));
        assert!(Period::Quarter(2013, 2).contains_date(date(2013, 4, 8)));
        assert!(!Period::Quarter(2013, 2).contains_date(date(2013, 7, 1)));
    }

    #[test]
    fn sorts_in_time_order_details_first() {
        let mut v: Vec<Period> = ["2013", "2013-H1", "2012", "2013-Q1", "2013-01", "2013-Q3"]
            .iter()
            .map(|s| Period::parse(s).unwrap())
            .collect();
        v.sort();
        let written: Vec<String> = v.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            written,
            ["2012", "2013-01", "2013-Q1", "2013-H1", "2013", "2013-Q3"]
        );
    }

    #[test]
    fn parts_and_labels() {
        assert_eq!(
            Period::Half(2013, 2).parts(),
            vec![Period::Quarter(2013, 3), Period::Quarter(2013, 4)]
        );
        assert_eq!(Period::Quarter(2013, 2).label(), "2013年第二季度");
        assert_eq!(Period::Half(2013, 1).label(), "2013年上半年");
        assert!(Period::Year(2013).contains(&Period::Month(2013, 7)));
    }
}
