//! Thin entry point: parse the command line, read the clock once, run the
//! command, map how it ended to the exit status: 0 success, 1 the records
//! have errors or the command failed, 2 bad usage (clap exits with 2 itself).

use clap::Parser;
use gongkai::cli::Cli;
use gongkai::cmd::{self, Usage};
use std::process::ExitCode;

/// mimalloc rather than the system's allocator: a build allocates and frees
/// millions of small strings on every core, and at N = 10,000 it used about
/// a tenth less CPU time. Transparent huge pages are off (`no_thp`), which
/// keeps peak memory where the system allocator had it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_broken_pipe_default();
    let cli = Cli::parse();
    // The only reading of the clock in a run; `--today` overrides it.
    let today = jiff::ZonedDateTime::now().date();
    match cmd::run(cli.command, today) {
        Ok(outcome) => outcome.into(),
        Err(e) => {
            eprintln!("错误：{e:#}");
            if e.is::<Usage>() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Lets a closed pipe end the program quietly, as it ends `grep` or `ls`:
/// Rust ignores SIGPIPE, so `gongkai check | head -1` would otherwise
/// panic on its next line of output, after the work was done, with exit
/// status 101. An interrupted build is safe either way (see `output`).
fn restore_broken_pipe_default() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists;
    // setting a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
