//! What templates see: small, flat, already-formatted views of the model.
//!
//! Figures are formatted here (money as `12,345.60`, dates as `2013年4月8日`)
//! so every theme shows them the same way and templates stay plain. Each
//! page's context holds only what that page shows; list pages borrow the
//! shared [`Item`]s rather than copying the site into every page.

use crate::compute::{DisclosureFigures, ItemFigures, LedgerSummary, PlanFigures, PostingStatus};
use crate::domain::dates;
use crate::domain::money::Money;
use crate::domain::number::grouped as number;
use crate::records::common::Posting;
use crate::records::common::{Correction, Withdrawal};
use crate::records::config::{Config, Unit};
use crate::records::disclosure::decision::{Decision, Step};
use crate::records::disclosure::finance::{Finance, Flow};
use crate::records::disclosure::party::Party;
use crate::records::disclosure::{Details, Disclosure};
use crate::records::identity::{self, Identity};
use crate::render::urls::{self, PagePath};
use jiff::civil::Date;
use serde::Serialize;

/// The site-wide values every template may use, set once.
#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    pub(crate) title: &'a str,
    pub(crate) lang: &'static str,
    pub(crate) base_url: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) township: &'a str,
    pub(crate) contact: &'a crate::records::config::Contact,
    /// The footer's identity lines, links worked out.
    pub(crate) identity: IdentityCtx<'a>,
    /// site.yaml's `extra:`, for the theme.
    pub(crate) extra: &'a crate::records::read::Extra,
    pub(crate) units: Vec<UnitLink<'a>>,
    pub(crate) categories: Vec<Link>,
    pub(crate) pages: Vec<Link>,
}

/// site.yaml's `identity:` as the footer shows it: each filing number with
/// the address where a reader can look it up. Absent fields are `None`
/// and show nothing.
#[derive(Serialize)]
pub(crate) struct IdentityCtx<'a> {
    pub(crate) organizer: Option<&'a str>,
    pub(crate) site_code: Option<&'a str>,
    pub(crate) icp: Option<&'a str>,
    pub(crate) icp_url: &'static str,
    pub(crate) police: Option<&'a str>,
    pub(crate) police_url: Option<String>,
}

impl<'a> IdentityCtx<'a> {
    pub(crate) fn of(identity: &'a Identity) -> IdentityCtx<'a> {
        IdentityCtx {
            organizer: identity.organizer.as_deref(),
            site_code: identity.site_code.as_deref(),
            icp: identity.icp.as_deref(),
            icp_url: identity::ICP_URL,
            police: identity.police.as_ref().map(|p| p.text.as_str()),
            police_url: identity.police.as_ref().map(|p| p.url()),
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) id: String,
    pub(crate) label: String,
    /// Site-relative and percent-encoded; templates prefix `root`.
    pub(crate) path: String,
}

#[derive(Serialize)]
pub(crate) struct UnitLink<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) kind: &'static str,
    pub(crate) path: String,
}

pub(crate) fn unit_path(id: &str) -> String {
    format!("units/{id}/")
}

pub(crate) fn category_path(id: &str) -> String {
    format!("disclosures/{id}/")
}

/// A disclosure as a line in a list, in the feed and at the top of its page.
#[derive(Serialize, Clone)]
pub(crate) struct Item {
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) unit: String,
    pub(crate) unit_path: String,
    pub(crate) category: &'static str,
    pub(crate) category_label: &'static str,
    pub(crate) category_path: String,
    pub(crate) published: String,
    pub(crate) published_label: String,
    pub(crate) updated: String,
    pub(crate) status: Option<Status>,
    pub(crate) posting: Option<PostingCtx>,
    pub(crate) period: Option<String>,
    pub(crate) draft: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) summary: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct Status {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
}

#[derive(Serialize, Clone)]
pub(crate) struct PostingCtx {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) from_label: String,
    pub(crate) to_label: String,
    pub(crate) days: i64,
    pub(crate) channels: Vec<String>,
}

