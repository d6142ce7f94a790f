//! Finding and masking personal numbers in text that is about to be published.
//!
//! Village and township disclosures (低保名单、补贴发放、工程款) routinely
//! name people, and clerks paste in whatever the source spreadsheet held:
//! resident ID numbers, mobile numbers, bank card numbers. None of these may
//! ever appear unmasked on a public site, so every published string passes
//! through [`find`] (to warn the clerk) or [`mask`] (to publish safely).
//!
//! A number is recognised in any of the forms it is pasted in: full-width
//! digits (`１３８１２３４５６７８`, compared after NFKC normalisation),
//! invisible characters inside it (zero-width spaces, a soft hyphen), a
//! `+86` or `0086` in front of a mobile, and groups joined by spaces (also
//! no-break and ideographic spaces, line breaks), hyphens (also full-width
//! and dashes), dots, slashes, underscores or brackets, up to three of them
//! (`138 - 1234 - 5678`): `138 1234 5678`, `(138)1234-5678`, an ID written
//! `350102 19900307 1234`, a card in groups of four.
//!
//! What counts is what a person would recognise, and no more, so that the
//! everyday numbers of a disclosure are left alone: an 18-character number
//! is an ID only with a real birth date in it, `1[3-9]` plus nine digits is
//! a mobile, 16 to 19 digits are a bank card; grouped digits count only in
//! the groupings these numbers are written in (3-4-4 for a mobile, fours for
//! a card), so a date range (`2013.07.01-2013.07.05`), an amount or a
//! landline is never taken for one. Runs glued to letters after them, or a
//! card's digits glued to letters before them, belong to some longer code
//! (`SN6222…`) and are left alone too; but letters before a mobile or an
//! ID are a label (`TEL13812345678`, `ID350102…`), and the number is found.
//! An 18-digit ID with a real birth date and a right check digit is found
//! however its digits are grouped.
//!
//! Masking replaces each digit with `*` (a full-width digit with a
//! full-width `＊`), keeping the text's length in bytes, so offsets computed
//! on the original stay valid.

use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The kind of personal number found, which decides how much of it may stay
/// visible when masked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
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
    pub(crate) start: usize,
    /// Byte offset just past the last character.
    pub(crate) end: usize,
    /// What the number is.
    pub(crate) kind: Kind,
}

impl Kind {
    /// The name a clerk sees in a warning, e.g. "第 3 行含有身份证号".
    pub(crate) fn label(&self) -> &'static str {
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
/// runs, and each run is then looked at with a lookahead of at most
/// [`MAX_GROUPS`] runs.
pub fn find(text: &str) -> Vec<Finding> {
    let runs = digit_runs(text);
    let mut findings = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        match number_at(text, &runs[i..]) {
            Some((finding, used)) => {
                findings.push(finding);
                i += used;
            }
            None => i += 1,
        }
    }
    findings
}

/// Returns `text` with every finding masked, ready to publish. Text without
/// findings comes back unchanged, and the result always has the same length
/// in bytes as the input.
pub(crate) fn mask(text: &str) -> String {
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
/// and trailing digits as `kind` allows: `13812341234` → `138****1234`,
/// `138-1234-5678` → `138-****-5678`.
///
/// Separators and other characters are kept as they are, and each digit (or
/// ID check letter `X`) becomes a `*` of the same length in bytes (`＊` for
/// a full-width digit), so the length of the text does not change. A
/// number too short to keep anything is masked completely rather than
/// partly shown.
pub(crate) fn mask_one(digits: &str, kind: Kind) -> String {
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
        if visible {
            out.push(c);
        } else if c.len_utf8() == '＊'.len_utf8() {
            out.push('＊');
        } else {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
        position += 1;
    }
    out
}

/// Characters that carry the number itself and so are masked.
fn is_maskable(c: char) -> bool {
    digit_value(c).is_some() || is_check_letter(c)
}

/// Most separators between two groups of one number: `138 - 1234 - 5678`.
const MAX_GAP: usize = 3;

/// Most groups a written-out number is looked for in: an ID as
/// `350 102 1990 0307 1234` has five, a card with its tail too.
const MAX_GROUPS: usize = 6;

/// The value of a digit as NFKC normalisation reads it: ASCII, full-width
/// (`３`), and the other forms that normalise to one digit (`³`, `𝟑`).
fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    // CJK ideographs (general category Lo) are never numeric: the common
    // case of a Chinese page, answered without the slow table lookup.
    if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) || !c.is_numeric() {
        return None;
    }
    let mut normal = std::iter::once(c).nfkc();
    match (normal.next(), normal.next()) {
        (Some(d), None) if d.is_ascii_digit() => Some(d as u8 - b'0'),
        _ => None,
    }
}

