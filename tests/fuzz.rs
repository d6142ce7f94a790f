//! Seeded mutation fuzzing over the example site's records: no mutant of a
//! record may make the generator panic or hang, whatever a careless edit or
//! a hostile file does to it.
//!
//! Each case takes one file of `content/` (a record, `site.yaml`, an
//! indicator's CSV, an attachment), applies one to three mutations (byte
//! flips, dropped, duplicated and swapped lines, values swapped between
//! fields, odd values: huge and tiny numbers, impossible dates, markup,
//! personal numbers, hostile Markdown) and runs the pipeline on a small site
//! holding it: load, validate and compute, and when the records pass,
//! render every page in memory. Either outcome is fine (a clean site, or
//! errors: exit 0 or 1); a panic or a case running over [`HANG`] fails the
//! test, naming the case's seed.
//!
//! `cargo test` runs [`DEFAULT_CASES`] cases from a fixed seed, so a failure
//! is reproducible. `bench/fuzz.sh` runs it for longer from a new seed;
//! these variables steer it:
//!
//! * `GONGKAI_FUZZ_SEED`: the first case's seed (default 1);
//! * `GONGKAI_FUZZ_CASES`: how many cases (default [`DEFAULT_CASES`]);
//! * `GONGKAI_FUZZ_SECONDS`: run cases until this much time has passed,
//!   instead of a fixed number;
//! * `GONGKAI_FUZZ_KEEP`: a folder where each failing case is saved as a
//!   site folder (`case-<seed>/`), which `gongkai check --site` reproduces.

mod common;

use gongkai::diagnostics::Diagnostics;
use gongkai::site::Options;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Cases `cargo test` runs: a few thousand, about half a minute on two
/// cores in a debug build.
const DEFAULT_CASES: u64 = 2500;

/// Longest a case may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(10);

/// A site's files: path → bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// The cases running now, with when each started.
type Running = Mutex<BTreeMap<u64, (Instant, Files)>>;

