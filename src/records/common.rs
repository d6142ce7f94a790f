//! The fields every record has: who published what, when, for which unit.

use super::config::{Config, UnitKind};
use super::read::{At, EXTRA, Extra, Fields, Reader};
use crate::domain::dates;
use jiff::civil::Date;

/// A correction note (更正记录): the record was changed after publication.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Correction {
    pub(crate) date: Date,
    pub(crate) reason: String,
}

/// A published record taken back (撤回): its page stays, marked so, with
/// the reason; a published record's file is never just deleted.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Withdrawal {
    pub(crate) date: Date,
    pub(crate) reason: String,
}

/// The posting period (公示期) and where the notice is posted.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Posting {
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) channels: Vec<String>,
}

/// No record of a township's government is published before the state's
/// founding: an earlier date (`0001-01-01`) is a slip of the year, and
/// would date the page, the feed and the sitemap wrongly.
const EARLIEST_PUBLISHED: Date = jiff::civil::date(1949, 10, 1);

#[derive(Clone, Debug, PartialEq)]
pub struct Common {
    pub title: String,
    /// A unit id of site.yaml (checked).
    pub(crate) unit: String,
    pub(crate) published: Date,
    pub(crate) draft: bool,
    pub(crate) corrections: Vec<Correction>,
    /// Set when the record was withdrawn.
    pub(crate) withdrawn: Option<Withdrawal>,
    pub(crate) tags: Vec<String>,
    /// Custom data for the theme, never checked.
    pub(crate) extra: Extra,
}

impl Common {
    /// The date the record last changed: its last correction, else publication.
    pub(crate) fn updated(&self) -> Date {
        self.corrections
            .iter()
            .map(|c| c.date)
            .max()
            .unwrap_or(self.published)
            .max(self.published)
    }
}

/// Whether `text` is written in the id alphabet of units and indicators:
/// lower-case letters, digits and hyphens. Ids appear in URLs, element ids
/// and shortcodes, so nothing else may get into one.
pub(crate) fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An id close to `name` in the id alphabet, to suggest as a new name:
/// letters lower-cased, anything else a single hyphen; `None` when nothing
/// usable is left (a Chinese name: the clerk picks the pinyin).
pub(crate) fn id_like(name: &str) -> Option<String> {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    (!id.is_empty()).then_some(id)
}

/// Field names read here, for the unknown-field check of each record kind.
pub(crate) const FIELDS: [&str; 8] = [
    "title",
    "unit",
    "published",
    "draft",
    "corrections",
    "withdrawn",
    "tags",
    EXTRA,
];

/// Reads the common fields; `None` if a required one is missing or wrong.
pub(crate) fn read(f: &mut Fields, r: &mut Reader, config: &Config) -> Option<Common> {
    let title = f.required_as(
        "title",
        r,
        "写标题，例如 title: 西关村2013年第二季度财务公开",
        Reader::text,
    );
    // The help lists every unit of the site: build it only when it is shown.
    let unit = match f.optional("unit") {
        Some(n) => r.text(n, "unit").and_then(|u| check_unit(u, r, config)),
        None => f.required("unit", r, &unit_help(config)).and(None),
    };
    let published = f.required_as(
        "published",
        r,
        "写发布日期，例如 published: 2013-07-05",
        Reader::date,
    );
    if let Some(p) = &published
        && p.value < EARLIEST_PUBLISHED
    {
        r.error_help(
            p.span,
            format!("发布日期 {} 不合常理：早于 1949 年 10 月 1 日", p.value),
            "核对年份，例如 published: 2013-07-05",
        );
    }
    let draft = f.optional_as("draft", r, Reader::boolean).unwrap_or(false);
    let corrections = f
        .optional("corrections")
        .map(|n| read_corrections(n, r, published.as_ref()))
        .unwrap_or_default();
    // Absent: `None`; written wrong: `Some(None)`, and the record fails.
    let withdrawn = f
        .optional("withdrawn")
        .map(|n| read_withdrawal(n, r, published.as_ref()));
    let tags = f
        .optional("tags")
        .map(|n| r.strings(n, "tags"))
        .unwrap_or_default();
    let extra = f.extra();
    Some(Common {
        title: title?.value,
        unit: unit?,
        published: published?.value,
        draft,
        corrections,
        withdrawn: withdrawn.map_or(Some(None), |w| w.map(Some))?,
        tags,
        extra,
    })
}

fn unit_help(config: &Config) -> String {
    let ids: Vec<String> = config
        .units
        .iter()
        .map(|u| format!("{}（{}）", u.id, u.name))
        .collect();
    format!("写单位代码：{}", ids.join("、"))
}

/// What to write for a unit `written` that site.yaml does not have: the id
/// of the unit so named, else the site's own units. Never an id from
/// another site, such as an example's.
pub(crate) fn unknown_unit_help(written: &str, config: &Config) -> String {
    match config.units.iter().find(|u| u.name == written) {
        Some(u) => format!("单位写代码而不是名称：把“{written}”改为 {}", u.id),
        None => unit_help(config),
    }
}