/// The check letter an ID may end with, in either width and case.
fn is_check_letter(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Characters that are invisible in print and so are read through: they
/// can only hide a number from a scan, never separate one for a reader.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Characters that join the groups of a written-out number.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}'
            | '\u{2002}'..='\u{200A}'
            | '\u{202F}'
            | '\u{3000}'
            | '-'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{FF0D}'
            | '.'
            | '\u{FF0E}'
            | '('
            | ')'
            | '\u{FF08}'
            | '\u{FF09}'
            | '['
            | ']'
            | '\u{3010}'
            | '\u{3011}'
            | '/'
            | '\u{FF0F}'
            | '_'
            | '\n'
            | '\r'
            | '\t'
    )
}

/// Whether a neighbouring character makes a run part of a longer code: a
/// Latin letter or digit, in either width.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
        || digit_value(c).is_some()
}

/// A maximal run of digits (invisible characters read through), with what
/// surrounds it.
#[derive(Debug)]
struct Run {
    /// Byte offset of each digit.
    at: Vec<usize>,
    /// The digits, normalised to ASCII.
    digits: String,
    /// Byte offset just past the last digit.
    end: usize,
    /// Byte offset of an `X` right after the run, which ends an ID number
    /// when the run (or its chain) has 17 digits.
    letter: Option<usize>,
    /// Whether a Latin letter or digit comes right before it.
    glued_before: bool,
    /// Whether a Latin letter or digit comes right after it.
    glued_after: bool,
    /// Whether one comes right after the `X`.
    glued_after_letter: bool,
    /// Whether a `+` comes right before it, as in `+86`.
    plus_before: bool,
    /// Whether one to [`MAX_GAP`] separators join it to the next run.
    joined: bool,
}

/// Collects every maximal digit run in one pass.
///
/// The text is walked once, looking ahead by cloning the walk rather than
/// collecting every character first: this runs over every record file, and
/// most of a Chinese record is not a digit.
fn digit_runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut chars = visible_chars(text);
    let mut before: Option<char> = None;
    while let Some((first_at, c)) = chars.next() {
        let Some(d) = digit_value(c) else {
            before = Some(c);
            continue;
        };
        let mut at = vec![first_at];
        let mut digits = String::from(char::from(b'0' + d));
        let mut last = c;
        // `chars` stays just past the run's last digit.
        let mut ahead = chars.clone();
        while let Some((i, c)) = ahead.next() {
            let Some(d) = digit_value(c) else { break };
            at.push(i);
            digits.push(char::from(b'0' + d));
            last = c;
            chars = ahead.clone();
        }
        let mut after = chars.clone();
        let next = after.next();
        let following = after.next().map(|(_, c)| c);
        let mut gap = 0;
        let mut past_gap = None;
        for (_, c) in chars.clone() {
            if is_separator(c) {
                gap += 1;
            } else {
                past_gap = Some(c);
                break;
            }
        }
        runs.push(Run {
            end: next_boundary(text, at.last().copied()),
            at,
            digits,
            letter: next.filter(|&(_, c)| is_check_letter(c)).map(|(i, _)| i),
            glued_before: before.is_some_and(is_token_char),
            glued_after: next.is_some_and(|(_, c)| is_token_char(c)),
            glued_after_letter: following.is_some_and(is_token_char),
            plus_before: matches!(before, Some('+' | '\u{FF0B}')),
            joined: (1..=MAX_GAP).contains(&gap) && past_gap.and_then(digit_value).is_some(),
        });
        before = Some(last);
    }
    runs
}

/// The characters of `text` with their byte offsets, the invisible ones
/// read through.
fn visible_chars(text: &str) -> impl Iterator<Item = (usize, char)> + Clone + '_ {
    text.char_indices().filter(|&(_, c)| !is_invisible(c))
}

/// The byte offset just past the character at `at`.
fn next_boundary(text: &str, at: Option<usize>) -> usize {
    at.and_then(|a| text.get(a..)?.chars().next().map(|c| a + c.len_utf8()))
        .unwrap_or(text.len())
}

/// The number that starts with the first of `runs`, and how many runs it
/// takes up: the longest chain of joined runs that forms one.
fn number_at(text: &str, runs: &[Run]) -> Option<(Finding, usize)> {
    let mut chain = 1;
    while chain < MAX_GROUPS.min(runs.len()) && runs[chain - 1].joined {
        chain += 1;
    }
    (1..=chain).rev().find_map(|n| {
        let group = &runs[..n];
        let (first, last) = (group.first()?, group.last()?);
        let count: usize = group.iter().map(|r| r.digits.len()).sum();
        let letter = last.letter.filter(|_| count == 17);
        let glued_end = if letter.is_some() {
            last.glued_after_letter
        } else {
            last.glued_after
        };
        if glued_end {
            return None;
        }
        let (kind, skip) = classify(group, letter.is_some())?;
        if first.glued_before && kind == Kind::BankCard {
            return None;
        }
        let finding = Finding {
            start: first.at.get(skip).copied()?,
            end: letter.map_or(last.end, |at| next_boundary(text, Some(at))),
            kind,
        };
        Some((finding, n))
    })
}

