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
