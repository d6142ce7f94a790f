//! The worked examples `new` and `init` write: one Tera template each in
//! `src/scaffold/examples/`, so the text a clerk reads is kept as text.
//! This module works out what they show — dates around today, the site's
//! own units, a ledger whose closing balance is right — and lines up their
//! comments.
//!
//! In a template, ` ## ` ends a field and starts its comment: the comments
//! of a file are aligned in one column (a Chinese character counting two,
//! as editors show it), with `# ` before each.

use super::SiteFacts;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::records::config::UnitKind;
use jiff::civil::Date;
use serde::Serialize;
use tera::{Context, Tera};

/// The templates, bundled into the binary.
const TEMPLATES: [(&str, &str); 10] = [
    ("_common.yaml", include_str!("examples/_common.yaml")),
    ("_posting.yaml", include_str!("examples/_posting.yaml")),
    ("finance.md", include_str!("examples/finance.md")),
    ("decision.md", include_str!("examples/decision.md")),
    ("party.md", include_str!("examples/party.md")),
    ("plan.yaml", include_str!("examples/plan.yaml")),
    ("report.md", include_str!("examples/report.md")),
    ("indicator.yaml", include_str!("examples/indicator.yaml")),
    ("page.md", include_str!("examples/page.md")),
    ("site.yaml", include_str!("examples/site.yaml")),
];

/// The widest a field may be before its comment; longer fields push their
/// comment further out rather than every comment.
const COMMENT_COLUMN_MAX: usize = 56;

/// Renders the example `name` with `ctx`, comments aligned.
pub(super) fn render(name: &str, ctx: &Context) -> String {
    let mut tera = Tera::default();
    // The templates are part of the program and tested: a failure here is a
    // bug in them, shown as the text of the example rather than a panic.
    let text = tera
        .add_raw_templates(TEMPLATES)
        .and_then(|()| tera.render(name, ctx))
        .unwrap_or_else(|e| format!("# 示例模板 {name} 有误：{e}\n"));
    align_comments(&text)
}

