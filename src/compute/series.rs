//! Indicator roll-ups: the value of a series for any period, unit and group,
//! whether written down or derived.
//!
//! A figure not written is derived the way a statistician would: the whole
//! of a partitioned series is the sum of its groups; the township total of a
//! flow, stock or cumulative series is the sum over its units; a flow over a
//! year or half-year is the sum of the quarters or months it contains. Ratios
//! are never summed. A derived figure needs every part it sums: a half-year
//! with one quarter missing has no value rather than a wrong one.
//!
//! Which units the township total sums is the indicator's coverage
//! ([`covered`]): the units it lists in `units:`, else every village and
//! community. A covered village without a figure makes the total unknown,
//! never smaller, and [`Series::gaps`] names what is missing.

use crate::domain::number::checked_sum;
use crate::domain::period::Period;
use crate::records::config::{Config, Unit, UnitKind};
use crate::records::indicator::{Indicator, Measure};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// An indicator's values, indexed for look-up and roll-up.
pub struct Series<'a> {
    pub(crate) indicator: &'a Indicator,
    township: &'a str,
    given: BTreeMap<(Period, &'a str, Option<&'a str>), Decimal>,
    /// The units the township total sums (the township excluded), in
    /// site.yaml order.
    units: Vec<&'a str>,
}

