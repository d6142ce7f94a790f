//! The built sites in a real browser: headless Chromium, driven over the
//! DevTools protocol, loads each site from a small HTTP server on the
//! loopback address inside this test.
//!
//! This binary has its own harness (libtest-mimic, `harness = false`) for
//! two reasons libtest cannot serve. The one Chromium every check shares is
//! closed when the checks end: libtest never drops a `static`, so each run
//! used to leave a Chromium process tree behind. And a check that cannot run
//! says so: when Chromium cannot be found (including `CHROME` naming a
//! program that does not exist) every check is reported as skipped with
//! "浏览器测试已跳过：未安装 Chromium", and the accessibility audit skips
//! the same way without axe-core. With `GONGKAI_REQUIRE_BROWSER=1` (CI sets
//! it) a missing Chromium or axe-core fails the checks instead.

mod audit;
mod checks;
mod large;
mod page;
mod print;
mod server;
mod sites;

use headless_chrome::{Browser, LaunchOptions};
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tempfile::TempDir;

use server::Server;

/// A check of this binary: its name and what it runs.
struct Check {
    name: &'static str,
    needs: Needs,
    run: fn(&World),
}

/// The text size a check reads the pages at: as they open, or in 大字版.
#[derive(Clone, Copy, Debug)]
pub enum Text {
    Normal,
    Large,
}

/// What a check needs besides a built site.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Chromium,
    /// Chromium and axe-core.
    Axe,
}

