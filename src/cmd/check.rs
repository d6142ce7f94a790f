//! `gongkai check`: read and check every record, write nothing.

use super::{Outcome, fail, options, print_held_back, print_report, print_timings};
use crate::cli::CheckArgs;
use crate::progress::Progress;
use crate::site;
use jiff::civil::Date;

pub fn run(args: &CheckArgs, today: Date) -> anyhow::Result<Outcome> {
    let opts = options(&args.site, today);
    let progress = Progress::for_terminal(false);
    let checked = site::check_with(&opts, &progress);
    progress.finish();
    print_timings(&progress);
    match checked {
        (Some(site), report) => {
            print_report(&report);
            println!(
                "检查通过：{} 条公开记录，{} 个页面",
                site.disclosures.len(),
                site.pages.len()
            );
            print_held_back(&site);
            Ok(Outcome::Done)
        }
        (None, report) => Ok(fail(&report, "检查未通过")),
    }
}
