//! The finance path: the lines of a ledger sheet (日期, 凭证号, 摘要, 科目,
//! 收入, 支出) become the `ledger` of a new finance disclosure, which must
//! pass the same finance rules `gongkai check` applies before it is written.

use super::table::{Cell, LedgerColumns, Row, Table};
use super::values::{self, BadValue, get, text, yaml_text};
use super::{Failure, Request};
use crate::diagnostics::Diagnostics;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::privacy;
use crate::load;
use crate::records::config::{Config, Privacy, Unit};
use crate::records::disclosure;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The text of the finance disclosure made from a ledger sheet.
pub(crate) fn import(
    request: &Request,
    config: &Config,
    table: &Table,
    body: &[Row],
    columns: &LedgerColumns,
) -> Result<String, Failure> {
    let options = Options::from_request(request, table, config)?;
    let entries = Entries::new(table, columns, config.privacy).read(body)?;
    let period = match options.period.or_else(|| infer_period(&entries)) {
        Some(p) => p,
        None => {
            return Err(Failure::Usage(
                "记账日期跨了年度，推算不出期间；请用 --period 写明，例如 --period 2024".into(),
            ));
        }
    };
    dates_in_period(table, columns, &entries, period)?;
    let head = FinanceHead {
        title: request
            .title
            .clone()
            .unwrap_or_else(|| format!("{}{}财务公开", options.unit.name, period.label())),
        unit: options.unit.id.clone(),
        published: request.today,
        period,
        opening: options.opening,
        source: table.source(),
    };
    refuse_negative_closing(&head, &entries)?;
    let text = finance_text(&head, &entries);
    verify_finance(&text, config)?;
    Ok(text)
}

/// A closing balance below zero is an opening balance left out (it is 0
/// unless `--opening-balance` says otherwise): said so, rather than as the
/// record's own error at a line of a file never written.
fn refuse_negative_closing(head: &FinanceHead, entries: &[Entry]) -> Result<(), Failure> {
    let closing = entries.iter().fold(head.opening, |sum, e| {
        sum + e.income.unwrap_or_default() - e.expense.unwrap_or_default()
    });
    if !closing.is_negative() {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "按期初余额 {} 算下来，期末余额是负数（{}）：用 --opening-balance 写上期的期末余额，例如 --opening-balance 20000.00",
        head.opening.grouped(),
        closing.grouped()
    )))
}

/// What the command line says about the ledger, checked before the sheet
/// is read: whose it is, what it started from, and for which period.
struct Options<'c> {
    unit: &'c Unit,
    opening: Money,
    period: Option<Period>,
}

impl<'c> Options<'c> {
    fn from_request(
        request: &Request,
        table: &Table,
        config: &'c Config,
    ) -> Result<Options<'c>, Failure> {
        if request.out.extension().and_then(|e| e.to_str()) != Some("md") {
            return Err(Failure::Usage(format!(
                "{} 是财务明细账，导入为财务公开记录：写出的文件名应以 .md 结尾，放在 disclosures/ 下",
                table.source()
            )));
        }
        let Some(unit) = &request.unit else {
            return Err(Failure::Usage(
                "请用 --unit 写明这本账是哪个单位的，例如 --unit 西关村".into(),
            ));
        };
        let unit = config
            .units
            .iter()
            .find(|x| x.name == *unit || x.id == *unit)
            .ok_or_else(|| {
                let names: Vec<&str> = config.units.iter().map(|u| u.name.as_str()).collect();
                Failure::Usage(format!(
                    "单位“{unit}”不在 site.yaml 的 units 中；可写：{}",
                    names.join("、")
                ))
            })?;
        let opening = match &request.opening_balance {
            Some(t) => Money::parse(t)
                .map_err(|e| Failure::Usage(format!("--opening-balance“{t}”有误：{e}")))?,
            None => Money::from_fen(0),
        };
        let period = match &request.period {
            Some(p) => Some(Period::parse(p).map_err(|e| Failure::Usage(e.0))?),
            None => None,
        };
        Ok(Options {
            unit,
            opening,
            period,
        })
    }
}

