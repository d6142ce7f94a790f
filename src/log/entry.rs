//! Log entries and the entry bundles that hold them.
//!
//! An entry says that on the build's `--today` a version of a record was
//! published: which record (path, kind, unit, title), which version
//! (its number and the SHA-256 of its canonical JSON), its `published`
//! date and, after the first version, the clerk's reason for the change.
//! It is itself canonical JSON (keys sorted, no whitespace), so its bytes
//! are fixed by its content:
//!
//! ```text
//! {"kind":"disclosure","path":"disclosures/2013/x.md","published":"2013-07-03","reason":null,"record":"9f86…","title":"…","today":"2013-07-05","unit":"xiguan","version":1,"withdrawn":null}
//! ```
//!
//! Entries are stored 256 to an entry bundle (C2SP tlog-tiles), each
//! preceded by its length as a big-endian 16-bit number; see docs/log.md.

use crate::domain::dates::parse_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One entry of the log: a version of a record, published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The record file, relative to the site folder.
    pub path: String,
    /// `disclosure`, `plan`, `report`, `indicator` or `page`.
    pub kind: String,
    /// The unit id, for records that belong to one.
    pub unit: Option<String>,
    pub title: String,
    /// 1 for the first version, then 2, 3, … for each change.
    pub version: u32,
    /// The record's `published` date (free pages and indicators may have
    /// none).
    pub published: Option<Date>,
    /// The `--today` of the build that logged this version.
    pub today: Date,
    /// Why this version replaced the one before (its correction's reason);
    /// `None` for a first version.
    pub reason: Option<String>,
    /// When the record was withdrawn, for the version that withdraws it.
    pub withdrawn: Option<Date>,
    /// Lower-case hex SHA-256 of the version's canonical JSON.
    pub record: String,
}

/// An entry as it is read: every key, in sorted order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    kind: String,
    path: String,
    published: Option<String>,
    reason: Option<String>,
    record: String,
    title: String,
    today: String,
    unit: Option<String>,
    version: u32,
    withdrawn: Option<String>,
}

/// An entry as it is written: the keys of [`Wire`] in the same sorted
/// order, borrowing the entry's text rather than copying it.
#[derive(Serialize)]
struct WireOut<'a> {
    kind: &'a str,
    path: &'a str,
    published: Option<&'a str>,
    reason: Option<&'a str>,
    record: &'a str,
    title: &'a str,
    today: &'a str,
    unit: Option<&'a str>,
    version: u32,
    withdrawn: Option<&'a str>,
}

/// Why bytes are not an entry, or not a bundle of entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry(pub String);

impl fmt::Display for BadEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadEntry {}

impl Entry {
    /// The entry's bytes: canonical JSON. Written from borrowed fields:
    /// every entry a build appends or reads is written once.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let (published, today, withdrawn) = (
            self.published.map(|d| d.to_string()),
            self.today.to_string(),
            self.withdrawn.map(|d| d.to_string()),
        );
        let wire = WireOut {
            kind: &self.kind,
            path: &self.path,
            published: published.as_deref(),
            reason: self.reason.as_deref(),
            record: &self.record,
            title: &self.title,
            today: &today,
            unit: self.unit.as_deref(),
            version: self.version,
            withdrawn: withdrawn.as_deref(),
        };
        serde_json::to_vec(&wire).expect("an entry is plain data")
    }

    /// Reads an entry. Anything but the exact bytes [`Entry::to_bytes`]
    /// writes is refused, so that one content has one leaf hash.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Entry, BadEntry> {
        let wire: Wire = serde_json::from_slice(bytes)
            .map_err(|e| BadEntry(format!("条目不是日志条目的 JSON：{e}")))?;
        let date = |text: &str, field: &str| {
            parse_date(text).map_err(|e| BadEntry(format!("条目的 {field} 不是日期：{e}")))
        };
        let entry = Entry {
            published: wire
                .published
                .as_deref()
                .map(|d| date(d, "published"))
                .transpose()?,
            today: date(&wire.today, "today")?,
            withdrawn: wire
                .withdrawn
                .as_deref()
                .map(|d| date(d, "withdrawn"))
                .transpose()?,
            path: wire.path,
            kind: wire.kind,
            unit: wire.unit,
            title: wire.title,
            version: wire.version,
            reason: wire.reason,
            record: wire.record,
        };
        let is_hex = entry.record.len() == 64
            && entry
                .record
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !is_hex {
            return Err(BadEntry(format!(
                "条目的 record 应为 64 位小写十六进制的 SHA-256，实为“{}”",
                entry.record
            )));
        }
        if entry.to_bytes() != bytes {
            return Err(BadEntry(
                "条目不是规范格式的 JSON（键的顺序、空白或转义不同）".into(),
            ));
        }
        Ok(entry)
    }
}

