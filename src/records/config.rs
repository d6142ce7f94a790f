//! `site.yaml`: the site's settings and its organisation units.
//!
//! Every record names its unit by id, so the units are read first and the
//! other readers check against them.

use super::identity::{self, Identity};
use super::read::{At, EXTRA, Extra, Fields, Reader};
use super::schedule::{self, Schedule};
use crate::diagnostics::{Diagnostics, Span};
use crate::domain::privacy;
use crate::load::Document;
use crate::log::checkpoint::{self, VerifierKey};
use serde::Serialize;

/// Longest shortest-posting a site may ask for: ten years, far beyond any
/// rule, and small enough that date arithmetic with it never overflows.
const MAX_NOTICE_DAYS: u32 = 3650;

/// How personal data found in records is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Privacy {
    /// Refuse to build, naming each place.
    Error,
    /// Publish with the digits masked.
    Mask,
}

/// Which language the theme's labels use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum Language {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum UnitKind {
    Township,
    Village,
    Community,
    Branch,
}

impl UnitKind {
    pub(crate) fn label(&self) -> &'static str {
        match self {
            UnitKind::Township => "乡镇",
            UnitKind::Village => "行政村",
            UnitKind::Community => "社区",
            UnitKind::Branch => "党支部",
        }
    }
}

/// A village, community, party branch, or the township itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: UnitKind,
}

/// Where villagers can reach the township office (shown in the footer).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Contact {
    pub(crate) office: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) email: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub(crate) title: String,
    /// Always ends with `/`.
    pub(crate) base_url: String,
    /// Where site.yaml writes `base_url`, for the example-address warning.
    pub(crate) base_url_span: Span,
    pub(crate) language: Language,
    pub theme: String,
    pub(crate) notice_min_days: u32,
    pub(crate) privacy: Privacy,
    pub(crate) description: Option<String>,
    pub(crate) contact: Contact,
    /// The footer's identity lines: 主办单位, 网站标识码 and filing numbers.
    pub(crate) identity: Identity,
    /// Whether numbers quoted in reports group thousands (`2,622`) or not
    /// (`2622`).
    pub(crate) grouped_numbers: bool,
    /// The township first, then the units in the order site.yaml lists them.
    pub(crate) units: Vec<Unit>,
    /// Custom data for the theme, never checked.
    pub(crate) extra: Extra,
    /// The transparency log (`log: { origin, key }`), when the site keeps one.
    pub(crate) log: Option<LogSettings>,
    /// Which finance disclosures the villages and communities owe, and when.
    pub(crate) schedule: Schedule,
}

/// `log:` of site.yaml: the log's name and the public key its checkpoints
/// are signed with.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LogSettings {
    pub(crate) origin: String,
    pub(crate) key: VerifierKey,
}

impl Config {
    pub(crate) fn township(&self) -> &Unit {
        &self.units[0]
    }

    pub(crate) fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}

const FIELDS: [&str; 15] = [
    EXTRA,
    "identity",
    "schedule",
    "log",
    "number_format",
    "title",
    "base_url",
    "language",
    "theme",
    "notice_min_days",
    "privacy",
    "township",
    "units",
    "description",
    "contact",
];

