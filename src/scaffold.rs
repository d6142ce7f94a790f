//! Record scaffolds (`gongkai new`) and new sites (`gongkai init`).
//!
//! A scaffold is a worked example a clerk edits rather than a blank form:
//! every field of its kind is there, filled with a plausible value and a
//! one-line Chinese comment saying what goes in it. The values are made to
//! pass every rule of the record contract for the site they are written
//! into (its real unit ids, its `notice_min_days`, dates around today), so
//! the file builds as it stands and the clerk changes one field at a time.

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
pub const EXAMPLE_BASE_URL: &str = "https://gongkai.example.cn/";

/// What a scaffold needs to know about the site it is written into.
#[derive(Clone, Debug)]
pub struct SiteFacts {
    pub township: (String, String),
    /// Villages, communities and branches: (id, name, kind).
    pub units: Vec<(String, String, UnitKind)>,
    pub notice_min_days: u32,
    /// Ids of the site's indicators, for plan items and report shortcodes.
    pub indicators: Vec<String>,
    /// Each finance disclosure's unit, period and closing balance, so a new
    /// ledger opens where the last one closed.
    pub closings: Vec<(String, Period, Money)>,
}

impl SiteFacts {
    /// The example site's units, used when no site.yaml is found.
    pub fn example() -> SiteFacts {
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

    pub fn from_config(config: &Config, indicators: Vec<String>) -> SiteFacts {
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
pub fn site_facts(dir: &Path) -> Option<SiteFacts> {
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
pub fn closings(dir: &Path, today: Date) -> Vec<(String, Period, Money)> {
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
pub fn find_site(path: &Path) -> Option<PathBuf> {
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
pub enum Kind {
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
    pub fn record_kind(self) -> RecordKind {
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
pub fn extension(kind: Kind) -> &'static str {
    kind.record_kind().extension()
}

/// The folder of the site a kind's records live in.
pub fn folder(kind: Kind) -> &'static str {
    kind.record_kind().folder()
}

/// What `gongkai new` did, for the message it prints.
#[derive(Debug)]
pub struct Created {
    pub path: PathBuf,
    /// Things the clerk should know (no site found, a folder that is not
    /// read for this kind).
    pub notes: Vec<String>,
}

/// Writes a scaffold of `kind` at `path`, never over an existing file.
pub fn new_record(
    kind: Kind,
    path: &Path,
    site: Option<&Path>,
    today: Date,
) -> Result<Created, String> {
    let mut notes = Vec::new();
    let ext = extension(kind);
    let path = match path.extension().and_then(|e| e.to_str()) {
        None => path.with_extension(ext),
        Some(e) if e == ext => path.to_path_buf(),
        Some(e) => {
            return Err(format!(
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
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| format!("无法建立文件夹 {}：{e}", parent.display()))?;
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
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("无法写入文件 {}：{e}", path.display()))
}

/// The kind in the clerk's words.
pub fn label(kind: Kind) -> &'static str {
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
pub fn scaffold(kind: Kind, facts: &SiteFacts, today: Date, name: &str) -> String {
    match kind {
        Kind::Finance => finance(facts, today, facts.unit_for(name, facts.village())),
        Kind::Decision => decision(facts, today, facts.unit_for(name, facts.village())),
        Kind::Party => party(facts, today, facts.unit_for(name, facts.branch())),
        Kind::Plan => plan(facts, today),
        Kind::Report => report(facts, today, None),
        Kind::Indicator => indicator(facts, today, name),
        Kind::Page => page(facts, today),
    }
}

// ---------------------------------------------------------------------------
// Lines with aligned comments
// ---------------------------------------------------------------------------

/// Lines of YAML, each with an optional trailing comment; the comments are
/// aligned when the text is made (counting a Chinese character as two
/// columns, as editors show them).
#[derive(Default)]
struct Lines(Vec<(String, String)>);

impl Lines {
    /// A field line with its comment.
    fn f(&mut self, code: impl Into<String>, comment: &str) -> &mut Self {
        self.0.push((code.into(), comment.to_string()));
        self
    }

    /// A line on its own (a comment line, `---`, or body text).
    fn raw(&mut self, line: impl Into<String>) -> &mut Self {
        self.0.push((line.into(), String::new()));
        self
    }

    fn text(&self) -> String {
        let width = self
            .0
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(code, _)| display_width(code))
            .max()
            .unwrap_or(0)
            .min(56);
        let mut out = String::new();
        for (code, comment) in &self.0 {
            if comment.is_empty() {
                out.push_str(code);
            } else {
                out.push_str(code);
                let pad = width.saturating_sub(display_width(code)) + 2;
                out.push_str(&" ".repeat(pad));
                out.push_str("# ");
                out.push_str(comment);
            }
            out.push('\n');
        }
        out
    }
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

/// The last whole quarter before `today`, which a finance disclosure
/// published today reports on.
fn last_quarter(today: Date) -> (i16, i8) {
    let q = (today.month() - 1) / 3 + 1;
    if q == 1 {
        (today.year() - 1, 4)
    } else {
        (today.year(), q - 1)
    }
}

/// The lines common to every record, after title and unit.
fn common(l: &mut Lines, published: Date, tag: &str) {
    l.f(
        format!("published: {published}"),
        "发布日期，写作 YYYY-MM-DD；晚于今天的记录到那天才发布",
    );
    l.f(
        "draft: false",
        "写 true 为草稿，不发布（预览草稿用 serve --drafts）",
    );
    l.f(
        format!("tags: [{tag}]"),
        "标签，可不写；多个用逗号隔开，如 [一事一议, 村道]",
    );
    l.f(
        "corrections: []",
        "更正记录：改正已发布的内容后登记，如 [{ date: 2024-04-10, reason: 更正第3笔凭证号 }]",
    );
}

fn posting(l: &mut Lines, facts: &SiteFacts, from: Date, channels: &str) {
    let to = add_days(from, facts.posting_days() - 1);
    l.f(
        "posting:",
        &format!("公示期，起止两天都算，不少于 {} 天", facts.notice_min_days),
    );
    l.f(format!("  from: {from}"), "公示开始日期");
    l.f(format!("  to: {to}"), "公示结束日期，不早于开始日期");
    l.f(
        format!("  channels: [{channels}]"),
        "公示方式：公开栏、公开网、广播等",
    );
}

// ---------------------------------------------------------------------------
// The scaffolds
// ---------------------------------------------------------------------------

fn finance(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let (year, q) = last_quarter(today);
    let start = date(year, (q - 1) * 3 + 1, 1);
    let period = format!("{year}-Q{q}");
    let label = Period::parse(&period).map_or(period.clone(), |p| p.label());
    let township = &facts.township.1;
    let opening = Period::parse(&period)
        .ok()
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
    let mut l = Lines::default();
    l.raw("---");
    l.raw("# 财务公开记录。# 后面是说明，可以保留，也可以删去；改完运行 gongkai check 检查。");
    l.f(
        format!("title: {name}{label}财务公开"),
        "标题：单位、期间和“财务公开”",
    );
    l.f(
        format!("unit: {unit}"),
        &format!("公开单位的 id（{name}），见 site.yaml 的 units"),
    );
    common(&mut l, today, "季度财务");
    l.f("category: finance", "类别：财务公开写 finance");
    l.f(
        format!("period: {period}"),
        "公开的期间：年 2024、半年 2024-H1、季度 2024-Q2 或月 2024-04",
    );
    posting(
        &mut l,
        facts,
        today,
        &format!("村务公开栏, {township}公开网"),
    );
    l.f("ledger:", "明细账，逐项逐笔");
    l.f(
        format!("  opening_balance: {}", opening.plain()),
        "期初余额：上期的期末余额，元，最多两位小数",
    );
    l.f(
        "  entries:",
        "每笔收支一项，只写 income（收入）或 expense（支出）之一",
    );
    for (i, (day, voucher, item, class, income, amount)) in entries.iter().enumerate() {
        let d = add_days(start, *day);
        let flow = if *income { "income" } else { "expense" };
        if i == 0 {
            l.f(format!("    - date: {d}"), "记账日期，须在 period 期间之内");
            l.f(
                format!("      voucher: {voucher}"),
                "凭证号，同一本账内不重复（可不写）",
            );
            l.f(
                format!("      item: {item}"),
                "摘要：这笔钱收的或花的是什么",
            );
            l.f(
                format!("      class: {class}"),
                "科目：页面按科目汇总（可不写）",
            );
            l.f(
                format!("      {flow}: {amount}"),
                "金额，元：支出写 expense，收入写 income，不写“元”和逗号",
            );
        } else {
            l.raw(format!(
                "    - {{ date: {d}, voucher: {voucher}, item: {item}, class: {class}, {flow}: {amount} }}"
            ));
        }
    }
    l.f(
        format!("  closing_balance: {}", closing.plain()),
        "期末余额（可不写）；写了就必须等于 期初 + 收入合计 − 支出合计",
    );
    l.f("review:", "审核（民主理财）");
    l.f("  by: 民主理财小组", "审核单位");
    l.f(format!("  date: {today}"), "审核日期，不晚于公示开始日期");
    l.f("  opinion: 收支真实完整", "审核意见");
    l.f(
        "  signers: [组长 李某某, 成员 张某]",
        "签字人，姓名按惯例隐去名字",
    );
    l.raw("---");
    l.raw(format!(
        "本表由{name}报账员编制，经村民主理财小组审核后公开。对公开内容有疑问的，请在公示期内向村务监督委员会反映。"
    ));
    l.text()
}

fn decision(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let township = &facts.township.1;
    let d = |n: i64| add_days(today, -n);
    let mut l = Lines::default();
    l.raw("---");
    l.raw("# 村务决策（四议两公开）记录。# 后面是说明，可以保留，也可以删去。");
    l.f(
        format!("title: {name}村内道路硬化工程实施结果公开"),
        "标题：单位、事项和公开的内容",
    );
    l.f(
        format!("unit: {unit}"),
        &format!("公开单位的 id（{name}），见 site.yaml 的 units"),
    );
    common(&mut l, today, "四议两公开, 村道");
    l.f("category: village", "类别：村务公开写 village");
    posting(
        &mut l,
        facts,
        today,
        &format!("村务公开栏, {township}公开网"),
    );
    l.f("decision:", "四议两公开的全过程，各步日期依次不倒退");
    l.f("  matter: 村内道路硬化工程筹资筹劳方案", "决策的事项");
    l.f("  steps:", "四个会议步骤");
    l.f("    propose:", "提议：村党组织提出");
    l.f(format!("      date: {}", d(60)), "会议日期");
    l.f("      body: 村党支部会", "会议名称");
    l.f("    consult:", "商议：村两委商议");
    l.f(format!("      date: {}", d(55)), "会议日期，不早于提议");
    l.f("      body: 村两委联席会", "会议名称");
    l.f("    review:", "审议：党员大会审议");
    l.f(format!("      date: {}", d(50)), "会议日期，不早于商议");
    l.f("      body: 党员大会", "会议名称");
    l.f("      expected: 40", "应到党员人数");
    l.f("      present: 35", "实到人数，不少于应到的三分之二");
    l.f("      for: 33", "赞成票，须超过应到人数的一半");
    l.f("      against: 1", "反对票");
    l.f("      abstain: 1", "弃权票；赞成 + 反对 + 弃权 不超过实到");
    l.f("    resolve:", "决议：村民会议或村民代表会议");
    l.f(format!("      date: {}", d(45)), "会议日期，不早于审议");
    l.f("      body: 村民代表会议", "会议名称");
    l.f("      expected: 30", "应到人数");
    l.f("      present: 25", "实到人数，不少于应到的三分之二");
    l.f("      for: 22", "赞成票，须超过实到人数的一半");
    l.f("      against: 2", "反对票");
    l.f("      abstain: 1", "弃权票");
    l.f(
        format!("  resolution_posted: {}", d(44)),
        "决议公开的日期，不早于决议",
    );
    l.f("  implementation:", "实施情况");
    l.f(
        "    status: done",
        "planned 未实施、in_progress 实施中、done 已完成",
    );
    l.f(
        format!("    completed: {}", d(5)),
        "完成日期（done 必须写）",
    );
    l.f(
        format!("    result_posted: {today}"),
        "实施结果公开的日期，不早于完成日期",
    );
    l.f("    budget: 200000", "预算，元");
    l.f("    spent: 186500.00", "实际支出，元");
    l.raw("---");
    l.raw("工程内容：硬化村内主干道 1.2 公里，宽 4 米。资金来源：一事一议财政奖补资金和村集体经济收入。");
    l.raw("");
    l.raw("监督方式：村务监督委员会全程监督，工程结算经审计后公开。");
    l.text()
}

fn party(facts: &SiteFacts, today: Date, (unit, name): (&str, &str)) -> String {
    let township = &facts.township.1;
    let applied = add_days(today, -730);
    let mut l = Lines::default();
    l.raw("---");
    l.raw("# 党务公开记录（发展党员公示）。一般的党务公开删去 candidates 和 objections 两段即可。");
    l.f(format!("title: {name}关于发展党员的公示"), "标题");
    l.f(
        format!("unit: {unit}"),
        &format!("公开单位的 id（{name}），见 site.yaml 的 units"),
    );
    common(&mut l, today, "发展党员");
    l.f("category: party", "类别：党务公开写 party");
    posting(&mut l, facts, today, "支部公开栏");
    l.f("candidates:", "公示的发展对象，每人一项");
    l.f("  - name: 王某某", "姓名，按惯例隐去名字");
    l.f("    gender: 女", "性别：男 或 女");
    l.f(
        format!("    born: {}-05", today.year() - 30),
        "出生年月，只写年月（YYYY-MM），不写具体日期",
    );
    l.f("    education: 大专", "学历");
    l.f(
        "    stage: 拟接收预备党员",
        "阶段：入党积极分子、发展对象、拟接收预备党员 或 拟转正",
    );
    l.f(
        format!("    applied: {applied}"),
        "递交入党申请书的日期，须年满十八周岁",
    );
    l.f("    mentors: [李某, 张某]", "培养联系人");
    l.f("objections:", "反映情况的渠道（有公示对象时必须写）");
    l.f(format!("  office: {township}党委组织办公室"), "受理单位");
    l.f("  phone: 0357-6821016", "办公电话（写座机，不写个人手机）");
    l.f(format!("  address: {township}人民政府二楼"), "地址");
    l.raw("---");
    l.raw("公示期内，党员和群众可以通过来信、来电、来访等方式反映情况。");
    l.text()
}

fn plan(facts: &SiteFacts, today: Date) -> String {
    let year = today.year();
    let (township, tname) = (&facts.township.0, &facts.township.1);
    let (unit, _) = facts.village();
    let published = date(year, 1, 20).min(today);
    let mut l = Lines::default();
    l.raw("# 重点实事台账（定实事、定责任、定目标，查进度，评等次）。整个文件都是字段。");
    l.f(format!("title: {tname}{year}年重点实事"), "标题");
    l.f(format!("unit: {township}"), "公开单位的 id，一般是乡镇");
    common(&mut l, published, "重点实事");
    l.f(
        format!("year: {year}"),
        "计划年度；检查和评定日期都在这一年内",
    );
    l.f("items:", "每项实事一段，以“- id:”开头");
    l.f("  - id: SS-01", "编号，同一计划内不重复");
    l.f("    title: 高标准农田建设", "定实事：做什么");
    l.f("    owner: 镇长 王某", "定责任：责任人");
    l.f(
        "    target: { value: 3000, unit: 亩 }",
        "定目标：数量和单位；文字目标写 { text: 建成便民服务站 }",
    );
    l.f(format!("    due: {year}-06-30"), "完成时限");
    l.f("    checks:", "查进度：按日期先后，进度写累计数，只增不减");
    l.f(
        format!("      - {{ date: {year}-03-15, kind: 进度, progress: 1200, note: 已完成1200亩 }}"),
        "检查日期、类别、累计进度和说明",
    );
    l.raw(format!(
        "      - {{ date: {year}-05-20, kind: 进度, progress: 3000, note: 全部完成 }}"
    ));
    l.f(
        format!("    rating: {{ grade: 好, date: {year}-12-20 }}"),
        "评等次：好、较好、一般 或 差，和评定日期（可不写）",
    );
    l.f(
        format!("    unit: {unit}"),
        "承办单位的 id（可不写，默认为计划的单位）",
    );
    match facts.indicators.first() {
        Some(id) => {
            l.f(
                format!("    indicator: {id}"),
                "关联的指标（indicators/ 下的文件名，可不写）",
            );
        }
        None => {
            l.raw("    # indicator: pear-grafting    # 可选：关联的指标，写 indicators/ 下指标文件的文件名");
        }
    }
    l.f("  - id: SS-02", "第二项：文字目标的例子");
    l.f("    title: 建成便民服务站", "定实事");
    l.f("    owner: 副镇长 李某", "定责任");
    l.f(
        "    target: { text: 建成便民服务站并投入使用 }",
        "文字目标：进度写百分比 0–100，写到 100 即完成",
    );
    l.f(format!("    due: {year}-12-31"), "完成时限");
    l.f(
        format!("    checks: [{{ date: {year}-04-10, kind: 进度, progress: 40, note: 主体完工 }}]"),
        "检查记录",
    );
    l.text()
}

/// A report; `shortcodes` names an indicator and a period its data holds,
/// when the report may quote it (the site `init` makes).
fn report(facts: &SiteFacts, today: Date, shortcodes: Option<(&str, &str)>) -> String {
    let (township, tname) = (&facts.township.0, &facts.township.1);
    let year = today.year() - 1;
    let mut l = Lines::default();
    l.raw("---");
    l.raw("# 工作报告（半年、年度报告或述职报告）。正文可以引用指标数据，数字和图表自动一致。");
    l.f(format!("title: {tname}{year}年度工作报告"), "标题");
    l.f(format!("unit: {township}"), "报告单位的 id，见 site.yaml");
    common(&mut l, today, "年度报告");
    l.f(
        format!("period: {year}"),
        "报告的期间：年 2024、半年 2024-H1 等",
    );
    l.f(
        "type: annual",
        "种类：half_year 半年报告、annual 年度报告、duty 述职报告",
    );
    if shortcodes.is_none() {
        l.raw(
            "# 正文中引用指标的数值：{{ value(indicator=\"pear-grafting\", period=\"2013-H1\") }}",
        );
        l.raw("#   只要某个村的数：加 unit=\"xiguan\"；只要某一组：加 group=\"好\"");
        l.raw("# 正文中插入指标的图表：{{ chart(indicator=\"pear-grafting\") }}");
    }
    l.raw("---");
    l.raw(format!("## {year}年工作回顾"));
    l.raw("");
    match shortcodes {
        Some((id, period)) => {
            l.raw(format!(
                "全镇村级集体经济收入 {{{{ value(indicator=\"{id}\", period=\"{period}\") }}}} 万元，各村情况见下图。"
            ));
            l.raw("");
            l.raw(format!("{{{{ chart(indicator=\"{id}\") }}}}"));
        }
        None => {
            l.raw("一年来，在上级党委、政府的领导下，全镇上下扎实推进各项重点工作。");
        }
    }
    l.raw("");
    l.raw(format!("## {}年工作打算", year + 1));
    l.raw("");
    l.raw("继续抓好重点实事，按季度公开村级财务，接受群众监督。");
    l.text()
}

fn indicator(facts: &SiteFacts, today: Date, _id: &str) -> String {
    let year = today.year() - 1;
    let (township, _) = (&facts.township.0, &facts.township.1);
    // A township total sums every village and community: the example gives
    // each of them a figure, so the total it shows is whole.
    let mut units: Vec<&str> = facts
        .units
        .iter()
        .filter(|u| matches!(u.2, UnitKind::Village | UnitKind::Community))
        .map(|u| u.0.as_str())
        .collect();
    if units.is_empty() {
        units.push(township);
    }
    let mut l = Lines::default();
    l.raw("# 指标数据：一组按期间、按单位的数字。文件名（不含 .yaml）就是指标的 id。");
    l.f("title: 村级集体经济收入", "指标名称");
    l.f("unit: 万元", "计量单位");
    l.f(
        "measure: flow",
        "flow 期间发生额、stock 时点存量、cumulative 累计数、ratio 百分比",
    );
    l.f(
        "chart: bar",
        "图表：bar 柱状图、line 折线图、stacked 堆积图（可不写）",
    );
    l.f(
        format!("target: {{ period: {year}, value: 60 }}"),
        "目标值，图上画成一条线（可不写）",
    );
    l.f("source: 镇经管站", "数据来源");
    l.raw("# 数据也可以放在同名 .csv 文件（期间、单位、数值三列）中：csv: 本文件名.csv");
    l.raw("# 分组数据（如民主评议 好/一般/差）：加 groups: [好, 一般, 差] 和 partition: true，");
    l.raw("#   每行再写 group: 好；partition: true 表示各组之和等于总数");
    l.f("data:", "每行一个数：期间、单位 id、数值");
    let values = [("25.6", "31.2"), ("18.4", "22.9")];
    for (i, u) in units.iter().enumerate() {
        let (a, b) = values[i % 2];
        if i == 0 {
            l.f(
                format!("  - {{ period: {}, unit: {u}, value: {a} }}", year - 1),
                "period 期间，unit 单位 id，value 数值",
            );
        } else {
            l.raw(format!(
                "  - {{ period: {}, unit: {u}, value: {a} }}",
                year - 1
            ));
        }
        l.raw(format!("  - {{ period: {year}, unit: {u}, value: {b} }}"));
    }
    l.text()
}

fn page(facts: &SiteFacts, today: Date) -> String {
    let (township, tname) = (&facts.township.0, &facts.township.1);
    let mut l = Lines::default();
    l.raw("---");
    l.raw("# 普通页面（关于本网站、联系我们）。页面标题会出现在每页顶部的导航栏。");
    l.f("title: 关于本网站", "页面标题");
    l.f(format!("unit: {township}"), "发布单位的 id（可不写）");
    l.f(format!("published: {today}"), "发布日期（可不写）");
    l.f("draft: false", "写 true 为草稿，不发布");
    l.raw("---");
    l.raw(format!(
        "{tname}党务村务财务公开网由{tname}党委、政府主办，集中公开镇机关和所属各村、社区的党务、村务、财务信息。"
    ));
    l.raw("");
    l.raw("网上公开与各村公开栏张贴的内容一致。发现问题请向镇党政综合办公室反映。");
    l.text()
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap_or_else(|_| Money::from_fen(0))
}

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

/// What `gongkai init` is told: the township and its units.
#[derive(Clone, Debug)]
pub struct NewSite {
    pub name: String,
    pub id: String,
    /// (name, id) of each village, community or branch.
    pub units: Vec<(String, String)>,
    pub base_url: String,
    pub today: Date,
}

/// The kind of a unit, guessed from its name (村 village, 社区 community,
/// 支部/党委 branch).
pub fn kind_of(name: &str) -> UnitKind {
    if name.ends_with("社区") {
        UnitKind::Community
    } else if name.contains("支部") || name.ends_with("党委") || name.ends_with("总支") {
        UnitKind::Branch
    } else {
        UnitKind::Village
    }
}

/// Whether `id` is a valid unit id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses `西关村:xiguan,东庄村:dongzhuang` (Chinese commas accepted).
pub fn parse_units(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in text.split([',', '，', '、']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let Some((name, id)) = part.split_once([':', '：']) else {
            return Err(format!(
                "“{part}”缺少 id：每个单位写作 名称:id，例如 西关村:xiguan"
            ));
        };
        let (name, id) = (name.trim(), id.trim());
        if !valid_id(id) {
            return Err(format!(
                "“{name}”的 id“{id}”不对：id 只用小写字母、数字和连字符，例如 xiguan"
            ));
        }
        out.push((name.to_string(), id.to_string()));
    }
    if out.is_empty() {
        return Err("至少要有一个村、社区或支部，例如 --units 西关村:xiguan".into());
    }
    Ok(out)
}

fn kind_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Community => "community",
        UnitKind::Branch => "branch",
        _ => "village",
    }
}

/// The text of a new site.yaml.
pub fn site_yaml(site: &NewSite) -> String {
    let mut l = Lines::default();
    l.raw(format!("# {}党务村务财务公开网 —— 站点设置", site.name));
    l.f(
        format!("title: {}党务村务财务公开网", site.name),
        "网站名称",
    );
    l.f(
        format!("base_url: {}", site.base_url),
        "网站的正式地址；部署前改成真实地址",
    );
    l.f(
        format!(
            "description: {}及所属各村党务、村务、财务公开信息",
            site.name
        ),
        "首页的一句话介绍",
    );
    l.f("language: zh-CN", "界面文字：zh-CN 或 en");
    l.f("theme: default", "主题");
    l.f("notice_min_days: 5", "公示期最短天数（日历日，含首尾两天）");
    l.f(
        "privacy: error",
        "出现身份证号、手机号、银行卡号时：error 报错；mask 自动打码",
    );
    l.f(
        format!("township: {{ id: {}, name: {} }}", site.id, site.name),
        "乡镇：id 只用小写字母、数字和连字符",
    );
    l.f(
        "units:",
        "所属村、社区、党支部；kind 写 village、community 或 branch",
    );
    for (name, id) in &site.units {
        l.raw(format!(
            "  - {{ id: {id}, name: {name}, kind: {} }}",
            kind_word(kind_of(name))
        ));
    }
    l.f("contact:", "页脚的联系方式（只写办公座机）");
    l.f(format!("  office: {}党政综合办公室", site.name), "办公室");
    l.f("  phone: 0357-6821001", "办公电话");
    l.f(format!("  address: {}人民政府一楼", site.name), "地址");
    l.text()
}

/// Creates a new site folder: site.yaml and one example record of each
/// kind. The folder must not exist or be empty. Returns the files written,
/// relative to `dir`.
pub fn init(dir: &Path, site: &NewSite) -> Result<Vec<String>, String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("无法读取文件夹 {}：{e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} 已存在且不是空文件夹；新站点请用一个新的文件夹名",
                dir.display()
            ));
        }
    }
    if !valid_id(&site.id) {
        return Err(format!(
            "乡镇 id“{}”不对：只用小写字母、数字和连字符，例如 liyuan",
            site.id
        ));
    }
    let facts = SiteFacts {
        township: (site.id.clone(), site.name.clone()),
        units: site
            .units
            .iter()
            .map(|(name, id)| (id.clone(), name.clone(), kind_of(name)))
            .collect(),
        notice_min_days: 5,
        indicators: vec!["jiti-shouru".into()],
        closings: Vec::new(),
    };
    let today = site.today;
    let year = today.year();
    let (unit, _) = facts.village();
    let (branch, _) = facts.branch();
    let (qy, q) = last_quarter(today);
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(site)),
        (
            format!("disclosures/{qy}/{unit}-{qy}q{q}-finance.md"),
            finance(&facts, today, facts.village()),
        ),
        (
            format!("disclosures/{year}/{unit}-{year}-cundao.md"),
            decision(&facts, today, facts.village()),
        ),
        (
            format!("disclosures/{year}/{branch}-{year}-fazhan-dangyuan.md"),
            party(&facts, today, facts.branch()),
        ),
        (format!("plans/{year}.yaml"), plan(&facts, today)),
        (
            format!("reports/{}-annual.md", year - 1),
            report(
                &facts,
                today,
                Some(("jiti-shouru", &(year - 1).to_string())),
            ),
        ),
        (
            "indicators/jiti-shouru.yaml".into(),
            indicator(&facts, today, "jiti-shouru"),
        ),
        ("pages/about.md".into(), page(&facts, today)),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        write_new(&dir.join(&rel), &text)?;
        written.push(rel);
    }
    fs::create_dir_all(dir.join("static"))
        .map_err(|e| format!("无法建立文件夹 {}：{e}", dir.join("static").display()))?;
    Ok(written)
}

