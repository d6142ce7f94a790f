//! Finding and masking personal numbers in text that is about to be published.
//!
//! Village and township disclosures (低保名单、补贴发放、工程款) routinely
//! name people, and clerks paste in whatever the source spreadsheet held:
//! resident ID numbers, mobile numbers, bank card numbers. None of these may
//! ever appear unmasked on a public site, so every published string passes
//! through [`find`] (to warn the clerk) or [`mask`] (to publish safely).
//!
//! Detection works on maximal runs of ASCII digits and deliberately errs on
//! the side of what a person would recognise: an 18-character run with a real
//! birth date is an ID, `1[3-9]` plus nine digits is a mobile, 16 to 19 digits
//! are a bank card, also when written in groups of four. Runs glued to letters
//! or further digits belong to some longer code and are left alone, as are
//! dates, landlines, voucher numbers, amounts, years and postcodes.
//!
//! Masking replaces digits one for one with `*`, so the masked text has the
//! same length in bytes and offsets computed on the original stay valid.

use std::fmt;

/// The kind of personal number found, which decides how much of it may stay
/// visible when masked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A resident identity card number (居民身份证号码), 18 characters.
    IdNumber,
    /// A mainland mobile phone number, 11 digits.
    Mobile,
    /// A bank card number, 16 to 19 digits.
    BankCard,
}

/// One personal number in a text: `start..end` is its byte range, so that
/// `&text[start..end]` is the number as written, separators included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the number is.
    pub kind: Kind,
}

impl Kind {
    /// The name a clerk sees in a warning, e.g. "第 3 行含有身份证号".
    pub fn label(&self) -> &'static str {
        match self {
            Kind::IdNumber => "身份证号",
            Kind::Mobile => "手机号",
            Kind::BankCard => "银行卡号",
        }
    }

    /// How many characters stay visible at the front and at the back: enough
    /// for the person concerned to recognise their own number, too few for
    /// anyone else to use it.
    fn kept(self) -> (usize, usize) {
        match self {
            Kind::IdNumber => (2, 2),
            Kind::Mobile => (3, 4),
            Kind::BankCard => (4, 4),
        }
    }
}

/// Shows the label, so a kind can be written straight into a message.
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Finds every ID, mobile and bank card number in `text`, in order of
/// position, so a build can refuse or warn before anything is published.
///
/// Runs in time linear in the length of the text: one pass collects the digit
/// runs, and each run is then looked at with a lookahead of at most five runs.
pub fn find(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let runs = digit_runs(bytes);
    let mut findings = Vec::new();
    let mut rest = runs.as_slice();
    while let Some((run, after)) = rest.split_first() {
        if let Some((finding, used)) = grouped_at(rest, bytes) {
            findings.push(finding);
            rest = rest.get(used..).unwrap_or_default();
            continue;
        }
        if let Some(kind) = classify(run, bytes) {
            findings.push(Finding {
                start: run.start,
                end: run.end,
                kind,
            });
        }
        rest = after;
    }
    findings
}

/// Returns `text` with every finding masked, ready to publish. Text without
/// findings comes back unchanged, and the result always has the same length
/// in bytes as the input.
pub fn mask(text: &str) -> String {
    let findings = find(text);
    if findings.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for finding in &findings {
        out.push_str(text.get(copied..finding.start).unwrap_or_default());
        let number = text.get(finding.start..finding.end).unwrap_or_default();
        out.push_str(&mask_one(number, finding.kind));
        copied = finding.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// Masks one number as written (separators allowed), keeping as many leading
/// and trailing characters as `kind` allows: `13812341234` → `138****1234`,
/// `138-1234-5678` → `138-****-5678`.
///
/// Separators and other non-digit characters are kept as they are, and each
/// digit (or ID check letter `X`) becomes one `*`, so the length in bytes does
/// not change. A number too short to keep anything is masked completely
/// rather than partly shown.
pub fn mask_one(digits: &str, kind: Kind) -> String {
    let (front, back) = kind.kept();
    let total = digits.chars().filter(|&c| is_maskable(c)).count();
    let hide_all = total <= front + back;
    let back_from = total.saturating_sub(back);
    let mut out = String::with_capacity(digits.len());
    let mut position = 0;
    for c in digits.chars() {
        if !is_maskable(c) {
            out.push(c);
            continue;
        }
        let visible = !hide_all && (position < front || position >= back_from);
        out.push(if visible { c } else { '*' });
        position += 1;
    }
    out
}

/// Characters that carry the number itself and so are masked.
fn is_maskable(c: char) -> bool {
    c.is_ascii_digit() || c == 'X' || c == 'x'
}

/// A maximal run of ASCII digits, with what surrounds it.
#[derive(Debug)]
struct Run {
    /// Byte offset of the first digit.
    start: usize,
    /// Byte offset just past the run, including an ID check letter.
    end: usize,
    /// Whether the run is 17 digits followed by an `X` or `x` check letter.
    check_letter: bool,
    /// Whether an ASCII letter comes right before, making it part of a code.
    glued_before: bool,
    /// Whether an ASCII letter or digit comes right after.
    glued_after: bool,
    /// The single space or hyphen joining this run to the next one, if the
    /// next run starts right after it.
    joined_by: Option<u8>,
}

impl Run {
    /// Whether the run is exactly `len` digits with no check letter.
    fn is_digits(&self, len: usize) -> bool {
        !self.check_letter && self.end - self.start == len
    }

    /// The run's characters.
    fn text<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        bytes.get(self.start..self.end).unwrap_or_default()
    }
}

/// Collects every maximal digit run in one pass. Working on bytes is safe for
/// UTF-8 text: every byte of a multi-byte character is above the ASCII range,
/// so it is never taken for a digit, letter or separator.
fn digit_runs(bytes: &[u8]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_digit(bytes.get(i)) {
            let run = read_run(bytes, i);
            i = run.end;
            runs.push(run);
        } else {
            i += 1;
        }
    }
    runs
}

