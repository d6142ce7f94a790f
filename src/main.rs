//! Thin entry point: parse the command line, run the pipeline, print the
//! findings, map the outcome to the exit status (0 success, 1 the records
//! have errors, 2 bad usage — clap exits with 2 itself).

use clap::Parser;
use gongkai::cli::{Cli, Command, SiteArgs};
use gongkai::site::{self, Options, Report};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let started = Instant::now();
            let mut opts = options(&args.site);
            opts.base_url = args.base_url.clone();
            match site::build(&opts, &args.out) {
                Ok((built, report)) => {
                    print_report(&report);
                    if !args.quiet {
                        let s = &built.stats;
                        println!(
                            "已生成 {} 个文件（{} 条公开记录），写入 {}，未变 {}，删除 {}，用时 {:.1} 秒",
                            built.files,
                            built.site.disclosures.len(),
                            s.written,
                            s.unchanged,
                            s.removed,
                            started.elapsed().as_secs_f64()
                        );
                        print_held_back(&built.site);
                    }
                    ExitCode::SUCCESS
                }
                Err(report) => fail(&report, "未生成网站，输出文件夹保持原样"),
            }
        }
        Command::Check(args) => {
            let opts = options(&args.site);
            match site::check(&opts) {
                (Some(site), report) => {
                    print_report(&report);
                    println!(
                        "检查通过：{} 条公开记录，{} 个页面",
                        site.disclosures.len(),
                        site.pages.len()
                    );
                    print_held_back(&site);
                    ExitCode::SUCCESS
                }
                (None, report) => fail(&report, "检查未通过"),
            }
        }
    }
}

fn options(args: &SiteArgs) -> Options {
    Options {
        site_dir: args.site.clone(),
        today: args
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        base_url: None,
        drafts: args.drafts,
    }
}

fn print_report(report: &Report) {
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render());
    }
}

fn print_held_back(site: &site::Site) {
    let h = site.held_back;
    if h.drafts > 0 {
        println!("另有 {} 条草稿未发布（加 --drafts 可预览）", h.drafts);
    }
    if h.future > 0 {
        println!(
            "另有 {} 条记录的发布日期晚于今天（{}），暂不发布",
            h.future, site.today
        );
    }
}

fn fail(report: &Report, what: &str) -> ExitCode {
    print_report(report);
    eprintln!(
        "{what}：{} 个错误，{} 个警告",
        report.diagnostics.error_count(),
        report.diagnostics.warning_count()
    );
    ExitCode::from(1)
}