/// Reads `site.yaml`; `None` when a field the site cannot do without is wrong
/// (the diagnostics say which). Every part is read even when an earlier one
/// is wrong, in the order the fields are checked, so one run reports every
/// mistake in the file.
pub(crate) fn read(doc: &Document, diags: &mut Diagnostics) -> Option<Config> {
    let mut r = Reader::new(&doc.path, diags);
    let mut f = r.fields(&doc.front, "site.yaml")?;
    let address = read_address(&mut f, &mut r);
    let settings = read_settings(&mut f, &mut r);
    let footer = read_footer(&mut f, &mut r);
    let township = f
        .required(
            "township",
            &mut r,
            "写乡镇，例如 township: { id: liyuan, name: 梨园镇 }",
        )
        .and_then(|n| read_unit(n, &mut r, Some(UnitKind::Township)));
    let units_node = f.required(
        "units",
        &mut r,
        "列出各村、社区和支部，每项写 { id: xiguan, name: 西关村, kind: village }",
    );
    // Absent is fine (`Some(None)`); a wrong `log:` fails the site (`None`).
    let log = match f.optional("log") {
        Some(n) => read_log(n, &mut r).map(Some),
        None => Some(None),
    };
    let schedule_node = f.optional("schedule");
    let extra = f.extra();
    f.finish(&mut r, &FIELDS);
    // The units are read even when the township is wrong, so that one run
    // reports the mistakes of both.
    let township_ok = township.is_some();
    let units = read_units(units_node, township, &mut r);
    let schedule = schedule_node
        .map(|n| schedule::read(n, &units, &mut r))
        .unwrap_or_default();
    if !township_ok {
        return None;
    }
    let (title, base_url) = (address.title?, address.base_url?);
    let mut config = Config {
        title: title.value,
        base_url_span: base_url.span,
        base_url: base_url.value,
        language: settings.language?,
        theme: settings.theme?,
        notice_min_days: settings.notice_min_days?,
        privacy: settings.privacy?,
        description: footer.description,
        contact: footer.contact,
        identity: footer.identity,
        grouped_numbers: settings.grouped_numbers?,
        units,
        extra,
        log: log?,
        schedule,
    };
    if config.privacy == Privacy::Mask {
        mask_published_texts(&mut config);
    }
    Some(config)
}

/// What the site is called and where it is published: both required, and
/// the address checked as a URL the feeds and QR codes can use.
struct Address {
    title: Option<At<String>>,
    base_url: Option<At<String>>,
}

fn read_address(f: &mut Fields, r: &mut Reader) -> Address {
    let title = f.required_as(
        "title",
        r,
        "写网站名称，例如 title: 梨园镇党务村务财务公开网",
        Reader::text,
    );
    let base_url = f
        .required_as(
            "base_url",
            r,
            "写网站地址，例如 base_url: https://gongkai.example.cn/",
            Reader::text,
        )
        .and_then(|u| {
            let span = u.span;
            check_base_url(u, r).map(|url| At::new(url, span))
        });
    Address { title, base_url }
}

/// The switches of how the site is built, each with the default a
/// township gets when it does not write the field; `None` where the field
/// is written wrong.
struct Settings {
    language: Option<Language>,
    theme: Option<String>,
    notice_min_days: Option<u32>,
    privacy: Option<Privacy>,
    grouped_numbers: Option<bool>,
}

fn read_settings(f: &mut Fields, r: &mut Reader) -> Settings {
    let language = match f.optional("language") {
        Some(n) => r
            .choice(
                n,
                "language",
                &[("zh-CN", Language::ZhCn), ("en", Language::En)],
            )
            .map(|c| c.value),
        None => Some(Language::ZhCn),
    };
    let theme = match f.optional("theme") {
        Some(n) => r.text(n, "theme").and_then(|t| theme_name(t, r)),
        None => Some("default".to_string()),
    };
    let notice_min_days = match f.optional("notice_min_days") {
        Some(n) => r
            .count(n, "notice_min_days", MAX_NOTICE_DAYS)
            .map(|c| c.value),
        None => Some(5),
    };
    let privacy = match f.optional("privacy") {
        Some(n) => r
            .choice(
                n,
                "privacy",
                &[("error", Privacy::Error), ("mask", Privacy::Mask)],
            )
            .map(|c| c.value),
        None => Some(Privacy::Error),
    };
    let grouped_numbers = match f.optional("number_format") {
        Some(n) => r
            .choice(n, "number_format", &[("grouped", true), ("plain", false)])
            .map(|c| c.value),
        None => Some(true),
    };
    Settings {
        language,
        theme,
        notice_min_days,
        privacy,
        grouped_numbers,
    }
}

/// What the footer shows: a description, how to reach the office and the
/// identity lines. All optional, and never a reason to refuse the site.
struct Footer {
    description: Option<String>,
    contact: Contact,
    identity: Identity,
}

