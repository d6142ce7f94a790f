//! Record scaffolds (`gongkai new`) and new sites (`gongkai init`).
//!
//! A scaffold is a worked example a clerk edits rather than a blank form:
//! every field of its kind is there, filled with a plausible value and a
//! one-line Chinese comment saying what goes in it. The values are made to
//! pass every rule of the record contract for the site they are written
//! into (its real unit ids, its `notice_min_days`, dates around today), so
//! the file builds as it stands and the clerk changes one field at a time.

mod examples;
pub(crate) mod ids;
mod site;

pub use site::{Asker, NewSite, init};
pub(crate) use site::{listing, parse_units_beside, plain_name, prompt};

use crate::diagnostics::Diagnostics;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::load;
use crate::records::config::{self, Config, UnitKind};
use crate::records::kind::RecordKind;
use jiff::civil::Date;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The address `init` writes when none is given: it points nowhere, and a
/// build with it says so.
pub(crate) const EXAMPLE_BASE_URL: &str = "https://gongkai.example.cn/";

/// What a scaffold needs to know about the site it is written into.
#[derive(Clone, Debug)]
pub(crate) struct SiteFacts {
    pub(crate) township: (String, String),
    /// Villages, communities and branches: (id, name, kind).
    pub(crate) units: Vec<(String, String, UnitKind)>,
    pub(crate) notice_min_days: u32,
    /// Ids of the site's indicators, for plan items and report shortcodes.
    pub(crate) indicators: Vec<String>,
    /// Each finance disclosure's unit, period and closing balance, so a new
    /// ledger opens where the last one closed.
    pub(crate) closings: Vec<(String, Period, Money)>,
}

impl SiteFacts {
    /// The example site's units, used when no site.yaml is found.
    pub(crate) fn example() -> SiteFacts {
        SiteFacts {
            township: ("liyuan".into(), "梨园镇".into()),
            units: vec![
                ("xiguan".into(), "西关村".into(), UnitKind::Village),
                ("jiguan".into(), "镇机关支部".into(), UnitKind::Branch),
            ],
            notice_min_days: 5,
            indicators: Vec::new(),
            closings: Vec::new(),
        }
    }

    pub(crate) fn from_config(config: &Config, indicators: Vec<String>) -> SiteFacts {
        let township = config.township();
        SiteFacts {
            township: (township.id.clone(), township.name.clone()),
            units: config
                .units
                .iter()
                .skip(1)
                .map(|u| (u.id.clone(), u.name.clone(), u.kind))
                .collect(),
            notice_min_days: config.notice_min_days,
            indicators,
            closings: Vec::new(),
        }
    }

    /// The unit a village record is written for: the first village, else
    /// the first unit, else the township.
    fn village(&self) -> (&str, &str) {
        self.units
            .iter()
            .find(|u| u.2 == UnitKind::Village)
            .or(self.units.first())
            .map_or((&self.township.0, &self.township.1), |u| (&u.0, &u.1))
    }

    /// The unit a file's name names, by its name (东庄村) or its id as a
    /// word of the name (`dongzhuang-q1`); the longest name wins, so 东庄村
    /// is not taken for 东庄. The township counts too.
    fn named_in(&self, name: &str) -> Option<(&str, &str)> {
        let township = (self.township.0.as_str(), self.township.1.as_str());
        let all = self
            .units
            .iter()
            .map(|u| (u.0.as_str(), u.1.as_str()))
            .chain([township]);
        let words: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        all.filter(|(id, unit_name)| name.contains(unit_name) || words.contains(id))
            .max_by_key(|(_, unit_name)| unit_name.chars().count())
    }

