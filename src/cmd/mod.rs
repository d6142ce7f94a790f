//! The commands, one file each. A command takes its parsed arguments and
//! the run's one reading of the clock, does its work through the library,
//! prints what the person at the terminal needs, and says how it ended.
//!
//! clap's types stop here: the library below takes plain values.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod keygen;
pub(crate) mod new;
pub(crate) mod serve;
pub(crate) mod verify;

use crate::cli::{Command, SiteArgs};
use crate::site::{Options, Report};
use jiff::civil::Date;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How a command ended, as its exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done.
    Done,
    /// Exit 1: the clerk's files have errors, all of them printed.
    RecordErrors,
    /// Exit 128 + the signal's number (130 for Ctrl+C, 143 for SIGTERM):
    /// stopped by a signal, after cleaning up.
    Interrupted(i32),
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Done => ExitCode::SUCCESS,
            Outcome::RecordErrors => ExitCode::from(1),
            Outcome::Interrupted(signal) => {
                ExitCode::from(crate::output::interrupt::exit_status(signal))
            }
        }
    }
}

/// The command was given wrong: exit status 2, like clap's own usage errors.
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Runs `command`. `today` is the clock read once for the whole run; a
/// `--today` given on the command line takes its place.
pub fn run(command: Command, today: Date) -> anyhow::Result<Outcome> {
    crate::site::configure_threads();
    match command {
        Command::Build(args) => build::run(&args, today),
        Command::Check(args) => check::run(&args, today),
        Command::Serve(args) => serve::run(&args, today),
        Command::New(args) => new::run(&args, today),
        Command::Init(args) => init::run(&args, today),
        Command::Import(args) => import::run(&args, today),
        Command::Keygen(args) => keygen::run(&args),
        Command::Verify(args) => verify::run(&args),
    }
}

/// What the site-reading commands share: the site folder, the day, drafts.
fn options(args: &SiteArgs, today: Date) -> Options {
    Options {
        site_dir: site_folder(args.site.as_deref(), Path::new(".")),
        today: args.today.unwrap_or(today),
        base_url: None,
        drafts: args.drafts,
        force: false,
    }
}

/// The environment variable that asks `build` and `check` for the time of
/// each phase on standard error: set it to anything but empty or `0`.
pub(crate) const TIMINGS_ENV: &str = "GONGKAI_TIMINGS";

/// Prints how long each phase of the run took, and the CPU time it used
/// (more than its wall time where both cores worked), when
/// [`TIMINGS_ENV`] asks for it. For measuring, so in the developers'
/// words; the clerk never sees it.
fn print_timings(progress: &crate::progress::Progress) {
    if !std::env::var(TIMINGS_ENV).is_ok_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    let phases = progress.phases();
    let mut text = String::from("phase            wall s   cpu s\n");
    for phase in &phases {
        let cpu = phase
            .cpu
            .map_or_else(|| "—".to_string(), |c| format!("{:.2}", c.as_secs_f64()));
        text += &format!(
            "{:<14} {:>8.3} {:>7}\n",
            phase.name,
            phase.wall.as_secs_f64(),
            cpu
        );
    }
    let wall: std::time::Duration = phases.iter().map(|p| p.wall).sum();
    text += &format!("{:<14} {:>8.3}\n", "total", wall.as_secs_f64());
    eprint!("{text}");
}

/// The folder `content/` a site is kept in by default, beside `public/`.
const DEFAULT_SITE: &str = "content";

/// The site folder: `--site`, else the current folder `here` when it holds
/// a site.yaml (the clerk opened a terminal in the site folder, as `new`
/// and `import` expect), else `content/`.
pub(crate) fn site_folder(given: Option<&Path>, here: &Path) -> PathBuf {
    match given {
        Some(dir) => dir.to_path_buf(),
        None if here.join("site.yaml").is_file() => here.to_path_buf(),
        None => here.join(DEFAULT_SITE),
    }
}

/// The output folder: `--out`, else `public/` beside the site folder. Run
/// from inside the site folder, that is `../public`: an output folder inside
/// the site folder would be read as part of it.
pub(crate) fn output_folder(given: Option<&Path>, site: &Path, here: &Path) -> PathBuf {
    match given {
        Some(dir) => dir.to_path_buf(),
        None if site == here => here.join("..").join("public"),
        None => here.join("public"),
    }
}

/// Prints every finding of a run (errors and warnings) to standard error.
fn print_report(report: &Report) {
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render());
    }
}

/// Prints the findings of a run that succeeded, and how many warnings
/// there were: a long list scrolls its first lines away.
fn print_passed_report(report: &Report) {
    print_report(report);
    let warnings = report.diagnostics.warning_count();
    if warnings > 0 {
        eprintln!("共 {warnings} 个警告（见上），不影响本次结果");
    }
}

/// Prints the findings of a run that failed, and how many there were.
fn fail(report: &Report, what: &str) -> Outcome {
    print_report(report);
    eprintln!(
        "{what}：{} 个错误，{} 个警告",
        report.diagnostics.error_count(),
        report.diagnostics.warning_count()
    );
    Outcome::RecordErrors
}

/// Says which records the run left out, and how to see them.
fn print_held_back(site: &crate::site::Site) {
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
