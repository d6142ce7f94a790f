//! What changed between two versions of a record, in the clerk's words:
//! computed from their canonical JSON, field by field ("第3笔支出
//! 12,600.00 → 12,800.00").

use crate::domain::money::Money;
use serde_json::Value;
use std::collections::BTreeMap;

/// One value that differs between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    /// Which value, in Chinese: `第3笔支出`, `正文`, `标题`.
    pub(crate) field: String,
    /// As it was; `None` when it was not there.
    pub(crate) old: Option<String>,
    /// As it is; `None` when it is gone.
    pub(crate) new: Option<String>,
}

impl Change {
    /// `第3笔支出 12,600.00 → 12,800.00`.
    pub(crate) fn describe(&self) -> String {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "（无）".to_string());
        format!("{} {} → {}", self.field, show(&self.old), show(&self.new))
    }
}

/// Fields whose change is the record of a change, not a change of content.
const BOOKKEEPING: [&str; 2] = ["corrections", "withdrawn"];

/// The values that differ between the canonical JSON of two versions of a
/// record, in the order of the fields; the correction notes themselves are
/// left out. Bytes that are not JSON compare as a whole.
pub(crate) fn changes(old: &[u8], new: &[u8]) -> Vec<Change> {
    let (Ok(old), Ok(new)) = (
        serde_json::from_slice::<Value>(old),
        serde_json::from_slice::<Value>(new),
    ) else {
        return vec![Change {
            field: "内容".into(),
            old: None,
            new: None,
        }];
    };
    let mut out = Vec::new();
    for key in ["fields", "body", "csv"] {
        let (was, is) = (old.get(key), new.get(key));
        if key == "csv"
            && let Some(figures) = csv_changes(was, is)
        {
            out.extend(figures);
            continue;
        }
        walk(&mut vec![Step::Key(key.into())], was, is, &mut out);
    }
    out
}

/// What changed in an indicator's CSV data, figure by figure, as the data
/// file names them: `数据文件第3行（2011,liyuan,女）数值 4 → 5`. Rows are
/// matched by their place (every column but `value`), so a row put in
/// between is one figure added, not every row after it changed. `None`
/// when the two versions' data are not both such tables with the same
/// file and columns: their text is compared as a whole then.
fn csv_changes(old: Option<&Value>, new: Option<&Value>) -> Option<Vec<Change>> {
    let part = |v: Option<&Value>, key: &str| v?.get(key)?.as_str().map(str::to_string);
    if part(old, "path")? != part(new, "path")? {
        return None;
    }
    let (old_columns, old_rows) = csv_figures(&part(old, "text")?)?;
    let (new_columns, new_rows) = csv_figures(&part(new, "text")?)?;
    if old_columns != new_columns {
        return None;
    }
    let was: BTreeMap<&[String], &Figure> = old_rows.iter().map(|f| (&f.place[..], f)).collect();
    let is: BTreeMap<&[String], &Figure> = new_rows.iter().map(|f| (&f.place[..], f)).collect();
    let mut out = Vec::new();
    for f in &new_rows {
        let before = was.get(&f.place[..]).map(|o| &o.value);
        if before != Some(&f.value) {
            out.push(f.change(before.cloned(), Some(f.value.clone())));
        }
    }
    for f in old_rows.iter().filter(|f| !is.contains_key(&f.place[..])) {
        out.push(f.change(Some(f.value.clone()), None));
    }
    Some(out)
}

/// One figure of an indicator's CSV data.
struct Figure {
    /// Its line in the file (the header is line 1).
    line: u64,
    /// The cells of its row other than `value`, as written.
    place: Vec<String>,
    value: String,
}

impl Figure {
    fn change(&self, old: Option<String>, new: Option<String>) -> Change {
        let place: Vec<&str> = self
            .place
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        Change {
            field: format!("数据文件第{}行（{}）数值", self.line, place.join(",")),
            old,
            new,
        }
    }
}