/// Builds the list line of a disclosure; `summary` is the first words of
/// its text, for feeds and lists.
pub(crate) fn item(
    d: &Disclosure,
    figures: &DisclosureFigures,
    config: &Config,
    summary: String,
) -> Item {
    let unit = config
        .unit(&d.common.unit)
        .map_or(d.common.unit.as_str(), |u| u.name.as_str());
    let period = match &d.details {
        Details::Finance(f) => Some(f.period.label()),
        _ => None,
    };
    Item {
        title: d.common.title.clone(),
        path: PagePath::of_record(&d.path).encoded(),
        unit: unit.to_string(),
        unit_path: urls::encode_path(&unit_path(&d.common.unit)),
        category: d.category.id(),
        category_label: d.category.label(),
        category_path: category_path(d.category.id()),
        published: d.common.published.to_string(),
        published_label: dates::chinese(d.common.published),
        updated: d.common.updated().to_string(),
        status: figures.status.map(status),
        posting: d.posting.as_ref().map(posting),
        period,
        draft: d.common.draft,
        tags: d.common.tags.clone(),
        summary,
    }
}

fn status(s: PostingStatus) -> Status {
    Status {
        key: s.key(),
        label: s.label(),
    }
}

fn posting(p: &Posting) -> PostingCtx {
    PostingCtx {
        from: p.from.to_string(),
        to: p.to.to_string(),
        from_label: dates::chinese(p.from),
        to_label: dates::chinese(p.to),
        days: dates::days_inclusive(p.from, p.to),
        channels: p.channels.clone(),
    }
}

/// Everything a disclosure's own page shows.
#[derive(Serialize)]
pub(crate) struct RecordCtx<'a> {
    pub(crate) item: &'a Item,
    pub(crate) body: &'a str,
    pub(crate) corrections: Vec<CorrectionCtx>,
    /// When and why the record was withdrawn (已撤回).
    pub(crate) withdrawn: Option<CorrectionCtx>,
    pub(crate) finance: Option<FinanceCtx>,
    pub(crate) decision: Option<DecisionCtx>,
    pub(crate) party: Option<PartyCtx>,
    pub(crate) unit_kind: &'static str,
}

#[derive(Serialize)]
pub(crate) struct CorrectionCtx {
    pub(crate) date: String,
    pub(crate) date_label: String,
    pub(crate) reason: String,
}

/// The correction notes (更正记录) of a record, oldest first as written.
pub(crate) fn corrections(list: &[Correction]) -> Vec<CorrectionCtx> {
    list.iter()
        .map(|c| CorrectionCtx {
            date: c.date.to_string(),
            date_label: dates::chinese(c.date),
            reason: c.reason.clone(),
        })
        .collect()
}

/// A record's withdrawal (撤回), shaped like a correction note.
pub(crate) fn withdrawal(w: Option<&Withdrawal>) -> Option<CorrectionCtx> {
    w.map(|w| CorrectionCtx {
        date: w.date.to_string(),
        date_label: dates::chinese(w.date),
        reason: w.reason.clone(),
    })
}

pub(crate) fn record<'a>(
    d: &Disclosure,
    figures: &DisclosureFigures,
    item: &'a Item,
    body: &'a str,
    unit: Option<&Unit>,
) -> RecordCtx<'a> {
    RecordCtx {
        item,
        body,
        corrections: corrections(&d.common.corrections),
        withdrawn: withdrawal(d.common.withdrawn.as_ref()),
        finance: match &d.details {
            Details::Finance(f) => figures.ledger.as_ref().map(|l| finance(f, l)),
            _ => None,
        },
        decision: match &d.details {
            Details::Decision(x) => Some(decision(x)),
            _ => None,
        },
        party: match &d.details {
            Details::Party(p) => Some(party(p)),
            _ => None,
        },
        unit_kind: unit.map_or("", |u| u.kind.label()),
    }
}

