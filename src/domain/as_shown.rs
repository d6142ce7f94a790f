//! Personal numbers that markup hides from a scan of the source but not
//! from a reader: `138**1234**5678`, ``138`1234`5678``,
//! `138<span>1234</span>5678` and `&#49;3812345678` all show a whole
//! mobile number on the page.
//!
//! The scan of [`privacy::find`] reads the file as written. Here the file
//! is read as shown: Markdown's emphasis, code and strike marks, backslash
//! escapes and HTML tags are read through, numeric character references
//! are decoded and `&nbsp;` is a space. A number found in that reading and
//! not in the source is reported at the source's bytes it came from. The
//! reading is made only for a text in which such markup touches a digit,
//! so the plain record costs one pass over its bytes.

use super::privacy::{self, Finding};

/// Numbers a reader sees in `source` that the scan of the source, `plain`
/// (what [`privacy::find`] found in it), does not, each with the byte range
/// of the source that shows it.
pub(crate) fn hidden_numbers(source: &str, plain: &[Finding]) -> Vec<Finding> {
    if !markup_touches_a_digit(source) {
        return Vec::new();
    }
    let reading = Reading::of(source);
    privacy::find(&reading.text)
        .into_iter()
        .map(|f| Finding {
            start: reading.source_at[f.start],
            end: reading.source_at[f.end],
            kind: f.kind,
        })
        .filter(|f| !plain.iter().any(|p| p.start < f.end && f.start < p.end))
        .collect()
}

/// The marks read through, and the starts of what is decoded.
fn is_markup(b: u8) -> bool {
    matches!(b, b'*' | b'_' | b'~' | b'`' | b'\\' | b'<' | b'&')
}

/// Whether a mark stands next to a digit (or starts an entity anywhere: it
/// may be a digit itself).
fn markup_touches_a_digit(source: &str) -> bool {
    let bytes = source.as_bytes();
    bytes.windows(2).any(|w| {
        (w[0].is_ascii_digit() && is_markup(w[1]))
            || (is_markup(w[0]) && w[1].is_ascii_digit())
            || (w[0] == b'&' && w[1] == b'#')
            || (w[0] == b'>' && w[1].is_ascii_digit())
            || (w[0].is_ascii_digit() && w[1] == b'<')
    }) || source.contains("\u{FF10}") // a full-width digit: rare, read the slow way
}

/// The source as shown, with the source's byte offset of each byte of it
/// (and one past the end).
struct Reading {
    text: String,
    source_at: Vec<usize>,
}

impl Reading {
    fn of(source: &str) -> Reading {
        let mut reading = Reading {
            text: String::with_capacity(source.len()),
            source_at: Vec::with_capacity(source.len() + 1),
        };
        let mut i = 0;
        while let Some(c) = source[i..].chars().next() {
            let taken = match c {
                '*' | '_' | '~' | '`' => c.len_utf8(),
                '\\' => 1,
                '<' => tag_length(&source[i..]).unwrap_or_else(|| reading.keep(c, i)),
                '&' => match entity(&source[i..]) {
                    Some((shown, len)) => {
                        reading.push(shown, i);
                        len
                    }
                    None => reading.keep(c, i),
                },
                _ => reading.keep(c, i),
            };
            i += taken;
        }
        reading.source_at.push(source.len());
        reading
    }

    /// Keeps a character as it is; its length in the source.
    fn keep(&mut self, c: char, at: usize) -> usize {
        self.push(c, at);
        c.len_utf8()
    }

    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.source_at.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

/// The length of an HTML tag or comment starting `text` (`<span …>`,
/// `</b>`, `<!-- -->`), if it is one.
fn tag_length(text: &str) -> Option<usize> {
    let next = *text.as_bytes().get(1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
        return None;
    }
    text.find('>').map(|end| end + 1)
}

/// The character a character reference starting `text` shows, and its
/// length: `&#49;`, `&#x31;`, `&nbsp;`.
fn entity(text: &str) -> Option<(char, usize)> {
    // A byte search: the twelfth byte may fall inside a character.
    let end = text.as_bytes()[..text.len().min(12)]
        .iter()
        .position(|&b| b == b';')?;
    let name = &text[1..end];
    let shown = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
    } else if let Some(decimal) = name.strip_prefix('#') {
        char::from_u32(decimal.parse().ok()?)?
    } else if name == "nbsp" {
        ' '
    } else {
        return None;
    };
    Some((shown, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(source: &str) -> Vec<&str> {
        hidden_numbers(source, &privacy::find(source))
            .iter()
            .map(|f| &source[f.start..f.end])
            .collect()
    }

    #[test]
    fn numbers_split_or_encoded_by_markup_are_found_at_their_source() {
        assert_eq!(shown("电话138**1234**5678。"), ["138**1234**5678"]);
        assert_eq!(shown("电话138`1234`5678"), ["138`1234`5678"]);
        assert_eq!(
            shown("电话138<span>1234</span>5678"),
            ["138<span>1234</span>5678"]
        );
        assert_eq!(shown("电话&#49;3812345678"), ["&#49;3812345678"]);
        assert_eq!(shown("电话&#x31;38 1234 5678"), ["&#x31;38 1234 5678"]);
        assert_eq!(shown("电话138\\-1234\\-5678"), ["138\\-1234\\-5678"]);
    }

    #[test]
    fn an_ampersand_before_chinese_text_is_read_as_it_is() {
        assert!(shown("&a土地发包 138").is_empty());
        assert!(shown("&#土地；13812345678").is_empty());
    }

    #[test]
    fn what_the_source_scan_finds_or_nothing_hides_is_not_repeated() {
        assert!(shown("电话13812345678，**已核实**").is_empty());
        assert!(shown("共**5**户，金额**1,234.00**元").is_empty());
        assert!(shown("2013年**7**月**5**日").is_empty());
        assert!(shown("a < 3 && b > 4").is_empty());
    }
}