/// The column names of an indicator's CSV text and its figures; `None`
/// when it has no `value` column, a row does not read or a place is named
/// twice.
fn csv_figures(text: &str) -> Option<(Vec<String>, Vec<Figure>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = rdr
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let value = columns.iter().position(|c| c == "value")?;
    let mut figures = Vec::new();
    let mut places = std::collections::BTreeSet::new();
    for record in rdr.records() {
        let record = record.ok()?;
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let place: Vec<String> = (0..columns.len().max(record.len()))
            .filter(|i| *i != value)
            .map(cell)
            .collect();
        if !places.insert(place.clone()) {
            return None;
        }
        figures.push(Figure {
            line: record.position()?.line(),
            place,
            value: cell(value),
        });
    }
    Some((columns, figures))
}

/// How many figures an indicator's new version adds, when adding them is
/// all it does: every data row of the old version (an item of `data:`, a
/// line of the CSV file after its header) is still there, unchanged, and
/// nothing else differs. New periods come in every month or quarter and
/// are new publications, not corrections; a figure already published that
/// changed or went away is a correction and needs its note. `None` when
/// anything else changed, or nothing was added.
pub(crate) fn added_data(old: &[u8], new: &[u8]) -> Option<usize> {
    let old = serde_json::from_slice::<Value>(old).ok()?;
    let new = serde_json::from_slice::<Value>(new).ok()?;
    let (old_rows, old_rest) = data_rows(&old)?;
    let (new_rows, new_rest) = data_rows(&new)?;
    if old_rest != new_rest {
        return None;
    }
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &new_rows {
        *left.entry(row.as_str()).or_default() += 1;
    }
    for row in &old_rows {
        let n = left.get_mut(row.as_str()).filter(|n| **n > 0)?;
        *n -= 1;
    }
    let added = new_rows.len() - old_rows.len();
    (added > 0).then_some(added)
}

/// An indicator version's data rows, each as text, and the version with
/// them taken out (what must stay the same). `None` when it is not an
/// indicator's JSON.
fn data_rows(version: &Value) -> Option<(Vec<String>, Value)> {
    let mut rest = version.clone();
    let mut rows = Vec::new();
    if let Some(data) = rest.pointer_mut("/fields/data") {
        let Value::Array(items) = data.take() else {
            return None;
        };
        rows.extend(items.iter().map(Value::to_string));
    }
    if let Some(text) = rest.pointer_mut("/csv/text") {
        let Value::String(csv) = text.take() else {
            return None;
        };
        let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
        // The header names the columns: it must stay as it was.
        *text = Value::String(lines.next().unwrap_or_default().to_string());
        rows.extend(lines.map(str::to_string));
    }
    (rest.get("kind")? == "indicator").then_some((rows, rest))
}

/// One step of the way into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn walk(at: &mut Vec<Step>, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    if let [Step::Key(fields), Step::Key(field)] = at.as_slice()
        && fields == "fields"
        && BOOKKEEPING.contains(&field.as_str())
    {
        return;
    }
    match (old, new) {
        (Some(Value::Object(_)) | None, Some(Value::Object(_)) | None)
        | (Some(Value::Array(_)) | None, Some(Value::Array(_)) | None)
            if old.or(new).is_some() =>
        {
            for step in children(old, new) {
                at.push(step.clone());
                walk(at, child(old, &step), child(new, &step), out);
                at.pop();
            }
        }
        _ => out.push(Change {
            field: label(at),
            old: old.map(|v| show(at, v)),
            new: new.map(|v| show(at, v)),
        }),
    }
}

/// The value at `step` inside `value`.
fn child<'v>(value: Option<&'v Value>, step: &Step) -> Option<&'v Value> {
    match (step, value) {
        (Step::Key(k), Some(Value::Object(m))) => m.get(k),
        (Step::Index(i), Some(Value::Array(a))) => a.get(*i),
        _ => None,
    }
}

