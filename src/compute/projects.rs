//! Project threads: a 四议两公开 decision names a project (`project: <id>`),
//! and ledger entries and plan items tagged with the same id join it. A
//! project's page then answers a villager's first question — how much did
//! the road cost, and is it done — from records that otherwise nothing
//! joins, and the rules here catch where they disagree.

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::records::disclosure::decision::{Decision, Status as DecisionStatus};
use crate::records::disclosure::finance::Flow;
use crate::records::disclosure::{Details, Disclosure};
use crate::records::plan::Plan;
use crate::records::read::At;
use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

use super::plan::ItemState;

/// One tagged ledger entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Payment {
    /// The ledger's path.
    pub(crate) path: String,
    /// The ledger's title, for the line that links to it.
    pub(crate) ledger_title: String,
    pub(crate) period: Period,
    pub(crate) date: Date,
    pub(crate) voucher: Option<String>,
    pub(crate) item: String,
    pub(crate) flow: Flow,
    pub(crate) amount: Money,
}

/// A plan item tagged with the project: (plan index, item index).
pub(crate) type PlanItemRef = (usize, usize);

/// One project, as its page shows it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Project {
    pub(crate) id: String,
    /// The deciding disclosure's path.
    pub(crate) decision: String,
    /// What the page shows of the deciding disclosure, kept here so that
    /// no page has to look it up among all the records.
    pub(crate) decided: Decided,
    /// Tagged entries of every period, oldest first.
    pub(crate) payments: Vec<Payment>,
    /// Expenses of the tagged entries, summed exactly.
    pub(crate) spent: Money,
    /// Spending as a percent of the budget (one decimal), when there is one.
    pub(crate) percent: Option<Decimal>,
    pub(crate) plan_items: Vec<PlanItemRef>,
    /// What does not add up but is not wrong enough to stop a build: said
    /// on the page and by `check`.
    pub(crate) warnings: Vec<String>,
}

/// The deciding disclosure of a project, as its page shows it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Decided {
    pub(crate) title: String,
    pub(crate) unit: String,
    pub(crate) published: Date,
    pub(crate) decision: Decision,
}

/// Every project of the site, by id, and the rules across its records.
pub(crate) fn all(
    disclosures: &[Disclosure],
    plans: &[Plan],
    today: Date,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Project> {
    let decisions = deciding(disclosures, diags);
    let mut projects: BTreeMap<String, Project> = decisions
        .iter()
        .map(|(id, (d, decision))| (id.clone(), empty(id, d, decision)))
        .collect();
    for (d, entry_project, payment) in tagged_payments(disclosures) {
        match projects.get_mut(&entry_project.value) {
            Some(p) => p.payments.push(payment),
            None => unknown_tag(&d.path, entry_project, diags),
        }
    }
    for (pi, plan) in plans.iter().enumerate() {
        for (ii, item) in plan.items.iter().enumerate() {
            let Some(tag) = &item.project else { continue };
            match projects.get_mut(&tag.value) {
                Some(p) => p.plan_items.push((pi, ii)),
                None => unknown_tag(&plan.path, tag, diags),
            }
        }
    }
    for (id, project) in &mut projects {
        let (d, decision) = decisions[id];
        settle(project, d, decision, plans, today, diags);
    }
    projects
}

/// The decisions that name a project, by id; a second decision naming the
/// same id is an error at its tag.
fn deciding<'a>(
    disclosures: &'a [Disclosure],
    diags: &mut Diagnostics,
) -> BTreeMap<String, (&'a Disclosure, &'a Decision)> {
    let mut by_id: BTreeMap<String, (&Disclosure, &Decision)> = BTreeMap::new();
    let mut sorted: Vec<&Disclosure> = disclosures.iter().filter(|d| !d.common.draft).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for d in sorted {
        let Details::Decision(decision) = &d.details else {
            continue;
        };
        let Some(tag) = &decision.project else {
            continue;
        };
        if let Some((first, _)) = by_id.get(&tag.value) {
            diags.push(
                Diagnostic::error(
                    &d.path,
                    Some(tag.span),
                    format!(
                        "项目代码“{}”已用于 {}：一个项目只对应一项决策",
                        tag.value, first.path
                    ),
                )
                .with_help("给这个项目另起一个代码，例如在后面加上年份"),
            );
            continue;
        }
        by_id.insert(tag.value.clone(), (d, decision));
    }
    by_id
}