/// Asks for the township, its units and the site's address on the
/// terminal. `base_url` is the address given on the command line, if any.
pub fn prompt(today: Date, base_url: Option<String>) -> Result<NewSite, String> {
    let stdin = io::stdin();
    let mut asker = Asker {
        input: stdin.lock(),
        output: io::stderr(),
    };
    asker.site(today, base_url)
}

/// Questions asked on `output`, answered on `input`, one line each.
pub struct Asker<I, O> {
    pub input: I,
    pub output: O,
}

impl<I: io::BufRead, O: io::Write> Asker<I, O> {
    /// The new site, question by question.
    pub fn site(&mut self, today: Date, base_url: Option<String>) -> Result<NewSite, String> {
        let name = self.ask("乡镇名称（例如 梨园镇）：")?;
        if name.is_empty() {
            return Err("没有输入乡镇名称".into());
        }
        let id = self.id("乡镇的 id，用于网址（小写拼音，例如 liyuan）：")?;
        let mut units = Vec::new();
        loop {
            let unit = self.ask("所属村、社区或支部的名称（例如 西关村；直接回车结束）：")?;
            if unit.is_empty() {
                if units.is_empty() {
                    self.say("  至少要有一个村、社区或支部");
                    continue;
                }
                break;
            }
            let uid = self.id(&format!("  {unit}的 id（小写拼音，例如 xiguan）："))?;
            units.push((unit, uid));
        }
        let base_url = match base_url {
            Some(url) => url,
            None => self.address()?,
        };
        Ok(NewSite {
            name,
            id,
            units,
            base_url,
            today,
        })
    }

