//! `gongkai check`: read and check every record, write nothing.

use super::{Outcome, fail, options, print_held_back, print_passed_report, print_timings};
use crate::cli::CheckArgs;
use crate::compute;
use crate::diagnostics::Diagnostics;
use crate::progress::Progress;
use crate::render::templates;
use crate::site;
use jiff::civil::Date;

pub(crate) fn run(args: &CheckArgs, today: Date) -> anyhow::Result<Outcome> {
    let opts = options(&args.site, today);
    let progress = Progress::for_terminal(false);
    let checked = match site::check_with(&opts, &progress) {
        (Some(site), mut report) => {
            // Two checks of what `build` would meet next, side by side.
            let (theme, addresses) =
                rayon::join(|| theme_findings(&opts, &site), || address_findings(&site));
            let free = !theme.has_errors() && !addresses.has_errors();
            report.add_unread(theme, &opts.site_dir);
            report.add_unread(addresses, &opts.site_dir);
            report.diagnostics.sort();
            (free.then_some(site), report)
        }
        failed => failed,
    };
    progress.finish();
    print_timings(&progress);
    match checked {
        (Some(site), report) => {
            print_passed_report(&report);
            println!(
                "检查通过：{} 条公开记录，{} 个页面",
                site.disclosures.len(),
                site.pages.len()
            );
            print_held_back(&site);
            if args.external {
                print_external_links(&site);
            }
            Ok(Outcome::Done)
        }
        (None, report) => Ok(fail(&report, "检查未通过")),
    }
}

/// `check --external`: every link that leaves the site, as `file:line url`,
/// for someone to open by hand. They are never fetched: a build must not
/// depend on other sites being up.
fn print_external_links(site: &site::Site) {
    let sources = site.link_sources();
    let links = compute::links::external(&sources);
    println!(
        "外网链接 {} 个（不自动访问，请逐个打开核对）：",
        links.len()
    );
    for (path, link) in links {
        println!("{path}:{} {}", link.span.line, link.url.trim());
    }
}

/// What loading the site's theme finds: a template that does not parse,
/// or a theme that is not there, would stop `build`, so `check` says so
/// too. (Faults that only show on a page need the pages rendered: `build`.)
fn theme_findings(opts: &site::Options, site: &site::Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    templates::load(&opts.site_dir, &site.config.theme, &mut diags);
    diags
}

/// Two pages wanting one address, as `build` checks before it renders.
fn address_findings(site: &site::Site) -> Diagnostics {
    let series = compute::series::all(&site.indicators, &site.config);
    crate::render::pages::check_addresses(&site.input(&series))
}
