//! Finance disclosures (财务公开): a period's ledger, entry by entry.
//!
//! The rules are the ones a 民主理财小组 checks by hand: every entry is
//! either income or expense, dated inside the period, with its own voucher,
//! and the closing balance is the opening balance plus income minus expense.

use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::load::yaml::Node;
use crate::records::common::Posting;
use crate::records::read::{At, Fields, Reader};
use jiff::civil::Date;

/// Which way money moved in an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Flow {
    Income,
    Expense,
}

/// One line of the ledger (逐项逐笔).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) date: Date,
    pub(crate) voucher: Option<String>,
    pub(crate) item: String,
    /// The account class (科目), e.g. 管理费支出.
    pub(crate) class: Option<String>,
    pub(crate) flow: Flow,
    pub(crate) amount: Money,
    /// The project this payment belongs to (`project: xiguan-cundao`).
    pub(crate) project: Option<At<String>>,
}

/// The 民主理财小组's review of the ledger.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Review {
    pub(crate) by: String,
    pub(crate) date: Date,
    pub(crate) opinion: Option<String>,
    pub(crate) signers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Finance {
    pub(crate) period: Period,
    /// Where `period:` is written, for the checks across a unit's ledgers.
    pub(crate) period_span: crate::diagnostics::Span,
    /// With its place, for the checks that compare it with other figures.
    pub(crate) opening_balance: At<Money>,
    /// Why the opening balance is not the previous period's closing one
    /// (清产核资, a change of accounting), shown on the page.
    pub(crate) opening_note: Option<String>,
    pub(crate) entries: Vec<Entry>,
    /// As written, if written (checked equal to the computed one).
    pub(crate) closing_balance: Option<At<Money>>,
    pub(crate) review: Option<Review>,
}

impl Finance {
    pub(crate) fn total(&self, flow: Flow) -> Money {
        self.entries
            .iter()
            .filter(|e| e.flow == flow)
            .map(|e| e.amount)
            .sum()
    }

    /// Opening balance plus income minus expense.
    pub(crate) fn computed_closing(&self) -> Money {
        self.opening_balance.value + self.total(Flow::Income) - self.total(Flow::Expense)
    }

    /// The written closing balance must equal the computed one; the message
    /// gives both figures so the clerk can see which is wrong. Called only
    /// on a record without any other error: the figure it suggests is
    /// computed from every amount of the record, and one misread amount
    /// (a thousands comma inside `{ }`) would make it a wrong figure to copy.
    pub(crate) fn check_closing(&self, r: &mut Reader) -> bool {
        let computed = self.computed_closing();
        if computed.is_negative() {
            let at = self
                .closing_balance
                .as_ref()
                .map_or(self.opening_balance.span, |c| c.span);
            r.diags.push(
                crate::diagnostics::Diagnostic::warning(
                    r.path,
                    Some(at),
                    format!(
                        "期末余额是负数（{}）：支出比期初余额加收入还多",
                        computed.grouped()
                    ),
                )
                .with_help("核对各笔收支和期初余额；确是透支（如银行借款）时在正文中说明"),
            );
        }
        let Some(closing) = &self.closing_balance else {
            return true;
        };
        if computed == closing.value {
            return true;
        }
        r.error_help(
            closing.span,
            format!(
                "期末余额应为 {}，记录中为 {}",
                computed.grouped(),
                closing.value.grouped()
            ),
            format!(
                "期初 {} + 收入合计 {} − 支出合计 {} = {}；核对各笔收支，或把 closing_balance 改为 {}",
                self.opening_balance.value.grouped(),
                self.total(Flow::Income).grouped(),
                self.total(Flow::Expense).grouped(),
                computed.grouped(),
                computed.plain()
            ),
        );
        false
    }
}

/// Fields a finance disclosure adds to the common ones.
pub(crate) const FIELDS: [&str; 3] = ["period", "ledger", "review"];

/// Reads `period`, `ledger` and `review` and checks every ledger rule.
pub(crate) fn read(
    f: &mut Fields,
    r: &mut Reader,
    posting: Option<&At<Posting>>,
) -> Option<Finance> {
    let period = f.required_as(
        "period",
        r,
        "写公开的期间，例如 period: 2013-Q2（第二季度）",
        Reader::period,
    );
    let ledger = f.required(
        "ledger",
        r,
        "写 ledger:，下面写 opening_balance、entries 和 closing_balance",
    );
    let review = f.optional("review").and_then(|n| read_review(n, r));
    let ledger = ledger.and_then(|n| read_ledger(n, r, period.as_ref()));
    if let (Some(review), Some(posting)) = (&review, posting)
        && review.value.date > posting.value.from
    {
        r.error(
            review.span,
            format!(
                "理财小组审核日期 {} 晚于公示开始日期 {}：应先审核、后公示",
                review.value.date, posting.value.from
            ),
        );
    }
    let ledger = ledger?;
    let period = period?;
    Some(Finance {
        period: period.value,
        period_span: period.span,
        opening_balance: ledger.opening,
        opening_note: ledger.opening_note,
        entries: ledger.entries,
        closing_balance: ledger.closing,
        review: review.map(|r| r.value),
    })
}

