//! The widest content a page can hold, as a fixture site: the example site
//! has small tables, and a table that fits a phone never tests its scroll
//! box. A 20-entry ledger, a plan item with 12 checks and an indicator with
//! 12 units, beside a decision and a party notice.

use std::fmt::Write as _;
use tempfile::TempDir;

#[path = "../common/mod.rs"]
mod common;

/// Twelve villages, so that an indicator can have twelve units.
const VILLAGES: [(&str, &str); 12] = [
    ("xiguan", "西关村"),
    ("dongzhuang", "东庄村"),
    ("nanyuan", "南塬村"),
    ("beipo", "北坡村"),
    ("hejiagou", "何家沟村"),
    ("shangling", "上岭村"),
    ("xiaying", "下营村"),
    ("qianzhai", "前寨村"),
    ("houzhai", "后寨村"),
    ("liujiazhuang", "刘家庄村"),
    ("wangjiayuan", "王家塬村"),
    ("zhaojiagou", "赵家沟村"),
];

/// Writes the site into a temporary folder.
pub fn widest() -> TempDir {
    let site = site_yaml();
    let finance = finance();
    let plan = plan();
    let indicator = indicator();
    common::site(&[
        ("site.yaml", &site),
        ("disclosures/2013/xiguan-2013q2-finance.md", &finance),
        ("disclosures/2013/xiguan-2013-cundao.md", common::DECISION),
        ("disclosures/2013/xiguan-2013-dangyuan.md", common::PARTY),
        ("plans/2013.yaml", &plan),
        ("indicators/grafting.yaml", &indicator),
    ])
}

fn site_yaml() -> String {
    let mut s = String::from(
        "title: 示例镇党务村务财务公开网\n\
         base_url: https://gongkai.example.cn/\n\
         privacy: error\n\
         township: { id: shili, name: 示例镇 }\n\
         units:\n",
    );
    for (id, name) in VILLAGES {
        writeln!(s, "  - {{ id: {id}, name: {name}, kind: village }}").unwrap();
    }
    s
}

/// A quarter's ledger of 20 entries with long item names: ten grants of
/// 125,000.00 and ten payments of 98,765.43, from 1,000.00 to 263,345.70.
fn finance() -> String {
    let mut entries = String::new();
    for n in 0..20 {
        let day = n + 1;
        let (item, class, side, amount) = if n % 2 == 0 {
            (
                "上级财政转移支付村级组织运转经费及基本公共服务补助资金",
                "补助收入",
                "income",
                "125000.00",
            )
        } else {
            (
                "村内主干道硬化及排水沟渠配套工程第二期进度款（含监理费）",
                "其他支出",
                "expense",
                "98765.43",
            )
        };
        writeln!(
            entries,
            "    - {{ date: 2013-05-{day:02}, voucher: 记-{day:03}, item: {item}, class: {class}, {side}: {amount} }}"
        )
        .unwrap();
    }
    format!(
        "---\n\
         title: 西关村2013年第二季度财务收支公开（明细二十笔）\n\
         unit: xiguan\n\
         published: 2013-07-03\n\
         category: finance\n\
         period: 2013-Q2\n\
         ledger:\n  opening_balance: 1000.00\n  entries:\n{entries}  closing_balance: 263345.70\n\
         review: {{ by: 民主理财小组, date: 2013-07-02, opinion: 收支真实完整, signers: [组长 李某某] }}\n\
         posting: {{ from: 2013-07-03, to: 2013-07-12, channels: [村务公开栏] }}\n\
         ---\n\n本表经村民主理财小组审核后公开。\n"
    )
}

/// A plan whose first item has 12 checks with long notes.
fn plan() -> String {
    let mut checks = String::new();
    for n in 1..=12 {
        writeln!(
            checks,
            "      - {{ date: 2013-{month:02}-{day:02}, kind: 进度, progress: {progress}, note: 第{n}次督查：各村嫁接进度、成活率抽查及验收资料整理情况 }}",
            month = 1 + (n - 1) / 2,
            day = if n % 2 == 1 { 10 } else { 25 },
            progress = n * 250,
        )
        .unwrap();
    }
    format!(
        "title: 示例镇2013年重点实事\n\
         unit: shili\n\
         published: 2013-01-20\n\
         year: 2013\n\
         items:\n\
         \x20 - id: SS-01\n\
         \x20   title: 玉露香梨高接换优及配套节水灌溉设施建设（十二个村全覆盖）\n\
         \x20   owner: 镇长 王某\n\
         \x20   target: {{ value: 3000, unit: 亩 }}\n\
         \x20   due: 2013-12-31\n\
         \x20   checks:\n{checks}\
         \x20 - id: SS-02\n\
         \x20   title: 便民服务站\n\
         \x20   owner: 副镇长 李某某\n\
         \x20   target: {{ text: 建成村级便民服务站 }}\n\
         \x20   due: 2013-09-30\n"
    )
}