/// What a chain of runs is, if anything, and how many of its leading digits
/// are a country code (`+86`, `0086`) left out of the number.
fn classify(group: &[Run], check_letter: bool) -> Option<(Kind, usize)> {
    let digits: String = group.iter().map(|r| r.digits.as_str()).collect();
    let mut sizes: Vec<usize> = group.iter().map(|r| r.digits.len()).collect();
    let first = group.first()?;
    if check_letter {
        if let Some(last) = sizes.last_mut() {
            *last += 1;
        }
        let id = format!("{digits}X");
        return is_id(id.as_bytes(), &sizes).then_some((Kind::IdNumber, 0));
    }
    if let Some(prefix) = country_code(&digits, first) {
        if sizes.first() == Some(&prefix) {
            sizes.remove(0);
        } else if let Some(s) = sizes.first_mut() {
            *s = s.checked_sub(prefix)?;
        }
        return is_mobile(&digits[prefix..], &sizes).then_some((Kind::Mobile, prefix));
    }
    if digits.len() == 18 && is_id(digits.as_bytes(), &sizes) {
        Some((Kind::IdNumber, 0))
    } else if is_mobile(&digits, &sizes) {
        Some((Kind::Mobile, 0))
    } else if is_card(&digits, &sizes, group) {
        Some((Kind::BankCard, 0))
    } else {
        None
    }
}

/// How an ID number is written in groups (the last group of a check-letter
/// ID counts its letter).
const ID_GROUPS: [&[usize]; 8] = [
    &[18],
    &[3, 3, 3, 3, 3, 3],
    &[6, 8, 4],
    &[6, 12],
    &[6, 4, 4, 4],
    &[3, 3, 4, 4, 4],
    &[4, 4, 4, 4, 2],
    &[6, 6, 6],
];

/// How a mobile number is written in groups.
const MOBILE_GROUPS: [&[usize]; 5] = [&[11], &[3, 4, 4], &[3, 8], &[4, 3, 4], &[7, 4]];

/// The length of a country code the digits start with: `86` after a `+`,
/// or `0086`.
fn country_code(digits: &str, first: &Run) -> Option<usize> {
    if first.plus_before && digits.starts_with("86") && digits.len() == 13 {
        Some(2)
    } else if digits.starts_with("0086") && digits.len() == 15 {
        Some(4)
    } else {
        None
    }
}

fn is_mobile(digits: &str, sizes: &[usize]) -> bool {
    digits.len() == 11 && is_mobile_prefix(digits.as_bytes()) && MOBILE_GROUPS.contains(&sizes)
}

/// A card: 16 to 19 digits, written whole or in groups of four (the last
/// group shorter); four years in a row (`2019 2020 2021 2022`) are not one.
fn is_card(digits: &str, sizes: &[usize], group: &[Run]) -> bool {
    if !(16..=19).contains(&digits.len()) {
        return false;
    }
    if let [_] = sizes {
        return true;
    }
    let quads = sizes.len() >= 4 && sizes[..4].iter().all(|&n| n == 4);
    let tail_ok = sizes.len() == 4 || (sizes.len() == 5 && (1..=3).contains(&sizes[4]));
    let years = group.len() == 4 && group.iter().all(|r| is_year(&r.digits));
    quads && tail_ok && !years
}

/// Whether 18 characters written in groups of `sizes` are an ID number: a
/// real birth date, and either a grouping IDs are written in or a right
/// check digit (then any grouping: a line break in the middle of one, as a
/// Markdown paragraph wraps, still shows the whole number).
fn is_id(id: &[u8], sizes: &[usize]) -> bool {
    has_birth_date(id) && (ID_GROUPS.contains(&sizes) || has_check_digit(id))
}