#[derive(Serialize)]
pub(crate) struct FinanceCtx {
    pub(crate) period: String,
    pub(crate) opening: String,
    pub(crate) entries: Vec<EntryCtx>,
    pub(crate) classes: Vec<ClassCtx>,
    pub(crate) income: String,
    pub(crate) expense: String,
    pub(crate) closing: String,
    pub(crate) closing_capital: String,
    pub(crate) review: Option<ReviewCtx>,
    /// Why the opening balance breaks from the previous period's closing.
    pub(crate) opening_note: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EntryCtx {
    pub(crate) date: String,
    pub(crate) voucher: String,
    pub(crate) item: String,
    pub(crate) class: String,
    pub(crate) income: String,
    pub(crate) expense: String,
}

#[derive(Serialize)]
pub(crate) struct ClassCtx {
    pub(crate) class: String,
    pub(crate) flow: &'static str,
    pub(crate) total: String,
    pub(crate) entries: usize,
}

#[derive(Serialize)]
pub(crate) struct ReviewCtx {
    pub(crate) by: String,
    pub(crate) date_label: String,
    pub(crate) opinion: String,
    pub(crate) signers: Vec<String>,
}

fn money_or_blank(flow: Flow, want: Flow, amount: Money) -> String {
    if flow == want {
        amount.grouped()
    } else {
        String::new()
    }
}

fn finance(f: &Finance, summary: &LedgerSummary) -> FinanceCtx {
    FinanceCtx {
        period: f.period.label(),
        opening: f.opening_balance.value.grouped(),
        opening_note: f.opening_note.clone(),
        entries: f
            .entries
            .iter()
            .map(|e| EntryCtx {
                date: e.date.to_string(),
                voucher: e.voucher.clone().unwrap_or_default(),
                item: e.item.clone(),
                class: e.class.clone().unwrap_or_default(),
                income: money_or_blank(e.flow, Flow::Income, e.amount),
                expense: money_or_blank(e.flow, Flow::Expense, e.amount),
            })
            .collect(),
        classes: summary
            .by_class
            .iter()
            .map(|c| ClassCtx {
                class: c.class.clone(),
                flow: match c.flow {
                    Flow::Income => "收入",
                    Flow::Expense => "支出",
                },
                total: c.total.grouped(),
                entries: c.entries,
            })
            .collect(),
        income: summary.income.grouped(),
        expense: summary.expense.grouped(),
        closing: summary.closing.grouped(),
        closing_capital: summary.closing.capital(),
        review: f.review.as_ref().map(|r| ReviewCtx {
            by: r.by.clone(),
            date_label: dates::chinese(r.date),
            opinion: r.opinion.clone().unwrap_or_default(),
            signers: r.signers.clone(),
        }),
    }
}

#[derive(Serialize)]
pub(crate) struct DecisionCtx {
    pub(crate) matter: String,
    pub(crate) steps: Vec<StepCtx>,
    pub(crate) status: Option<&'static str>,
    pub(crate) budget: Option<String>,
    pub(crate) spent: Option<String>,
    /// The project page it opens (`projects/<id>/`), site-relative.
    pub(crate) project_path: Option<String>,
}

/// One stop on the 四议两公开 timeline.
#[derive(Serialize)]
pub(crate) struct StepCtx {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) date: Option<String>,
    pub(crate) date_label: Option<String>,
    pub(crate) body: Option<String>,
    pub(crate) votes: Option<VotesCtx>,
    pub(crate) done: bool,
}

#[derive(Serialize)]
pub(crate) struct VotesCtx {
    pub(crate) expected: u32,
    pub(crate) present: u32,
    #[serde(rename = "for")]
    pub(crate) for_: u32,
    pub(crate) against: u32,
    pub(crate) abstain: u32,
}

fn step(key: &'static str, name: &'static str, s: &Step) -> StepCtx {
    StepCtx {
        key,
        name,
        date: Some(s.date.to_string()),
        date_label: Some(dates::chinese(s.date)),
        body: s.body.clone(),
        votes: s.votes.map(|v| VotesCtx {
            expected: v.expected,
            present: v.present,
            for_: v.for_,
            against: v.against,
            abstain: v.abstain,
        }),
        done: true,
    }
}

fn dated(key: &'static str, name: &'static str, date: Option<Date>) -> StepCtx {
    StepCtx {
        key,
        name,
        date: date.map(|d| d.to_string()),
        date_label: date.map(dates::chinese),
        body: None,
        votes: None,
        done: date.is_some(),
    }
}

fn decision(d: &Decision) -> DecisionCtx {
    let imp = d.implementation.as_ref();
    let steps = vec![
        step("propose", "党组织提议", &d.propose),
        step("consult", "两委会商议", &d.consult),
        step("review", "党员大会审议", &d.review),
        step("resolve", "村民（代表）会议决议", &d.resolve),
        dated("resolution_posted", "决议公开", d.resolution_posted),
        dated(
            "result_posted",
            "实施结果公开",
            imp.and_then(|i| i.result_posted),
        ),
    ];
    DecisionCtx {
        matter: d.matter.clone(),
        steps,
        status: imp.map(|i| i.status.label()),
        budget: imp.and_then(|i| i.budget).map(|m| m.grouped()),
        spent: imp.and_then(|i| i.spent).map(|m| m.grouped()),
        project_path: d.project.as_ref().map(|t| project_path(&t.value)),
    }
}

