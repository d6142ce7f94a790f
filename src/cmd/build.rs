//! `gongkai build`: check every record and write the site, or nothing.

use super::{Outcome, Usage, fail, options, output_folder, print_held_back, print_report};
use crate::cli::BuildArgs;
use crate::output::interrupt;
use crate::progress::Progress;
use crate::site;
use indicatif::HumanCount;
use jiff::civil::Date;
use std::path::Path;
use std::time::Instant;

pub fn run(args: &BuildArgs, today: Date) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut opts = options(&args.site, today);
    opts.base_url = args.base_url.clone();
    opts.force = args.force;
    interrupt::install();
    let here = Path::new(".");
    let out = output_folder(args.out.as_deref(), &opts.site_dir, here);
    let progress = Progress::for_terminal(args.quiet);
    let result = site::build_with(&opts, &out, &progress);
    if let Some(signal) = interrupt::requested() {
        eprintln!(
            "{}",
            if result.is_ok() {
                "已停止：收到停止信号时网站已经写完"
            } else {
                "已停止：没有写完的临时文件已删除，输出文件夹保持原样"
            }
        );
        return Ok(Outcome::Interrupted(signal));
    }
    let (built, report) = match result {
        Ok(done) => done,
        Err(report) if report.bad_usage => {
            print_report(&report);
            return Err(Usage("未生成网站".into()).into());
        }
        Err(report) => return Ok(fail(&report, "未生成网站，输出文件夹保持原样")),
    };
    print_report(&report);
    if !args.quiet {
        let s = &built.stats;
        println!(
            "已生成 {} 个文件（{} 条公开记录），写入 {}，未变 {}，删除 {}，用时 {:.1} 秒",
            HumanCount(built.files as u64),
            HumanCount(built.site.disclosures.len() as u64),
            HumanCount(s.written as u64),
            HumanCount(s.unchanged as u64),
            HumanCount(s.removed as u64),
            started.elapsed().as_secs_f64()
        );
        if args.out.is_none() && opts.site_dir == here {
            println!("网站写在站点文件夹旁边的 {}", out.display());
        }
        print_held_back(&built.site);
    }
    Ok(Outcome::Done)
}