/// A unit id of this site to show in an example: the first village or
/// community, else the first unit, else the township.
pub(crate) fn example_unit(config: &Config) -> &str {
    let units = &config.units[1..];
    units
        .iter()
        .find(|u| matches!(u.kind, UnitKind::Village | UnitKind::Community))
        .or(units.first())
        .map_or(config.township().id.as_str(), |u| u.id.as_str())
}

/// `project: <id>` on a decision, a ledger entry or a plan item: the id
/// that threads them into one project page, in the unit-id alphabet since
/// it becomes the page's address (`/projects/<id>/`).
pub(crate) fn project_tag(
    node: &crate::load::yaml::Node,
    r: &mut Reader,
    field: &str,
) -> Option<At<String>> {
    let tag = r.text(node, field)?;
    if !is_id(&tag.value) {
        r.error_help(
            tag.span,
            format!("项目代码“{}”只能用小写字母、数字和连字符", tag.value),
            "例如 project: xiguan-cundao；同一项目在决策、账目和实事中写同一个代码",
        );
        return None;
    }
    Some(tag)
}

/// A unit must be one of site.yaml's; the help lists them, and names the id
/// when the clerk wrote the unit's Chinese name instead.
pub(crate) fn check_unit(unit: At<String>, r: &mut Reader, config: &Config) -> Option<String> {
    if config.unit(&unit.value).is_some() {
        return Some(unit.value);
    }
    let help = unknown_unit_help(&unit.value, config);
    r.error_help(
        unit.span,
        format!("未知的单位“{}”：site.yaml 中没有这个单位", unit.value),
        help,
    );
    None
}

/// Reads `withdrawn: { date, reason }`: not before the record was
/// published, and saying why.
pub(crate) fn read_withdrawal(
    node: &crate::load::yaml::Node,
    r: &mut Reader,
    published: Option<&At<Date>>,
) -> Option<Withdrawal> {
    let (date, reason) = read_dated_note(node, r, &WITHDRAWAL, published)?;
    Some(Withdrawal { date, reason })
}

pub(crate) fn read_corrections(
    node: &crate::load::yaml::Node,
    r: &mut Reader,
    published: Option<&At<Date>>,
) -> Vec<Correction> {
    let mut out = Vec::new();
    for item in r.list(node, "corrections") {
        if let Some((date, reason)) = read_dated_note(item, r, &CORRECTION, published) {
            out.push(Correction { date, reason });
        }
    }
    out
}

/// What a dated note (`{ date, reason }`) is called and how its fields are
/// explained to the clerk.
struct NoteKind {
    /// The field it is written under.
    field: &'static str,
    /// 更正, 撤回.
    what: &'static str,
    reason_example: &'static str,
}

const CORRECTION: NoteKind = NoteKind {
    field: "corrections",
    what: "更正",
    reason_example: "更正第3笔支出的凭证号",
};

const WITHDRAWAL: NoteKind = NoteKind {
    field: "withdrawn",
    what: "撤回",
    reason_example: "重复发布，以西关村二季度财务公开为准",
};

/// Reads one `{ date, reason }` note: both required, and not dated before
/// the record was published (an error at the date, and no note).
fn read_dated_note(
    node: &crate::load::yaml::Node,
    r: &mut Reader,
    kind: &NoteKind,
    published: Option<&At<Date>>,
) -> Option<(Date, String)> {
    let mut f = r.fields(node, kind.field)?;
    let what = kind.what;
    let date_help = format!("写{what}日期，例如 date: 2013-07-10");
    let date = f.required_as("date", r, &date_help, Reader::date);
    let reason_help = format!("写{what}原因，例如 reason: {}", kind.reason_example);
    let reason = f.required_as("reason", r, &reason_help, Reader::text);
    f.finish(r, &["date", "reason"]);
    let (date, reason) = (date?, reason?);
    if let Some(p) = published.filter(|p| date.value < p.value) {
        r.error(
            date.span,
            format!(
                "{what}日期 {} 早于发布日期 {}",
                dates::chinese(date.value),
                dates::chinese(p.value)
            ),
        );
        return None;
    }
    Some((date.value, reason.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_use_lower_case_letters_digits_and_hyphens() {
        assert!(is_id("pear-grafting") && is_id("2013") && is_id("x1"));
        for bad in [
            "",
            "Pear",
            "pear_grafting",
            "梨",
            "x\" onload=\"y",
            "a b",
            "a.b",
        ] {
            assert!(!is_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_new_name_is_suggested_in_the_id_alphabet() {
        assert_eq!(id_like("Pear_Grafting").as_deref(), Some("pear-grafting"));
        assert_eq!(
            id_like("x\" onload=\"alert(1)\" y=\"").as_deref(),
            Some("x-onload-alert-1-y")
        );
        assert_eq!(id_like("集体经济收入"), None);
    }
}
