//! The kinds of record a site folder holds: for each, the one place that
//! says which folder it lives in, what its files end with, and what the
//! clerk calls it.

/// A kind of record, by the folder it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum RecordKind {
    /// `disclosures/**/*.md`: 党务、村务、财务公开.
    Disclosure,
    /// `pages/**/*.md`: free pages (about, contact).
    Page,
    /// `indicators/**/*.yaml`: indicator series (and the CSV files they name).
    Indicator,
    /// `plans/**/*.yaml`: key-project ledgers (重点实事).
    Plan,
    /// `reports/**/*.md`: work reports.
    Report,
}

impl RecordKind {
    /// Every kind, in the order a build reads them: indicators before the
    /// plans and reports that quote them.
    pub(crate) const ALL: [RecordKind; 5] = [
        RecordKind::Disclosure,
        RecordKind::Page,
        RecordKind::Indicator,
        RecordKind::Plan,
        RecordKind::Report,
    ];

    /// The folder of the site that holds this kind, which is also the first
    /// part of its pages' URLs.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            RecordKind::Disclosure => "disclosures",
            RecordKind::Page => "pages",
            RecordKind::Indicator => "indicators",
            RecordKind::Plan => "plans",
            RecordKind::Report => "reports",
        }
    }

    /// The extension of its record files: Markdown with front matter, or
    /// YAML through and through.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            RecordKind::Plan | RecordKind::Indicator => "yaml",
            _ => "md",
        }
    }

    /// What the clerk calls it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            RecordKind::Disclosure => "公开记录",
            RecordKind::Page => "页面",
            RecordKind::Indicator => "指标",
            RecordKind::Plan => "重点实事",
            RecordKind::Report => "工作报告",
        }
    }

    /// The kind whose folder holds `rel` (a `/`-separated path relative to
    /// the site folder).
    pub(crate) fn of_path(rel: &str) -> Option<RecordKind> {
        let folder = rel.split('/').next()?;
        RecordKind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// Whether `rel` is a record file of this kind (by its extension).
    pub(crate) fn is_record_file(self, rel: &str) -> bool {
        rel.rsplit_once('.')
            .is_some_and(|(_, ext)| ext == self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_kind() {
        assert_eq!(
            RecordKind::of_path("disclosures/2013/a.md"),
            Some(RecordKind::Disclosure)
        );
        assert_eq!(
            RecordKind::of_path("indicators/x.csv"),
            Some(RecordKind::Indicator)
        );
        assert_eq!(RecordKind::of_path("static/a.pdf"), None);
        assert_eq!(RecordKind::of_path("site.yaml"), None);
        assert!(RecordKind::Plan.is_record_file("plans/2013.yaml"));
        assert!(!RecordKind::Plan.is_record_file("plans/2013.md"));
    }
}
