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
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub lang: &'static str,
    pub base_url: &'a str,
    pub description: Option<&'a str>,
    pub township: &'a str,
    pub contact: &'a crate::records::config::Contact,
    /// The footer's identity lines, links worked out.
    pub identity: IdentityCtx<'a>,
    /// site.yaml's `extra:`, for the theme.
    pub extra: &'a crate::records::read::Extra,
    pub units: Vec<UnitLink<'a>>,
    pub categories: Vec<Link>,
    pub pages: Vec<Link>,
}

/// site.yaml's `identity:` as the footer shows it: each filing number with
/// the address where a reader can look it up. Absent fields are `None`
/// and show nothing.
#[derive(Serialize)]
pub struct IdentityCtx<'a> {
    pub organizer: Option<&'a str>,
    pub site_code: Option<&'a str>,
    pub icp: Option<&'a str>,
    pub icp_url: &'static str,
    pub police: Option<&'a str>,
    pub police_url: Option<String>,
}

impl<'a> IdentityCtx<'a> {
    pub fn of(identity: &'a Identity) -> IdentityCtx<'a> {
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
pub struct Link {
    pub id: String,
    pub label: String,
    /// Site-relative and percent-encoded; templates prefix `root`.
    pub path: String,
}

#[derive(Serialize)]
pub struct UnitLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub path: String,
}

pub fn unit_path(id: &str) -> String {
    format!("units/{id}/")
}

pub fn category_path(id: &str) -> String {
    format!("disclosures/{id}/")
}

/// A disclosure as a line in a list, in the feed and at the top of its page.
#[derive(Serialize, Clone)]
pub struct Item {
    pub title: String,
    pub path: String,
    pub unit: String,
    pub unit_path: String,
    pub category: &'static str,
    pub category_label: &'static str,
    pub category_path: String,
    pub published: String,
    pub published_label: String,
    pub updated: String,
    pub status: Option<Status>,
    pub posting: Option<PostingCtx>,
    pub period: Option<String>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub summary: String,
}

#[derive(Serialize, Clone)]
pub struct Status {
    pub key: &'static str,
    pub label: &'static str,
}

#[derive(Serialize, Clone)]
pub struct PostingCtx {
    pub from: String,
    pub to: String,
    pub from_label: String,
    pub to_label: String,
    pub days: i64,
    pub channels: Vec<String>,
}

/// Builds the list line of a disclosure; `summary` is the first words of
/// its text, for feeds and lists.
pub fn item(d: &Disclosure, figures: &DisclosureFigures, config: &Config, summary: String) -> Item {
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
pub struct RecordCtx<'a> {
    pub item: &'a Item,
    pub body: &'a str,
    pub corrections: Vec<CorrectionCtx>,
    /// When and why the record was withdrawn (已撤回).
    pub withdrawn: Option<CorrectionCtx>,
    pub finance: Option<FinanceCtx>,
    pub decision: Option<DecisionCtx>,
    pub party: Option<PartyCtx>,
    pub unit_kind: &'static str,
}

#[derive(Serialize)]
pub struct CorrectionCtx {
    pub date: String,
    pub date_label: String,
    pub reason: String,
}

/// The correction notes (更正记录) of a record, oldest first as written.
pub fn corrections(list: &[Correction]) -> Vec<CorrectionCtx> {
    list.iter()
        .map(|c| CorrectionCtx {
            date: c.date.to_string(),
            date_label: dates::chinese(c.date),
            reason: c.reason.clone(),
        })
        .collect()
}

/// A record's withdrawal (撤回), shaped like a correction note.
pub fn withdrawal(w: Option<&Withdrawal>) -> Option<CorrectionCtx> {
    w.map(|w| CorrectionCtx {
        date: w.date.to_string(),
        date_label: dates::chinese(w.date),
        reason: w.reason.clone(),
    })
}

pub fn record<'a>(
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
pub struct FinanceCtx {
    pub period: String,
    pub opening: String,
    pub entries: Vec<EntryCtx>,
    pub classes: Vec<ClassCtx>,
    pub income: String,
    pub expense: String,
    pub closing: String,
    pub closing_capital: String,
    pub review: Option<ReviewCtx>,
    /// Why the opening balance breaks from the previous period's closing.
    pub opening_note: Option<String>,
}

#[derive(Serialize)]
pub struct EntryCtx {
    pub date: String,
    pub voucher: String,
    pub item: String,
    pub class: String,
    pub income: String,
    pub expense: String,
}

#[derive(Serialize)]
pub struct ClassCtx {
    pub class: String,
    pub flow: &'static str,
    pub total: String,
    pub entries: usize,
}

#[derive(Serialize)]
pub struct ReviewCtx {
    pub by: String,
    pub date_label: String,
    pub opinion: String,
    pub signers: Vec<String>,
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
pub struct DecisionCtx {
    pub matter: String,
    pub steps: Vec<StepCtx>,
    pub status: Option<&'static str>,
    pub budget: Option<String>,
    pub spent: Option<String>,
    /// The project page it opens (`projects/<id>/`), site-relative.
    pub project_path: Option<String>,
}

/// One stop on the 四议两公开 timeline.
#[derive(Serialize)]
pub struct StepCtx {
    pub key: &'static str,
    pub name: &'static str,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub body: Option<String>,
    pub votes: Option<VotesCtx>,
    pub done: bool,
}

#[derive(Serialize)]
pub struct VotesCtx {
    pub expected: u32,
    pub present: u32,
    #[serde(rename = "for")]
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
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
pub fn project_path(id: &str) -> String {
    format!("projects/{id}/")
}

#[derive(Serialize)]
pub struct PartyCtx {
    pub candidates: Vec<CandidateCtx>,
    pub office: String,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Serialize)]
pub struct CandidateCtx {
    pub name: String,
    pub gender: String,
    pub born: String,
    pub education: String,
    pub stage: String,
    pub applied: String,
    pub mentors: String,
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
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

/// A page link; `number` 0 stands for a gap (`…`) in the row.
#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub path: String,
    pub current: bool,
}

/// The folder of page `n` (1-based) of a list whose first page is `base`.
pub fn pager_path(base: &str, n: usize) -> String {
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
pub fn pager(base: &str, current: usize, total: usize) -> Pager {
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
pub struct PlanCtx {
    pub title: String,
    pub year: i16,
    pub path: String,
    pub unit: String,
    pub unit_path: String,
    pub published_label: String,
    /// When and why the plan was withdrawn (已撤回).
    pub withdrawn: Option<CorrectionCtx>,
    pub summary: String,
    pub counts: Vec<StateCount>,
    pub items: Vec<PlanItemCtx>,
}

#[derive(Serialize)]
pub struct StateCount {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// One key project: 定 (what, who, target, when), 查 (checks), 评 (grade).
#[derive(Serialize)]
pub struct PlanItemCtx {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub target: String,
    pub due: String,
    pub due_label: String,
    pub state_key: &'static str,
    pub state_label: &'static str,
    pub percent: u32,
    pub progress: Option<String>,
    pub checks: Vec<CheckCtx>,
    pub grade: Option<String>,
    pub grade_date: Option<String>,
    pub unit: String,
    pub unit_path: String,
    pub indicator_path: Option<String>,
    pub plan_title: String,
    pub plan_path: String,
    pub note: Option<String>,
    /// The project page it belongs to, when it is tagged.
    pub project_path: Option<String>,
}

#[derive(Serialize)]
pub struct CheckCtx {
    pub date: String,
    pub date_label: String,
    pub kind: String,
    pub progress: String,
    pub note: String,
}

pub fn plan(p: &crate::records::plan::Plan, figures: &PlanFigures, config: &Config) -> PlanCtx {
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

pub fn plan_item(
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