fn empty(id: &str, d: &Disclosure, decision: &Decision) -> Project {
    Project {
        id: id.to_string(),
        decision: d.path.clone(),
        decided: Decided {
            title: d.common.title.clone(),
            unit: d.common.unit.clone(),
            published: d.common.published,
            decision: decision.clone(),
        },
        payments: Vec::new(),
        spent: Money::from_fen(0),
        percent: None,
        plan_items: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Every tagged ledger entry of the published ledgers, with its tag.
fn tagged_payments(
    disclosures: &[Disclosure],
) -> impl Iterator<Item = (&Disclosure, &At<String>, Payment)> {
    disclosures
        .iter()
        .filter(|d| !d.common.draft)
        .filter_map(|d| match &d.details {
            Details::Finance(f) => Some((d, f)),
            _ => None,
        })
        .flat_map(|(d, f)| {
            f.entries.iter().filter_map(move |e| {
                let tag = e.project.as_ref()?;
                Some((
                    d,
                    tag,
                    Payment {
                        path: d.path.clone(),
                        ledger_title: d.common.title.clone(),
                        period: f.period,
                        date: e.date,
                        voucher: e.voucher.clone(),
                        item: e.item.clone(),
                        flow: e.flow,
                        amount: e.amount,
                    },
                ))
            })
        })
}

fn unknown_tag(path: &str, tag: &At<String>, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::error(
            path,
            Some(tag.span),
            format!("没有代码为“{}”的项目", tag.value),
        )
        .with_help("项目由四议两公开的决策记录建立：在决策的 decision 下写 project: 同一个代码，或改正这里的代码"),
    );
}

/// Sums the spending and checks the project's records against each other.
fn settle(
    project: &mut Project,
    d: &Disclosure,
    decision: &Decision,
    plans: &[Plan],
    today: Date,
    diags: &mut Diagnostics,
) {
    project
        .payments
        .sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    project.spent = project
        .payments
        .iter()
        .filter(|p| p.flow == Flow::Expense)
        .map(|p| p.amount)
        .sum();
    let implementation = decision.implementation.as_ref();
    let budget = implementation.and_then(|i| i.budget);
    project.percent = budget.filter(|b| !b.is_zero()).map(|b| {
        // 四舍五入, as a clerk rounds: 93.25% is 93.3%.
        (project.spent.decimal() * Decimal::from(100) / b.decimal())
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
    });
    check_spent(project, d, decision, diags);
    check_resolved_before_paying(project, d, decision, diags);
    if let Some(budget) = budget
        && project.spent > budget
    {
        project.warnings.push(format!(
            "已支出 {} 元，超出预算 {} 元（超出 {} 元）",
            project.spent.grouped(),
            budget.grouped(),
            (project.spent - budget).grouped()
        ));
    }
    let done = implementation.is_some_and(|i| i.status == DecisionStatus::Done);
    for &(pi, ii) in &project.plan_items {
        let item = &plans[pi].items[ii];
        let item_done = ItemState::of(item, today) == ItemState::Done;
        if done && !item_done {
            project.warnings.push(format!(
                "决策记录写明已完成，但重点实事“{}”（{}）尚未完成",
                item.title, item.id
            ));
        } else if item_done && !done {
            project.warnings.push(format!(
                "重点实事“{}”（{}）已完成，但决策记录的实施情况还不是“已完成”",
                item.title, item.id
            ));
        }
    }
    for w in &project.warnings {
        diags.push(Diagnostic::warning(
            &d.path,
            decision.project.as_ref().map(|t| t.span),
            format!("项目“{}”：{w}", decision.matter),
        ));
    }
}

/// The decision's own spending figure when no ledger entry is tagged for
/// the project yet: the only figure there is, which the page shows as the
/// decision's, not as a sum of the ledgers (that would read 0.00).
pub(crate) fn declared_only(project: &Project, decision: &Decision) -> Option<Money> {
    let written = decision.implementation.as_ref().and_then(|i| i.spent)?;
    (project.payments.is_empty() && !written.is_zero()).then_some(written)
}

/// `implementation.spent` must be what the tagged payments add up to, once
/// there are any: the two figures are the same money told twice.
fn check_spent(project: &Project, d: &Disclosure, decision: &Decision, diags: &mut Diagnostics) {
    let written = decision.implementation.as_ref().and_then(|i| i.spent);
    let (Some(written), false) = (written, project.payments.is_empty()) else {
        return;
    };
    if written == project.spent {
        return;
    }
    let span: Option<Span> = decision.spent_span;
    diags.push(
        Diagnostic::error(
            &d.path,
            span,
            format!(
                "实际支出写的是 {} 元，账目中标为本项目的支出合计 {} 元（{}笔），两者不符",
                written.grouped(),
                project.spent.grouped(),
                project
                    .payments
                    .iter()
                    .filter(|p| p.flow == Flow::Expense)
                    .count()
            ),
        )
        .with_help(format!(
            "核对账目后写 spent: {}；若账目漏标或错标了 project，改正账目",
            project.spent.plain()
        )),
    );
}

/// Money spent before the villagers voted breaks 四议两公开: the first
/// tagged payment may not come before the resolve step.
fn check_resolved_before_paying(
    project: &Project,
    d: &Disclosure,
    decision: &Decision,
    diags: &mut Diagnostics,
) {
    let Some(first) = project.payments.iter().find(|p| p.flow == Flow::Expense) else {
        return;
    };
    if first.date >= decision.resolve.date {
        return;
    }
    diags.push(
        Diagnostic::error(
            &d.path,
            Some(decision.resolve_span),
            format!(
                "决议日期 {} 晚于本项目的第一笔支出（{} {}，{}）：钱在村民表决之前就花了",
                decision.resolve.date, first.date, first.item, first.path
            ),
        )
        .with_help(
            "核对决议日期和这笔支出的日期；若确是先支出后决议，须按程序补正，不能在网上照此公开",
        ),
    );
}