/// A small random number generator (SplitMix64): the cases must be the same
/// on every machine and every run, and need no crate for that.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values that have broken generators: numbers at and past every bound,
/// impossible dates and periods, YAML's own syntax, markup, personal
/// numbers in disguise, and Markdown built to be slow.
const ODD_VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[[[[[[[[[[",
    "\"",
    "'",
    "&a",
    "*a",
    "!!binary x",
    "|",
    ">",
    "-",
    "0",
    "-1",
    "-0",
    "0.0000001",
    "1e27",
    "NaN",
    ".inf",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "79228162514264337593543950335",
    "999999999999999.999999",
    "10000000",
    "3650",
    "3651",
    "1000000",
    "1000001",
    "１２３",
    "2013-02-30",
    "2013-13-01",
    "0000-01-01",
    "9999-12-31",
    "-2013-01-01",
    "2013-Q5",
    "2013-H3",
    "2013-00",
    "1900-01",
    "2099-12",
    "+86 138 1234 5678",
    "350102 19900307 1234",
    "x\" onload=\"alert(1)\" y=\"",
    "<script>alert(1)</script>",
    "GONGKAICHART0X",
    "{{ chart(indicator=\"pear-grafting\") }}",
    "{{ value(indicator=\"pear-grafting\", period=\"9999\") }}",
    "../../../../etc/passwd",
    "/etc/passwd",
    "xiguan",
    "liyuan",
    "done",
    "true",
    "是",
    "\u{1}\u{8}\u{1b}",
    "\u{200b}",
    "\u{feff}",
    "\u{fdd0}",
    "\u{202e}",
];

/// Markdown built to be slow or to confuse the renderer.
fn hostile_markdown(rng: &mut Rng) -> String {
    let n = 50 + rng.below(300);
    match rng.below(10) {
        0 => "- ".repeat(n) + "x",
        1 => "> ".repeat(n) + "x",
        2 => "<div>".repeat(n),
        3 => "# 标题\n\n".repeat(n),
        4 => "*".repeat(n) + "x",
        5 => "[".repeat(n) + "x" + &"](y)".repeat(n),
        6 => (0..n).map(|i| format!("[^{i}]")).collect::<String>() + "\n\n[^1]: 注",
        7 => "|a|b|\n|-|-|\n".to_string() + &"|1|**重要：**".repeat(n),
        8 => "**重要：**这是".repeat(n),
        _ => "中\n".repeat(n),
    }
}

/// One mutation of `text` (a file's bytes).
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let mut lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    let i = rng.below(lines.len());
    match rng.below(9) {
        0 => {
            // Byte flips.
            for _ in 0..1 + rng.below(4) {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.next() as u8;
                }
            }
            return;
        }
        1 => {
            lines.remove(i);
        }
        2 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        3 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
        4 | 5 => set_value(rng, &mut lines[i], ODD_VALUES),
        6 => {
            // A value from another line of the same file.
            let j = rng.below(lines.len());
            let other = value_of(&lines[j]).unwrap_or_default();
            set_value(rng, &mut lines[i], &[other.as_str()]);
        }
        7 => {
            let mut line = hostile_markdown(rng).into_bytes();
            line.push(b'\n');
            lines.insert(i, line);
        }
        _ => {
            // A line cut short.
            let cut = rng.below(lines[i].len() + 1);
            lines[i].truncate(cut);
        }
    }
    *bytes = lines.concat();
}

/// The value of a `key: value` line, if it is one.
fn value_of(line: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(line);
    let (_, value) = text.split_once(": ")?;
    Some(value.trim_end().to_string())
}

/// Replaces the value of a `key: value` line (or, in a flow mapping, one of
/// its values) with one of `values`.
fn set_value(rng: &mut Rng, line: &mut Vec<u8>, values: &[&str]) {
    let text = String::from_utf8_lossy(line).into_owned();
    let starts: Vec<usize> = text.match_indices(": ").map(|(at, _)| at + 2).collect();
    let value = *rng.pick(values);
    let Some(&start) = starts.get(rng.below(starts.len().max(1))) else {
        // Not a field: append the value as text.
        line.extend_from_slice(value.as_bytes());
        return;
    };
    let end = text[start..]
        .find([',', '}', '\n', ']'])
        .map_or(text.len(), |e| start + e);
    *line = format!("{}{value}{}", &text[..start], &text[end..]).into_bytes();
}

/// The example site, file by file.
fn example() -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The site of one case: its mutated file, `site.yaml`, and what the file
/// refers to (the indicators, for a report, a plan or an indicator).
fn case_site(example: &Files, seed: u64) -> Files {
    let mut rng = Rng(seed);
    let names: Vec<&String> = example.keys().collect();
    let target = (*rng.pick(&names)).clone();
    let needs_indicators = ["reports/", "plans/", "indicators/"]
        .iter()
        .any(|p| target.starts_with(p));
    let mut site: Files = example
        .iter()
        .filter(|(path, _)| {
            *path == "site.yaml"
                || **path == target
                || (needs_indicators && path.starts_with("indicators/"))
        })
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    if target == "site.yaml" {
        // A record to go with it.
        let record = "disclosures/2013/xiguan-2013q1-finance.md";
        site.insert(record.to_string(), example[record].clone());
    }
    let bytes = site.get_mut(&target).expect("the target is in the site");
    for _ in 0..1 + rng.below(3) {
        mutate(&mut rng, bytes);
    }
    site
}

/// Writes a case's site into `dir`.
fn write_site(dir: &Path, site: &Files) {
    for (path, bytes) in site {
        common::write(dir, path, bytes);
    }
}

/// Runs the pipeline on a case: check, and when the records pass, render
/// every page in memory as `build` would (writing is tested elsewhere).
fn run_case(dir: &Path) {
    let opts = Options {
        site_dir: dir.to_path_buf(),
        today: common::TODAY,
        base_url: None,
        drafts: true,
        force: false,
    };
    let (site, _report) = gongkai::site::check(&opts);
    let Some(site) = site else {
        return;
    };
    let mut diags = Diagnostics::new();
    let Some(theme) = gongkai::render::templates::load(dir, &site.config.theme, &mut diags) else {
        return;
    };
    let series = gongkai::compute::series::all(&site.indicators, &site.config);
    let sink = gongkai::output::Collect::default();
    let _ = gongkai::render::pages::render_site(&site.input(&series), theme, &sink);
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Saves a failing case where `GONGKAI_FUZZ_KEEP` says, if it says.
fn keep(seed: u64, site: &Files, what: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("GONGKAI_FUZZ_KEEP")?).join(format!("case-{seed}"));
    write_site(&dir, site);
    fs::write(dir.join("FAILURE.txt"), what).ok()?;
    Some(dir)
}

/// What went wrong in one case.
fn failure(seed: u64, site: &Files, what: String) -> String {
    let kept = keep(seed, site, &what)
        .map(|d| format!(" (saved in {})", d.display()))
        .unwrap_or_default();
    format!("seed {seed}: {what}{kept}")
}

#[test]
fn no_mutant_of_the_example_site_panics_or_hangs() {
    // The threads the commands run the pipeline on.
    gongkai::site::configure_threads();
    let example = example();
    let first = env_number("GONGKAI_FUZZ_SEED").unwrap_or(1);
    let deadline =
        env_number("GONGKAI_FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s));
    let cases = match deadline {
        Some(_) => u64::MAX - first,
        None => env_number("GONGKAI_FUZZ_CASES").unwrap_or(DEFAULT_CASES),
    };
    // Panics are caught and reported with their seed; the default hook
    // would print each one's backtrace too.
    let quiet = std::env::var_os("GONGKAI_FUZZ_VERBOSE").is_none();
    if quiet {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let running = Running::default();
    let done = AtomicBool::new(false);
    let outcomes: Vec<Option<String>> = std::thread::scope(|scope| {
        scope.spawn(|| watch_for_hangs(&running, &done));
        let outcomes = (first..first.saturating_add(cases))
            .into_par_iter()
            .take_any_while(|_| deadline.is_none_or(|d| Instant::now() < d))
            .map(|seed| run_seed(seed, &example, &running))
            .collect();
        done.store(true, Ordering::SeqCst);
        outcomes
    });
    if quiet {
        let _ = std::panic::take_hook();
    }
    let failures: Vec<String> = outcomes.iter().flatten().cloned().collect();
    eprintln!(
        "fuzz: {} cases from seed {first}, {} failed",
        outcomes.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs the case of `seed`; what went wrong, if anything.
fn run_seed(seed: u64, example: &Files, running: &Running) -> Option<String> {
    let site = case_site(example, seed);
    if std::env::var_os("GONGKAI_FUZZ_TRACE").is_some() {
        eprintln!("case {seed}");
    }
    // A case that aborts the process (a stack overflow) cannot report
    // itself: in fuzzing runs each case is saved first and removed once it
    // has passed.
    let pending = keep(
        seed,
        &site,
        "the process aborted while this case, or one running beside it, was running",
    );
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &site);
    lock(running).insert(seed, (Instant::now(), site.clone()));
    let outcome = catch_unwind(AssertUnwindSafe(|| run_case(dir.path())));
    let (started, _) = lock(running).remove(&seed)?;
    let took = started.elapsed();
    let what = match outcome {
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("panicked: {message}")
        }
        Ok(()) if took > HANG => format!("took {took:?}"),
        Ok(()) => {
            if let Some(pending) = pending {
                let _ = fs::remove_dir_all(pending);
            }
            return None;
        }
    };
    Some(failure(seed, &site, what))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A case stuck past [`HANG`] never returns to report itself: this saves
/// it and ends the process, which fails the test.
fn watch_for_hangs(running: &Running, done: &AtomicBool) {
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(200));
        let stuck = lock(running)
            .iter()
            .find(|(_, (started, _))| started.elapsed() > HANG * 3)
            .map(|(seed, (_, site))| (*seed, site.clone()));
        if let Some((seed, site)) = stuck {
            eprintln!(
                "{}",
                failure(seed, &site, format!("hung for over {:?}", HANG * 3))
            );
            std::process::exit(1);
        }
    }
}