/// One ledger line read from a sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) row: u32,
    pub(crate) date: Date,
    pub(crate) voucher: Option<String>,
    pub(crate) item: String,
    pub(crate) class: Option<String>,
    pub(crate) income: Option<Money>,
    pub(crate) expense: Option<Money>,
}

/// Reads the ledger lines below the header; every bad cell is an error.
struct Entries<'t> {
    table: &'t Table,
    columns: &'t LedgerColumns,
    privacy: Privacy,
    /// Each voucher number seen, with the row it was first seen on.
    vouchers: BTreeMap<String, u32>,
    diags: Diagnostics,
}

impl<'t> Entries<'t> {
    fn new(table: &'t Table, columns: &'t LedgerColumns, privacy: Privacy) -> Entries<'t> {
        Entries {
            table,
            columns,
            privacy,
            vouchers: BTreeMap::new(),
            diags: Diagnostics::new(),
        }
    }

    /// Every entry of `body`, or every error in it.
    fn read(mut self, body: &[Row]) -> Result<Vec<Entry>, Failure> {
        let mut entries = Vec::new();
        // Where the entries a 合计 or 小计 line sums begin.
        let mut since_total = 0;
        for (row, cells) in body {
            if cells.iter().all(|c| *c == Cell::Empty) {
                continue;
            }
            if let Some(label) = total_label(cells, self.columns) {
                let sums = match label {
                    TotalKind::Since => Some(&entries[since_total..]),
                    TotalKind::All => Some(&entries[..]),
                    TotalKind::Running => None,
                };
                if let Some(sums) = sums {
                    self.total_agrees(*row, cells, sums);
                }
                if label == TotalKind::Since {
                    since_total = entries.len();
                }
                continue;
            }
            let errors_before = self.diags.error_count();
            let entry = self.entry(*row, cells);
            if self.diags.error_count() == errors_before {
                entries.extend(entry);
            }
        }
        if entries.is_empty() && !self.diags.has_errors() {
            self.diags.push(
                self.table
                    .error("表头下面没有任何收支")
                    .with_help("在表头下面每行写一笔收入或支出"),
            );
        }
        if self.diags.has_errors() {
            self.diags.sort();
            return Err(Failure::from(self.diags));
        }
        Ok(entries)
    }

    /// The entry on one row; its errors go into the diagnostics.
    fn entry(&mut self, row: u32, cells: &[Cell]) -> Option<Entry> {
        let c = self.columns;
        let date = values::date(get(cells, c.date))
            .map_err(|bad| self.bad(row, c.date, "日期", bad))
            .ok();
        let voucher = text(get(cells, c.voucher));
        if let (Some(v), Some(col)) = (&voucher, c.voucher) {
            self.voucher_once(row, col, v);
        }
        let item = text(get(cells, c.item));
        if item.is_none() {
            let bad = BadValue::new("摘要为空").help("写明这笔钱收的或花的是什么");
            self.bad(row, c.item, "摘要", bad);
        }
        let income = values::amount(get(cells, c.income))
            .map_err(|bad| self.bad(row, c.income, "收入", bad));
        let expense = values::amount(get(cells, c.expense))
            .map_err(|bad| self.bad(row, c.expense, "支出", bad));
        if let (Ok(income), Ok(expense)) = (income, expense) {
            self.one_amount(row, income, expense);
        }
        let class = text(get(cells, c.class));
        if self.privacy == Privacy::Error {
            for (col, heading, value) in [
                (Some(c.item), "摘要", &item),
                (c.class, "科目", &class),
                (c.voucher, "凭证号", &voucher),
            ] {
                if let (Some(col), Some(value)) = (col, value) {
                    self.no_personal_data(row, col, heading, value);
                }
            }
        }
        Some(Entry {
            row,
            date: date?,
            voucher,
            item: item?,
            class,
            income: income.ok()?,
            expense: expense.ok()?,
        })
    }

    /// A totals line is not an entry, but its figures are the sheet's own
    /// check of the entries it sums: each written total must equal their
    /// sum, or the sheet and the import disagree about the money.
    fn total_agrees(&mut self, row: u32, cells: &[Cell], entries: &[Entry]) {
        let c = self.columns;
        for (col, heading, flow) in [(c.income, "收入", true), (c.expense, "支出", false)] {
            let Ok(Some(written)) = values::amount(get(cells, col)) else {
                continue;
            };
            let sum: Money = entries
                .iter()
                .filter_map(|e| if flow { e.income } else { e.expense })
                .sum();
            if written != sum {
                let bad = BadValue::new(format!(
                    "合计行的{heading} {} 与上面各笔相加的 {} 不符",
                    written.grouped(),
                    sum.grouped()
                ))
                .help("核对合计行和各笔金额；合计行本身不导入");
                self.bad(row, col, heading, bad);
            }
        }
    }

    fn bad(&mut self, row: u32, col: usize, heading: &str, bad: BadValue) {
        self.diags.push(bad.at(self.table, row, col, heading));
    }

    /// A voucher number names one entry: a second use is a copying slip.
    fn voucher_once(&mut self, row: u32, col: usize, voucher: &str) {
        if let Some(first) = self.vouchers.get(voucher) {
            let bad = BadValue::new(format!("凭证号 {voucher} 与第 {first} 行重复"))
                .help("每个凭证号只用一次");
            self.bad(row, col, "凭证号", bad);
        } else {
            self.vouchers.insert(voucher.to_string(), row);
        }
    }

    /// An entry is income or expense, never both nor neither.
    fn one_amount(&mut self, row: u32, income: Option<Money>, expense: Option<Money>) {
        let c = self.columns;
        match (income, expense) {
            (Some(_), Some(_)) => {
                let bad = BadValue::new("这一行既有收入又有支出")
                    .help("一笔账只能有收入或支出之一，请分成两行");
                self.bad(row, c.expense, "支出", bad);
            }
            (None, None) => {
                let bad = BadValue::new("收入、支出都为空").help("在其中一列写金额");
                self.bad(row, c.income, "收入", bad);
            }
            _ => {}
        }
    }

    /// Personal data in a published cell, shown only masked (the rule and
    /// wording `check` applies to record files).
    fn no_personal_data(&mut self, row: u32, col: usize, heading: &str, value: &str) {
        for f in privacy::find(value) {
            let label = f.kind.label();
            let masked = privacy::mask_one(&value[f.start..f.end], f.kind);
            let bad = BadValue::new(format!(
                "发现{label}“{masked}”：公开的内容中不得出现完整的{label}"
            ))
            .help(format!("删去，或改写为遮盖后的形式 {masked}"));
            self.bad(row, col, heading, bad);
        }
    }
}

