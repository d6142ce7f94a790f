//! The progress bar of `build` and `check`.
//!
//! A clerk running a build on a terminal should see that something is
//! happening when it takes a while, and nothing but the summary line when
//! it does not. So the bar stays hidden for the first second and appears
//! only after; it is never drawn when standard error is not a terminal (CI
//! logs, scripts, the benchmark) or with `--quiet`.
//!
//! The stages report through [`Progress`] without knowing whether it is
//! drawn: the load counts record files, the render counts output files as
//! they reach the output folder ([`Counted`]).
//!
//! The stages also mark where each phase of the pipeline ends
//! ([`Progress::phase_done`]), so that `GONGKAI_TIMINGS=1` can say where a
//! build's time went and how much of it used both cores: a serial phase
//! shows as CPU time no greater than its wall time.

use crate::output::{OutputFile, Sink};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a build runs before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// A progress bar that may never be drawn.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Where the bar is drawn once it is due; `None` never draws.
    target: std::sync::Mutex<Option<ProgressDrawTarget>>,
    started: Instant,
    delay: Duration,
    shown: AtomicBool,
    /// Where each phase ended: its name, the clock and the process's CPU
    /// time then (`None` where the system does not tell).
    marks: std::sync::Mutex<Vec<(&'static str, Instant, Option<Duration>)>>,
    cpu_at_start: Option<Duration>,
}

/// One phase of a run: how long it took and the CPU time spent meanwhile,
/// by every thread.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Phase {
    pub(crate) name: &'static str,
    pub(crate) wall: Duration,
    pub(crate) cpu: Option<Duration>,
}

impl Progress {
    /// A bar on standard error unless `quiet` or standard error is not a
    /// terminal.
    pub(crate) fn for_terminal(quiet: bool) -> Progress {
        if quiet || !io::stderr().is_terminal() {
            Progress::hidden()
        } else {
            Progress::drawn_to(ProgressDrawTarget::stderr(), DELAY)
        }
    }

    /// A bar that is never drawn (the library's default, and tests').
    pub(crate) fn hidden() -> Progress {
        Progress::with_target(None, DELAY)
    }

    /// A bar drawn to `target` once `delay` has passed.
    pub(crate) fn drawn_to(target: ProgressDrawTarget, delay: Duration) -> Progress {
        Progress::with_target(Some(target), delay)
    }

    fn with_target(target: Option<ProgressDrawTarget>, delay: Duration) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        let style =
            ProgressStyle::with_template("{msg:8} [{bar:30}] {human_pos}/{human_len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        Progress {
            bar,
            target: std::sync::Mutex::new(target),
            started: Instant::now(),
            delay,
            shown: AtomicBool::new(false),
            marks: std::sync::Mutex::new(Vec::new()),
            cpu_at_start: process_cpu_time(),
        }
    }

    /// Marks the end of the phase `name` (the phase began where the
    /// previous one ended, or when the run started). A clock read and a
    /// small file read: cheap enough to do always.
    pub(crate) fn phase_done(&self, name: &'static str) {
        let mark = (name, Instant::now(), process_cpu_time());
        self.marks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(mark);
    }

    /// The phases marked so far, in order.
    pub(crate) fn phases(&self) -> Vec<Phase> {
        let marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        let mut since = (self.started, self.cpu_at_start);
        marks
            .iter()
            .map(|&(name, at, cpu)| {
                let phase = Phase {
                    name,
                    wall: at.saturating_duration_since(since.0),
                    cpu: cpu.zip(since.1).map(|(now, then)| now.saturating_sub(then)),
                };
                since = (at, cpu);
                phase
            })
            .collect()
    }

    /// Starts a stage of `total` steps, named as the clerk would say it.
    pub(crate) fn stage(&self, name: &'static str, total: usize) {
        self.bar.set_message(name);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.show_when_due();
    }

    /// Adds `n` more steps to the current stage.
    pub(crate) fn add_total(&self, n: usize) {
        self.bar.inc_length(n as u64);
    }

    /// One step done.
    pub(crate) fn step(&self) {
        self.bar.inc(1);
        self.show_when_due();
    }

    /// Removes the bar, before the summary line is printed.
    pub(crate) fn finish(&self) {
        if self.shown.load(Ordering::Relaxed) {
            self.bar.finish_and_clear();
        }
    }

    /// Draws the bar from now on, once the delay has passed.
    fn show_when_due(&self) {
        if self.shown.load(Ordering::Relaxed) || self.started.elapsed() < self.delay {
            return;
        }
        let Some(target) = self.target.lock().ok().and_then(|mut t| t.take()) else {
            return;
        };
        self.shown.store(true, Ordering::Relaxed);
        self.bar.set_draw_target(target);
        // Stages with long silent steps (the search index) still tick.
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }
}