/// The `ledger:` mapping as read.
struct Ledger {
    opening: At<Money>,
    opening_note: Option<String>,
    entries: Vec<Entry>,
    closing: Option<At<Money>>,
}

fn read_ledger(node: &Node, r: &mut Reader, period: Option<&At<Period>>) -> Option<Ledger> {
    let mut f = r.fields(node, "ledger")?;
    let opening = f.required_as(
        "opening_balance",
        r,
        "写期初余额，例如 opening_balance: 125430.50",
        Reader::money,
    );
    let entries_node = f.required("entries", r, "写 entries:，每笔收支一行");
    let closing = f.optional_as("closing_balance", r, Reader::money);
    let opening_note = f
        .optional_as("opening_note", r, Reader::text)
        .map(|t| t.value);
    f.finish(
        r,
        &[
            "opening_balance",
            "opening_note",
            "entries",
            "closing_balance",
        ],
    );
    let mut entries = Vec::new();
    let mut vouchers: Vec<At<String>> = Vec::new();
    let mut entries_ok = true;
    for item in entries_node.map(|n| r.list(n, "entries")).unwrap_or(&[]) {
        match read_entry(item, r, period, &mut vouchers) {
            Some(e) => entries.push(e),
            None => entries_ok = false,
        }
    }
    let opening = opening?;
    entries_ok.then_some(Ledger {
        opening,
        opening_note,
        entries,
        closing,
    })
}

fn read_entry(
    node: &Node,
    r: &mut Reader,
    period: Option<&At<Period>>,
    vouchers: &mut Vec<At<String>>,
) -> Option<Entry> {
    let mut f = r.fields(node, "entries")?;
    let date = f.required_as("date", r, "写记账日期，例如 date: 2013-04-08", Reader::date);
    let voucher = f.optional_as("voucher", r, Reader::text);
    let item = f.required_as("item", r, "写摘要，例如 item: 办公用品", Reader::text);
    let class = f.optional_as("class", r, Reader::text).map(|c| c.value);
    let income = f.optional("income").map(|n| (n, r.money(n, "income")));
    let expense = f.optional("expense").map(|n| (n, r.money(n, "expense")));
    let project = f
        .optional("project")
        .and_then(|n| crate::records::common::project_tag(n, r, "project"));
    f.finish(
        r,
        &[
            "date", "voucher", "item", "class", "income", "expense", "project",
        ],
    );
    let flow = match (income, expense) {
        (Some((_, amount)), None) => amount.map(|a| (Flow::Income, a.value)),
        (None, Some((_, amount))) => amount.map(|a| (Flow::Expense, a.value)),
        (Some(_), Some((n, _))) => {
            r.error_help(
                n.span,
                "一笔账只能有收入或支出之一，这里两者都写了",
                "把收入和支出分成两笔，各占一行",
            );
            None
        }
        (None, None) => {
            r.error_help(
                node.span,
                "这笔账没有金额：缺少 income（收入）或 expense（支出）",
                "写 income: 20000 或 expense: 860.00",
            );
            None
        }
    };
    if let (Some(date), Some(period)) = (&date, period)
        && !period.value.contains_date(date.value)
    {
        r.error(
            date.span,
            format!(
                "记账日期 {} 不在公开期间{}（{} 至 {}）内",
                date.value,
                period.value.label(),
                period.value.start(),
                period.value.end()
            ),
        );
    }
    if let Some(v) = &voucher {
        check_voucher_unique(v, vouchers, r);
    }
    let (flow, amount) = flow?;
    Some(Entry {
        date: date?.value,
        voucher: voucher.map(|v| v.value),
        item: item?.value,
        class,
        flow,
        amount,
        project,
    })
}

fn check_voucher_unique(voucher: &At<String>, seen: &mut Vec<At<String>>, r: &mut Reader) {
    if let Some(first) = seen.iter().find(|s| s.value == voucher.value) {
        r.error_help(
            voucher.span,
            format!(
                "凭证号 {} 重复（第 {} 行已用过）",
                voucher.value, first.span.line
            ),
            "同一账目中每个凭证号只能出现一次；核对凭证号",
        );
    } else {
        seen.push(voucher.clone());
    }
}

fn read_review(node: &Node, r: &mut Reader) -> Option<At<Review>> {
    let mut f = r.fields(node, "review")?;
    let by = f.required_as("by", r, "写审核单位，例如 by: 民主理财小组", Reader::text);
    let date = f
        .required("date", r, "写审核日期，例如 date: 2013-07-03")
        .and_then(|n| r.date(n, "review.date"));
    let opinion = f.optional_as("opinion", r, Reader::text).map(|o| o.value);
    let signers = f
        .optional("signers")
        .map(|n| r.strings(n, "signers"))
        .unwrap_or_default();
    f.finish(r, &["by", "date", "opinion", "signers"]);
    let date = date?;
    Some(At::new(
        Review {
            by: by?.value,
            date: date.value,
            opinion,
            signers,
        },
        date.span,
    ))
}