    /// The unit a disclosure named `name` (`folder/stem`) is written for:
    /// the one its stem (or else its folder) names, else `default`.
    fn unit_for<'a>(&'a self, name: &str, default: (&'a str, &'a str)) -> (&'a str, &'a str) {
        let mut names = name.rsplit('/');
        let stem = names.next().unwrap_or(name);
        self.named_in(stem)
            .or_else(|| names.next().and_then(|folder| self.named_in(folder)))
            .unwrap_or(default)
    }

    /// The unit a party record is written for: the first branch, else the
    /// first village.
    fn branch(&self) -> (&str, &str) {
        self.units
            .iter()
            .find(|u| u.2 == UnitKind::Branch)
            .map_or_else(|| self.village(), |u| (&u.0, &u.1))
    }

    /// The closing balance of `unit`'s latest ledger before `period`: what
    /// its next ledger opens with.
    fn previous_closing(&self, unit: &str, period: Period) -> Option<Money> {
        self.closings
            .iter()
            .filter(|(u, p, _)| u == unit && p.end() < period.start())
            .max_by_key(|(_, p, _)| (p.end(), std::cmp::Reverse(p.start())))
            .map(|(_, _, closing)| *closing)
    }

    /// Days of a posting period: the site's minimum, and at least a week.
    fn posting_days(&self) -> i64 {
        i64::from(self.notice_min_days.max(7))
    }
}