    /// A unit id, asked until it is a valid one.
    fn id(&mut self, question: &str) -> Result<String, String> {
        loop {
            let id = self.ask(question)?;
            if valid_id(&id) {
                return Ok(id);
            }
            self.say("  id 只用小写字母、数字和连字符，请重新输入");
        }
    }

    /// The site's address: the QR code on every printed notice points
    /// there. Left empty, the example address is written, and every build
    /// warns until it is changed.
    fn address(&mut self) -> Result<String, String> {
        loop {
            let url = self.ask(
                "网站的正式地址，打印的告示上的二维码指向这里（例如 https://gongkai.liyuan.gov.cn/；还不知道就直接回车，以后在 site.yaml 中改）：",
            )?;
            if url.is_empty() {
                self.say(
                    "  先写入示例地址；发布前请在 site.yaml 中改成正式地址，每次生成网站都会提醒",
                );
                return Ok(EXAMPLE_BASE_URL.to_string());
            }
            let full = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "https://".len()
                && !url.contains(char::is_whitespace);
            if full {
                return Ok(if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                });
            }
            self.say("  地址以 https:// 或 http:// 开头，例如 https://gongkai.liyuan.gov.cn/，请重新输入");
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    fn ask(&mut self, question: &str) -> Result<String, String> {
        let _ = write!(self.output, "{question}");
        let _ = self.output.flush();
        let mut line = String::new();
        let n = self
            .input
            .read_line(&mut line)
            .map_err(|e| format!("读取输入失败：{e}"))?;
        if n == 0 {
            return Err("输入已结束".into());
        }
        Ok(line.trim().to_string())
    }
}

/// A summary of the files written, one per line.
pub fn listing(files: &[String]) -> String {
    let mut s = String::new();
    for f in files {
        let _ = writeln!(s, "  {f}");
    }
    s
}
