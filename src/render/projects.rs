//! The project pages: `/projects/` lists every project, `/projects/<id>/`
//! joins its decision, budget, tagged payments and plan items (computed in
//! `compute::projects`) into one answer.

use super::context::{self, PlanItemCtx};
use super::urls::PagePath;
use crate::compute::Figures;
use crate::compute::projects::Project;
use crate::domain::dates;
use crate::records::config::Config;
use crate::records::disclosure::decision::Decision;
use crate::records::disclosure::finance::Flow;
use crate::records::plan::Plan;
use serde::Serialize;

/// The resolve step's vote, as the page shows it.
#[derive(Serialize)]
pub(crate) struct VoteCtx {
    pub(crate) date: String,
    pub(crate) date_label: String,
    pub(crate) body: Option<String>,
    pub(crate) expected: Option<u32>,
    pub(crate) present: Option<u32>,
    pub(crate) for_: Option<u32>,
    pub(crate) against: Option<u32>,
    pub(crate) abstain: Option<u32>,
}

/// One tagged ledger entry.
#[derive(Serialize)]
pub(crate) struct PaymentCtx {
    pub(crate) date: String,
    pub(crate) period: String,
    pub(crate) voucher: String,
    pub(crate) item: String,
    pub(crate) income: Option<String>,
    pub(crate) expense: Option<String>,
    pub(crate) ledger_title: String,
    pub(crate) ledger_path: String,
}

/// A project as a list line and as its page.
#[derive(Serialize)]
pub(crate) struct ProjectCtx {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) matter: String,
    pub(crate) unit_id: String,
    pub(crate) unit: String,
    pub(crate) unit_path: String,
    pub(crate) decision_title: String,
    pub(crate) decision_path: String,
    pub(crate) resolve: VoteCtx,
    pub(crate) budget: Option<String>,
    pub(crate) spent: String,
    /// Where `spent` comes from when it is not the ledgers' sum: the
    /// decision's own figure, no entry being tagged yet.
    pub(crate) spent_note: Option<&'static str>,
    pub(crate) percent: Option<String>,
    pub(crate) status: Option<&'static str>,
    pub(crate) completed: Option<String>,
    pub(crate) result_posted: Option<String>,
    pub(crate) payments: Vec<PaymentCtx>,
    pub(crate) plan_items: Vec<PlanItemCtx>,
    pub(crate) warnings: Vec<String>,
}

/// Every project's context, in id order.
pub(crate) fn all(figures: &Figures, plans: &[Plan], config: &Config) -> Vec<ProjectCtx> {
    figures
        .projects
        .values()
        .map(|p| project(p, figures, plans, config))
        .collect()
}

pub(crate) fn project(
    p: &Project,
    figures: &Figures,
    plans: &[Plan],
    config: &Config,
) -> ProjectCtx {
    let decided = &p.decided;
    let decision = &decided.decision;
    let imp = decision.implementation.as_ref();
    let declared = crate::compute::projects::declared_only(p, decision);
    ProjectCtx {
        id: p.id.clone(),
        path: context::project_path(&p.id),
        matter: decision.matter.clone(),
        unit_id: decided.unit.clone(),
        unit: config
            .unit(&decided.unit)
            .map_or(decided.unit.clone(), |u| u.name.clone()),
        unit_path: context::unit_path(&decided.unit),
        decision_title: decided.title.clone(),
        decision_path: PagePath::of_record(&p.decision).encoded(),
        resolve: vote(decision),
        budget: imp.and_then(|i| i.budget).map(|m| m.grouped()),
        spent: declared.unwrap_or(p.spent).grouped(),
        spent_note: declared.map(|_| "决策记录所写，账目中尚未标注"),
        // A share of the budget only of what the ledgers show.
        percent: p
            .percent
            .filter(|_| declared.is_none())
            .map(|v| format!("{v}%")),
        status: imp.map(|i| i.status.label()),
        completed: imp.and_then(|i| i.completed).map(dates::chinese),
        result_posted: imp.and_then(|i| i.result_posted).map(dates::chinese),
        payments: p
            .payments
            .iter()
            .map(|pay| PaymentCtx {
                date: pay.date.to_string(),
                period: pay.period.label(),
                voucher: pay.voucher.clone().unwrap_or_default(),
                item: pay.item.clone(),
                income: (pay.flow == Flow::Income).then(|| pay.amount.grouped()),
                expense: (pay.flow == Flow::Expense).then(|| pay.amount.grouped()),
                ledger_title: pay.ledger_title.clone(),
                ledger_path: PagePath::of_record(&pay.path).encoded(),
            })
            .collect(),
        plan_items: p
            .plan_items
            .iter()
            .map(|&(pi, ii)| {
                context::plan_item(
                    &plans[pi],
                    &plans[pi].items[ii],
                    &figures.plans[pi].items[ii],
                    config,
                )
            })
            .collect(),
        warnings: p.warnings.clone(),
    }
}

fn vote(decision: &Decision) -> VoteCtx {
    let step = &decision.resolve;
    let v = step.votes;
    VoteCtx {
        date: step.date.to_string(),
        date_label: dates::chinese(step.date),
        body: step.body.clone(),
        expected: v.map(|v| v.expected),
        present: v.map(|v| v.present),
        for_: v.map(|v| v.for_),
        against: v.map(|v| v.against),
        abstain: v.map(|v| v.abstain),
    }
}