/// What a totals line sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TotalKind {
    /// 合计, 小计, 本月合计: the entries since the last such line.
    Since,
    /// 总计: every entry above.
    All,
    /// 累计, 本年累计: since a start the sheet may not hold.
    Running,
}

/// A totals line, dated or not, by its 摘要: a short label ending in 合计,
/// 小计, 总计 or 累计 (本月合计, 本季小计, 本年累计), with no voucher. Read as
/// an entry it would count its month a second time.
fn total_label(cells: &[Cell], columns: &LedgerColumns) -> Option<TotalKind> {
    if columns
        .voucher
        .is_some_and(|v| *get(cells, Some(v)) != Cell::Empty)
    {
        return None;
    }
    let item: String = text(get(cells, Some(columns.item)))?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if item.chars().count() > 6 {
        return None;
    }
    if item.ends_with("合计") || item.ends_with("小计") {
        Some(TotalKind::Since)
    } else if item.ends_with("总计") {
        Some(TotalKind::All)
    } else if item.ends_with("累计") {
        Some(TotalKind::Running)
    } else {
        None
    }
}

/// The shortest period (quarter, half-year, year) holding every date.
pub(crate) fn infer_period(entries: &[Entry]) -> Option<Period> {
    let first = entries.iter().map(|e| e.date).min()?;
    let last = entries.iter().map(|e| e.date).max()?;
    let y = first.year();
    if last.year() != y {
        return None;
    }
    let q = |d: Date| (d.month() as u8 - 1) / 3 + 1;
    let h = |d: Date| (d.month() as u8 - 1) / 6 + 1;
    Some(if q(first) == q(last) {
        Period::Quarter(y, q(first))
    } else if h(first) == h(last) {
        Period::Half(y, h(first))
    } else {
        Period::Year(y)
    })
}

