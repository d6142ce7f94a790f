//! `identity:` of site.yaml: the lines a government website's footer must
//! carry — 主办单位, 网站标识码, the ICP filing number and the public-security
//! filing number.
//!
//! Inspectors (政府网站与政务新媒体检查指标) mark a site down when these are
//! missing or wrong, and a number mistyped here links villagers to someone
//! else's filing, so each number's shape is checked where it is written.

use super::read::{Fields, Reader};
use crate::load::yaml::{Node, Value};
use serde::Serialize;

/// The abbreviations a province's filing numbers begin with: the 31
/// provinces, with the second names some of them file under (蜀 for 四川
/// on ICP numbers, 黔/贵, 滇/云, 秦/陕, 陇/甘).
const PROVINCES: &str = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕秦甘陇青宁新";

/// Where the ICP filing number is looked up (MIIT's filing system).
pub(crate) const ICP_URL: &str = "https://beian.miit.gov.cn/";

/// Where a public-security filing number is looked up; the number's digits
/// follow.
const POLICE_URL: &str = "https://beian.mps.gov.cn/#/query/webSearch?code=";

/// The site's identity lines; each may be absent and then shows nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Identity {
    /// 主办单位, e.g. 汾塬县梨园镇人民政府.
    pub(crate) organizer: Option<String>,
    /// 网站标识码: ten digits.
    pub(crate) site_code: Option<String>,
    /// The ICP filing number as written, e.g. 晋ICP备12345678号-1.
    pub(crate) icp: Option<String>,
    /// The public-security filing number.
    pub(crate) police: Option<PoliceFiling>,
}

/// A public-security filing number (公安机关备案号).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct PoliceFiling {
    /// As the footer shows it: 晋公网安备 14010502000123号.
    pub(crate) text: String,
    /// Its 14 digits, which the lookup address takes.
    pub(crate) code: String,
}

impl PoliceFiling {
    /// The filing's page on the public-security filing site.
    pub(crate) fn url(&self) -> String {
        format!("{POLICE_URL}{}", self.code)
    }
}

const FIELDS: [&str; 4] = ["organizer", "site_code", "icp", "police"];

/// Reads `identity: { organizer, site_code, icp, police }`. A wrong number
/// is reported at its line and left out, so the rest of the site is still
/// checked in the same run.
pub(crate) fn read(node: &Node, r: &mut Reader) -> Identity {
    let Some(mut f) = r.fields(node, "identity") else {
        return Identity::default();
    };
    let identity = Identity {
        organizer: filled(&mut f, "organizer", r).map(|(text, _)| text),
        site_code: filled(&mut f, "site_code", r).and_then(|(code, node)| {
            check(r, node, is_site_code(&code), site_code_mistake(&code)).then_some(code)
        }),
        icp: filled(&mut f, "icp", r)
            .and_then(|(icp, node)| check(r, node, is_icp(&icp), icp_mistake(&icp)).then_some(icp)),
        police: filled(&mut f, "police", r).and_then(|(text, node)| {
            let filing = police_filing(&text);
            check(r, node, filing.is_some(), police_mistake(&text)).then_some(filing?)
        }),
    };
    f.finish(r, &FIELDS);
    identity
}

/// A mistake's message and what to write instead.
type Mistake = (String, &'static str);

/// Reports `mistake` at `node` unless `ok`; says whether it was.
fn check(r: &mut Reader, node: &Node, ok: bool, (message, help): Mistake) -> bool {
    if !ok {
        r.error_help(node.span, message, help);
    }
    ok
}

/// A field's text, or `None` when it is absent or left empty (an empty
/// field shows nothing, as the other footer lines do).
fn filled<'n>(f: &mut Fields<'n>, key: &str, r: &mut Reader) -> Option<(String, &'n Node)> {
    let node = f.optional(key)?;
    if matches!(&node.value, Value::Scalar(s) if s.trim().is_empty()) {
        return None;
    }
    r.text(node, key).map(|t| (t.value, node))
}

/// 网站标识码: the ten digits 国办 assigns to each government website.
pub(crate) fn is_site_code(code: &str) -> bool {
    code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit())
}

fn site_code_mistake(code: &str) -> Mistake {
    (
        format!("网站标识码应为10位数字，记录中为“{code}”"),
        "照政府网站信息报送系统给的网站标识码抄写，例如 site_code: \"1410000001\"",
    )
}

/// An ICP filing number: a province, `ICP备`, eight digits, `号`, and
/// optionally the site's number under that filing (`-1`).
pub(crate) fn is_icp(icp: &str) -> bool {
    let Some(rest) = strip_province(icp).and_then(|r| r.strip_prefix("ICP备")) else {
        return false;
    };
    let Some((digits, tail)) = rest.split_once('号') else {
        return false;
    };
    let suffix_ok = tail.is_empty()
        || tail
            .strip_prefix('-')
            .is_some_and(|n| !n.is_empty() && n.len() <= 3 && all_digits(n));
    digits.len() == 8 && all_digits(digits) && suffix_ok
}

fn icp_mistake(icp: &str) -> Mistake {
    (
        format!("ICP备案号的写法不对，记录中为“{icp}”"),
        "写省份简称、ICP备、8位数字和“号”，可带网站序号，例如 icp: 晋ICP备12345678号-1",
    )
}

/// A public-security filing number: a province, `公网安备`, fourteen digits
/// and `号`, with or without a space before the digits.
pub(crate) fn police_filing(text: &str) -> Option<PoliceFiling> {
    let rest = strip_province(text)?.strip_prefix("公网安备")?;
    let code = rest.trim_start().strip_suffix('号')?;
    (code.len() == 14 && all_digits(code)).then(|| PoliceFiling {
        text: text.to_string(),
        code: code.to_string(),
    })
}

fn police_mistake(text: &str) -> Mistake {
    (
        format!("公安机关备案号的写法不对，记录中为“{text}”"),
        "写省份简称、公网安备、14位数字和“号”，例如 police: 晋公网安备 14010502000123号",
    )
}

/// The text after a province abbreviation, if it starts with one.
fn strip_province(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    PROVINCES.contains(first).then(|| &text[first.len_utf8()..])
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icp_numbers_by_shape() {
        for ok in [
            "晋ICP备12345678号",
            "京ICP备05070290号-1",
            "蜀ICP备20000001号-12",
        ] {
            assert!(is_icp(ok), "{ok}");
        }
        for bad in [
            "ICP备12345678号",
            "晋ICP备1234567号",
            "晋ICP备12345678",
            "晋ICP备12345678号-",
            "晋ICP备12345678号1",
            "美ICP备12345678号",
            "晋icp备12345678号",
        ] {
            assert!(!is_icp(bad), "{bad}");
        }
    }

    #[test]
    fn police_numbers_give_their_digits() {
        let filing = police_filing("晋公网安备 14010502000123号").unwrap();
        assert_eq!(filing.code, "14010502000123");
        assert_eq!(
            filing.url(),
            "https://beian.mps.gov.cn/#/query/webSearch?code=14010502000123"
        );
        assert!(police_filing("京公网安备11010502000001号").is_some());
        for bad in [
            "晋公网安备 1401050200012号",
            "晋公网安备 14010502000123",
            "公网安备 14010502000123号",
            "晋ICP备12345678号",
        ] {
            assert!(police_filing(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn site_codes_are_ten_digits() {
        assert!(is_site_code("1410000001"));
        assert!(!is_site_code("141000000"));
        assert!(!is_site_code("14100000012"));
        assert!(!is_site_code("141000000x"));
    }
}