fn read_footer(f: &mut Fields, r: &mut Reader) -> Footer {
    let description = f
        .optional_as("description", r, Reader::text)
        .map(|t| t.value);
    let contact = f
        .optional("contact")
        .map(|n| read_contact(n, r))
        .unwrap_or_default();
    let identity = f
        .optional("identity")
        .map(|n| identity::read(n, r))
        .unwrap_or_default();
    Footer {
        description,
        contact,
        identity,
    }
}

/// The township first, then every unit of `units:`, each id once.
fn read_units(
    node: Option<&crate::load::yaml::Node>,
    township: Option<Unit>,
    r: &mut Reader,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = township.into_iter().collect();
    let Some(node) = node else {
        return units;
    };
    for item in r.list(node, "units") {
        let Some(unit) = read_unit(item, r, None) else {
            continue;
        };
        if let Some(first) = units.iter().find(|u| u.id == unit.id) {
            // Point at the repeated code itself, not the start of its line:
            // the caret then shows which value to change.
            let at = item.get("id").map_or(item.span, |id| id.span);
            r.error(
                at,
                format!("单位代码 `{}` 重复（已用于{}）", unit.id, first.name),
            );
        } else {
            units.push(unit);
        }
    }
    units
}

/// With `privacy: mask`, what site.yaml puts on every page (the title, the
/// description, the footer's contact, the unit names) is published masked
/// like the records are. site.yaml is parsed before its privacy setting is
/// known, so its texts are masked here, once it is; unit ids are left alone,
/// since records refer to them.
fn mask_published_texts(config: &mut Config) {
    let mask = |text: &mut String| *text = privacy::mask(text);
    mask(&mut config.title);
    let contact = &mut config.contact;
    [
        &mut config.description,
        &mut contact.office,
        &mut contact.phone,
        &mut contact.address,
        &mut contact.email,
        &mut config.identity.organizer,
    ]
    .into_iter()
    .flatten()
    .for_each(mask);
    config.units.iter_mut().for_each(|u| mask(&mut u.name));
}

/// Whether `url` is an example address rather than the site's own: one
/// whose host has a label `example` (the address `gongkai init` writes when
/// it is given none, `example.com` and the like). A site published under it
/// is reached by nobody, and the QR code on every printed notice points
/// there.
pub(crate) fn is_example_address(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    host.split('.')
        .any(|label| label.eq_ignore_ascii_case("example"))
}

/// The base URL must be absolute (feeds and the sitemap need full links);
/// a missing final `/` is added.
fn check_base_url(url: At<String>, r: &mut Reader) -> Option<String> {
    let ok = (url.value.starts_with("https://") || url.value.starts_with("http://"))
        && url.value.len() > "https://".len()
        && !url.value.contains(char::is_whitespace);
    if !ok {
        r.error_help(
            url.span,
            format!("`base_url` 应为完整网址，记录中为“{}”", url.value),
            "以 https:// 或 http:// 开头，例如 https://gongkai.example.cn/",
        );
        return None;
    }
    let mut base = url.value;
    if !base.ends_with('/') {
        base.push('/');
    }
    Some(base)
}

/// Reads `log: { origin, key }`: the key must be a signed-note verifier key
/// named for the origin.
fn read_log(node: &crate::load::yaml::Node, r: &mut Reader) -> Option<LogSettings> {
    let mut f = r.fields(node, "log")?;
    let origin = f.required_as(
        "origin",
        r,
        "写日志的名称，即 gongkai keygen --origin 用的名称，例如 origin: gongkai.example.cn/shili",
        Reader::text,
    );
    let key = f.required_as(
        "key",
        r,
        "写 gongkai keygen 打印的公钥，加引号，例如 key: \"gongkai.example.cn/shili+1a2b3c4d+AUc…\"",
        Reader::text,
    );
    f.finish(r, &["origin", "key"]);
    let (origin, key) = (origin?, key?);
    if !checkpoint::is_origin_valid(&origin.value) {
        r.error_help(
            origin.span,
            format!("日志名称“{}”不能含空格或加号", origin.value),
            "通常用网站地址去掉 https://，例如 origin: gongkai.example.cn/shili",
        );
        return None;
    }
    let parsed = match VerifierKey::parse(&key.value) {
        Ok(parsed) => parsed,
        Err(e) => {
            r.error_help(
                key.span,
                e.to_string(),
                "把 gongkai keygen 打印的公钥整行原样抄在这里，两边加英文引号",
            );
            return None;
        }
    };
    if parsed.origin() != origin.value {
        r.error_help(
            key.span,
            format!(
                "公钥属于日志“{}”，与 origin “{}”不同",
                parsed.origin(),
                origin.value
            ),
            "origin 写生成这把钥匙时 gongkai keygen --origin 用的名称",
        );
        return None;
    }
    Some(LogSettings {
        origin: origin.value,
        key: parsed,
    })
}