/// Where a project's page lives, site-relative and encoded (ids are in the
/// unit-id alphabet, so encoding changes nothing).
pub(crate) fn project_path(id: &str) -> String {
    format!("projects/{id}/")
}

#[derive(Serialize)]
pub(crate) struct PartyCtx {
    pub(crate) candidates: Vec<CandidateCtx>,
    pub(crate) office: String,
    pub(crate) phone: Option<String>,
    pub(crate) address: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct CandidateCtx {
    pub(crate) name: String,
    pub(crate) gender: String,
    pub(crate) born: String,
    pub(crate) education: String,
    pub(crate) stage: String,
    pub(crate) applied: String,
    pub(crate) mentors: String,
}

fn party(p: &Party) -> PartyCtx {
    PartyCtx {
        candidates: p
            .candidates
            .iter()
            .map(|c| CandidateCtx {
                name: c.name.clone(),
                gender: c.gender.clone(),
                born: c.born.label(),
                education: c.education.clone().unwrap_or_default(),
                stage: c.stage.clone(),
                applied: dates::chinese(c.applied),
                mentors: c.mentors.join("、"),
            })
            .collect(),
        office: p.objections.office.clone(),
        phone: p.objections.phone.clone(),
        address: p.objections.address.clone(),
    }
}

/// Page numbers and links of a paginated list.
#[derive(Serialize)]
pub(crate) struct Pager {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) pages: Vec<PagerLink>,
}

/// A page link; `number` 0 stands for a gap (`…`) in the row.
#[derive(Serialize)]
pub(crate) struct PagerLink {
    pub(crate) number: usize,
    pub(crate) path: String,
    pub(crate) current: bool,
}

/// The folder of page `n` (1-based) of a list whose first page is `base`.
pub(crate) fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// How many page links stand on each side of the current page.
const PAGER_WINDOW: usize = 2;

/// The pager of page `current` of `total`: the first and last page, the
/// pages near the current one, and gaps (`…`) between. A link to every page
/// would make each list page grow with the list, quadratic over the site.
pub(crate) fn pager(base: &str, current: usize, total: usize) -> Pager {
    let path = |n: usize| urls::encode_path(&pager_path(base, n));
    let near = current.saturating_sub(PAGER_WINDOW).max(1)..=(current + PAGER_WINDOW).min(total);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(near);
    shown.push(total);
    shown.sort_unstable();
    shown.dedup();
    let mut pages = Vec::with_capacity(shown.len() * 2);
    for (i, &n) in shown.iter().enumerate() {
        if i > 0 && n > shown[i - 1] + 1 {
            pages.push(PagerLink {
                number: 0,
                path: String::new(),
                current: false,
            });
        }
        pages.push(PagerLink {
            number: n,
            path: path(n),
            current: n == current,
        });
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| path(current - 1)),
        next: (current < total).then(|| path(current + 1)),
        pages,
    }
}

/// A plan (重点实事) with its items and the count of each state.
#[derive(Serialize)]
pub(crate) struct PlanCtx {
    pub(crate) title: String,
    pub(crate) year: i16,
    pub(crate) path: String,
    pub(crate) unit: String,
    pub(crate) unit_path: String,
    pub(crate) published_label: String,
    /// When and why the plan was withdrawn (已撤回).
    pub(crate) withdrawn: Option<CorrectionCtx>,
    pub(crate) summary: String,
    pub(crate) counts: Vec<StateCount>,
    pub(crate) items: Vec<PlanItemCtx>,
}

#[derive(Serialize)]
pub(crate) struct StateCount {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) count: usize,
}

/// One key project: 定 (what, who, target, when), 查 (checks), 评 (grade).
#[derive(Serialize)]
pub(crate) struct PlanItemCtx {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) owner: String,
    pub(crate) target: String,
    pub(crate) due: String,
    pub(crate) due_label: String,
    pub(crate) state_key: &'static str,
    pub(crate) state_label: &'static str,
    pub(crate) percent: u32,
    pub(crate) progress: Option<String>,
    pub(crate) checks: Vec<CheckCtx>,
    pub(crate) grade: Option<String>,
    pub(crate) grade_date: Option<String>,
    pub(crate) unit: String,
    pub(crate) unit_path: String,
    pub(crate) indicator_path: Option<String>,
    pub(crate) plan_title: String,
    pub(crate) plan_path: String,
    pub(crate) note: Option<String>,
    /// The project page it belongs to, when it is tagged.
    pub(crate) project_path: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct CheckCtx {
    pub(crate) date: String,
    pub(crate) date_label: String,
    pub(crate) kind: String,
    pub(crate) progress: String,
    pub(crate) note: String,
}

