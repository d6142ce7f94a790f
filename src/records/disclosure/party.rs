//! Party-affairs disclosures, and the 发展党员公示 in particular: the people
//! the branch proposes to take in, posted so party members and villagers can
//! object within the posting period.

use crate::domain::dates::YearMonth;
use crate::load::yaml::Node;
use crate::records::common::Posting;
use crate::records::read::{At, Fields, Reader};
use jiff::civil::Date;

/// The stages of joining the party, in order.
pub(crate) const STAGES: [&str; 4] = ["入党积极分子", "发展对象", "拟接收预备党员", "拟转正"];

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) name: String,
    pub(crate) gender: String,
    /// Month only: a full birth date is personal data we do not publish.
    pub(crate) born: YearMonth,
    pub(crate) education: Option<String>,
    pub(crate) stage: String,
    pub(crate) applied: Date,
    pub(crate) mentors: Vec<String>,
}

/// Where to raise an objection during the posting period.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Objections {
    pub(crate) office: String,
    pub(crate) phone: Option<String>,
    pub(crate) address: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Party {
    pub(crate) candidates: Vec<Candidate>,
    pub(crate) objections: Objections,
}

pub(crate) const FIELDS: [&str; 2] = ["candidates", "objections"];

/// Reads the candidate list, if any: `Some(None)` for a plain party notice,
/// `None` when there are errors.
pub(crate) fn read(
    f: &mut Fields,
    r: &mut Reader,
    posting: Option<&At<Posting>>,
) -> Option<Option<Party>> {
    let Some(list) = f.optional("candidates") else {
        if let Some(n) = f.optional("objections") {
            let _ = read_objections(n, r);
        }
        return Some(None);
    };
    // A posting that is written but wrong has its own error already; saying
    // it is missing as well would send the clerk looking for the wrong thing.
    if posting.is_none() && !f.has("posting") {
        r.error_help(
            list.span,
            "发展党员公示必须写公示期 posting",
            "加上 posting: { from: 2013-06-20, to: 2013-06-26 }",
        );
    }
    let objections = f
        .required(
            "objections",
            r,
            "发展党员公示须写明受理意见的地方：objections: { office: 镇党委组织办, phone: 0357-5123456, address: 镇政府二楼 }",
        )
        .and_then(|n| read_objections(n, r));
    let mut candidates = Vec::new();
    let mut ok = true;
    for item in r.list(list, "candidates") {
        match read_candidate(item, r) {
            Some(c) => candidates.push(c),
            None => ok = false,
        }
    }
    if !ok || posting.is_none() {
        return None;
    }
    Some(Some(Party {
        candidates,
        objections: objections?,
    }))
}

fn read_candidate(node: &Node, r: &mut Reader) -> Option<Candidate> {
    let mut f = r.fields(node, "candidates")?;
    let name = f.required_as("name", r, "写姓名，例如 name: 王某某", Reader::text);
    let gender = f
        .required("gender", r, "写性别：男 或 女")
        .and_then(|n| r.choice(n, "gender", &[("男", "男"), ("女", "女")]));
    let born = f
        .required("born", r, "写出生年月，例如 born: 1990-05")
        .and_then(|n| read_born(n, r));
    let education = f.optional_as("education", r, Reader::text).map(|e| e.value);
    let stage = f
        .required("stage", r, "写发展阶段，例如 stage: 拟接收预备党员")
        .and_then(|n| r.choice(n, "stage", &STAGES.map(|s| (s, s))));
    let applied = f.required_as(
        "applied",
        r,
        "写递交入党申请书的日期，例如 applied: 2011-03-01",
        Reader::date,
    );
    let mentors = f
        .optional("mentors")
        .map(|n| r.strings(n, "mentors"))
        .unwrap_or_default();
    f.finish(
        r,
        &[
            "name",
            "gender",
            "born",
            "education",
            "stage",
            "applied",
            "mentors",
        ],
    );
    let (born, applied) = (born?, applied?);
    let age = born.value.age_on(applied.value);
    if age < 18 {
        r.error_help(
            applied.span,
            format!(
                "递交申请时（{}）只有 {age} 周岁：申请入党须年满十八周岁",
                applied.value
            ),
            "核对出生年月 born 和申请日期 applied",
        );
        return None;
    }
    Some(Candidate {
        name: name?.value,
        gender: gender?.value.to_string(),
        born: born.value,
        education,
        stage: stage?.value.to_string(),
        applied: applied.value,
        mentors,
    })
}

/// A birth month; a full date is refused because it is personal data.
fn read_born(node: &Node, r: &mut Reader) -> Option<At<YearMonth>> {
    let text = r.text(node, "born")?;
    if crate::domain::dates::parse_date(&text.value).is_ok() {
        r.error_help(
            node.span,
            "出生日期只公开到月：不要写具体哪一天（个人信息）",
            format!("写作 born: {}", &text.value[..7]),
        );
        return None;
    }
    r.year_month(node, "born")
}

fn read_objections(node: &Node, r: &mut Reader) -> Option<Objections> {
    let mut f = r.fields(node, "objections")?;
    let office = f.required_as(
        "office",
        r,
        "写受理单位，例如 office: 镇党委组织办",
        Reader::text,
    );
    let phone = f.optional_as("phone", r, Reader::text).map(|p| p.value);
    let address = f.optional_as("address", r, Reader::text).map(|a| a.value);
    f.finish(r, &["office", "phone", "address"]);
    Some(Objections {
        office: office?.value,
        phone,
        address,
    })
}