fn read_contact(node: &crate::load::yaml::Node, r: &mut Reader) -> Contact {
    let Some(mut f) = r.fields(node, "contact") else {
        return Contact::default();
    };
    let mut text = |key: &str, r: &mut Reader| {
        f.optional(key)
            .and_then(|n| r.text(n, key))
            .map(|t| t.value)
    };
    let contact = Contact {
        office: text("office", r),
        phone: text("phone", r),
        address: text("address", r),
        email: text("email", r),
    };
    f.finish(r, &["office", "phone", "address", "email"]);
    contact
}

/// Reads `{ id, name, kind }`; the township's kind is fixed.
fn read_unit(
    node: &crate::load::yaml::Node,
    r: &mut Reader,
    fixed: Option<UnitKind>,
) -> Option<Unit> {
    let mut f = r.fields(node, "unit")?;
    let id = f.required_as(
        "id",
        r,
        "写单位代码，小写字母、数字或连字符，例如 id: xiguan",
        Reader::text,
    );
    let name = f.required_as("name", r, "写单位名称，例如 name: 西关村", Reader::text);
    let kind = match fixed {
        Some(kind) => Some(kind),
        None => f
            .required(
                "kind",
                r,
                "写 kind: village（村）、community（社区）或 branch（支部）",
            )
            .and_then(|n| {
                r.choice(
                    n,
                    "kind",
                    &[
                        ("village", UnitKind::Village),
                        ("community", UnitKind::Community),
                        ("branch", UnitKind::Branch),
                    ],
                )
            })
            .map(|k| k.value),
    };
    let known: &[&str] = if fixed.is_some() {
        &["id", "name"]
    } else {
        &["id", "name", "kind"]
    };
    f.finish(r, known);
    let id = id?;
    if !super::common::is_id(&id.value) {
        r.error_help(
            id.span,
            format!("单位代码“{}”只能用小写字母、数字和连字符", id.value),
            "例如 xiguan、dongzhuang、branch-1；中文名称写在 name 中",
        );
        return None;
    }
    Some(Unit {
        id: id.value,
        name: name?.value,
        kind: kind?,
    })
}

/// A theme is a folder under the site's `themes/`, named by one plain
/// name: a path (`../../x`, `/srv/theme`) would read templates and files
/// from outside the site folder, unchecked.
fn theme_name(name: At<String>, r: &mut Reader) -> Option<String> {
    let plain = !name.value.is_empty()
        && !name.value.starts_with('.')
        && !name.value.contains(['/', '\\', ':']);
    if plain {
        return Some(name.value);
    }
    r.error_help(
        name.span,
        format!(
            "主题名“{}”不是一个文件夹名：主题只能放在站点文件夹的 themes/ 下",
            name.value
        ),
        "写 themes/ 下的文件夹名，例如 theme: default",
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_addresses_are_known_by_their_host() {
        for url in [
            "https://gongkai.example.cn/",
            "http://example.com",
            "https://www.example.org/liyuan/",
            "https://EXAMPLE.net:8080/x",
        ] {
            assert!(is_example_address(url), "{url}");
        }
        for url in [
            "https://gongkai.liyuan.gov.cn/",
            "https://examples.cn/",
            "https://gongkai.cn/example/",
        ] {
            assert!(!is_example_address(url), "{url}");
        }
    }
}