impl<'a> Series<'a> {
    /// `covered` are the units the indicator covers, in site.yaml order.
    pub(crate) fn new(
        indicator: &'a Indicator,
        township: &'a str,
        covered: impl IntoIterator<Item = &'a str>,
    ) -> Series<'a> {
        let given = indicator
            .data
            .iter()
            .map(|p| ((p.period, p.unit.as_str(), p.group.as_deref()), p.value))
            .collect();
        let units = covered.into_iter().filter(|u| *u != township).collect();
        Series {
            indicator,
            township,
            given,
            units,
        }
    }

    /// The units covered, township excluded, in site order.
    pub(crate) fn units(&self) -> &[&'a str] {
        &self.units
    }

    /// The value for `period` of `unit` (`None`: the township total) and
    /// `group` (`None`: the whole), written or derived.
    pub(crate) fn value(
        &self,
        period: Period,
        unit: Option<&str>,
        group: Option<&str>,
    ) -> Option<Decimal> {
        let unit = unit.unwrap_or(self.township);
        if let Some(v) = self.given.get(&(period, unit, group)) {
            return Some(*v);
        }
        let ind = self.indicator;
        if group.is_none() && ind.partition && !ind.groups.is_empty() {
            let parts: Option<Vec<Decimal>> = ind
                .groups
                .iter()
                .map(|g| self.value(period, Some(unit), Some(g)))
                .collect();
            if let Some(parts) = parts {
                return checked_sum(parts);
            }
        }
        // A flow over a half-year or year is first the sum of its own parts
        // as this table shows them: when the township's quarter is written
        // (and so may differ from its villages' sum, counting a branch they
        // leave out), its half-year adds that figure, not the villages'.
        if ind.measure == Measure::Flow {
            let parts = period.parts();
            if !parts.is_empty() {
                let values: Option<Vec<Decimal>> = parts
                    .iter()
                    .map(|p| self.value(*p, Some(unit), group))
                    .collect();
                if let Some(sum) = values.and_then(checked_sum) {
                    return Some(sum);
                }
            }
        }
        if unit == self.township && ind.measure != Measure::Ratio && !self.units.is_empty() {
            // Every unit of the series must report: a village without a
            // figure makes the total unknown, not smaller.
            let values: Option<Vec<Decimal>> = self
                .units
                .iter()
                .map(|u| self.value(period, Some(u), group))
                .collect();
            if let Some(values) = values {
                return checked_sum(values);
            }
        }
        None
    }

    /// Every period written in the data, plus the coarser periods a flow
    /// series can be rolled up to, in reading order: by last day, and of
    /// periods ending together the shorter first (Q1, Q2, H1, …, 2013), so a
    /// table reads from the parts down to their total.
    pub(crate) fn periods(&self) -> Vec<Period> {
        let mut set: BTreeSet<Period> = self.indicator.data.iter().map(|p| p.period).collect();
        if self.indicator.measure == Measure::Flow {
            let written: Vec<Period> = set.iter().copied().collect();
            for p in written {
                for coarser in [Some(Period::Year(p.year())), half_of(p)]
                    .into_iter()
                    .flatten()
                {
                    if self.value(coarser, None, None).is_some() {
                        set.insert(coarser);
                    }
                }
            }
        }
        let mut periods: Vec<Period> = set.into_iter().collect();
        periods.sort_by_key(|p| (p.end(), std::cmp::Reverse(p.start())));
        periods
    }

    /// What keeps the value for `period` of `unit` (`None`: the township
    /// total) and `group` from being known: each unit and period whose
    /// figure is missing, as far down as the roll-up goes (a covered village
    /// without its 2013-Q2, for a 2013-H1 township total). Empty when the
    /// value is known, or when it is of a kind never derived (a ratio's
    /// total).
    pub(crate) fn gaps(
        &self,
        period: Period,
        unit: Option<&str>,
        group: Option<&str>,
    ) -> Vec<(String, Period)> {
        if self.value(period, unit, group).is_some() {
            return Vec::new();
        }
        let unit = unit.unwrap_or(self.township);
        if unit == self.township
            && self.indicator.measure != Measure::Ratio
            && !self.units.is_empty()
        {
            return self
                .units
                .iter()
                .flat_map(|u| self.gaps(period, Some(u), group))
                .collect();
        }
        if unit == self.township {
            return Vec::new();
        }
        let parts = period.parts();
        // A unit with no figure at all inside the period is missing the
        // period itself; one with some is missing the parts it lacks.
        if self.indicator.measure == Measure::Flow
            && !parts.is_empty()
            && self.has_any_within(period, unit, group)
        {
            let below: Vec<(String, Period)> = parts
                .iter()
                .flat_map(|p| self.gaps(*p, Some(unit), group))
                .collect();
            if !below.is_empty() {
                return below;
            }
        }
        vec![(unit.to_string(), period)]
    }

    /// The flow summed over consecutive `parts` (a year to date: 2014-01 to
    /// 2014-11) for `unit` (`None`: the township total) and `group`, or
    /// every unit and period whose figure it lacks. Each part must be known:
    /// a month missing makes the sum unknown, never smaller.
    pub(crate) fn sum_over(
        &self,
        parts: &[Period],
        unit: Option<&str>,
        group: Option<&str>,
    ) -> Result<Decimal, Vec<(String, Period)>> {
        let mut values = Vec::with_capacity(parts.len());
        let mut lacking = Vec::new();
        for part in parts {
            match self.value(*part, unit, group) {
                Some(v) => values.push(v),
                None => {
                    let gaps = self.gaps(*part, unit, group);
                    if gaps.is_empty() {
                        lacking.push((unit.unwrap_or(self.township).to_string(), *part));
                    }
                    lacking.extend(gaps);
                }
            }
        }
        if !lacking.is_empty() {
            return Err(lacking);
        }
        checked_sum(values).ok_or_else(Vec::new)
    }

    /// Whether `unit` has a figure written for any period within `period`.
    fn has_any_within(&self, period: Period, unit: &str, group: Option<&str>) -> bool {
        self.given.keys().any(|(p, u, g)| {
            *u == unit && *g == group && p.start() >= period.start() && p.end() <= period.end()
        })
    }

    /// The latest period with a township figure, and that figure.
    pub(crate) fn latest(&self, unit: Option<&str>) -> Option<(Period, Decimal)> {
        self.periods()
            .into_iter()
            .rev()
            .find_map(|p| self.value(p, unit, None).map(|v| (p, v)))
    }
}

/// Every indicator's series against the site's units, in the same order.
pub fn all<'a>(indicators: &'a [Indicator], config: &'a Config) -> Vec<Series<'a>> {
    indicators.iter().map(|i| of(i, config)).collect()
}

/// An indicator's series against the site's units.
pub(crate) fn of<'a>(indicator: &'a Indicator, config: &'a Config) -> Series<'a> {
    Series::new(indicator, &config.township().id, covered(indicator, config))
}

/// The units whose figures make an indicator's township total, in
/// site.yaml order: those it lists in `units:`; else every village and
/// community, and any other unit it gives a figure for. An indicator that
/// gives only township figures covers no unit.
pub(crate) fn covered<'a>(indicator: &'a Indicator, config: &'a Config) -> Vec<&'a str> {
    let township = config.township().id.as_str();
    let with_data: BTreeSet<&str> = indicator
        .data
        .iter()
        .map(|p| p.unit.as_str())
        .filter(|u| *u != township)
        .collect();
    let covers = |u: &Unit| match &indicator.units {
        Some(listed) => listed.contains(&u.id),
        None if with_data.is_empty() => false,
        None => {
            matches!(u.kind, UnitKind::Village | UnitKind::Community)
                || with_data.contains(u.id.as_str())
        }
    };
    config
        .units
        .iter()
        .filter(|u| u.id != township && covers(u))
        .map(|u| u.id.as_str())
        .collect()
}