/// Every entry of a disclosure for `period` is dated within it.
fn dates_in_period(
    table: &Table,
    columns: &LedgerColumns,
    entries: &[Entry],
    period: Period,
) -> Result<(), Failure> {
    let mut diags = Diagnostics::new();
    for e in entries.iter().filter(|e| !period.contains_date(e.date)) {
        let bad = BadValue::new(format!(
            "记账日期 {} 不在期间 {}（{}）内",
            e.date,
            period,
            period.label()
        ))
        .help("改正日期，或用 --period 写明这本账的期间");
        diags.push(bad.at(table, e.row, columns.date, "日期"));
    }
    if diags.has_errors() {
        return Err(Failure::from(diags));
    }
    Ok(())
}

/// What a finance disclosure made from a ledger needs besides the entries.
pub(crate) struct FinanceHead {
    pub(crate) title: String,
    pub(crate) unit: String,
    pub(crate) published: Date,
    pub(crate) period: Period,
    pub(crate) opening: Money,
    pub(crate) source: String,
}

/// The text of a finance disclosure with the imported entries.
pub(crate) fn finance_text(head: &FinanceHead, entries: &[Entry]) -> String {
    let mut closing = head.opening;
    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "# 由 gongkai import 从 {} 导入；核对期初余额、补写公示期和审核后发布。",
        head.source
    );
    let _ = writeln!(out, "title: {}", yaml_text(&head.title));
    let _ = writeln!(out, "unit: {}", head.unit);
    let _ = writeln!(out, "published: {}", head.published);
    let _ = writeln!(out, "category: finance");
    let _ = writeln!(out, "period: {}", head.period);
    let _ = writeln!(
        out,
        "# posting: {{ from: {}, to: {}, channels: [村务公开栏] }}   # 公示期（去掉行首的 # 即生效）",
        head.published,
        head.published
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(head.published)
    );
    let _ = writeln!(out, "ledger:");
    let _ = writeln!(
        out,
        "  opening_balance: {}   # 期初余额：上期的期末余额",
        head.opening.plain()
    );
    let _ = writeln!(out, "  entries:");
    for e in entries {
        let mut fields = vec![format!("date: {}", e.date)];
        if let Some(v) = &e.voucher {
            fields.push(format!("voucher: {}", yaml_text(v)));
        }
        fields.push(format!("item: {}", yaml_text(&e.item)));
        if let Some(c) = &e.class {
            fields.push(format!("class: {}", yaml_text(c)));
        }
        if let Some(m) = e.income {
            closing += m;
            fields.push(format!("income: {}", m.plain()));
        }
        if let Some(m) = e.expense {
            closing -= m;
            fields.push(format!("expense: {}", m.plain()));
        }
        let _ = writeln!(out, "    - {{ {} }}", fields.join(", "));
    }
    let _ = writeln!(
        out,
        "  closing_balance: {}   # 期末余额 = 期初 + 收入合计 − 支出合计",
        closing.plain()
    );
    let _ = writeln!(
        out,
        "# review: {{ by: 民主理财小组, date: {}, opinion: 收支真实完整, signers: [组长 李某某] }}   # 审核",
        head.published
    );
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "本表经村民主理财小组审核后公开。");
    out
}

/// The disclosure made must pass the finance rules as it stands; if not,
/// the findings point into the text that would have been written.
fn verify_finance(text: &str, config: &Config) -> Result<(), Failure> {
    let mut diags = Diagnostics::new();
    let file = load::SourceFile {
        path: "（导入结果）".into(),
        text: text.to_string(),
    };
    let ok = load::markdown_document(&file, &mut diags)
        .and_then(|doc| disclosure::read(&doc, config, &mut diags))
        .is_some();
    if ok && !diags.has_errors() {
        return Ok(());
    }
    Err(Failure::Errors {
        diagnostics: diags,
        sources: BTreeMap::from([(file.path, file.text)]),
    })
}