pub(crate) fn plan(
    p: &crate::records::plan::Plan,
    figures: &PlanFigures,
    config: &Config,
) -> PlanCtx {
    let unit_name = |id: &str| config.unit(id).map_or(id.to_string(), |u| u.name.clone());
    PlanCtx {
        title: p.common.title.clone(),
        year: p.year,
        path: PagePath::of_record(&p.path).encoded(),
        unit: unit_name(&p.common.unit),
        unit_path: urls::encode_path(&unit_path(&p.common.unit)),
        published_label: dates::chinese(p.common.published),
        withdrawn: withdrawal(p.common.withdrawn.as_ref()),
        summary: figures.summary.clone(),
        counts: figures
            .counts
            .iter()
            .map(|&(s, count)| StateCount {
                key: s.key(),
                label: s.label(),
                count,
            })
            .collect(),
        items: p
            .items
            .iter()
            .zip(&figures.items)
            .map(|(i, f)| plan_item(p, i, f, config))
            .collect(),
    }
}

pub(crate) fn plan_item(
    p: &crate::records::plan::Plan,
    item: &crate::records::plan::Item,
    figures: &ItemFigures,
    config: &Config,
) -> PlanItemCtx {
    use crate::records::plan::Target;
    let state = figures.state;
    let (target, unit_word) = match &item.target {
        Target::Quantity { value, unit } => (format!("{} {unit}", number(*value)), unit.as_str()),
        Target::Text(t) => (t.clone(), "%"),
    };
    let progress_label = |v: rust_decimal::Decimal| {
        if unit_word == "%" {
            format!("{}%", number(v))
        } else {
            format!("{} {unit_word}", number(v))
        }
    };
    PlanItemCtx {
        id: item.id.clone(),
        title: item.title.clone(),
        owner: item.owner.clone(),
        target,
        due: item.due.to_string(),
        due_label: dates::chinese(item.due),
        state_key: state.key(),
        state_label: state.label(),
        percent: figures.percent,
        progress: item.latest_progress().map(progress_label),
        checks: item
            .checks
            .iter()
            .map(|c| CheckCtx {
                date: c.date.to_string(),
                date_label: dates::chinese(c.date),
                kind: c.kind.clone().unwrap_or_default(),
                progress: progress_label(c.progress),
                note: c.note.clone().unwrap_or_default(),
            })
            .collect(),
        grade: item.rating.as_ref().map(|r| r.grade.clone()),
        grade_date: item.rating.as_ref().map(|r| dates::chinese(r.date)),
        unit: config
            .unit(&item.unit)
            .map_or(item.unit.clone(), |u| u.name.clone()),
        unit_path: urls::encode_path(&unit_path(&item.unit)),
        indicator_path: item
            .indicator
            .as_ref()
            .map(|i| urls::encode_path(&format!("indicators/{i}/"))),
        plan_title: p.common.title.clone(),
        plan_path: PagePath::of_record(&p.path).encoded(),
        note: item.note.clone(),
        project_path: item.project.as_ref().map(|t| project_path(&t.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(current: usize, total: usize) -> Vec<usize> {
        pager("disclosures/", current, total)
            .pages
            .iter()
            .map(|p| p.number)
            .collect()
    }

    #[test]
    fn pager_shows_ends_and_a_window_with_gaps() {
        assert_eq!(row(1, 3), [1, 2, 3]);
        assert_eq!(row(50, 3334), [1, 0, 48, 49, 50, 51, 52, 0, 3334]);
        assert_eq!(row(3, 10), [1, 2, 3, 4, 5, 0, 10]);
        assert_eq!(row(10, 10), [1, 0, 8, 9, 10]);
        let p = pager("disclosures/", 2, 3);
        assert_eq!(p.pages[2].path, "disclosures/page/3/");
        assert!(p.pages[1].current);
    }
}