/// Reads the run starting at `start`, which must be a digit.
fn read_run(bytes: &[u8], start: usize) -> Run {
    let digit_count = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let digits_end = start + digit_count;
    let check_letter = digit_count == 17 && matches!(bytes.get(digits_end), Some(b'X' | b'x'));
    let end = digits_end + usize::from(check_letter);
    Run {
        start,
        end,
        check_letter,
        glued_before: is_token_byte(start.checked_sub(1).and_then(|p| bytes.get(p))),
        glued_after: is_token_byte(bytes.get(end)),
        joined_by: separator_at(bytes, end),
    }
}

/// The separator at `at` if it is a single space or hyphen followed by a
/// digit, i.e. one that may join groups of a written-out number.
fn separator_at(bytes: &[u8], at: usize) -> Option<u8> {
    let separator = *bytes.get(at)?;
    let joins = matches!(separator, b' ' | b'-') && is_digit(bytes.get(at + 1));
    joins.then_some(separator)
}

fn is_digit(byte: Option<&u8>) -> bool {
    byte.is_some_and(u8::is_ascii_digit)
}

/// Whether a neighbouring byte would make a run part of a longer token.
fn is_token_byte(byte: Option<&u8>) -> bool {
    byte.is_some_and(u8::is_ascii_alphanumeric)
}

/// What a single run is on its own, if anything.
fn classify(run: &Run, bytes: &[u8]) -> Option<Kind> {
    if run.glued_before || run.glued_after {
        return None;
    }
    let chars = run.text(bytes);
    match chars.len() {
        18 if has_birth_date(chars) => Some(Kind::IdNumber),
        _ if run.check_letter => None,
        11 if is_mobile_prefix(chars) => Some(Kind::Mobile),
        16..=19 => Some(Kind::BankCard),
        _ => None,
    }
}

/// Whether characters 7 to 14 of an ID number form a plausible birth date
/// (year 1900–2099, month 01–12, day 01–31); this is what tells an ID number
/// from an 18-digit bank card.
fn has_birth_date(id: &[u8]) -> bool {
    let year = number(id.get(6..10));
    let month = number(id.get(10..12));
    let day = number(id.get(12..14));
    matches!(year, Some(1900..=2099))
        && matches!(month, Some(1..=12))
        && matches!(day, Some(1..=31))
}

/// Whether digits start like a mainland mobile number: `1` then `3`–`9`.
fn is_mobile_prefix(digits: &[u8]) -> bool {
    matches!(digits, [b'1', b'3'..=b'9', ..])
}