/// The ID's last character as GB 11643 computes it from the first 17
/// (ISO 7064 MOD 11-2).
fn has_check_digit(id: &[u8]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let [body @ .., last] = id else { return false };
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == last.to_ascii_uppercase()
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

/// Whether four digits read as a year, 1900–2099.
fn is_year(digits: &str) -> bool {
    digits.len() == 4 && matches!(number(Some(digits.as_bytes())), Some(1900..=2099))
}

/// The value of a few ASCII digits, or `None` if any is not a digit.
fn number(digits: Option<&[u8]>) -> Option<u32> {
    digits?.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
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
    fn grouped_card_needs_four_groups_of_four_and_free_ends() {
        assert!(find("6222 0212 3456").is_empty());
        assert!(find("AB6222 0212 3456 7890").is_empty());
        assert!(find("6222 0212 3456 7890XY").is_empty());
        assert!(find("62 2202 1234 5678 90").is_empty());
        // Mixed or doubled separators still join the groups.
        assert_eq!(found("6222 0212-3456 7890").len(), 1);
        assert_eq!(found("6222  0212  3456  7890").len(), 1);
    }

    #[test]
    fn full_width_digits_are_found_and_masked_in_kind() {
        let text = "电话：１３８１２３４５６７８。";
        assert_eq!(found(text), vec![(Kind::Mobile, "１３８１２３４５６７８")]);
        let masked = mask(text);
        assert_eq!(masked, "电话：１３８＊＊＊＊５６７８。");
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            found("身份证３５０１０２１９９００３０７１２３４"),
            vec![(Kind::IdNumber, "３５０１０２１９９００３０７１２３４")]
        );
        assert_eq!(
            found("１１０１０５１９４９１２３１００２Ｘ")[0].0,
            Kind::IdNumber
        );
    }

    #[test]
    fn country_codes_are_read_past_and_kept_visible() {
        for (text, number) in [
            ("+86 138 1234 5678", "138 1234 5678"),
            ("+8613812345678", "13812345678"),
            ("+86-13812345678", "13812345678"),
            ("(+86)13812345678", "13812345678"),
            ("0086-138-1234-5678", "138-1234-5678"),
            ("008613812345678", "13812345678"),
            ("＋８６　１３８１２３４５６７８", "１３８１２３４５６７８"),
        ] {
            assert_eq!(found(text), vec![(Kind::Mobile, number)], "{text}");
        }
        assert_eq!(mask("+86 13812345678"), "+86 138****5678");
    }

    #[test]
    fn separators_inside_numbers_do_not_hide_them() {
        for text in [
            "138\u{a0}1234\u{a0}5678",
            "138\u{200b}1234\u{200b}5678",
            "1\u{200b}3\u{200b}8\u{200b}1\u{200b}2\u{200b}3\u{200b}4\u{200b}5\u{200b}6\u{200b}7\u{200b}8",
            "138\u{3000}1234\u{3000}5678",
            "138－1234－5678",
            "138.1234.5678",
            "(138)1234-5678",
            "（138）1234 5678",
            "138 12345678",
            "1381234\u{2014}5678",
        ] {
            let findings = find(text);
            assert_eq!(findings.len(), 1, "{text:?}");
            assert_eq!(findings[0].kind, Kind::Mobile, "{text:?}");
            let masked = mask(text);
            assert_eq!(masked.len(), text.len());
            assert!(find(&masked).is_empty(), "{masked:?}");
            let hidden = masked.chars().filter(|&c| c == '*' || c == '＊').count();
            assert_eq!(hidden, 4, "{masked:?}");
        }
    }

    #[test]
    fn ids_written_in_blocks_are_found() {
        for text in [
            "350102 19900307 1234",
            "350102-19900307-1234",
            "350102\u{3000}1990\u{3000}0307\u{3000}1234",
            "110105 19491231 002X",
            "110105 194912 31002X",
        ] {
            let findings = find(text);
            assert_eq!(findings.len(), 1, "{text:?}");
            assert_eq!(findings[0].kind, Kind::IdNumber, "{text:?}");
            assert_eq!(findings[0].end, text.len(), "{text:?}");
        }
        assert_eq!(mask("110105 19491231 002X"), "11**** ******** **2X");
        assert_eq!(
            found("6222\u{3000}0212\u{3000}3456\u{3000}7890"),
            vec![(Kind::BankCard, "6222\u{3000}0212\u{3000}3456\u{3000}7890")]
        );
    }

    #[test]
    fn dates_ranges_amounts_and_landlines_are_not_personal_numbers() {
        for text in [
            "公示期 2013.07.01-2013.07.05",
            "2013-07-01 2013-07-05",
            "2013-07-01-2013-07-05",
            "2013.07.01.2013.07.05",
            "2013年7月1日至2013年7月5日",
            "| 2013-07-05 | 2013-07-06 |",
            "金额 1 234 567.89 元",
            "12,345,678.90",
            "13812.345678",
            "0357-6821001",
            "(0357)6821001",
            "0357 682 1001",
            "2013-07-05 13:45",
            "记-012 记-013 记-014 记-015",
            "第 1 2 3 4 5 6 7 8 9 10 11 项",
            "① ② ③",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", found(text));
        }
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
        assert!(find("13812345678abc").is_empty());
        // Letters before a mobile or an ID are its label, not a code.
        assert_eq!(find("TEL13812345678").len(), 1);
        assert_eq!(find("ID350102199003071234").len(), 1);
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
