//! The site's transparency log within a run: the key that signs a build,
//! the log read and checked with what this run would append, and the
//! earlier versions of records read back for their pages.

use super::*;

/// The key that signs this build's log: required, and the private half of
/// `log.key`, when site.yaml has `log:`; unused otherwise.
pub(super) fn signer_for<'k>(
    config: &Config,
    key: Option<&'k SigningKey>,
) -> Result<Option<&'k SigningKey>, Box<Diagnostic>> {
    let Some(settings) = &config.log else {
        return Ok(None);
    };
    let Some(key) = key else {
        return Err(Box::new(
            Diagnostic::error(
                "site.yaml",
                None,
                "site.yaml 设了 log:（透明日志），生成网站需要签名私钥",
            )
            .with_help(format!(
                "加 --signing-key 私钥文件，或设环境变量 {}；私钥由 gongkai keygen 生成",
                crate::log::keyfile::KEY_ENV
            )),
        ));
    };
    if !key.matches(&settings.key) {
        return Err(Box::new(
            Diagnostic::error(
                "site.yaml",
                None,
                format!(
                    "签名私钥（日志“{}”）与 site.yaml 中 log.key 的公钥不是一对",
                    key.origin()
                ),
            )
            .with_help("用与 log.key 同一次 gongkai keygen 生成的私钥文件"),
        ));
    }
    Ok(Some(key))
}

/// Copies the site's `static/` attachments into the output.
/// The site's transparency log, when site.yaml has `log:`: read from the
/// site folder and checked, with what a build on this day would append for
/// the published records, whose canonical JSON is `versions`.
pub(super) fn read_log(
    opts: &Options,
    site: &Site,
    versions: Vec<RecordJson>,
) -> (Option<SiteLog>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(settings) = site.config.log.as_ref() else {
        return (None, diags);
    };
    let records = log_publish::Records {
        disclosures: &site.disclosures,
        pages: &site.pages,
        plans: &site.plans,
        reports: &site.reports,
        indicators: &site.indicators,
    };
    let found = log_publish::site_log(
        &opts.site_dir,
        &settings.key,
        &records,
        versions,
        opts.today,
        &mut diags,
    );
    (found, diags)
}

/// The earlier versions of the site's records, each read back from its
/// canonical JSON through the reader of its kind and computed on this
/// day, as the current version is. A version today's rules no longer read
/// gets no page (its JSON stays the record of it), and a warning says so.
pub(super) fn read_earlier(
    site: &Site,
    site_log: &SiteLog,
    records: &compute::Records,
    diags: &mut Diagnostics,
) -> Vec<EarlierVersion> {
    let earlier =
        crate::log::history::earlier(&site_log.log, &site_log.versions, &site_log.pending);
    let indicator_ids: BTreeSet<String> = site.indicators.iter().map(|i| i.id.clone()).collect();
    let by_id: BTreeMap<&str, &Series> = records
        .series
        .iter()
        .map(|s| (s.indicator.id.as_str(), s))
        .collect();
    let read: Vec<(Option<EarlierVersion>, Option<Diagnostic>)> = earlier
        .into_par_iter()
        .map(|e| {
            let unreadable = || unreadable_version(e.path, e.mark.version);
            let Ok(version) = crate::log::canonical::version_of(e.json) else {
                return (None, Some(unreadable()));
            };
            let mut found = Diagnostics::new();
            match read_version(&version, records, &indicator_ids, &by_id, &mut found) {
                Some(record) if !found.has_errors() => (
                    Some(EarlierVersion {
                        mark: e.mark,
                        record,
                    }),
                    None,
                ),
                _ => (None, Some(unreadable())),
            }
        })
        .collect();
    let mut out = Vec::new();
    for (version, warning) in read {
        out.extend(version);
        if let Some(w) = warning {
            diags.push(w);
        }
    }
    out
}

/// One earlier version's record, read from `v` as its kind's reader reads
/// a file (an indicator's CSV data from the text `v` kept, not the file as
/// it is now).
pub(super) fn read_version(
    v: &crate::log::canonical::Version,
    records: &compute::Records,
    indicator_ids: &BTreeSet<String>,
    by_id: &BTreeMap<&str, &Series>,
    diags: &mut Diagnostics,
) -> Option<EarlierRecord> {
    let (doc, config, today) = (&v.document, records.config, records.today);
    Some(match v.kind {
        RecordKind::Disclosure => {
            let d = disclosure::read(doc, config, diags)?;
            let figures = compute::disclosure_figures(&d, today);
            EarlierRecord::Disclosure(Box::new(d), figures)
        }
        RecordKind::Plan => {
            let p = plan::read(doc, config, indicator_ids, diags)?;
            let figures = compute::plan_figures(&p, today);
            EarlierRecord::Plan(Box::new(p), figures)
        }
        RecordKind::Report => {
            let r = report_record::read(doc, config, diags)?;
            let text = compute::quotes::resolve(&r, by_id, records, diags);
            EarlierRecord::Report(Box::new(r), text)
        }
        RecordKind::Page => EarlierRecord::Page(Box::new(page::read(doc, config, diags)?)),
        RecordKind::Indicator => {
            let csv = v.csv.as_ref().map(|(p, t)| (p.as_str(), t.as_str()));
            let i = indicator::read_from(doc, config, indicator::DataFile::Kept(csv), diags)?;
            EarlierRecord::Indicator(Box::new(i))
        }
    })
}

/// The warning for an earlier version that no longer reads.
pub(super) fn unreadable_version(path: &str, version: u32) -> Diagnostic {
    Diagnostic::warning(
        path,
        None,
        format!("这条记录的第 {version} 版按现在的规则读不出来，不生成它的页面"),
    )
    .with_help("这一版的原文仍在透明日志 log/records/ 中公开，页面上的版本列表链接到它；无须处理")
}

/// Links each version in the records' histories to its page, for the
/// versions that have one.
pub(super) fn link_earlier(
    histories: &mut BTreeMap<String, RecordHistory>,
    earlier: &[EarlierVersion],
) {
    for e in earlier {
        let line = histories
            .get_mut(e.path())
            .and_then(|h| h.history.iter_mut().find(|l| l.version == e.mark.version));
        if let Some(line) = line {
            line.page = Some(crate::log::history::page_of(e.mark.version));
        }
    }
}