/// An indicator reported by all twelve villages for two half-years.
fn indicator() -> String {
    let mut data = String::new();
    for (period, base) in [("2012-H2", 100), ("2013-H1", 300)] {
        for (n, (id, _)) in VILLAGES.iter().enumerate() {
            let value = base + n * 17;
            writeln!(
                data,
                "  - {{ period: {period}, unit: {id}, value: {value} }}"
            )
            .unwrap();
        }
    }
    format!(
        "title: 玉露香梨高接换优面积（各村验收合格面积）\n\
         unit: 亩\n\
         measure: flow\n\
         chart: bar\n\
         source: 示例镇农业综合服务中心\n\
         description: 老酥梨园高接玉露香梨，经镇农业综合服务中心和村委会联合验收、嫁接成活率达到85%以上的面积。\n\
         data:\n{data}"
    )
}

/// The notices a clerk prints for the board, at the size the print layout
/// must hold: a quarter's ledger of 14 entries, a decision's six steps, and
/// a 发展党员公示 of 10 candidates.
pub fn print() -> TempDir {
    let finance = ledger_of_14();
    let party = party_of_10();
    common::site(&[
        ("disclosures/2013/xiguan-2013q2-finance.md", &finance),
        ("disclosures/2013/xiguan-2013-cundao.md", common::DECISION),
        ("disclosures/2013/xiguan-2013-dangyuan.md", &party),
    ])
}

/// 14 entries of a village's quarter, with the longest class names and
/// amounts in the hundreds of thousands: 1,000.00 + 414,000.00 −
/// 218,880.00 = 196,120.00.
fn ledger_of_14() -> String {
    const ENTRIES: [(&str, &str, &str, &str); 14] = [
        (
            "上级转移支付村级组织运转经费",
            "补助收入",
            "income",
            "60000.00",
        ),
        (
            "村委会办公用品及报刊订阅",
            "管理费支出",
            "expense",
            "1860.00",
        ),
        (
            "村干部二季度误工补贴",
            "干部报酬支出",
            "expense",
            "18600.00",
        ),
        (
            "集体果园承包费（第一期）",
            "发包及上交收入",
            "income",
            "42000.00",
        ),
        (
            "村内主干道硬化工程进度款",
            "公益事业支出",
            "expense",
            "98000.00",
        ),
        ("一事一议财政奖补资金", "补助收入", "income", "150000.00"),
        ("村卫生室水电费", "其他支出", "expense", "2420.00"),
        ("集体机动地租金", "发包及上交收入", "income", "12000.00"),
        ("排水沟渠清淤人工费", "公益事业支出", "expense", "16500.00"),
        ("高标准农田建设补助", "补助收入", "income", "120000.00"),
        ("村务公开栏更新制作", "管理费支出", "expense", "3200.00"),
        ("路灯维修及电费", "公益事业支出", "expense", "8300.00"),
        ("村集体存款利息", "其他收入", "income", "30000.00"),
        (
            "五保户慰问及困难群众救助",
            "公益事业支出",
            "expense",
            "70000.00",
        ),
    ];
    let mut entries = String::new();
    for (n, (item, class, side, amount)) in ENTRIES.iter().enumerate() {
        writeln!(
            entries,
            "    - {{ date: 2013-{month:02}-{day:02}, voucher: 记-{v:03}, item: {item}, class: {class}, {side}: {amount} }}",
            month = 4 + n / 5,
            day = 3 + (n % 5) * 5,
            v = 101 + n,
        )
        .unwrap();
    }
    format!(
        "---\n\
         title: 西关村2013年第二季度财务收支公开\n\
         unit: xiguan\n\
         published: 2013-07-03\n\
         category: finance\n\
         period: 2013-Q2\n\
         ledger:\n  opening_balance: 1000.00\n  entries:\n{entries}  closing_balance: 196120.00\n\
         review: {{ by: 民主理财小组, date: 2013-07-02, opinion: 收支真实完整, signers: [组长 李某某, 成员 王某, 成员 张某某] }}\n\
         posting: {{ from: 2013-07-03, to: 2013-07-12, channels: [村务公开栏, 网站] }}\n\
         ---\n\n本表经村民主理财小组审核后公开。\n"
    )
}

/// A 发展党员公示 of ten candidates, each with two mentors.
fn party_of_10() -> String {
    const NAMES: [&str; 10] = [
        "王某某",
        "李某",
        "张某某",
        "刘某",
        "陈某某",
        "杨某",
        "赵某某",
        "黄某",
        "周某某",
        "吴某",
    ];
    let mut candidates = String::new();
    for (n, name) in NAMES.iter().enumerate() {
        writeln!(
            candidates,
            "  - {{ name: {name}, gender: {gender}, born: {born}-0{month}, education: {edu}, stage: {stage}, applied: 2011-0{month}-15, mentors: [李某某, 张某某] }}",
            gender = if n % 2 == 0 { "女" } else { "男" },
            born = 1970 + n * 2,
            month = 1 + n % 9,
            edu = ["大专", "高中", "本科", "中专"][n % 4],
            stage = ["拟接收预备党员", "发展对象", "入党积极分子"][n % 3],
        )
        .unwrap();
    }
    format!(
        "---\n\
         title: 西关村党支部2013年发展党员公示\n\
         unit: xiguan\n\
         published: 2013-06-20\n\
         category: party\n\
         posting: {{ from: 2013-06-20, to: 2013-06-26 }}\n\
         candidates:\n{candidates}\
         objections: {{ office: 镇党委组织办, phone: 0357-5123456, address: 镇政府二楼 }}\n\
         ---\n\n公示期内，党员和群众可向镇党委组织办反映情况。\n"
    )
}
