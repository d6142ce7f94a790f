//! `gongkai build`: check every record and write the site, or nothing.

use super::{
    Outcome, Usage, fail, options, output_folder, print_held_back, print_passed_report,
    print_report,
};
use crate::cli::BuildArgs;
use crate::log::{SigningKey, keyfile};
use crate::output::interrupt;
use crate::progress::Progress;
use crate::site;
use indicatif::HumanCount;
use jiff::civil::Date;
use std::path::Path;
use std::time::Instant;

pub(crate) fn run(args: &BuildArgs, today: Date) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut opts = options(&args.site, today);
    opts.base_url = args.base_url.clone();
    opts.force = args.force;
    interrupt::install();
    let here = Path::new(".");
    let out = output_folder(args.out.as_deref(), &opts.site_dir, here);
    let key = signing_key(args, &opts.site_dir, &out)?;
    let progress = Progress::for_terminal(args.quiet);
    let result = site::build_with(&opts, &out, key.as_ref(), &progress, today);
    super::print_timings(&progress);
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
        Err(report) if report.partly_written => {
            return Ok(fail(&report, "未生成完：输出文件夹只更新了一部分"));
        }
        Err(report) => return Ok(fail(&report, "未生成网站，输出文件夹保持原样")),
    };
    print_passed_report(&report);
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
        if let Some(log) = built.log {
            println!(
                "透明日志：新记 {} 个版本，共 {} 条",
                HumanCount(log.added as u64),
                HumanCount(log.size)
            );
        }
    }
    Ok(Outcome::Done)
}

/// The log's signing key: `--signing-key FILE`, else the environment
/// variable, which holds the key itself or its file's path. A key file
/// inside the site or the output folder is refused.
fn signing_key(
    args: &BuildArgs,
    site_dir: &Path,
    out: &Path,
) -> anyhow::Result<Option<SigningKey>> {
    let from_file = |path: &Path| -> anyhow::Result<SigningKey> {
        keyfile::refuse_inside(path, site_dir, out).map_err(Usage)?;
        keyfile::read(path).map_err(anyhow::Error::msg)
    };
    if let Some(path) = &args.signing_key {
        return from_file(path).map(Some);
    }
    match std::env::var(keyfile::KEY_ENV) {
        Ok(value) if value.trim().starts_with("PRIVATE+KEY+") => SigningKey::parse(&value)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("环境变量 {} 中的{e}", keyfile::KEY_ENV)),
        Ok(value) if !value.trim().is_empty() => from_file(Path::new(value.trim())).map(Some),
        _ => Ok(None),
    }
}