/// The half-year a quarter or month lies in.
fn half_of(p: Period) -> Option<Period> {
    match p {
        Period::Quarter(y, q) => Some(Period::Half(y, if q <= 2 { 1 } else { 2 })),
        Period::Month(y, m) => Some(Period::Half(y, if m <= 6 { 1 } else { 2 })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::records::indicator::{ChartKind, Point};

    fn indicator(
        measure: Measure,
        rows: &[(&str, &str, Option<&str>, i64)],
        groups: &[&str],
    ) -> Indicator {
        Indicator {
            id: "x".into(),
            path: "indicators/x.yaml".into(),
            title: "x".into(),
            unit: "亩".into(),
            measure,
            chart: ChartKind::Bar,
            target: None,
            source: None,
            description: None,
            featured: false,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            partition: true,
            data: rows
                .iter()
                .map(|(p, u, g, v)| Point {
                    period: Period::parse(p).unwrap(),
                    unit: u.to_string(),
                    group: g.map(str::to_string),
                    value: Decimal::from(*v),
                    path: "indicators/x.yaml".into(),
                    span: Span::default(),
                })
                .collect(),
            units: None,
            corrections: Vec::new(),
            withdrawn: None,
            extra: Default::default(),
        }
    }

    fn units() -> Vec<String> {
        ["shili", "xiguan", "dongzhuang"].map(String::from).to_vec()
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn township_total_sums_units_and_flow_sums_time() {
        let ind = indicator(
            Measure::Flow,
            &[
                ("2013-Q1", "xiguan", None, 100),
                ("2013-Q2", "xiguan", None, 350),
                ("2013-Q1", "dongzhuang", None, 20),
                ("2013-Q2", "dongzhuang", None, 30),
            ],
            &[],
        );
        let u = units();
        let s = Series::new(&ind, "shili", u.iter().map(String::as_str));
        assert_eq!(s.value(p("2013-Q1"), None, None), Some(Decimal::from(120)));
        assert_eq!(
            s.value(p("2013-H1"), Some("xiguan"), None),
            Some(Decimal::from(450))
        );
        assert_eq!(s.value(p("2013-H1"), None, None), Some(Decimal::from(500)));
        assert_eq!(
            s.value(p("2013"), None, None),
            None,
            "H2 missing: no year total"
        );
        assert_eq!(
            s.periods(),
            vec![p("2013-Q1"), p("2013-Q2"), p("2013-H1")],
            "parts before their total"
        );
        assert_eq!(s.latest(None), Some((p("2013-H1"), Decimal::from(500))));
    }

    #[test]
    fn a_unit_without_a_figure_makes_the_total_unknown() {
        let ind = indicator(
            Measure::Flow,
            &[
                ("2013-Q1", "xiguan", None, 100),
                ("2013-Q1", "dongzhuang", None, 20),
                ("2013-Q2", "xiguan", None, 5),
            ],
            &[],
        );
        let u = units();
        let s = Series::new(&ind, "shili", u.iter().map(String::as_str));
        assert_eq!(s.value(p("2013-Q2"), None, None), None);
        assert_eq!(s.value(p("2013-Q1"), None, None), Some(Decimal::from(120)));
        // The gaps name the unit and the period missing, as far down as the
        // roll-up goes, and no deeper than the unit has figures.
        let gap = |unit: &str, period: &str| (unit.to_string(), p(period));
        assert_eq!(
            s.gaps(p("2013-Q2"), None, None),
            [gap("dongzhuang", "2013-Q2")]
        );
        assert_eq!(
            s.gaps(p("2013-H1"), None, None),
            [gap("dongzhuang", "2013-Q2")]
        );
        assert_eq!(
            s.gaps(p("2013-H2"), Some("xiguan"), None),
            [gap("xiguan", "2013-H2")]
        );
        assert!(s.gaps(p("2013-Q1"), None, None).is_empty());
    }

    #[test]
    fn an_indicator_covers_villages_and_communities_unless_it_lists_its_units() {
        let config = crate::records::config::Config {
            units: [
                ("shili", UnitKind::Township),
                ("xiguan", UnitKind::Village),
                ("lixiang", UnitKind::Community),
                ("jiguan", UnitKind::Branch),
                ("hezuoshe", UnitKind::Branch),
            ]
            .map(|(id, kind)| Unit {
                id: id.into(),
                name: id.into(),
                kind,
            })
            .to_vec(),
            title: "x".into(),
            base_url: "https://x.test/".into(),
            base_url_span: Span::default(),
            language: crate::records::config::Language::ZhCn,
            theme: "default".into(),
            notice_min_days: 5,
            privacy: crate::records::config::Privacy::Error,
            description: None,
            contact: Default::default(),
            identity: Default::default(),
            grouped_numbers: true,
            extra: Default::default(),
            log: None,
            schedule: Default::default(),
        };
        let mut ind = indicator(Measure::Flow, &[("2013", "jiguan", None, 1)], &[]);
        assert_eq!(covered(&ind, &config), ["xiguan", "lixiang", "jiguan"]);
        ind.units = Some(vec!["hezuoshe".into(), "xiguan".into()]);
        assert_eq!(covered(&ind, &config), ["xiguan", "hezuoshe"], "site order");
        let township_only = indicator(Measure::Flow, &[("2013", "shili", None, 9)], &[]);
        assert!(covered(&township_only, &config).is_empty());
    }

    #[test]
    fn a_township_half_year_adds_its_own_quarters_as_shown() {
        let ind = indicator(
            Measure::Flow,
            &[
                ("2013-Q1", "xiguan", None, 10),
                ("2013-Q1", "dongzhuang", None, 10),
                ("2013-Q2", "xiguan", None, 10),
                ("2013-Q2", "dongzhuang", None, 10),
                ("2013-Q1", "shili", None, 5),
            ],
            &[],
        );
        let u = units();
        let s = Series::new(&ind, "shili", u.iter().map(String::as_str));
        assert_eq!(s.value(p("2013-Q1"), None, None), Some(Decimal::from(5)));
        assert_eq!(s.value(p("2013-Q2"), None, None), Some(Decimal::from(20)));
        assert_eq!(s.value(p("2013-H1"), None, None), Some(Decimal::from(25)));
        assert_eq!(
            s.value(p("2013-H1"), Some("xiguan"), None),
            Some(Decimal::from(20))
        );
    }

    #[test]
    fn a_given_township_value_wins_over_the_sum() {
        let ind = indicator(
            Measure::Stock,
            &[
                ("2013", "xiguan", None, 10),
                ("2013", "dongzhuang", None, 5),
                ("2013", "shili", None, 40),
            ],
            &[],
        );
        let u = units();
        let s = Series::new(&ind, "shili", u.iter().map(String::as_str));
        assert_eq!(s.value(p("2013"), None, None), Some(Decimal::from(40)));
    }

    #[test]
    fn stocks_and_ratios_do_not_roll_up_in_time_and_ratios_never_sum() {
        let stock = indicator(
            Measure::Stock,
            &[
                ("2013-H1", "xiguan", None, 10),
                ("2013-H2", "xiguan", None, 12),
            ],
            &[],
        );
        let u = units();
        assert_eq!(
            Series::new(&stock, "shili", u.iter().map(String::as_str)).value(
                p("2013"),
                Some("xiguan"),
                None
            ),
            None
        );
        let ratio = indicator(
            Measure::Ratio,
            &[
                ("2013", "xiguan", None, 90),
                ("2013", "dongzhuang", None, 80),
            ],
            &[],
        );
        assert_eq!(
            Series::new(&ratio, "shili", u.iter().map(String::as_str)).value(p("2013"), None, None),
            None
        );
    }

    #[test]
    fn partitioned_groups_make_the_whole() {
        let ind = indicator(
            Measure::Stock,
            &[
                ("2014", "xiguan", Some("好"), 379),
                ("2014", "xiguan", Some("一般"), 142),
                ("2014", "xiguan", Some("差"), 19),
                ("2014", "dongzhuang", Some("好"), 10),
            ],
            &["好", "一般", "差"],
        );
        let u = units();
        let s = Series::new(&ind, "shili", u.iter().map(String::as_str));
        assert_eq!(
            s.value(p("2014"), Some("xiguan"), None),
            Some(Decimal::from(540))
        );
        assert_eq!(
            s.value(p("2014"), None, Some("好")),
            Some(Decimal::from(389))
        );
        assert_eq!(
            s.value(p("2014"), Some("dongzhuang"), None),
            None,
            "groups incomplete"
        );
    }
}