/// The value of a few ASCII digits, or `None` if any is not a digit.
fn number(digits: Option<&[u8]>) -> Option<u32> {
    digits?.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

/// A number written in groups that starts at the first run of `runs`, and how
/// many runs it takes up.
fn grouped_at(runs: &[Run], bytes: &[u8]) -> Option<(Finding, usize)> {
    grouped_mobile(runs, bytes).or_else(|| grouped_card(runs, bytes))
}

/// A mobile written `138-1234-5678` or `138 1234 5678`.
fn grouped_mobile(runs: &[Run], bytes: &[u8]) -> Option<(Finding, usize)> {
    let group = runs.get(..3)?;
    let shaped = matches!(group, [a, b, c] if a.is_digits(3) && b.is_digits(4) && c.is_digits(4));
    let first = group.first()?;
    let fits = shaped && is_chain(group) && is_mobile_prefix(first.text(bytes));
    fits.then(|| span(group, Kind::Mobile))
}

/// A bank card written in groups of four, `6222 0212 3456 7890 123`: four
/// full groups and optionally a last group of one to three digits, 16 to 19
/// digits in all. Four years in a row (`2019 2020 2021 2022`) are not a card.
fn grouped_card(runs: &[Run], bytes: &[u8]) -> Option<(Finding, usize)> {
    let quads = runs.get(..4)?;
    if !quads.iter().all(|r| r.is_digits(4)) || quads.iter().all(|r| is_year(r, bytes)) {
        return None;
    }
    let with_tail = runs.get(..5).filter(|group| {
        let short_tail = group
            .last()
            .is_some_and(|t| (1..=3).any(|n| t.is_digits(n)));
        short_tail && is_chain(group)
    });
    let group = with_tail.or_else(|| Some(quads).filter(|group| is_chain(group)))?;
    Some(span(group, Kind::BankCard))
}

/// Whether consecutive runs form one written-out number: joined throughout
/// by the same single separator, and not glued to a longer token at either end.
fn is_chain(group: &[Run]) -> bool {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return false;
    };
    let separator = first.joined_by;
    let inner = group.len().saturating_sub(1);
    separator.is_some()
        && !first.glued_before
        && !last.glued_after
        && group.iter().take(inner).all(|r| r.joined_by == separator)
}

/// Whether a four-digit run reads as a year, 1900–2099.
fn is_year(run: &Run, bytes: &[u8]) -> bool {
    matches!(number(Some(run.text(bytes))), Some(1900..=2099))
}