/// The keys (sorted) or indexes of either value.
fn children(old: Option<&Value>, new: Option<&Value>) -> Vec<Step> {
    let mut keys: Vec<String> = Vec::new();
    let mut len = 0;
    for v in [old, new].into_iter().flatten() {
        match v {
            Value::Object(m) => keys.extend(m.keys().cloned()),
            Value::Array(a) => len = len.max(a.len()),
            _ => {}
        }
    }
    if keys.is_empty() {
        (0..len).map(Step::Index).collect()
    } else {
        keys.sort();
        keys.dedup();
        keys.into_iter().map(Step::Key).collect()
    }
}

/// Fields whose values are amounts of money, shown as the page shows them.
const AMOUNTS: [&str; 6] = [
    "income",
    "expense",
    "opening_balance",
    "closing_balance",
    "budget",
    "spent",
];

fn show(at: &[Step], value: &Value) -> String {
    match value {
        Value::String(s) => {
            let amount = matches!(at.last(), Some(Step::Key(k)) if AMOUNTS.contains(&k.as_str()));
            match Money::parse(s) {
                Ok(m) if amount => m.grouped(),
                _ if s.chars().count() > 60 => {
                    format!("“{}…”", s.chars().take(60).collect::<String>())
                }
                _ => s.clone(),
            }
        }
        Value::Null => "（空）".into(),
        other => other.to_string(),
    }
}

/// What the clerk calls a field.
fn field_label(key: &str) -> &str {
    match key {
        "title" => "标题",
        "unit" => "单位",
        "published" => "发布日期",
        "category" => "类别",
        "period" => "期间",
        "ledger" => "账目",
        "opening_balance" => "期初余额",
        "opening_note" => "期初说明",
        "closing_balance" => "期末余额",
        "date" => "日期",
        "voucher" => "凭证号",
        "item" => "摘要",
        "class" => "科目",
        "income" => "收入",
        "expense" => "支出",
        "review" => "审核",
        "by" => "审核人",
        "opinion" => "意见",
        "signers" => "签字人",
        "posting" => "公示期",
        "from" => "开始日期",
        "to" => "结束日期",
        "channels" => "公示渠道",
        "decision" => "决策",
        "matter" => "事项",
        "steps" => "步骤",
        "implementation" => "实施",
        "status" => "状态",
        "completed" => "完成日期",
        "result_posted" => "结果公开日期",
        "resolution_posted" => "决议公开日期",
        "budget" => "预算",
        "spent" => "实际支出",
        "tags" => "标签",
        "name" => "姓名",
        "stage" => "阶段",
        "owner" => "责任人",
        "target" => "目标",
        "due" => "完成期限",
        "checks" => "检查",
        "progress" => "进度",
        "note" => "说明",
        "rating" => "评议",
        "grade" => "等次",
        "value" => "数值",
        "body" => "正文",
        "csv" => "数据文件",
        other => other,
    }
}