/// The longest entry a bundle can hold: its length takes 16 bits.
/// `append::plan` refuses a longer one at its record.
pub(crate) const MAX_ENTRY_BYTES: usize = u16::MAX as usize;

/// An entry bundle: each entry's length (big-endian, 16 bits), then its
/// bytes.
pub(crate) fn encode_bundle(entries: &[impl AsRef<[u8]>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| 2 + e.as_ref().len()).sum());
    for entry in entries.iter().map(AsRef::as_ref) {
        let len = u16::try_from(entry.len()).expect("an entry's length fits the bundle's 16 bits");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    out
}

/// The entries of a bundle, in order.
pub fn decode_bundle(mut bytes: &[u8]) -> Result<Vec<&[u8]>, BadEntry> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        let [hi, lo, rest @ ..] = bytes else {
            return Err(BadEntry("条目包在长度字段中间结束".into()));
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if rest.len() < len {
            return Err(BadEntry("条目包在条目中间结束".into()));
        }
        entries.push(&rest[..len]);
        bytes = &rest[len..];
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn entry() -> Entry {
        Entry {
            path: "disclosures/2013/西关村.md".into(),
            kind: "disclosure".into(),
            unit: Some("xiguan".into()),
            title: "西关村“二季度”财务公开".into(),
            version: 2,
            published: Some(date(2013, 7, 3)),
            today: date(2013, 7, 5),
            reason: Some("第3笔支出金额录入错误".into()),
            withdrawn: None,
            record: "ab".repeat(32),
        }
    }

    #[test]
    fn an_entry_is_sorted_compact_json_and_reads_back() {
        let bytes = entry().to_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with(r#"{"kind":"disclosure","path":"disclosures/2013/西关村.md","published":"2013-07-03","reason":"#));
        assert!(
            text.ends_with(r#""today":"2013-07-05","unit":"xiguan","version":2,"withdrawn":null}"#)
        );
        assert_eq!(Entry::from_bytes(&bytes).unwrap(), entry());
    }

    #[test]
    fn non_canonical_bytes_are_refused() {
        let text = String::from_utf8(entry().to_bytes()).unwrap();
        let spaced = text.replacen(",", ", ", 1);
        assert!(Entry::from_bytes(spaced.as_bytes()).is_err());
        let extra = text.replacen("{", r#"{"extra":1,"#, 1);
        assert!(Entry::from_bytes(extra.as_bytes()).is_err());
        let upper = text.replace(&"ab".repeat(32), &"AB".repeat(32));
        assert!(Entry::from_bytes(upper.as_bytes()).is_err());
    }

    #[test]
    fn bundles_round_trip_and_truncation_is_caught() {
        let a = entry().to_bytes();
        let b = b"{}".to_vec();
        let bundle = encode_bundle(&[a.as_slice(), b.as_slice()]);
        assert_eq!(&bundle[..2], &(a.len() as u16).to_be_bytes());
        assert_eq!(
            decode_bundle(&bundle).unwrap(),
            vec![a.as_slice(), b.as_slice()]
        );
        assert!(decode_bundle(&bundle[..bundle.len() - 1]).is_err());
        assert!(decode_bundle(&bundle[..1]).is_err());
        assert_eq!(decode_bundle(&[]).unwrap(), Vec::<&[u8]>::new());
    }
}
