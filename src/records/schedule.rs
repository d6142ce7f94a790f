//! `schedule:` of site.yaml: how often each village and community owes a
//! finance disclosure and by which day (农村集体经济组织财务公开规定: at
//! least every quarter, monthly where transactions are many).
//!
//! ```yaml
//! schedule:
//!   every: quarter      # quarter（每季度）或 month（每月）
//!   due_day: 15         # 期间结束后的下个月几号前公开
//!   since: 2013-Q1      # 从哪一期算起，不写则从最早的财务公开算起
//!   units:
//!     lixiang: { every: month, due_day: 10 }
//! ```
//!
//! Only the settings are read here; where each unit and period stands is
//! worked out in the compute stage (`compute::schedule`).

use super::config::{Unit, UnitKind};
use super::read::{Fields, Reader};
use crate::diagnostics::Span;
use crate::domain::period::Period;
use crate::load::yaml::{Node, Value};
use std::collections::BTreeMap;

/// How often a unit discloses its finances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Every {
    Quarter,
    Month,
}

/// One unit's disclosure rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) every: Every,
    /// The day of the month after the period by which it is due.
    pub(crate) due_day: i8,
    /// The first period owed; `None`: the site's earliest finance period.
    pub(crate) since: Option<Period>,
}

impl Default for Rule {
    /// Every quarter, due by the 15th of the month after it.
    fn default() -> Rule {
        Rule {
            every: Every::Quarter,
            due_day: 15,
            since: None,
        }
    }
}

/// The site's schedule: its own rule and the units that differ from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Schedule {
    pub(crate) site: Rule,
    pub(crate) units: BTreeMap<String, Rule>,
    /// Where site.yaml writes `schedule:`, for the warnings to point at.
    pub(crate) span: Option<Span>,
}

impl Schedule {
    /// The rule `unit` follows.
    pub(crate) fn rule_of(&self, unit: &str) -> Rule {
        self.units.get(unit).copied().unwrap_or(self.site)
    }
}

const FIELDS: [&str; 4] = ["every", "due_day", "since", "units"];

/// Reads `schedule:`; the units it names must be villages or communities
/// of `units` (the township comes first and is never one).
pub(crate) fn read(node: &Node, units: &[Unit], r: &mut Reader) -> Schedule {
    let Some(mut f) = r.fields(node, "schedule") else {
        return Schedule::default();
    };
    let site = read_rule(&mut f, r, Rule::default());
    let units_node = f.optional("units");
    f.finish(r, &FIELDS);
    let mut schedule = Schedule {
        site,
        units: BTreeMap::new(),
        span: Some(node.span),
    };
    let Some(units_node) = units_node else {
        return schedule;
    };
    if r.fields(units_node, "units").is_none() {
        return schedule;
    }
    let Value::Map(entries) = &units_node.value else {
        return schedule;
    };
    for (key, value) in entries {
        let Some(unit) = owing_unit(&key.name, key.span, units, r) else {
            continue;
        };
        if let Some(mut f) = r.fields(value, &key.name) {
            let rule = read_rule(&mut f, r, site);
            f.finish(r, &FIELDS[..3]);
            schedule.units.insert(unit.id.clone(), rule);
        }
    }
    schedule
}

/// The unit `id` names, when it is a village or community; otherwise an
/// error at the key.
fn owing_unit<'u>(id: &str, span: Span, units: &'u [Unit], r: &mut Reader) -> Option<&'u Unit> {
    let Some(unit) = units.iter().find(|u| u.id == id) else {
        r.error_help(
            span,
            format!("schedule 中的单位代码“{id}”在 units 中没有"),
            "写 units 里某个村或社区的 id，例如 xiguan",
        );
        return None;
    };
    if !matches!(unit.kind, UnitKind::Village | UnitKind::Community) {
        r.error_help(
            span,
            format!(
                "{}是{}，财务公开时间表只管村和社区",
                unit.name,
                unit.kind.label()
            ),
            "删去这一项；村（village）和社区（community）才按时间表公开财务",
        );
        return None;
    }
    Some(unit)
}

/// `every`, `due_day` and `since`, each defaulting to `base`'s.
fn read_rule(f: &mut Fields, r: &mut Reader, base: Rule) -> Rule {
    let every = f
        .optional("every")
        .and_then(|n| {
            r.choice(
                n,
                "every",
                &[("quarter", Every::Quarter), ("month", Every::Month)],
            )
        })
        .map_or(base.every, |e| e.value);
    let due_day = f
        .optional("due_day")
        .and_then(|n| read_due_day(n, r))
        .unwrap_or(base.due_day);
    let since = f
        .optional_as("since", r, Reader::period)
        .map(|p| p.value)
        .or(base.since);
    Rule {
        every,
        due_day,
        since,
    }
}

/// A day of the month, 1 to 31 (a shorter month's last day stands in for
/// a day it lacks).
fn read_due_day(node: &Node, r: &mut Reader) -> Option<i8> {
    let day = r.count(node, "due_day", 31)?;
    if day.value == 0 {
        r.error_help(
            node.span,
            "`due_day` 应为 1 到 31 之间的日子，记录中为 0",
            "写期间结束后下个月的第几天，例如 due_day: 15",
        );
        return None;
    }
    Some(day.value as i8)
}