/// Lines up the comments of `text` (see the module's doc).
fn align_comments(text: &str) -> String {
    let lines: Vec<(&str, Option<&str>)> = text
        .lines()
        .map(|l| match l.split_once(" ## ") {
            Some((code, comment)) => (code.trim_end(), Some(comment)),
            None => (l, None),
        })
        .collect();
    let width = lines
        .iter()
        .filter(|(_, c)| c.is_some())
        .map(|(code, _)| display_width(code))
        .max()
        .unwrap_or(0)
        .min(COMMENT_COLUMN_MAX);
    let mut out = String::with_capacity(text.len() * 2);
    for (code, comment) in lines {
        out.push_str(code);
        if let Some(comment) = comment {
            let pad = width.saturating_sub(display_width(code)) + 2;
            out.push_str(&" ".repeat(pad));
            out.push_str("# ");
            out.push_str(comment);
        }
        out.push('\n');
    }
    out
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn add_days(d: Date, n: i64) -> Date {
    jiff::Span::new()
        .try_days(n)
        .and_then(|span| d.checked_add(span))
        .unwrap_or(d)
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap_or(Date::constant(2024, 1, 1))
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap_or(Money::ZERO)
}

/// The last whole quarter before `today`, which a finance disclosure
/// published today reports on.
pub(super) fn last_quarter(today: Date) -> (i16, i8) {
    let q = (today.month() - 1) / 3 + 1;
    if q == 1 {
        (today.year() - 1, 4)
    } else {
        (today.year(), q - 1)
    }
}

/// What every example's common fields and posting show.
fn base(facts: &SiteFacts, published: Date, tag: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("published", &published.to_string());
    ctx.insert("tag", tag);
    ctx.insert("township", &facts.township.0);
    ctx.insert("township_name", &facts.township.1);
    ctx.insert("notice_min_days", &facts.notice_min_days);
    ctx.insert("posting_from", &published.to_string());
    let to = add_days(published, facts.posting_days() - 1);
    ctx.insert("posting_to", &to.to_string());
    ctx
}

/// One line of the example ledger.
#[derive(Serialize)]
struct EntryCtx {
    date: String,
    voucher: &'static str,
    item: &'static str,
    class: &'static str,
    flow: &'static str,
    amount: &'static str,
}

/// A finance disclosure for `unit` on the last whole quarter, opening where
/// the unit's last ledger closed.
pub(super) fn finance(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let (year, q) = last_quarter(today);
    let start = date(year, (q - 1) * 3 + 1, 1);
    let period = format!("{year}-Q{q}");
    let parsed = Period::parse(&period).ok();
    let opening = parsed
        .and_then(|p| facts.previous_closing(unit, p))
        .unwrap_or_else(|| money("125430.50"));
    let entries: [(i64, &str, &str, &str, bool, &str); 6] = [
        (7, "记-001", "办公用品", "管理费支出", false, "860.00"),
        (9, "记-002", "上级转移支付", "补助收入", true, "20000.00"),
        (
            20,
            "记-003",
            "村内道路维修",
            "公益事业支出",
            false,
            "3500.00",
        ),
        (41, "记-004", "集体果园承包费", "发包收入", true, "12000.00"),
        (
            55,
            "记-005",
            "村干部误工补贴",
            "管理费支出",
            false,
            "4800.00",
        ),
        (
            75,
            "记-006",
            "农田灌溉电费",
            "公益事业支出",
            false,
            "1265.35",
        ),
    ];
    let mut closing = opening;
    for (_, _, _, _, income, amount) in &entries {
        if *income {
            closing += money(amount);
        } else {
            closing -= money(amount);
        }
    }
    let entries: Vec<EntryCtx> = entries
        .iter()
        .map(|(day, voucher, item, class, income, amount)| EntryCtx {
            date: add_days(start, *day).to_string(),
            voucher,
            item,
            class,
            flow: if *income { "income" } else { "expense" },
            amount,
        })
        .collect();
    let mut ctx = base(facts, today, "季度财务");
    ctx.insert("unit", unit);
    ctx.insert("name", name);
    ctx.insert("period", &period);
    ctx.insert("label", &parsed.map_or(period.clone(), |p| p.label()));
    ctx.insert(
        "channels",
        &format!("村务公开栏, {}公开网", facts.township.1),
    );
    ctx.insert("opening", &opening.plain());
    ctx.insert("entries", &entries);
    ctx.insert("closing", &closing.plain());
    render("finance.md", &ctx)
}

/// A 四议两公开 decision whose steps fall in the weeks before today.
pub(super) fn decision(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let mut ctx = base(facts, today, "四议两公开, 村道");
    ctx.insert("unit", unit);
    ctx.insert("name", name);
    ctx.insert(
        "channels",
        &format!("村务公开栏, {}公开网", facts.township.1),
    );
    // The four meetings and the postings, in the order they happened.
    for n in [60, 55, 50, 45, 44, 5] {
        ctx.insert(format!("d{n}"), &add_days(today, -n).to_string());
    }
    render("decision.md", &ctx)
}

/// A 发展党员 notice for one candidate.
pub(super) fn party(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let mut ctx = base(facts, today, "发展党员");
    ctx.insert("unit", unit);
    ctx.insert("name", name);
    ctx.insert("channels", "支部公开栏");
    ctx.insert("born", &format!("{}-05", today.year() - 30));
    ctx.insert("applied", &add_days(today, -730).to_string());
    render("party.md", &ctx)
}

/// This year's key-project ledger with a quantity and a text target.
pub(super) fn plan(facts: &SiteFacts, today: Date) -> String {
    let year = today.year();
    let published = date(year, 1, 20).min(today);
    let mut ctx = base(facts, published, "重点实事");
    ctx.insert("year", &year);
    ctx.insert("unit", facts.village().0);
    ctx.insert("indicator", &facts.indicators.first());
    render("plan.yaml", &ctx)
}

/// Last year's annual report; `quote` names an indicator and a period its
/// data holds, when the report may quote it (the site `init` makes).
pub(super) fn report(facts: &SiteFacts, today: Date, quote: Option<(&str, &str)>) -> String {
    let year = today.year() - 1;
    let mut ctx = base(facts, today, "年度报告");
    ctx.insert("year", &year);
    ctx.insert("quote_id", &quote.map(|q| q.0));
    ctx.insert("quote_period", &quote.map(|q| q.1));
    render("report.md", &ctx)
}

/// One figure of an example indicator's unit.
#[derive(Serialize)]
struct RowCtx<'a> {
    unit: &'a str,
    before: &'static str,
    value: &'static str,
}

/// An indicator with last two years' figures for every village and
/// community: a township total sums them all, so the total it shows is
/// whole.
pub(super) fn indicator(facts: &SiteFacts, today: Date) -> String {
    let year = today.year() - 1;
    let mut units: Vec<&str> = facts
        .units
        .iter()
        .filter(|u| matches!(u.2, UnitKind::Village | UnitKind::Community))
        .map(|u| u.0.as_str())
        .collect();
    if units.is_empty() {
        units.push(&facts.township.0);
    }
    let values = [("25.6", "31.2"), ("18.4", "22.9")];
    let rows: Vec<RowCtx> = units
        .iter()
        .enumerate()
        .map(|(i, unit)| RowCtx {
            unit,
            before: values[i % 2].0,
            value: values[i % 2].1,
        })
        .collect();
    let mut ctx = base(facts, today, "");
    ctx.insert("year", &year);
    ctx.insert("rows", &rows);
    render("indicator.yaml", &ctx)
}

/// An "about this site" page.
pub(super) fn page(facts: &SiteFacts, today: Date) -> String {
    render("page.md", &base(facts, today, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_line_up_counting_chinese_as_two_columns() {
        let text = "title: 标题 ## 说明\nunit: xiguan ## 单位\n# 整行说明\n";
        assert_eq!(
            align_comments(text),
            "title: 标题   # 说明\nunit: xiguan  # 单位\n# 整行说明\n"
        );
    }

    #[test]
    fn every_bundled_example_renders() {
        let facts = SiteFacts::example();
        let today = date(2014, 5, 10);
        for text in [
            finance(&facts, today, facts.village()),
            decision(&facts, today, facts.village()),
            party(&facts, today, facts.branch()),
            plan(&facts, today),
            report(&facts, today, None),
            indicator(&facts, today),
            page(&facts, today),
        ] {
            assert!(!text.contains("示例模板"), "{text}");
            assert!(!text.contains(" ## "), "{text}");
        }
    }
}
