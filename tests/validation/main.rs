//! Every validation rule of the record contract, one test each: a fixture
//! site with exactly one mistake, checked through the library, and the
//! diagnostic it must give — the file, the line (and column) of the value at
//! fault, and the words the clerk reads. Then the command line: exit
//! statuses, the printed report, and a failed build that leaves the previous
//! output as it was.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod cli;
mod decision;
mod fields;
mod finance;
mod links;
mod load;
mod names;
mod party;
mod privacy;
mod site_yaml;

use common::*;
use gongkai::diagnostics::{Diagnostic, Severity};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
#[allow(unused_imports)]
use {
    bounds::*, cli::*, decision::*, fields::*, finance::*, links::*, load::*, names::*, party::*,
    privacy::*, site_yaml::*,
};

const NOTICE_MD: &str = "disclosures/2013/xiguan-dibao.md";
const FINANCE_MD: &str = "disclosures/2013/xiguan-q2.md";
const DECISION_MD: &str = "disclosures/2013/xiguan-cundao.md";
const PARTY_MD: &str = "disclosures/2013/xiguan-fazhan.md";

/// Asserts where a diagnostic points and that its message says `words`.
#[track_caller]
fn assert_diag(d: &Diagnostic, path: &str, at: (u32, u32), words: &str) {
    assert_eq!(d.path, path, "{d:#?}");
    assert_eq!(place(d), at, "line and column of {d:#?}");
    assert!(d.message.contains(words), "message lacks “{words}”: {d:#?}");
}

#[track_caller]
fn assert_help(d: &Diagnostic, words: &str) {
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.contains(words), "help lacks “{words}”: {d:#?}");
}

fn site_error(yaml: &str) -> Diagnostic {
    one_error(&[("site.yaml", yaml)])
}

// ---------------------------------------------------------------- fixtures

#[test]
fn fixtures_pass_without_any_finding() {
    let (site, diags) = check(&[
        (NOTICE_MD, NOTICE),
        (FINANCE_MD, FINANCE),
        (DECISION_MD, DECISION),
        (PARTY_MD, PARTY),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
    let site = site.expect("the fixture site passes");
    assert_eq!(site.disclosures.len(), 4);
}
