//! Where each key project (重点实事) stands on `--today`, and a plan's
//! counts of each state.

use crate::records::plan::{Item, Plan};
use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Where a key project stands on `today`: the first that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ItemState {
    /// 已完成: the latest progress reaches the target.
    Done,
    /// 已逾期: past its due date and not done.
    Overdue,
    /// 未开始: no check recorded yet.
    NotStarted,
    /// 进行中.
    InProgress,
}

impl ItemState {
    pub(crate) const ALL: [ItemState; 4] = [
        ItemState::Done,
        ItemState::InProgress,
        ItemState::Overdue,
        ItemState::NotStarted,
    ];

    pub(crate) fn of(item: &Item, today: Date) -> ItemState {
        let progress = item.latest_progress();
        if progress.is_some_and(|p| p >= item.goal()) {
            ItemState::Done
        } else if today > item.due {
            ItemState::Overdue
        } else if progress.is_none() {
            ItemState::NotStarted
        } else {
            ItemState::InProgress
        }
    }

    pub(crate) fn key(&self) -> &'static str {
        match self {
            ItemState::Done => "done",
            ItemState::Overdue => "overdue",
            ItemState::NotStarted => "not-started",
            ItemState::InProgress => "in-progress",
        }
    }

    pub(crate) fn label(&self) -> &'static str {
        match self {
            ItemState::Done => "已完成",
            ItemState::Overdue => "已逾期",
            ItemState::NotStarted => "未开始",
            ItemState::InProgress => "进行中",
        }
    }
}

/// Percent of the target reached, for numeric targets and percentage
/// progress alike; capped at 100 and rounded down to a whole percent.
pub(crate) fn percent_complete(item: &Item) -> u32 {
    let Some(progress) = item.latest_progress() else {
        return 0;
    };
    let goal = item.goal();
    if goal <= Decimal::ZERO {
        return 100;
    }
    // Bounded figures cannot overflow here; an overflow would mean far past
    // the goal, so it reads as 100.
    let pct = progress
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(goal))
        .map(|p| p.floor());
    pct.and_then(|p| p.to_u32()).unwrap_or(100).min(100)
}

/// How many items of a plan are in each state, in the order of [`ItemState::ALL`].
pub(crate) fn plan_counts(plan: &Plan, today: Date) -> Vec<(ItemState, usize)> {
    ItemState::ALL
        .iter()
        .map(|s| {
            (
                *s,
                plan.items
                    .iter()
                    .filter(|i| ItemState::of(i, today) == *s)
                    .count(),
            )
        })
        .collect()
}

/// "12项实事，已完成8项，进行中2项，已逾期2项" (states with no item left out).
pub(crate) fn plan_summary(plan: &Plan, today: Date) -> String {
    let mut s = format!("{}项实事", plan.items.len());
    for (state, n) in plan_counts(plan, today) {
        if n > 0 {
            s.push_str(&format!("，{}{n}项", state.label()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::plan::Target;
    use jiff::civil::date;

    fn item(target: Target, due: Date, progress: &[u32]) -> Item {
        Item {
            id: "SS-01".into(),
            title: "x".into(),
            owner: "镇长 王某".into(),
            target,
            due,
            checks: progress
                .iter()
                .enumerate()
                .map(|(i, p)| crate::records::plan::Check {
                    date: date(2013, 3, 1 + i as i8),
                    kind: None,
                    progress: Decimal::from(*p),
                    note: None,
                })
                .collect(),
            rating: None,
            indicator: None,
            unit: "xiguan".into(),
            note: None,
            project: None,
        }
    }

    fn acres(n: u32) -> Target {
        Target::Quantity {
            value: Decimal::from(n),
            unit: "亩".into(),
        }
    }

    #[test]
    fn item_state_precedence_on_either_side_of_due() {
        let due = date(2013, 6, 30);
        let (before, on, after) = (date(2013, 6, 29), due, date(2013, 7, 1));
        let done = item(acres(3000), due, &[1200, 3000]);
        assert_eq!(
            ItemState::of(&done, after),
            ItemState::Done,
            "done beats overdue"
        );
        let short = item(acres(3000), due, &[1200, 2999]);
        assert_eq!(ItemState::of(&short, before), ItemState::InProgress);
        assert_eq!(
            ItemState::of(&short, on),
            ItemState::InProgress,
            "due day itself is not overdue"
        );
        assert_eq!(ItemState::of(&short, after), ItemState::Overdue);
        let unchecked = item(acres(3000), due, &[]);
        assert_eq!(ItemState::of(&unchecked, before), ItemState::NotStarted);
        assert_eq!(
            ItemState::of(&unchecked, after),
            ItemState::Overdue,
            "overdue beats not started"
        );
    }

    #[test]
    fn text_targets_complete_at_one_hundred_percent() {
        let due = date(2013, 9, 30);
        let t = |p: &[u32]| item(Target::Text("建成便民服务站".into()), due, p);
        assert_eq!(
            ItemState::of(&t(&[60]), date(2013, 7, 1)),
            ItemState::InProgress
        );
        assert_eq!(
            ItemState::of(&t(&[60, 100]), date(2013, 7, 1)),
            ItemState::Done
        );
        assert_eq!(percent_complete(&t(&[60])), 60);
        assert_eq!(percent_complete(&item(acres(3000), due, &[1000])), 33);
        assert_eq!(percent_complete(&item(acres(3000), due, &[4000])), 100);
    }

    #[test]
    fn plan_summary_counts_each_state() {
        let due = date(2013, 6, 30);
        let plan = Plan {
            path: "plans/2013.yaml".into(),
            common: crate::records::common::Common {
                title: "计划".into(),
                unit: "shili".into(),
                published: date(2013, 1, 20),
                draft: false,
                corrections: vec![],
                withdrawn: None,
                tags: vec![],
                extra: Default::default(),
            },
            year: 2013,
            items: vec![
                item(acres(10), due, &[10]),
                item(acres(10), due, &[10]),
                item(acres(10), due, &[5]),
                item(acres(10), date(2013, 12, 31), &[5]),
            ],
        };
        assert_eq!(
            plan_summary(&plan, date(2013, 7, 5)),
            "4项实事，已完成2项，进行中1项，已逾期1项"
        );
    }
}