/// The CPU time (user and system) this process has used so far, from
/// Linux's `/proc/self/stat`; `None` elsewhere.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    cpu_time_of_stat(&stat)
}

/// utime + stime (fields 14 and 15) of a `/proc/PID/stat` line, counted
/// after the command name's closing parenthesis (the name may hold spaces).
/// Linux reports them in clock ticks of 1/100 s on every architecture it
/// runs on (USER_HZ).
fn cpu_time_of_stat(stat: &str) -> Option<Duration> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_ascii_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

/// A sink that counts each file it passes on as one step.
pub(crate) struct Counted<'a> {
    pub(crate) inner: &'a dyn Sink,
    pub(crate) progress: &'a Progress,
}

impl Sink for Counted<'_> {
    fn put(&self, file: OutputFile) -> io::Result<()> {
        self.inner.put(file)?;
        self.progress.step();
        Ok(())
    }

    fn put_known(&self, file: OutputFile, sha256: String) -> io::Result<()> {
        self.inner.put_known(file, sha256)?;
        self.progress.step();
        Ok(())
    }

    fn expect(&self, files: usize) {
        self.progress.add_total(files);
        self.inner.expect(files);
    }

    fn phase_done(&self, name: &'static str) {
        self.progress.phase_done(name);
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::InMemoryTerm;

    fn term_progress(delay: Duration) -> (InMemoryTerm, Progress) {
        let term = InMemoryTerm::new(4, 80);
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(term.clone()), 200);
        (term, Progress::drawn_to(target, delay))
    }

    #[test]
    fn bar_appears_once_the_delay_has_passed() {
        let (term, progress) = term_progress(Duration::ZERO);
        progress.stage("生成页面", 10);
        for _ in 0..4 {
            progress.step();
        }
        std::thread::sleep(Duration::from_millis(50));
        progress.step();
        let shown = term.contents();
        assert!(shown.contains("生成页面"), "{shown:?}");
        assert!(shown.contains("/10"), "{shown:?}");
        progress.finish();
        assert!(!term.contents().contains("生成页面"), "the bar is cleared");
    }

    #[test]
    fn quick_builds_draw_nothing() {
        let (term, progress) = term_progress(Duration::from_secs(3600));
        progress.stage("生成页面", 10);
        for _ in 0..10 {
            progress.step();
        }
        progress.finish();
        assert_eq!(term.contents().trim(), "");
    }

    #[test]
    fn counted_sink_counts_what_it_passes_on() {
        let collect = crate::output::Collect::default();
        let progress = Progress::hidden();
        progress.stage("生成页面", 0);
        let counted = Counted {
            inner: &collect,
            progress: &progress,
        };
        counted.expect(2);
        for path in ["a.html", "b.html"] {
            let file = OutputFile {
                path: path.into(),
                bytes: vec![],
            };
            counted.put(file).unwrap();
        }
        assert_eq!(progress.bar.position(), 2);
        assert_eq!(progress.bar.length(), Some(2));
        assert_eq!(collect.into_files().len(), 2);
    }

    #[test]
    fn phases_follow_each_other_in_the_order_marked() {
        let progress = Progress::hidden();
        progress.phase_done("read");
        std::thread::sleep(Duration::from_millis(20));
        progress.phase_done("render");
        let phases = progress.phases();
        let names: Vec<&str> = phases.iter().map(|p| p.name).collect();
        assert_eq!(names, ["read", "render"]);
        assert!(phases[1].wall >= Duration::from_millis(20));
        let total: Duration = phases.iter().map(|p| p.wall).sum();
        assert!(total <= progress.started.elapsed());
    }

    #[test]
    fn cpu_time_is_user_plus_system_ticks_after_the_name() {
        // A command name with spaces and a parenthesis, as Linux allows.
        let stat = "4242 (a b) c) S 1 4242 4242 0 -1 4194560 700 0 0 0 150 27 0 0 20 0 3";
        assert_eq!(cpu_time_of_stat(stat), Some(Duration::from_millis(1770)));
        assert_eq!(cpu_time_of_stat("4242 (cut short) S 1 2"), None);
    }
}
