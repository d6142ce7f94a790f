//! Village-affairs decisions under 四议两公开: proposed by the branch,
//! consulted by the two committees, reviewed by the party members, resolved
//! by the villagers' representatives, then the resolution and the result
//! made public.
//!
//! The checks are the procedure's own: the steps happen in order, and each
//! meeting had its quorum and its majority.

use crate::domain::money::Money;
use crate::load::yaml::Node;
use crate::records::read::{At, Reader};
use jiff::civil::Date;

/// Most people a meeting may count: far more than any village or party
/// branch has, and small enough that sums and products of counts never
/// overflow.
const MAX_PEOPLE: u32 = 1_000_000;

/// A vote at a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Votes {
    pub(crate) expected: u32,
    pub(crate) present: u32,
    pub(crate) for_: u32,
    pub(crate) against: u32,
    pub(crate) abstain: u32,
}

/// One of the four 议 steps.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub(crate) date: Date,
    pub(crate) body: Option<String>,
    pub(crate) votes: Option<Votes>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Planned,
    InProgress,
    Done,
}

impl Status {
    pub(crate) fn label(&self) -> &'static str {
        match self {
            Status::Planned => "未实施",
            Status::InProgress => "实施中",
            Status::Done => "已完成",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Implementation {
    pub(crate) status: Status,
    pub(crate) completed: Option<Date>,
    pub(crate) result_posted: Option<Date>,
    pub(crate) budget: Option<Money>,
    pub(crate) spent: Option<Money>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Decision {
    pub(crate) matter: String,
    pub(crate) propose: Step,
    pub(crate) consult: Step,
    pub(crate) review: Step,
    pub(crate) resolve: Step,
    pub(crate) resolution_posted: Option<Date>,
    pub(crate) implementation: Option<Implementation>,
    /// The project it decides (`project: xiguan-cundao`), whose page joins
    /// it to the payments and plan items tagged the same.
    pub(crate) project: Option<At<String>>,
    /// Where `implementation.spent` is written, for the check against the
    /// tagged payments.
    pub(crate) spent_span: Option<crate::diagnostics::Span>,
    /// Where the resolve step's date is written.
    pub(crate) resolve_span: crate::diagnostics::Span,
}

/// The four steps: key, Chinese name, default body, whether it votes.
const STEPS: [(&str, &str, &str, Quorum); 4] = [
    ("propose", "提议", "村党组织", Quorum::None),
    ("consult", "商议", "村两委联席会议", Quorum::None),
    ("review", "审议", "党员大会", Quorum::OfExpected),
    (
        "resolve",
        "决议",
        "村民会议或村民代表会议",
        Quorum::OfPresent,
    ),
];

/// Which majority a step's vote needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quorum {
    /// No vote recorded.
    None,
    /// 党员大会: more than half of all members vote for.
    OfExpected,
    /// 村民代表会议: more than half of those present vote for.
    OfPresent,
}

pub(crate) fn read(node: &Node, r: &mut Reader) -> Option<Decision> {
    let mut f = r.fields(node, "decision")?;
    let matter = f.required_as(
        "matter",
        r,
        "写决策事项，例如 matter: 村道硬化工程筹资筹劳方案",
        Reader::text,
    );
    let steps_node = f.required(
        "steps",
        r,
        "写 steps:，下面依次写 propose、consult、review、resolve",
    );
    let posted = f.optional_as("resolution_posted", r, Reader::date);
    let implementation = f
        .optional("implementation")
        .and_then(|n| read_implementation(n, r));
    let project = f
        .optional("project")
        .and_then(|n| crate::records::common::project_tag(n, r, "project"));
    let spent_span = f
        .optional("implementation")
        .and_then(|n| n.get("spent"))
        .map(|n| n.span);
    f.finish(
        r,
        &[
            "matter",
            "steps",
            "resolution_posted",
            "implementation",
            "project",
        ],
    );
    let steps = steps_node.and_then(|n| read_steps(n, r));
    let mut order: Vec<Milestone> = Vec::new();
    if let Some(steps) = &steps {
        for ((_, name, _, _), step) in STEPS.iter().zip(steps) {
            if let Some((_, date)) = step {
                order.push((name, date.clone()));
            }
        }
    }
    if let Some(p) = &posted {
        order.push(("决议公开", p.clone()));
    }
    if let Some((_, dates)) = &implementation {
        order.extend(dates.iter().cloned());
    }
    check_order(&order, r);
    let [propose, consult, review, resolve] = steps?;
    Some(Decision {
        matter: matter?.value,
        propose: propose?.0,
        consult: consult?.0,
        review: review?.0,
        resolve_span: resolve.as_ref()?.1.span,
        resolve: resolve?.0,
        resolution_posted: posted.map(|p| p.value),
        implementation: implementation.map(|(i, _)| i),
        project,
        spent_span,
    })
}

/// The decision with the project declared at the record's top level
/// (`project: xiguan-cundao`, as the record contract has it); the same
/// field under `decision:` is read too. Written in both places it is an
/// error, as the two could name different projects.
pub fn with_project(mut d: Decision, top: Option<At<String>>, r: &mut Reader) -> Option<Decision> {
    match (top, &d.project) {
        (Some(top), Some(inner)) => {
            r.error_help(
                top.span,
                format!(
                    "项目代码写了两处：这里写“{}”，decision 下又写了“{}”",
                    top.value, inner.value
                ),
                "只在记录顶层写一处 project:，删去 decision 下的那一行",
            );
            None
        }
        (Some(top), None) => {
            d.project = Some(top);
            Some(d)
        }
        (None, _) => Some(d),
    }
}

type ReadStep = Option<(Step, At<Date>)>;

fn read_steps(node: &Node, r: &mut Reader) -> Option<[ReadStep; 4]> {
    let mut f = r.fields(node, "steps")?;
    let mut out: [ReadStep; 4] = [None, None, None, None];
    for (slot, (key, name, body, quorum)) in out.iter_mut().zip(STEPS) {
        let help = format!(
            "四议两公开的“{name}”一步必须记录：写 {key}: {{ date: 2013-03-02, body: {body} }}"
        );
        *slot = f
            .required(key, r, &help)
            .and_then(|n| read_step(n, r, name, quorum));
    }
    f.finish(r, &["propose", "consult", "review", "resolve"]);
    Some(out)
}

fn read_step(node: &Node, r: &mut Reader, name: &str, quorum: Quorum) -> ReadStep {
    let errors_before = r.diags.error_count();
    let mut f = r.fields(node, name)?;
    let date = f.required_as("date", r, "写会议日期，例如 date: 2013-03-02", Reader::date);
    let body = f.optional_as("body", r, Reader::text).map(|b| b.value);
    let mut known = vec!["date", "body"];
    let counts = (quorum != Quorum::None).then(|| {
        known.extend(["expected", "present", "for", "against", "abstain"]);
        read_counts(&mut f, r)
    });
    f.finish(r, &known);
    // The quorum and the majority are worked out from the counts, so only
    // from counts read without any mistake in the step.
    let clean = r.diags.error_count() == errors_before;
    let votes = match counts {
        None => Some(None),
        Some(counts) => counts
            .filter(|_| clean)
            .and_then(|c| check_votes(&c, r, name, quorum))
            .map(Some),
    };
    let date = date?;
    Some((
        Step {
            date: date.value,
            body,
            votes: votes?,
        },
        date,
    ))
}

/// A meeting's head counts as written: expected, present, for, against,
/// abstain.
type Counts = [At<u32>; 5];

fn read_counts(f: &mut crate::records::read::Fields, r: &mut Reader) -> Option<Counts> {
    let mut count = |key: &str, what: &str, r: &mut Reader| {
        f.required(key, r, &format!("写{what}人数，例如 {key}: 30"))
            .and_then(|n| r.count(n, key, MAX_PEOPLE))
    };
    let expected = count("expected", "应到", r);
    let present = count("present", "实到", r);
    let for_ = count("for", "赞成", r);
    let against = count("against", "反对", r);
    let abstain = count("abstain", "弃权", r);
    Some([expected?, present?, for_?, against?, abstain?])
}

/// The meeting's quorum and majority.
fn check_votes(counts: &Counts, r: &mut Reader, name: &str, quorum: Quorum) -> Option<Votes> {
    let [expected, present, for_, against, abstain] = counts;
    let votes = Votes {
        expected: expected.value,
        present: present.value,
        for_: for_.value,
        against: against.value,
        abstain: abstain.value,
    };
    // In u64: three counts of up to a million each cannot overflow there.
    let cast = u64::from(votes.for_) + u64::from(votes.against) + u64::from(votes.abstain);
    let mut ok = true;
    if cast > u64::from(votes.present) {
        ok = false;
        r.error(
            for_.span,
            format!(
                "{name}：赞成 {} + 反对 {} + 弃权 {} = {cast}，多于实到 {} 人",
                votes.for_, votes.against, votes.abstain, votes.present
            ),
        );
    }
    if votes.present > votes.expected {
        ok = false;
        r.error(
            present.span,
            format!(
                "{name}：实到 {} 人，多于应到 {} 人",
                votes.present, votes.expected
            ),
        );
    }
    if 3 * u64::from(votes.present) < 2 * u64::from(votes.expected) {
        ok = false;
        r.error_help(
            present.span,
            format!(
                "{name}：实到 {} 人，不足应到 {} 人的三分之二，会议无效",
                votes.present, votes.expected
            ),
            format!(
                "至少须 {} 人到会",
                (2 * u64::from(votes.expected)).div_ceil(3)
            ),
        );
    }
    let (base, base_name) = match quorum {
        Quorum::OfExpected => (votes.expected, "应到"),
        _ => (votes.present, "实到"),
    };
    if 2 * u64::from(votes.for_) <= u64::from(base) {
        ok = false;
        r.error_help(
            for_.span,
            format!(
                "{name}：赞成 {} 人，未超过{base_name} {base} 人的半数，决定未通过",
                votes.for_
            ),
            format!("须有 {} 人以上赞成", base / 2 + 1),
        );
    }
    ok.then_some(votes)
}

/// A named date on the decision's timeline, for the order check.
type Milestone = (&'static str, At<Date>);

fn read_implementation(node: &Node, r: &mut Reader) -> Option<(Implementation, Vec<Milestone>)> {
    let mut f = r.fields(node, "implementation")?;
    let status = f
        .required(
            "status",
            r,
            "写 status: planned（未实施）、in_progress（实施中）或 done（已完成）",
        )
        .and_then(|n| {
            r.choice(
                n,
                "status",
                &[
                    ("planned", Status::Planned),
                    ("in_progress", Status::InProgress),
                    ("done", Status::Done),
                ],
            )
        });
    let completed = f.optional_as("completed", r, Reader::date);
    let result_posted = f.optional_as("result_posted", r, Reader::date);
    let budget = f.optional_as("budget", r, Reader::money);
    let spent = f.optional_as("spent", r, Reader::money);
    f.finish(
        r,
        &["status", "completed", "result_posted", "budget", "spent"],
    );
    let status = status?;
    if status.value == Status::Done && completed.is_none() {
        r.error_help(
            status.span,
            "实施状态为已完成（done），但没有写完成日期",
            "加上 completed: 2013-06-30",
        );
        return None;
    }
    let mut dates = Vec::new();
    if let Some(c) = &completed {
        dates.push(("完成", c.clone()));
    }
    if let Some(p) = &result_posted {
        dates.push(("结果公开", p.clone()));
    }
    Some((
        Implementation {
            status: status.value,
            completed: completed.map(|c| c.value),
            result_posted: result_posted.map(|p| p.value),
            budget: budget.map(|b| b.value),
            spent: spent.map(|s| s.value),
        },
        dates,
    ))
}

/// The steps must not go back in time: each date is on or after the one
/// before it.
fn check_order(order: &[Milestone], r: &mut Reader) {
    for pair in order.windows(2) {
        let ((before_name, before), (name, date)) = (&pair[0], &pair[1]);
        if date.value < before.value {
            r.error_help(
                date.span,
                format!(
                    "“{name}”的日期 {} 早于“{before_name}”的日期 {}",
                    date.value, before.value
                ),
                "四议两公开须依次进行：提议 → 商议 → 审议 → 决议 → 决议公开 → 实施完成 → 结果公开",
            );
        }
    }
}
