//! What a build adds to the log: one entry for each published record whose
//! version is not the one last logged for it.

use super::canonical::{self, RecordJson};
use super::{Entry, Log};
use crate::records::kind::RecordKind;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// A record this build publishes, as the log sees it.
#[derive(Clone, Debug)]
pub struct Published {
    pub kind: RecordKind,
    pub unit: Option<String>,
    pub title: String,
    pub published: Option<Date>,
    /// The reason of its latest correction, if it has any.
    pub correction: Option<String>,
    pub record: RecordJson,
}

/// An entry this build appends, with the canonical JSON it names.
#[derive(Clone, Debug)]
pub struct Pending {
    pub entry: Entry,
    pub json: Vec<u8>,
}

/// The entries a build on `today` appends to `log` for the `published`
/// records: one for each record never logged, or whose canonical JSON
/// differs from its latest logged version; in the order of their paths.
pub fn plan(log: &Log, published: Vec<Published>, today: Date) -> Vec<Pending> {
    let latest = log.latest();
    let by_path: BTreeMap<String, Published> = published
        .into_iter()
        .map(|p| (p.record.path.clone(), p))
        .collect();
    by_path
        .into_values()
        .filter_map(|p| {
            let before = latest.get(p.record.path.as_str());
            if before.is_some_and(|e| e.record == p.record.sha256) {
                return None;
            }
            let version = before.map_or(1, |e| e.version + 1);
            let entry = Entry {
                path: p.record.path,
                kind: canonical::kind_id(p.kind).to_string(),
                unit: p.unit,
                title: p.title,
                version,
                published: p.published,
                today,
                reason: if version > 1 { p.correction } else { None },
                withdrawn: None,
                record: p.record.sha256,
            };
            Some(Pending {
                entry,
                json: p.record.json,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Origin, parse};
    use jiff::civil::date;

    fn published(path: &str, yaml: &str) -> Published {
        let tree = parse(yaml, Origin::default()).unwrap();
        Published {
            kind: RecordKind::Disclosure,
            unit: Some("xiguan".into()),
            title: "标题".into(),
            published: Some(date(2013, 7, 3)),
            correction: Some("更正原因".into()),
            record: canonical::record_json(RecordKind::Disclosure, path, &tree, "", None),
        }
    }

    #[test]
    fn only_new_and_changed_versions_are_appended_in_path_order() {
        let today = date(2013, 7, 5);
        let first = plan(
            &Log::default(),
            vec![published("b.md", "a: 1\n"), published("a.md", "a: 1\n")],
            today,
        );
        let paths: Vec<_> = first.iter().map(|p| p.entry.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md"]);
        assert!(
            first
                .iter()
                .all(|p| p.entry.version == 1 && p.entry.reason.is_none())
        );

        let mut log = Log::default();
        first.into_iter().for_each(|p| log.push(p.entry));
        let second = plan(
            &log,
            vec![published("a.md", "a: 1\n"), published("b.md", "a: 2\n")],
            date(2013, 7, 9),
        );
        assert_eq!(second.len(), 1);
        let e = &second[0].entry;
        assert_eq!((e.path.as_str(), e.version), ("b.md", 2));
        assert_eq!(e.reason.as_deref(), Some("更正原因"));
        assert_eq!(e.today, date(2013, 7, 9));
    }
}