/// Where a value is, in the clerk's words: `第3笔支出`, `正文`,
/// `决策 实施 实际支出`.
fn label(at: &[Step]) -> String {
    let steps = match at {
        [Step::Key(f), rest @ ..] if f == "fields" => rest,
        other => other,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut after: Option<&str> = None;
    for step in steps {
        match step {
            Step::Key(k) => {
                parts.push(field_label(k).to_string());
                after = Some(k);
            }
            Step::Index(i) => {
                let n = i + 1;
                let counted = match after {
                    Some("entries") => format!("第{n}笔"),
                    Some("items") => format!("第{n}项"),
                    Some("candidates") => format!("第{n}名人选"),
                    Some("data") => format!("第{n}行数据"),
                    Some("checks") => format!("第{n}次检查"),
                    _ => format!("第{n}个"),
                };
                // `ledger entries [2]` reads `账目 第3笔`, not `账目 entries 第3笔`.
                if matches!(
                    after,
                    Some("entries" | "items" | "candidates" | "data" | "checks")
                ) {
                    parts.pop();
                }
                parts.push(counted);
                after = None;
            }
        }
    }
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        let joined = i > 0 && !parts[i - 1].starts_with('第');
        if joined {
            text.push(' ');
        }
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(fields: &str, body: &str) -> Vec<u8> {
        format!(r#"{{"body":{body:?},"fields":{fields},"kind":"disclosure","path":"a.md"}}"#)
            .into_bytes()
    }

    #[test]
    fn a_changed_amount_is_named_as_the_page_names_it() {
        let old = json(
            r#"{"ledger":{"entries":[{"expense":"860.00"},{"income":"20000"},{"expense":"12600"}]},"title":"甲"}"#,
            "正文",
        );
        let new = json(
            r#"{"ledger":{"entries":[{"expense":"860.00"},{"income":"20000"},{"expense":"12800.00"}]},"title":"乙"}"#,
            "正文",
        );
        let described: Vec<String> = changes(&old, &new).iter().map(Change::describe).collect();
        assert_eq!(
            described,
            ["账目 第3笔支出 12,600.00 → 12,800.00", "标题 甲 → 乙"]
        );
    }

    #[test]
    fn added_and_removed_values_and_the_body_are_named() {
        let old = json(
            r#"{"ledger":{"entries":[{"expense":"1"}]},"tags":["a"]}"#,
            "旧",
        );
        let new = json(
            r#"{"ledger":{"entries":[{"expense":"1"},{"income":"5"}]}}"#,
            "新",
        );
        let described: Vec<String> = changes(&old, &new).iter().map(Change::describe).collect();
        assert_eq!(
            described,
            [
                "账目 第2笔收入 （无） → 5.00",
                "标签 第1个 a → （无）",
                "正文 旧 → 新"
            ]
        );
    }

    fn indicator(csv: &str) -> Vec<u8> {
        format!(
            r#"{{"body":"","csv":{{"path":"indicators/m.csv","text":{csv:?}}},"fields":{{"csv":"m.csv"}},"kind":"indicator","path":"indicators/m.yaml"}}"#
        )
        .into_bytes()
    }

    #[test]
    fn a_changed_figure_of_a_csv_file_is_named_by_its_line_and_place() {
        let old = indicator("period,unit,group,value\n2011,liyuan,,12\n2011,liyuan,女,4\n");
        let new = indicator(
            "period,unit,group,value\n2010,liyuan,,9\n2011,liyuan,,12\n2011,liyuan,女,5\n",
        );
        let described: Vec<String> = changes(&old, &new).iter().map(Change::describe).collect();
        assert_eq!(
            described,
            [
                "数据文件第2行（2010,liyuan）数值 （无） → 9",
                "数据文件第4行（2011,liyuan,女）数值 4 → 5"
            ]
        );
        let gone = indicator("period,unit,group,value\n2011,liyuan,女,4\n");
        let described: Vec<String> = changes(&old, &gone).iter().map(Change::describe).collect();
        assert_eq!(described, ["数据文件第2行（2011,liyuan）数值 12 → （无）"]);
    }

    #[test]
    fn csv_data_with_other_columns_is_compared_as_a_whole() {
        let old = indicator("period,unit,value\n2011,liyuan,12\n");
        let new = indicator("period,unit,value,group\n2011,liyuan,12,\n");
        let described: Vec<String> = changes(&old, &new).iter().map(Change::describe).collect();
        assert_eq!(
            described,
            [
                "数据文件 text period,unit,value\n2011,liyuan,12\n → period,unit,value,group\n2011,liyuan,12,\n"
            ]
        );
    }

    #[test]
    fn correction_notes_are_not_a_change_of_content() {
        let old = json(r#"{"title":"甲"}"#, "");
        let new = json(
            r#"{"corrections":[{"date":"2013-07-08","reason":"更正"}],"title":"甲"}"#,
            "",
        );
        assert!(changes(&old, &new).is_empty());
    }
}