/// The finding covering a whole group, and the number of runs it used.
fn span(group: &[Run], kind: Kind) -> (Finding, usize) {
    let start = group.first().map_or(0, |r| r.start);
    let end = group.last().map_or(start, |r| r.end);
    (Finding { start, end, kind }, group.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kinds found in `text` together with the text of each finding.
    fn found(text: &str) -> Vec<(Kind, &str)> {
        find(text)
            .into_iter()
            .map(|f| (f.kind, text.get(f.start..f.end).unwrap_or("<bad range>")))
            .collect()
    }

    #[test]
    fn finds_mobile_with_byte_offsets_in_chinese_text() {
        let text = "联系电话：13812345678。";
        let findings = find(text);
        assert_eq!(
            findings,
            vec![Finding {
                start: 15,
                end: 26,
                kind: Kind::Mobile
            }]
        );
        assert_eq!(&text[15..26], "13812345678");
    }

    #[test]
    fn finds_id_number_with_byte_offsets() {
        let text = "户主张三，身份证350102199003071234，已核实";
        let findings = find(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, Kind::IdNumber);
        assert_eq!(findings[0].start, "户主张三，身份证".len());
        assert_eq!(findings[0].end, findings[0].start + 18);
    }

    #[test]
    fn finds_id_numbers_with_check_letter() {
        assert_eq!(
            found("身份证号11010519491231002X。"),
            vec![(Kind::IdNumber, "11010519491231002X")]
        );
        assert_eq!(
            found("11010519491231002x"),
            vec![(Kind::IdNumber, "11010519491231002x")]
        );
    }

    #[test]
    fn finds_bank_cards_of_16_to_19_digits() {
        assert_eq!(
            found("卡号6222021234567890，"),
            vec![(Kind::BankCard, "6222021234567890")]
        );
        assert_eq!(
            found("卡号 6222021234567890123 "),
            vec![(Kind::BankCard, "6222021234567890123")]
        );
        assert_eq!(
            found("62220212345678901"),
            vec![(Kind::BankCard, "62220212345678901")]
        );
    }

    #[test]
    fn eighteen_digits_without_birth_date_are_a_bank_card() {
        assert_eq!(
            found("622202123456789012"),
            vec![(Kind::BankCard, "622202123456789012")]
        );
        assert_eq!(found("350102189912311234")[0].0, Kind::BankCard);
        assert_eq!(found("350102199013011234")[0].0, Kind::BankCard);
        assert_eq!(found("350102199001321234")[0].0, Kind::BankCard);
        assert_eq!(found("350102199000011234")[0].0, Kind::BankCard);
    }

    #[test]
    fn check_letter_without_birth_date_is_nothing() {
        assert!(find("35010218991231123X").is_empty());
    }

    #[test]
    fn finds_bank_cards_written_in_groups() {
        let text = "账号：6222 0212 3456 7890 123。";
        assert_eq!(
            found(text),
            vec![(Kind::BankCard, "6222 0212 3456 7890 123")]
        );
        let findings = find(text);
        assert_eq!(findings[0].start, "账号：".len());
        assert_eq!(
            found("6222-0212-3456-7890"),
            vec![(Kind::BankCard, "6222-0212-3456-7890")]
        );
        assert_eq!(
            found("6222 0212 3456 7890 1 元"),
            vec![(Kind::BankCard, "6222 0212 3456 7890 1")]
        );
    }

    #[test]
    fn grouped_card_needs_one_kind_of_separator_and_free_ends() {
        assert!(find("6222 0212-3456 7890").is_empty());
        assert!(find("6222  0212  3456  7890").is_empty());
        assert!(find("6222 0212 3456").is_empty());
        assert!(find("AB6222 0212 3456 7890").is_empty());
    }

    #[test]
    fn four_years_in_a_row_are_not_a_card() {
        assert!(find("2019 2020 2021 2022").is_empty());
        assert!(find("2019-2020-2021-2022").is_empty());
    }

    #[test]
    fn finds_mobiles_written_in_groups() {
        assert_eq!(
            found("电话 138-1234-5678。"),
            vec![(Kind::Mobile, "138-1234-5678")]
        );
        assert_eq!(
            found("电话：138 1234 5678"),
            vec![(Kind::Mobile, "138 1234 5678")]
        );
        assert!(find("120-1234-5678").is_empty());
    }

    #[test]
    fn finds_several_numbers_in_order() {
        let text = "李四 350102199003071234 13812345678 卡号6222021234567890";
        assert_eq!(
            found(text),
            vec![
                (Kind::IdNumber, "350102199003071234"),
                (Kind::Mobile, "13812345678"),
                (Kind::BankCard, "6222021234567890"),
            ]
        );
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        let ordinary = [
            "办公电话 0357-5123456",
            "0357 5123456",
            "公示日期 2013-04-08",
            "凭证号 记-012",
            "金额 125430.50 元",
            "2023年度",
            "邮编 044000",
            "12345678901",
            "",
        ];
        for text in ordinary {
            assert!(find(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn does_not_split_longer_runs_or_tokens() {
        assert!(find("12345678901234567890").is_empty());
        assert!(find("138123456789").is_empty());
        assert!(find("ABC13812345678").is_empty());
        assert!(find("13812345678abc").is_empty());
        assert!(find("35010219900307123X5").is_empty());
        assert!(find("SN6222021234567890").is_empty());
    }

    #[test]
    fn masks_each_kind() {
        assert_eq!(
            mask_one("350102199003071234", Kind::IdNumber),
            "35**************34"
        );
        assert_eq!(
            mask_one("11010519491231002X", Kind::IdNumber),
            "11**************2X"
        );
        assert_eq!(mask_one("13812341234", Kind::Mobile), "138****1234");
        assert_eq!(mask_one("138-1234-5678", Kind::Mobile), "138-****-5678");
        assert_eq!(
            mask_one("6222021234567890123", Kind::BankCard),
            "6222***********0123"
        );
        assert_eq!(
            mask_one("6222 0212 3456 7890 123", Kind::BankCard),
            "6222 **** **** ***0 123"
        );
    }

    #[test]
    fn mask_one_hides_everything_when_too_short() {
        assert_eq!(mask_one("1234", Kind::IdNumber), "****");
        assert_eq!(mask_one("1234567", Kind::Mobile), "*******");
        assert_eq!(mask_one("", Kind::BankCard), "");
    }

    #[test]
    fn mask_replaces_findings_and_keeps_byte_length() {
        let text = "张三，身份证350102199003071234，电话138-1234-5678，卡号6222 0212 3456 7890。";
        let masked = mask(text);
        assert_eq!(
            masked,
            "张三，身份证35**************34，电话138-****-5678，卡号6222 **** **** 7890。"
        );
        assert_eq!(masked.len(), text.len());
        assert!(find(&masked).is_empty());
    }

    #[test]
    fn mask_leaves_text_without_findings_unchanged() {
        let text = "2023年第四季度村务公开：修路支出 125430.50 元，电话 0357-5123456。";
        assert_eq!(mask(text), text);
        assert_eq!(mask(""), "");
    }

    #[test]
    fn labels_are_in_chinese() {
        assert_eq!(Kind::IdNumber.label(), "身份证号");
        assert_eq!(Kind::Mobile.label(), "手机号");
        assert_eq!(Kind::BankCard.to_string(), "银行卡号");
    }

    #[test]
    fn long_chains_of_numbers_stay_fast() {
        let text = "1 ".repeat(200_000) + "13812345678";
        let findings = find(&text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].start, 400_000);
    }
}