const SKIPPED_NO_CHROMIUM: &str = "浏览器测试已跳过：未安装 Chromium";
const SKIPPED_NO_AXE: &str = "无障碍检查已跳过：未安装 axe-core（在 tests/browser 中运行 npm ci）";

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // One Chromium on two cores: the checks take turns.
    args.test_threads = Some(1);
    let world = Arc::new(World::new());
    world.announce_skips();
    let trials = checks::ALL
        .iter()
        .chain(print::ALL)
        .chain(large::ALL)
        .chain(audit::ALL)
        .map(|check| {
            let world = world.clone();
            Trial::ignorable_test(check.name, move || world.run(check))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // The trials are gone, so this is the last handle: Chromium closes here.
    drop(world);
    conclusion.exit_code()
}

/// What the checks share: the browser, the sites it loads, axe-core.
pub struct World {
    chromium: Option<PathBuf>,
    axe: Option<PathBuf>,
    /// Whether a missing Chromium or axe-core fails the checks.
    required: bool,
    // Field order is drop order: the browser closes before the sites'
    // servers stop and their folders are removed.
    browser: OnceLock<Launched>,
    example: OnceLock<Site>,
    widest: OnceLock<Site>,
    under_sub_path: OnceLock<Site>,
    print: OnceLock<Site>,
    /// One check drives the browser at a time.
    serial: Mutex<()>,
}

/// A running Chromium and the profile folder it writes to.
struct Launched {
    browser: Browser,
    _profile: TempDir,
}

/// A built site and the server that serves it.
pub struct Site {
    pub root: PathBuf,
    pub base: String,
    _server: Server,
    _out: TempDir,
    _source: Option<TempDir>,
}

impl World {
    fn new() -> World {
        World {
            chromium: find_chromium(),
            axe: find_axe(),
            required: std::env::var_os("GONGKAI_REQUIRE_BROWSER").is_some_and(|v| v == "1"),
            browser: OnceLock::new(),
            example: OnceLock::new(),
            widest: OnceLock::new(),
            under_sub_path: OnceLock::new(),
            print: OnceLock::new(),
            serial: Mutex::new(()),
        }
    }

    /// Says once, before the list of results, what will be skipped.
    fn announce_skips(&self) {
        if self.required {
            return;
        }
        if self.chromium.is_none() {
            eprintln!("{SKIPPED_NO_CHROMIUM}（安装 chromium 软件包，或用 CHROME 指定浏览器程序）");
        } else if self.axe.is_none() {
            eprintln!("{SKIPPED_NO_AXE}");
        }
    }

    /// Runs one check, or says why it cannot run.
    fn run(&self, check: &Check) -> Result<Completion, Failed> {
        let missing = if self.chromium.is_none() {
            Some(SKIPPED_NO_CHROMIUM)
        } else if check.needs == Needs::Axe && self.axe.is_none() {
            Some(SKIPPED_NO_AXE)
        } else {
            None
        };
        match missing {
            Some(why) if self.required => Err(format!(
                "不能跳过：设置了 GONGKAI_REQUIRE_BROWSER=1，这项检查必须运行（{}）",
                why.split_once('：').map_or(why, |(_, missing)| missing)
            )
            .into()),
            Some(why) => Ok(Completion::ignored_with(why)),
            None => {
                let _turn = self.serial.lock().unwrap_or_else(|e| e.into_inner());
                (check.run)(self);
                Ok(Completion::Completed)
            }
        }
    }

    /// The browser, started on first use.
    pub fn browser(&self) -> &Browser {
        let chrome = self.chromium.as_ref().expect("checked before the run");
        &self.browser.get_or_init(|| launch(chrome)).browser
    }

    /// The example site (content/) built on 2013-07-05.
    pub fn example(&self) -> &Site {
        self.example.get_or_init(|| {
            let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
            Site::build(&content, None, "/")
        })
    }

    /// The notices printed for the board at their largest: a 14-entry
    /// ledger, a decision, a 10-candidate 发展党员公示.
    pub fn print(&self) -> &Site {
        self.print.get_or_init(|| {
            let source = sites::print();
            let folder = source.path().to_path_buf();
            Site::build(&folder, Some(source), "/")
        })
    }

    /// The example site built for, and served under, a sub-path of its
    /// host (`/shiyan/`), as a county's server holds several townships.
    pub fn under_sub_path(&self) -> &Site {
        self.under_sub_path.get_or_init(|| {
            let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
            Site::build(&content, None, "/shiyan/")
        })
    }

    /// A site holding the widest content each page kind can have.
    pub fn widest(&self) -> &Site {
        self.widest.get_or_init(|| {
            let source = sites::widest();
            let folder = source.path().to_path_buf();
            Site::build(&folder, Some(source), "/")
        })
    }

    /// axe-core's script.
    pub fn axe_script(&self) -> String {
        let path = self.axe.as_ref().expect("checked before the run");
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

impl Site {
    /// Builds the site at `source` into a temporary folder and serves it
    /// under `prefix`.
    fn build(source: &Path, keep: Option<TempDir>, prefix: &'static str) -> Site {
        let out = TempDir::new().unwrap();
        let (listener, base) = server::bind(prefix);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["build", "--quiet", "--today", "2013-07-05"])
            .args(["--base-url", &base])
            .arg("--site")
            .arg(source)
            .arg("--out")
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success(), "building {} failed", source.display());
        Site {
            root: out.path().to_path_buf(),
            _server: Server::start(listener, out.path().to_path_buf(), prefix),
            base,
            _out: out,
            _source: keep,
        }
    }
}

fn launch(chrome: &Path) -> Launched {
    let profile = TempDir::new().unwrap();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-default-browser-check",
        "--lang=zh-CN",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chrome.to_path_buf()),
        user_data_dir: Some(profile.path().to_path_buf()),
        window_size: Some((1280, 900)),
        idle_browser_timeout: Duration::from_secs(300),
        args,
        ..LaunchOptions::default()
    };
    let browser = Browser::new(options).expect("Chromium did not start");
    Launched {
        browser,
        _profile: profile,
    }
}

/// The browser named by `CHROME` if that program exists, else the first of
/// the usual names found on `PATH`.
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// axe-core's `axe.min.js`: named by `AXE_CORE`, else where `npm ci` in
/// tests/browser puts it.
fn find_axe() -> Option<PathBuf> {
    let path = match std::env::var_os("AXE_CORE") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js"),
    };
    path.is_file().then_some(path)
}
