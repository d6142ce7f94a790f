#!/usr/bin/env python3
"""Generate a benchmark corpus: a gongkai site and, optionally, the same site for Hugo.

    python3 bench/gen_corpus.py --n 10000 --seed 1 --out corpus/gongkai \
        --hugo corpus/hugo --meta corpus/meta.json

The gongkai site has a township, 50 villages and N disclosure records spread
over ten year folders (disclosures/2014 .. disclosures/2023), in this mix:

    35 % finance ledgers (category: finance, a quarter's ledger, 8-20 entries)
    15 % village decisions (category: village, 四议两公开 with votes)
    15 % village notices (category: village, text only)
    10 % party candidate notices (category: party, 发展党员公示)
    25 % party notices (category: party, text only)

Every record is valid: ledgers close exactly (computed with ``decimal``),
decisions satisfy the quorum and ordering rules, candidates are of age, and
no text holds a digit run that looks like an ID, mobile or bank card number.
Each body is about 400 Chinese characters of Markdown built from phrase lists.

The Hugo site holds the same records: the same titles, bodies and structured
fields (as front-matter params that the templates render as tables), `date`
for `published`, a `villages` taxonomy of 50 terms for `unit`, a `categories`
taxonomy for `category`, ten year sections under `disclosures/`, and a small
layouts/ folder (baseof, single, list, terms) so that Hugo renders real pages,
paginated by 30 like gongkai's lists. Hugo's default outputs are kept (HTML
and RSS for home, sections and taxonomies, plus the sitemap).

``--lean`` gives the Hugo site a lean layout instead: record pages print only
the title, the date, a table of the front-matter params and the content
(about 3 KB a page), lists only each page's link and date. Only the layouts
differ: the records are the same.

Each decision declares a project (``project: <unit>-<year>-<matter>-<seq>``
under ``decision:``), and about one ledger expense in three that falls after
one of its unit's decisions was resolved (and before that project was
completed, within its budget) is tagged with that project; a done decision's
``spent`` is then the exact sum of its tagged expenses. The projects come from
a random stream of their own: ``--no-projects`` gives the same records
without them. ``--no-schedule`` has site.yaml owe finance disclosures only
from the quarter after the build's ``--today`` (``schedule: { since: ... }``),
so the status grid has no cell. Both exist to measure what those features
cost (bench/feature_cost.sh).

``--meta FILE`` writes a JSON file naming the record that the benchmark edits
for its rebuild test (in both sites) and the `--today` date to build with.

Standard library only; the same --n and --seed give byte-identical corpora.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

YEARS = list(range(2014, 2024))  # ten year folders: ten Hugo sections
TODAY = dt.date(2024, 1, 10)  # every record is published on or before it
CENT = Decimal("0.01")

TOWNSHIP = {"id": "taoyuan", "name": "桃源镇"}
COUNTY = "清河县"

VILLAGE_SYLLABLES = [
    ("dong", "东"), ("xi", "西"), ("nan", "南"), ("bei", "北"), ("shang", "上"),
    ("xia", "下"), ("qian", "前"), ("hou", "后"), ("da", "大"), ("xiao", "小"),
]
VILLAGE_ENDINGS = [
    ("zhuang", "庄"), ("guan", "关"), ("yuan", "塬"), ("po", "坡"), ("gou", "沟"),
]

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
EDUCATION = ["初中", "高中", "中专", "大专", "本科"]
STAGES = ["入党积极分子", "发展对象", "拟接收预备党员", "拟转正"]
CHANNELS = ["村务公开栏", "桃源镇公开网", "村民微信群", "村委会门口公示栏"]

INCOME = {
    "补助收入": ["村级组织运转经费", "上级转移支付", "村干部报酬补助", "农村公益事业奖补资金"],
    "发包及上交收入": ["集体果园承包费", "集体机动地发包款", "鱼塘承包费", "集体房屋租金"],
    "经营收入": ["集体苗圃销售收入", "村办砖厂上交利润", "冷库租赁收入"],
    "其他收入": ["存款利息", "一事一议村民筹资", "社会捐赠（修路）"],
}
EXPENSE = {
    "管理费支出": ["村委会办公用品", "村干部误工补贴", "村委会电费", "会议资料费", "报刊订阅费"],
    "公益事业支出": ["环境卫生保洁员工资", "村道维修材料费", "节日慰问困难户", "路灯维修", "文化广场设备维护"],
    "经营支出": ["果园农药化肥", "灌溉水费（集体果园）", "苗木采购"],
    "其他支出": ["技术培训资料费", "防汛物资", "村史资料整理费"],
}

INCOME_NOTES = ["已全额入账，专户核算；", "按合同按时收取，票据齐全；", "已入账核算，手续完备；"]
EXPENSE_NOTES = ["按预算执行，票据齐全；", "经村两委会研究同意后支付；", "经办人、审核人签字齐全；"]

MATTERS = [
    ("村内主干道硬化工程", "道路"), ("田间生产路修缮", "道路"), ("人畜饮水工程改造", "饮水"),
    ("节水灌溉管网铺设", "水利"), ("文化广场建设", "文化"), ("集体果园发包方案", "发包"),
    ("村卫生室改扩建", "卫生"), ("冷库建设", "产业"), ("太阳能路灯安装", "亮化"),
    ("垃圾收集点建设", "环境"), ("村小学围墙修缮", "教育"), ("排洪渠清淤加固", "水利"),
]
# A project id's middle part for each matter (ids use [a-z0-9-]).
MATTER_SLUGS = {
    "村内主干道硬化工程": "cundao", "田间生产路修缮": "shengchanlu", "人畜饮水工程改造": "yinshui",
    "节水灌溉管网铺设": "guangai", "文化广场建设": "guangchang", "集体果园发包方案": "guoyuan",
    "村卫生室改扩建": "weishengshi", "冷库建设": "lengku", "太阳能路灯安装": "ludeng",
    "垃圾收集点建设": "laji", "村小学围墙修缮": "weiqiang", "排洪渠清淤加固": "paihongqu",
}
NOTICE_TOPICS = [
    ("农村最低生活保障对象民主评议结果", ["低保", "民主评议"]),
    ("宅基地审批情况", ["宅基地"]),
    ("惠农补贴发放情况", ["惠农补贴"]),
    ("集体机动地发包结果", ["发包"]),
    ("新型农村合作医疗参合情况", ["医疗保障"]),
    ("计划生育奖励扶助对象", ["奖励扶助"]),
    ("危房改造对象评议结果", ["危房改造"]),
    ("村务监督委员会工作报告", ["村务监督"]),
]
PARTY_TOPICS = [
    ("党费收缴情况", ["党费"]),
    ("“三会一课”安排", ["三会一课"]),
    ("主题党日活动", ["主题党日"]),
    ("民主评议党员结果", ["民主评议"]),
    ("党组织换届选举结果", ["换届"]),
    ("党员领导干部联系群众情况", ["联系群众"]),
]

# Phrase lists for the bodies. Numbers that appear are dates, counts and
# amounts, never long digit runs.
OPENINGS = [
    "根据《中华人民共和国村民委员会组织法》和{county}关于深化村务公开的要求，",
    "为保障村民的知情权、参与权、决策权和监督权，",
    "按照镇党委、镇政府关于党务村务财务公开工作的统一部署，",
    "依据上级有关文件精神，结合本村实际，",
    "为进一步规范村级事务管理，接受群众监督，",
]
OPENING_TAILS = [
    "现将{village}{subject}公开如下。",
    "{village}对{subject}进行了认真整理，现予公开。",
    "经村两委研究，现将{subject}向全体村民公开。",
]
FILLERS = [
    "村两委班子坚持民主决策、民主管理、民主监督，各项工作按程序进行。",
    "有关材料已经村务监督委员会逐项审核，并由监委会主任签字确认。",
    "各村民小组组长负责把公开内容传达到户，做到家喻户晓。",
    "公开内容同时张贴在村务公开栏，并在村民微信群中发布，方便外出务工人员查阅。",
    "群众对公开内容有疑问的，可以在公示期内到村委会查阅原始凭证和会议记录。",
    "村务监督委员会将对执行情况进行全程跟踪，发现问题及时向镇党委报告。",
    "本次公开的事项已按规定报镇经管站备案，资料归档保存。",
    "对群众反映的问题，村委会将在五个工作日内作出答复，并在下次公开时一并说明。",
    "今年以来，全村上下围绕产业发展和人居环境整治，扎实推进各项重点工作。",
    "村集体经济收入稳步增长，公益事业投入逐年增加，群众满意度明显提高。",
    "各项资金做到专款专用、专账核算，严禁截留、挤占和挪用。",
    "对公开中发现的问题，村两委已制定整改措施，明确责任人和完成时限。",
    "本村将继续坚持逐项逐笔公开，做到内容真实、程序规范、时间及时。",
    "党员和村民代表带头参与监督，在全村形成了比学赶超的良好氛围。",
    "镇包村干部全程参与指导，确保各项程序依法依规。",
    "工作中坚持问题导向，把群众最关心、最直接、最现实的利益问题放在首位。",
]
CLOSINGS = [
    "公示期内如有异议，请向{village}村务监督委员会或{township}纪委反映。",
    "欢迎广大群众监督，有意见和建议的请到村委会反映，我们将认真核实、及时答复。",
    "监督电话：{landline}（{village}村委会）、{landline2}（{township}纪委）。",
    "反映情况要实事求是，以个人名义反映的提倡签署真实姓名，我们将严格保密。",
]


def landline(rng: random.Random) -> str:
    """A landline as a township writes it: area code and seven digits."""
    return f"0357-{rng.randint(6200000, 6899999)}"


def masked_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(["某", "某某"])


def villages() -> list[dict]:
    out = []
    for sid, sname in VILLAGE_SYLLABLES:
        for eid, ename in VILLAGE_ENDINGS:
            out.append({"id": sid + eid, "name": sname + ename + "村"})
    return out  # 10 x 5 = 50


def money(d: Decimal) -> str:
    return str(d.quantize(CENT))


def amount_yaml(rng: random.Random, d: Decimal) -> str:
    """Amounts are written the ways a clerk writes them: 860.00, 20000, "3207.15"."""
    d = d.quantize(CENT)
    form = rng.random()
    if d == d.to_integral_value() and form < 0.4:
        return str(int(d))
    if form < 0.7:
        return str(d)
    return f'"{d}"'


def cents(rng: random.Random, lo: int, hi: int) -> Decimal:
    """A random amount in yuan between lo and hi, to the fen."""
    return (Decimal(rng.randint(lo * 100, hi * 100)) / 100).quantize(CENT)


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * q - 2, 1)
    end_month = 3 * q
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(days=1)
    return start, end


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def cjk_len(text: str) -> int:
    return sum(1 for c in text if is_cjk(c))


def wrap(text: str, width: int = 40) -> str:
    """Breaks a paragraph into source lines as a clerk's editor would (soft
    breaks), only between two Chinese characters so no number is split."""
    lines = []
    start = 0
    while len(text) - start > width:
        cut = start + width
        while cut > start + 1 and not (is_cjk(text[cut - 1]) and is_cjk(text[cut])):
            cut -= 1
        if cut == start + 1:
            break
        lines.append(text[start:cut])
        start = cut
    lines.append(text[start:])
    return "\n".join(lines)


def body_text(rng: random.Random, ctx: dict, middle: list[str], target: int = 400) -> str:
    """About `target` Chinese characters: an opening, the kind-specific middle,
    filler paragraphs until the length is reached, and a closing."""
    opening = rng.choice(OPENINGS).format(**ctx) + rng.choice(OPENING_TAILS).format(**ctx)
    parts = [wrap(opening)]
    parts.extend(middle)
    length = sum(cjk_len(p) for p in parts)
    fillers = list(FILLERS)
    rng.shuffle(fillers)
    para: list[str] = []
    for sentence in fillers:
        if length >= target - 25:
            break
        para.append(sentence.format(**ctx))
        length += cjk_len(sentence)
        if len(para) == 3:
            parts.append(wrap("".join(para)))
            para = []
    if para:
        parts.append(wrap("".join(para)))
    parts.append(wrap(rng.choice(CLOSINGS).format(**ctx)))
    return "\n\n".join(parts) + "\n"


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@dataclass
class Decided:
    """What a decision's project needs to claim payments: its id, when the
    villagers voted, and how far it may spend."""

    project: str
    resolve: dt.date
    status: str
    completed: dt.date | None
    budget: Decimal
    tagged: Decimal = Decimal(0)
    payments: int = 0

    def open_on(self, day: dt.date) -> bool:
        """Money is paid for a project after its resolve vote, while it is
        under way, and not after it was completed."""
        if self.status == "planned" or day <= self.resolve:
            return False
        return self.completed is None or day <= self.completed


class Record:
    """One disclosure: front matter lines shared by both sites, and a body."""

    def __init__(self, rel: str, title: str, unit: dict, published: dt.date, category: str):
        self.rel = rel  # path under disclosures/, e.g. 2019/dongzhuang-2019-finance-q2-0012.md
        self.title = title
        self.unit = unit
        self.published = published
        self.category = category
        self.tags: list[str] = []
        self.extra: list[str] = []  # YAML lines after the common fields
        self.body = ""
        # Ledger expenses a project may claim: (line in extra, date, amount).
        self.expenses: list[tuple[int, dt.date, Decimal]] = []
        # A decision's project, for add_projects (see Decided).
        self.decided: Decided | None = None

    def gongkai(self) -> str:
        lines = [
            "---",
            f"title: {self.title}",
            f"unit: {self.unit['id']}",
            f"published: {self.published.isoformat()}",
            f"category: {self.category}",
        ]
        if self.tags:
            lines.append(f"tags: {yaml_list(self.tags)}")
        lines.extend(self.extra)
        lines.append("---")
        return "\n".join(lines) + "\n\n" + self.body

    def hugo(self) -> str:
        lines = [
            "---",
            f"title: {self.title}",
            f"date: {self.published.isoformat()}",
            f"villages: [{self.unit['id']}]",
            f"categories: [{self.category}]",
            f"unit_name: {self.unit['name']}",
        ]
        if self.tags:
            lines.append(f"tags: {yaml_list(self.tags)}")
        lines.extend(self.extra)
        lines.append("---")
        return "\n".join(lines) + "\n\n" + self.body


def posting_line(rng: random.Random, start: dt.date, min_days: int = 5) -> tuple[str, dt.date]:
    days = rng.randint(min_days, 15)
    end = add_days(start, days - 1)
    chans = rng.sample(CHANNELS, rng.randint(1, 2))
    return f"posting: {{ from: {start.isoformat()}, to: {end.isoformat()}, channels: {yaml_list(chans)} }}", end


def ctx_for(rng: random.Random, unit: dict, subject: str) -> dict:
    return {
        "county": COUNTY,
        "village": unit["name"],
        "township": TOWNSHIP["name"],
        "subject": subject,
        "landline": landline(rng),
        "landline2": landline(rng),
    }


def quarter_opening(unit: dict, year: int, q: int) -> Decimal:
    """A unit's balance at the start of a quarter, the same for every record
    of that quarter: each quarter opens with the previous one's closing
    balance, as gongkai checks, whatever order the records are made in."""
    return cents(random.Random(f"{unit['id']}-{year}-{q}"), 20000, 300000)


def finance(rng: random.Random, unit: dict, year: int, seq: int) -> Record:
    q = rng.randint(1, 4)
    start, end = quarter_bounds(year, q)
    published = add_days(end, rng.randint(2, 9))
    title = f"{unit['name']}{year}年{QUARTER_NAMES[q]}财务收支公开"
    r = Record(f"{year}/{unit['id']}-{year}q{q}-finance-{seq:06d}.md", title, unit, published, "finance")
    r.tags = ["财务公开"]
    opening = quarter_opening(unit, year, q)
    n_entries = rng.randint(8, 20)
    span = (end - start).days
    dates = sorted(add_days(start, rng.randint(0, span)) for _ in range(n_entries))
    balance = opening
    entries = []
    classes = []
    income_total = Decimal(0)
    expense_total = Decimal(0)
    for i, d in enumerate(dates, start=1):
        line = 4 + len(entries)  # its index in r.extra below
        if rng.random() < 0.35:
            cls = rng.choice(list(INCOME))
            item = rng.choice(INCOME[cls])
            amt = cents(rng, 50, 40000)
            flow = "income"
            balance += amt
            income_total += amt
        else:
            cls = rng.choice(list(EXPENSE))
            item = rng.choice(EXPENSE[cls])
            limit = max(Decimal(1), balance * Decimal("0.3"))
            amt = min(cents(rng, 20, 15000), limit.quantize(CENT))
            flow = "expense"
            balance -= amt
            expense_total += amt
            r.expenses.append((line, d, amt))
        classes.append(cls)
        entries.append(
            f"    - {{ date: {d.isoformat()}, voucher: 记-{i:03d}, item: {item}, class: {cls}, {flow}: {amount_yaml(rng, amt)} }}"
        )
    # One last entry brings the balance to the next quarter's opening.
    closing = quarter_opening(unit, year + q // 4, q % 4 + 1)
    net = closing - (opening + income_total - expense_total)
    if net != 0:
        flow, cls = ("income", "其他收入") if net > 0 else ("expense", "其他支出")
        if net > 0:
            income_total += net
        else:
            expense_total -= net
        classes.append(cls)
        entries.append(
            f"    - {{ date: {dates[-1].isoformat()}, voucher: 记-{len(dates) + 1:03d}, item: 往来款项结转, class: {cls}, {flow}: {money(abs(net))} }}"
        )
    assert closing == opening + income_total - expense_total and closing >= 0
    review_date = add_days(published, -rng.randint(0, 3))
    post, _ = posting_line(rng, published)
    signers = [f"组长 {masked_name(rng)}", f"成员 {masked_name(rng)}", f"成员 {masked_name(rng)}"]
    r.extra = [
        f"period: {year}-Q{q}",
        "ledger:",
        f"  opening_balance: {amount_yaml(rng, opening)}",
        "  entries:",
        *entries,
        f"  closing_balance: {money(closing)}",
        f"review: {{ by: 民主理财小组, date: {review_date.isoformat()}, opinion: 收支真实完整，票据合规。, signers: {yaml_list(signers)} }}",
        post,
    ]
    ctx = ctx_for(rng, unit, f"{year}年{QUARTER_NAMES[q]}财务收支情况")
    middle = [
        wrap(
            f"本季度期初余额{money(opening)}元，收入合计{money(income_total)}元，"
            f"支出合计{money(expense_total)}元，期末余额{money(closing)}元。"
            f"本表由{unit['name']}报账员{masked_name(rng)}编制，经村民主理财小组逐笔审核后公开。"
        ),
        "**收支说明**\n\n"
        + "\n".join(
            f"- {cls}：{rng.choice(INCOME_NOTES if cls in INCOME else EXPENSE_NOTES)}"
            for cls in sorted(set(classes))
        ),
    ]
    r.body = body_text(rng, ctx, middle)
    return r


def votes(rng: random.Random, of_expected: bool) -> tuple[int, int, int, int, int]:
    expected = rng.randint(20, 60)
    min_present = -(-2 * expected // 3)
    present = rng.randint(min_present, expected)
    base = expected if of_expected else present
    min_for = base // 2 + 1
    for_ = rng.randint(min_for, present)
    rest = present - for_
    against = rng.randint(0, rest)
    abstain = rng.randint(0, rest - against)
    return expected, present, for_, against, abstain


def decision(rng: random.Random, unit: dict, year: int, seq: int) -> Record:
    matter, tag = rng.choice(MATTERS)
    d0 = add_days(dt.date(year, 1, 1), rng.randint(0, 200))
    propose = d0
    consult = add_days(propose, rng.randint(1, 7))
    review = add_days(consult, rng.randint(1, 7))
    resolve = add_days(review, rng.randint(1, 7))
    posted = add_days(resolve, rng.randint(0, 2))
    e1, p1, f1, a1, b1 = votes(rng, True)
    e2, p2, f2, a2, b2 = votes(rng, False)
    status = rng.choice(["planned", "in_progress", "done", "done"])
    budget = Decimal(rng.randint(2, 60) * 10000)
    impl = f"status: {status}"
    published = posted
    if status == "done":
        completed = add_days(posted, rng.randint(30, 120))
        result_posted = add_days(completed, rng.randint(1, 5))
        spent = cents(rng, int(budget * Decimal("0.7")), int(budget))
        impl += f", completed: {completed.isoformat()}, result_posted: {result_posted.isoformat()}, budget: {amount_yaml(rng, budget)}, spent: {amount_yaml(rng, spent)}"
        published = result_posted
        title = f"{unit['name']}{matter}实施结果公开"
    else:
        impl += f", budget: {amount_yaml(rng, budget)}"
        title = f"{unit['name']}{matter}决议公开"
    r = Record(f"{year}/{unit['id']}-{year}-decision-{seq:06d}.md", title, unit, published, "village")
    r.decided = Decided(
        project=f"{unit['id']}-{year}-{MATTER_SLUGS[matter]}-{seq}",
        resolve=resolve,
        status=status,
        completed=completed if status == "done" else None,
        budget=budget,
    )
    r.tags = ["四议两公开", tag]
    post, _ = posting_line(rng, published)
    r.extra = [
        "decision:",
        f"  matter: {unit['name']}{year}年{matter}{'' if matter.endswith('方案') else '方案'}",
        "  steps:",
        f"    propose: {{ date: {propose.isoformat()}, body: 村党支部会 }}",
        f"    consult: {{ date: {consult.isoformat()}, body: 村两委联席会 }}",
        f"    review:  {{ date: {review.isoformat()}, expected: {e1}, present: {p1}, for: {f1}, against: {a1}, abstain: {b1} }}",
        f"    resolve: {{ date: {resolve.isoformat()}, body: 村民代表会议, expected: {e2}, present: {p2}, for: {f2}, against: {a2}, abstain: {b2} }}",
        f"  resolution_posted: {posted.isoformat()}",
        f"  implementation: {{ {impl} }}",
        post,
    ]
    ctx = ctx_for(rng, unit, f"{matter}的决策和实施情况")
    middle = [
        "## 一、项目内容",
        wrap(
            f"{matter}由村党支部于{propose.month}月{propose.day}日提议，经村两委联席会商议、"
            f"党员大会审议，{resolve.month}月{resolve.day}日村民代表会议决议通过。"
            f"村民代表会议应到{e2}人，实到{p2}人，赞成{f2}人。"
            f"项目预算{int(budget)}元，资金来源为一事一议财政奖补资金和村集体自有资金。"
        ),
        "## 二、监督方式",
    ]
    r.body = body_text(rng, ctx, middle)
    return r


def village_notice(rng: random.Random, unit: dict, year: int, seq: int) -> Record:
    topic, tags = rng.choice(NOTICE_TOPICS)
    published = add_days(dt.date(year, 1, 1), rng.randint(0, 355))
    title = f"{unit['name']}{year}年{topic}公示"
    r = Record(f"{year}/{unit['id']}-{year}-notice-{seq:06d}.md", title, unit, published, "village")
    r.tags = list(tags)
    post, _ = posting_line(rng, published)
    r.extra = [post]
    rows = []
    for i in range(1, rng.randint(3, 6) + 1):
        rows.append(f"| {i} | {masked_name(rng)} | {rng.randint(1, 6)} | {rng.choice(['同意', '同意', '暂缓'])}（{rng.randint(15, 30)}票） |")
    table = "| 序号 | 户主 | 家庭人口 | 评议结果 |\n|---:|---|---:|---|\n" + "\n".join(rows)
    ctx = ctx_for(rng, unit, topic)
    middle = [
        wrap(f"{unit['name']}于{published.month}月{published.day}日召开村民代表会议进行民主评议，结果如下："),
        table,
    ]
    r.body = body_text(rng, ctx, middle)
    return r


def candidates_notice(rng: random.Random, unit: dict, year: int, seq: int) -> Record:
    published = add_days(dt.date(year, 1, 1), rng.randint(0, 355))
    title = f"中共{unit['name']}支部委员会关于发展党员的公示"
    r = Record(f"{year}/{unit['id']}-{year}-fazhan-{seq:06d}.md", title, unit, published, "party")
    r.tags = ["发展党员"]
    post, _ = posting_line(rng, published)
    cands = []
    names = []
    for _ in range(rng.randint(1, 4)):
        born_year = rng.randint(1960, year - 22)
        born_month = rng.randint(1, 12)
        applied = add_days(dt.date(born_year + 19, 1, 1), rng.randint(0, max(0, (year - born_year - 20) * 365)))
        if applied > published:
            applied = add_days(published, -rng.randint(400, 900))
        name = masked_name(rng)
        names.append(name)
        mentors = yaml_list([masked_name(rng), masked_name(rng)])
        cands.append(
            f"  - {{ name: {name}, gender: {rng.choice('男女')}, born: {born_year}-{born_month:02d}, "
            f"education: {rng.choice(EDUCATION)}, stage: {rng.choice(STAGES)}, applied: {applied.isoformat()}, mentors: {mentors} }}"
        )
    r.extra = [
        post,
        "candidates:",
        *cands,
        f"objections: {{ office: {TOWNSHIP['name']}党委组织办公室, phone: {landline(rng)}, address: {TOWNSHIP['name']}人民政府二楼 }}",
    ]
    ctx = ctx_for(rng, unit, "发展党员有关情况")
    middle = [
        wrap(
            "根据《中国共产党发展党员工作细则》的规定，经党支部委员会研究，"
            f"拟召开支部党员大会讨论{'、'.join(names)}{len(names)}名同志的发展事宜。"
            "公示对象已经过培养考察、政治审查和集中培训，基本具备党员条件。"
        ),
    ]
    r.body = body_text(rng, ctx, middle)
    return r


def party_notice(rng: random.Random, unit: dict, year: int, seq: int) -> Record:
    topic, tags = rng.choice(PARTY_TOPICS)
    published = add_days(dt.date(year, 1, 1), rng.randint(0, 355))
    title = f"{unit['name']}党支部{year}年{topic}"
    r = Record(f"{year}/{unit['id']}-{year}-party-{seq:06d}.md", title, unit, published, "party")
    r.tags = list(tags)
    if rng.random() < 0.5:
        post, _ = posting_line(rng, published)
        r.extra = [post]
    members = rng.randint(20, 80)
    ctx = ctx_for(rng, unit, topic)
    middle = [
        wrap(
            f"支部现有党员{members}名，其中农村党员{members - rng.randint(0, 5)}名。"
            "支部严格落实“三会一课”、主题党日和民主评议党员制度，"
            "党员按月交纳党费，由支部组织委员收取、登记，按季度上缴镇党委。"
        ),
        "- **支部党员大会**：每季度召开一次；\n- **支部委员会**：每月召开一次；\n- **党课**：每季度一次，由支部书记讲授。",
    ]
    r.body = body_text(rng, ctx, middle)
    return r


KINDS = [
    (finance, 35),
    (decision, 15),
    (village_notice, 15),
    (candidates_notice, 10),
    (party_notice, 25),
]

# Digit runs the tool refuses: 11 digits starting 13-19, 16-19 digits, 18-char IDs.
RISKY_DIGITS = re.compile(r"(?<![0-9A-Za-z])(1[3-9][0-9]{9}|[0-9]{16,19}|[0-9]{17}[0-9Xx])(?![0-9A-Za-z])")
LONG_RUN = re.compile(r"[0-9]{11,}")


def check_text(text: str, rel: str) -> None:
    if RISKY_DIGITS.search(text) or LONG_RUN.search(text):
        raise SystemExit(f"internal error: long digit run in {rel}")


SITE_YAML = """\
# 基准测试语料：{township}及所属50个村（虚构），由 bench/gen_corpus.py 生成
title: {township}党务村务财务公开网
description: {county}{township}及所属各村党务、村务、财务“三公开”信息。
base_url: https://bench.example.cn/
language: zh-CN
theme: default
notice_min_days: 5
privacy: error
township: {{ id: {tid}, name: {township} }}
units:
{units}
contact:
  office: {township}党政综合办公室
  phone: 0357-6821001
  address: {county}{township}人民政府一楼
