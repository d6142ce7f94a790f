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
pub struct VoteCtx {
    pub date: String,
    pub date_label: String,
    pub body: Option<String>,
    pub expected: Option<u32>,
    pub present: Option<u32>,
    pub for_: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
}

/// One tagged ledger entry.
#[derive(Serialize)]
pub struct PaymentCtx {
    pub date: String,
    pub period: String,
    pub voucher: String,
    pub item: String,
    pub income: Option<String>,
    pub expense: Option<String>,
    pub ledger_title: String,
    pub ledger_path: String,
}

/// A project as a list line and as its page.
#[derive(Serialize)]
pub struct ProjectCtx {
    pub id: String,
    pub path: String,
    pub matter: String,
    pub unit_id: String,
    pub unit: String,
    pub unit_path: String,
    pub decision_title: String,
    pub decision_path: String,
    pub resolve: VoteCtx,
    pub budget: Option<String>,
    pub spent: String,
    pub percent: Option<String>,
    pub status: Option<&'static str>,
    pub completed: Option<String>,
    pub result_posted: Option<String>,
    pub payments: Vec<PaymentCtx>,
    pub plan_items: Vec<PlanItemCtx>,
    pub warnings: Vec<String>,
}

/// Every project's context, in id order.
pub fn all(figures: &Figures, plans: &[Plan], config: &Config) -> Vec<ProjectCtx> {
    figures
        .projects
        .values()
        .map(|p| project(p, figures, plans, config))
        .collect()
}

pub fn project(p: &Project, figures: &Figures, plans: &[Plan], config: &Config) -> ProjectCtx {
    let decided = &p.decided;
    let decision = &decided.decision;
    let imp = decision.implementation.as_ref();
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
        spent: p.spent.grouped(),
        percent: p.percent.map(|v| format!("{v}%")),
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
