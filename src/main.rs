//! Thin entry point: parse the command line, run the pipeline, print the
//! findings, map the outcome to the exit status (0 success, 1 the records
//! have errors, 2 bad usage — clap exits with 2 itself).

use clap::Parser;
use gongkai::cli::{Cli, Command, SiteArgs};
use gongkai::progress::Progress;
use gongkai::scaffold;
use gongkai::site::{self, Options, Report};
use indicatif::HumanCount;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let started = Instant::now();
            let mut opts = options(&args.site);
            opts.base_url = args.base_url.clone();
            let progress = Progress::for_terminal(args.quiet);
            match site::build_with(&opts, &args.out, &progress) {
                Ok((built, report)) => {
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
                        print_held_back(&built.site);
                    }
                    ExitCode::SUCCESS
                }
                Err(report) => fail(&report, "未生成网站，输出文件夹保持原样"),
            }
        }
        Command::Check(args) => {
            let opts = options(&args.site);
            let progress = Progress::for_terminal(false);
            let checked = site::check_with(&opts, &progress);
            progress.finish();
            match checked {
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
        Command::Serve(args) => {
            let opts = options(&args.site);
            let addr = std::net::SocketAddr::new(args.bind, args.port);
            match gongkai::serve::run(opts, addr) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::New(args) => {
            let today = args.today.unwrap_or_else(system_today);
            match scaffold::new_record(args.kind, &args.path, args.site.as_deref(), today) {
                Ok(created) => {
                    for note in &created.notes {
                        eprintln!("注意：{note}");
                    }
                    println!(
                        "已新建{}记录 {}：照着示例改写各字段，改完运行 gongkai check 检查",
                        scaffold::label(args.kind),
                        created.path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init(args) => init(args),
        Command::Import(args) => match gongkai::import::run(&args) {
            Ok(done) => {
                println!("{done}");
                ExitCode::SUCCESS
            }
            Err(gongkai::import::Failure::Usage(e)) => {
                eprintln!("错误：{e}");
                ExitCode::from(2)
            }
            Err(gongkai::import::Failure::Errors(errors)) => {
                for e in &errors {
                    eprintln!("错误：{e}");
                }
                eprintln!("未导入：{} 个错误，没有写出任何文件", errors.len());
                ExitCode::from(1)
            }
        },
    }
}

fn system_today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

fn init(args: gongkai::cli::InitArgs) -> ExitCode {
    use std::io::IsTerminal;
    let today = args.today.unwrap_or_else(system_today);
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| "https://gongkai.example.cn/".to_string());
    let site = match (&args.name, &args.units) {
        (Some(name), Some(units)) => match scaffold::parse_units(units) {
            Ok(units) => scaffold::NewSite {
                name: name.clone(),
                id: args.id.clone().unwrap_or_else(|| "zhen".to_string()),
                units,
                base_url,
                today,
            },
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(2);
            }
        },
        _ if std::io::stdin().is_terminal() => match scaffold::prompt(today, base_url) {
            Ok(site) => site,
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "错误：请用 --name 给出乡镇名称、用 --units 列出所属单位，例如\n  gongkai init {} --name 梨园镇 --id liyuan --units 西关村:xiguan,东庄村:dongzhuang",
                args.dir.display()
            );
            return ExitCode::from(2);
        }
    };
    match scaffold::init(&args.dir, &site) {
        Ok(files) => {
            println!(
                "已新建站点 {}：\n{}下一步：gongkai serve --site {} 预览，照着示例改写记录",
                args.dir.display(),
                scaffold::listing(&files),
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(1)
        }
    }
}

fn options(args: &SiteArgs) -> Options {
    Options {
        site_dir: args.site.clone(),
        today: args.today.unwrap_or_else(system_today),
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