/// Reads the facts of the site in `dir`; `None` when there is no usable
/// site.yaml there.
pub(crate) fn site_facts(dir: &Path) -> Option<SiteFacts> {
    let path = dir.join("site.yaml");
    let mut diags = Diagnostics::new();
    let file = load::read_text("site.yaml", &path, &mut diags)?;
    let doc = load::yaml_document(&file, &mut diags)?;
    let config = config::read(&doc, &mut diags)?;
    let indicators = load::walk(dir, RecordKind::Indicator.folder())
        .into_iter()
        .filter_map(|(rel, _)| {
            let name = rel.rsplit('/').next()?;
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    Some(SiteFacts::from_config(&config, indicators))
}

/// Every finance disclosure's unit, period and closing balance in the site
/// at `dir`, as a check of the site on `today` reads them (none when the
/// site has errors).
pub(crate) fn closings(dir: &Path, today: Date) -> Vec<(String, Period, Money)> {
    let opts = crate::site::Options {
        site_dir: dir.to_path_buf(),
        today,
        base_url: None,
        drafts: true,
        force: false,
    };
    let (Some(site), _) = crate::site::check(&opts) else {
        return Vec::new();
    };
    site.disclosures
        .iter()
        .filter_map(|d| match &d.details {
            crate::records::disclosure::Details::Finance(f) => {
                Some((d.common.unit.clone(), f.period, f.computed_closing()))
            }
            _ => None,
        })
        .collect()
}

/// The site folder a new file at `path` belongs to: the nearest folder
/// above it holding a site.yaml.
pub(crate) fn find_site(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    abs.ancestors()
        .skip(1)
        .find(|dir| dir.join("site.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The worked examples `gongkai new` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 财务公开
    Finance,
    /// 村务决策（四议两公开）
    Decision,
    /// 党务公开（发展党员公示）
    Party,
    /// 重点实事
    Plan,
    /// 工作报告
    Report,
    /// 指标数据
    Indicator,
    /// 普通页面
    Page,
}

impl Kind {
    /// The kind of record the example is.
    pub(crate) fn record_kind(self) -> RecordKind {
        match self {
            Kind::Finance | Kind::Decision | Kind::Party => RecordKind::Disclosure,
            Kind::Plan => RecordKind::Plan,
            Kind::Report => RecordKind::Report,
            Kind::Indicator => RecordKind::Indicator,
            Kind::Page => RecordKind::Page,
        }
    }
}

/// The file extension of a kind's records.
pub(crate) fn extension(kind: Kind) -> &'static str {
    kind.record_kind().extension()
}

/// The folder of the site a kind's records live in.
pub(crate) fn folder(kind: Kind) -> &'static str {
    kind.record_kind().folder()
}

/// What `gongkai new` did, for the message it prints.
#[derive(Debug)]
pub(crate) struct Created {
    pub(crate) path: PathBuf,
    /// Things the clerk should know (no site found, a folder that is not
    /// read for this kind).
    pub(crate) notes: Vec<String>,
}

/// Writes a scaffold of `kind` at `path`, never over an existing file.
pub(crate) fn new_record(
    kind: Kind,
    path: &Path,
    site: Option<&Path>,
    today: Date,
) -> anyhow::Result<Created> {
    let mut notes = Vec::new();
    let ext = extension(kind);
    let path = match path.extension().and_then(|e| e.to_str()) {
        None => path.with_extension(ext),
        Some(e) if e == ext => path.to_path_buf(),
        Some(e) => {
            return Err(anyhow::anyhow!(
                "{} 记录的文件名应以 .{ext} 结尾，不能是 .{e}：{}",
                label(kind),
                path.display()
            ));
        }
    };
    let site_dir = site.map(Path::to_path_buf).or_else(|| find_site(&path));
    let mut facts = match &site_dir {
        Some(dir) => site_facts(dir).unwrap_or_else(|| {
            notes.push(format!(
                "{} 读不出来（先运行 gongkai check 看看错在哪里），示例中的单位 id 需要手工改",
                dir.join("site.yaml").display()
            ));
            SiteFacts::example()
        }),
        None => {
            notes.push(
                "没有找到 site.yaml：示例中的单位 id（xiguan、liyuan）需要改成本站 site.yaml 中的 id"
                    .into(),
            );
            SiteFacts::example()
        }
    };
    if let (Kind::Finance, Some(dir)) = (kind, &site_dir) {
        facts.closings = closings(dir, today);
    }
    if let Some(dir) = &site_dir
        && let Ok(rel) = absolute(&path).strip_prefix(absolute(dir))
    {
        let want = folder(kind);
        if rel.components().next().and_then(|c| c.as_os_str().to_str()) != Some(want) {
            notes.push(format!(
                "这个文件不在站点的 {want}/ 文件夹下，生成网站时不会读取它；{}记录请放在 {want}/ 下",
                label(kind)
            ));
        }
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("example");
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let text = scaffold(kind, &facts, today, &format!("{folder}/{stem}"));
    write_new(&path, &text)?;
    Ok(Created { path, notes })
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    }
}

/// Creates `path` (and its folders) with `text`; an existing file is an
/// error, never overwritten.
pub(crate) fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| anyhow::anyhow!("无法建立文件夹 {}：{e}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => format!(
                "{} 已经存在，不会覆盖它；换一个文件名，或先把原文件改名",
                path.display()
            ),
            _ => format!("无法建立文件 {}：{e}", path.display()),
        })
        .map_err(anyhow::Error::msg)?;
    file.write_all(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("无法写入文件 {}：{e}", path.display()))
}

/// The kind in the clerk's words.
pub(crate) fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Finance => "财务公开",
        Kind::Decision => "村务决策",
        Kind::Party => "党务公开",
        Kind::Plan => "重点实事",
        Kind::Report => "工作报告",
        Kind::Indicator => "指标",
        Kind::Page => "页面",
    }
}

/// The text of a scaffold. `name` is the file's name without extension,
/// after its folder's (`2024/东庄村发展党员公示`): a disclosure is written
/// for the unit it names.
pub(crate) fn scaffold(kind: Kind, facts: &SiteFacts, today: Date, name: &str) -> String {
    match kind {
        Kind::Finance => examples::finance(facts, today, facts.unit_for(name, facts.village())),
        Kind::Decision => examples::decision(facts, today, facts.unit_for(name, facts.village())),
        Kind::Party => examples::party(facts, today, facts.unit_for(name, facts.branch())),
        Kind::Plan => examples::plan(facts, today),
        Kind::Report => examples::report(facts, today, None),
        Kind::Indicator => examples::indicator(facts, today),
        Kind::Page => examples::page(facts, today),
    }
}