"""

PAGES = {
    "about": (
        "关于本网站",
        "## 本网站\n\n{township}党务村务财务公开网由{township}党委、镇政府主办，\n"
        "集中公开镇机关和所属50个村的党务、村务、财务信息。\n\n"
        "网上公开与各村村务公开栏张贴的内容一致。两者不一致时，\n"
        "以经村务监督委员会签字的纸质公开表为准。\n",
    ),
    "contact": (
        "联系我们",
        "| 部门 | 负责事项 | 电话 |\n|---|---|---|\n"
        "| 党政综合办公室 | 网站维护、信息更正 | 0357-6821001 |\n"
        "| 党委组织办公室 | 党务公开、发展党员 | 0357-6821016 |\n"
        "| 纪委 | 监督举报 | 0357-6821012 |\n",
    ),
}

HUGO_CONFIG = """\
baseURL = "https://bench.example.cn/"
defaultContentLanguage = "zh"
title = "{township}党务村务财务公开网"
hasCJKLanguage = true
enableRobotsTXT = true
rssLimit = 50  # Hugo before 0.114 (Debian's); later ones read services.rss.limit

[taxonomies]
  village = "villages"
  category = "categories"

[services.rss]
  limit = 50

[markup.goldmark.extensions.cjk]
  enable = true
  eastAsianLineBreaks = true
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
<style>body{font-family:"PingFang SC","Noto Sans CJK SC",sans-serif;line-height:1.75;max-width:60rem;margin:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}</style>
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Taxonomies.categories }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.unit_name }} · {{ .Date.Format "2006-01-02" }}{{ range .GetTerms "categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ with .Params.posting }}<p>公示期：{{ dateFormat "2006-01-02" .from }} 至 {{ dateFormat "2006-01-02" .to }}</p>{{ end }}
{{ with .Params.ledger }}
<table><thead><tr><th>日期</th><th>凭证</th><th>摘要</th><th>科目</th><th>收入</th><th>支出</th></tr></thead><tbody>
{{ range .entries }}<tr><td>{{ dateFormat "2006-01-02" .date }}</td><td>{{ .voucher }}</td><td>{{ .item }}</td><td>{{ .class }}</td><td>{{ with .income }}{{ lang.FormatNumber 2 . }}{{ end }}</td><td>{{ with .expense }}{{ lang.FormatNumber 2 . }}{{ end }}</td></tr>
{{ end }}</tbody></table>
<p>期初余额 {{ lang.FormatNumber 2 .opening_balance }}，期末余额 {{ lang.FormatNumber 2 .closing_balance }}</p>
{{ end }}
{{ with .Params.decision }}
<h2>{{ .matter }}</h2>
<ol>
{{ range $k, $v := .steps }}<li>{{ $k }}：{{ dateFormat "2006-01-02" $v.date }} {{ $v.body }}{{ with $v.expected }} 应到{{ . }}人 实到{{ $v.present }}人 赞成{{ $v.for }}人{{ end }}</li>
{{ end }}</ol>
<p>决议公开：{{ dateFormat "2006-01-02" .resolution_posted }}；实施状态：{{ .implementation.status }}</p>
{{ end }}
{{ with .Params.candidates }}
<table><thead><tr><th>姓名</th><th>性别</th><th>出生年月</th><th>学历</th><th>阶段</th><th>申请日期</th></tr></thead><tbody>
{{ range . }}<tr><td>{{ .name }}</td><td>{{ .gender }}</td><td>{{ .born }}</td><td>{{ .education }}</td><td>{{ .stage }}</td><td>{{ dateFormat "2006-01-02" .applied }}</td></tr>
{{ end }}</tbody></table>
{{ end }}
{{ .Content }}
<p>{{ range .GetTerms "villages" }}<a href="{{ .RelPermalink }}">{{ $.Params.unit_name }}的全部公开</a>{{ end }}</p>
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ if .IsHome }}
<ul>{{ range first 12 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ else }}
{{ $pager := .Paginate .Pages.ByDate.Reverse 30 }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.unit_name }}</span> {{ .Date.Format "2006-01-02" }}<p>{{ .Summary | plainify | truncate 90 }}</p></li>
{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} 第{{ $pager.PageNumber }}页，共{{ $pager.TotalPages }}页 {{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</nav>
{{ end }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>（{{ .Count }}）</li>{{ end }}</ul>
{{ end }}
""",
}


# The lean layout (--lean): the least a real site prints. A record page
# shows its title, date, a table of its front-matter params and its content,
# about 3 KB; a list shows its title and each page's link and date, paginated
# by 30. No navigation, no summaries, no per-kind tables: whatever Hugo's
# templates weigh, gongkai's margin is measured against this floor too.
HUGO_LAYOUTS_LEAN = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}</p>
<table>{{ range $k, $v := .Params }}<tr><th>{{ $k }}</th><td>{{ $v }}</td></tr>{{ end }}</table>
{{ .Content }}
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse 30 }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# In a decision's extra lines: `matter:` and `implementation:`.
MATTER_LINE = 1
IMPLEMENTATION_LINE = 8
TAG_SHARE = 1 / 3


def add_projects(records: list[Record], seed: int) -> dict:
    """Gives each decision its project and tags about one ledger expense in
    three, of the same unit, with one of the unit's projects open on its
    date whose budget it still fits; a done decision's `spent` then becomes
    the exact (decimal) sum of its tagged expenses, as gongkai checks.

    Draws from a random stream of its own, so the records are otherwise the
    same as with --no-projects."""
    rng = random.Random(f"projects-{seed}")
    by_unit: dict[str, list[Decided]] = {}
    for r in records:
        if r.decided:
            by_unit.setdefault(r.unit["id"], []).append(r.decided)
    expenses = claimable = tagged = 0
    for r in records:
        for line, day, amount in r.expenses:
            expenses += 1
            open_ = [
                p for p in by_unit.get(r.unit["id"], [])
                if p.open_on(day) and p.tagged + amount <= p.budget
            ]
            if not open_:
                continue
            claimable += 1
            if rng.random() >= TAG_SHARE:
                continue
            p = rng.choice(open_)
            p.tagged += amount
            p.payments += 1
            tagged += 1
            assert r.extra[line].endswith(" }")
            r.extra[line] = r.extra[line][:-2] + f", project: {p.project} }}"
    for r in records:
        p = r.decided
        if not p:
            continue
        r.extra.insert(MATTER_LINE + 1, f"  project: {p.project}")
        impl = IMPLEMENTATION_LINE + 1
        if p.status == "done" and p.payments:
            line = r.extra[impl]
            assert line.startswith("  implementation:") and ", spent: " in line
            head, _, _ = line.partition(", spent: ")
            r.extra[impl] = f"{head}, spent: {money(p.tagged)} }}"
    projects = sum(1 for r in records if r.decided)
    return {"projects": projects, "expenses": expenses, "claimable": claimable, "tagged": tagged}


def schedule_after(last: dt.date) -> str:
    """A `schedule:` whose first period owed is the quarter after the one
    holding `last` (the build's --today): no cell is due, the grid is empty."""
    q = (last.month - 1) // 3 + 1
    year, q = (last.year + 1, 1) if q == 4 else (last.year, q + 1)
    return f"schedule: {{ since: {year}-Q{q} }}\n"


def generate(
    n: int,
    seed: int,
    out: Path,
    hugo: Path | None,
    meta: Path | None,
    lean: bool = False,
    projects: bool = True,
    schedule: bool = True,
) -> dict:
    rng = random.Random(seed)
    units = villages()
    ctx = {"township": TOWNSHIP["name"], "county": COUNTY, "tid": TOWNSHIP["id"]}
    unit_lines = "\n".join(f"  - {{ id: {u['id']}, name: {u['name']}, kind: village }}" for u in units)
    site_yaml = SITE_YAML.format(units=unit_lines, **ctx)
    if not schedule:
        site_yaml += schedule_after(TODAY)
    write(out / "site.yaml", site_yaml)
    for slug, (title, body) in PAGES.items():
        write(out / "pages" / f"{slug}.md", f"---\ntitle: {title}\nunit: {TOWNSHIP['id']}\npublished: 2014-01-01\n---\n\n{body.format(**ctx)}")
    if hugo:
        write(hugo / "hugo.toml", HUGO_CONFIG.format(**ctx))
        for rel, text in (HUGO_LAYOUTS_LEAN if lean else HUGO_LAYOUTS).items():
            write(hugo / "layouts" / rel, text)
        write(hugo / "content" / "_index.md", f"---\ntitle: {ctx['township']}党务村务财务公开网\n---\n")
        write(hugo / "content" / "disclosures" / "_index.md", "---\ntitle: 全部公开\n---\n")
        for y in YEARS:
            write(hugo / "content" / "disclosures" / str(y) / "_index.md", f"---\ntitle: {y}年公开\n---\n")
        for slug, (title, body) in PAGES.items():
            write(hugo / "content" / "pages" / f"{slug}.md", f"---\ntitle: {title}\ndate: 2014-01-01\n---\n\n{body.format(**ctx)}")

    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    counts: dict[str, int] = {k.__name__: 0 for k in kinds}
    touch = None
    records = []
    for seq in range(n):
        year = YEARS[seq % len(YEARS)]
        unit = units[rng.randrange(len(units))]
        kind = rng.choices(kinds, weights)[0]
        records.append(kind(rng, unit, year, seq))
        counts[kind.__name__] += 1
    tagging = add_projects(records, seed) if projects else None
    for rec in records:
        kind = rec.category
        # The rebuild test edits the newest finance record: a clerk
        # correcting last quarter's ledger text. It is on the home page, in
        # the feed and on the first page of its lists.
        if kind == "finance" and (touch is None or (rec.published, rec.rel) > (touch.published, touch.rel)):
            touch = rec
        text = rec.gongkai()
        check_text(text, rec.rel)
        write(out / "disclosures" / rec.rel, text)
        if hugo:
            write(hugo / "content" / "disclosures" / rec.rel, rec.hugo())
    info = {
        "n": n,
        "seed": seed,
        "today": TODAY.isoformat(),
        "counts": counts,
        "projects": tagging,
        "schedule": schedule,
        "touch": {
            "gongkai": f"disclosures/{touch.rel}" if touch else None,
            "hugo": f"content/disclosures/{touch.rel}" if touch else None,
        },
    }
    if touch:
        # Mark the record's first paragraph so the benchmark can edit it in place.
        for base, rel in ((out, info["touch"]["gongkai"]), (hugo, info["touch"]["hugo"])):
            if base is None:
                continue
            p = base / rel
            text = p.read_text(encoding="utf-8")
            head, sep, body = text.partition("\n---\n\n")
            p.write_text(head + sep + "本页修订号：第0版。\n" + body, encoding="utf-8")
    if meta:
        write(meta, json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    return info


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of disclosure records")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", type=Path, required=True, help="gongkai site folder to create")
    ap.add_argument("--hugo", type=Path, help="also write the equivalent Hugo site here")
    ap.add_argument("--meta", type=Path, help="write corpus facts (today, record to edit) as JSON")
    ap.add_argument(
        "--lean",
        action="store_true",
        help="give the Hugo site the lean layout (title, date, params table, content)",
    )
    ap.add_argument(
        "--no-projects",
        action="store_true",
        help="declare no project and tag no ledger entry (to measure what projects cost)",
    )
    ap.add_argument(
        "--no-schedule",
        action="store_true",
        help="owe finance disclosures only from after --today on, so the status grid is empty",
    )
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    for d in (args.out, args.hugo):
        if d is not None and d.exists() and any(d.iterdir()):
            ap.error(f"{d} exists and is not empty")
    info = generate(
        args.n,
        args.seed,
        args.out,
        args.hugo,
        args.meta,
        args.lean,
        projects=not args.no_projects,
        schedule=not args.no_schedule,
    )
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
