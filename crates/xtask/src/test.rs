//! `cargo xtask test`: every check the project has, in the order that fails fastest, and
//! the browser tests alone (`--e2e FILTER`), repeated (`--repeat N`) with a count of passes
//! and failures per test, which is how a flaky test is told from a broken one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::{MODULES, build_web};
use crate::layers;
use crate::progress::step;
use crate::repo_root;
use crate::serve::{self, Isolation};
use crate::toolchain::run;

/// Where the browser tests and the benchmarks expect Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's ChromeDriver, installed beside Chromium for tools that drive it by WebDriver.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The crates that are checked and tested natively (the app's pure timeline logic and the
/// threaded wasm's allocator too; the runtime is wasm only).
const NATIVE_PACKAGES: &[&str] = &[
    "--package",
    "interleave-engine",
    "--package",
    "interleave-golang",
    "--package",
    "xtask",
    "--package",
    "interleave-cli",
    "--package",
    "interleave-app",
    "--package",
    "interleave-thread-cache",
];

const USAGE: &str = "usage: cargo xtask test [--e2e FILTER] [--repeat N] [--url URL]";

/// What `cargo xtask test` was asked to do.
#[derive(Debug, PartialEq)]
struct Options {
    /// Only the browser tests: the files whose name contains it, or, where no file's does,
    /// the tests whose name matches it.
    e2e: Option<String>,
    /// How many times to run the browser tests.
    repeat: u32,
    /// A running server to test instead of building and starting one.
    url: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        e2e: None,
        repeat: 1,
        url: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or(format!("{arg} takes a value; {USAGE}"))
        };
        match arg.as_str() {
            "--e2e" => options.e2e = Some(value()?),
            "--repeat" => {
                options.repeat = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or(format!("--repeat takes a count from 1 to 1000; {USAGE}"))?;
            }
            "--url" => options.url = Some(value()?),
            other => return Err(format!("unknown option `{other}`; {USAGE}")),
        }
    }
    Ok(options)
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args(args);
    command
}

/// `cargo xtask test [--e2e FILTER] [--repeat N] [--url URL]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if options.e2e.is_none() && options.url.is_none() && options.repeat == 1 {
        return every_check();
    }
    let filter = options.e2e.as_deref().unwrap_or("");
    browser_tests(filter, options.repeat, options.url.as_deref(), true, (1, 1))
}

/// Runs fmt, clippy, the native tests, the wasm builds and the browser tests.
fn every_check() -> Result<(), String> {
    let total = 7 + MODULES.len();
    let mut index = 0;
    let mut next = || {
        index += 1;
        (index, total)
    };
    step(
        "checking that the engine's modules form layers",
        next(),
        || {
            let modules = layers::check(&repo_root().join("crates/engine/src"))?;
            println!("    {modules} modules, no import cycle");
            Ok(())
        },
    )?;
    step("checking the formatting", next(), || {
        run(&mut cargo(&["fmt", "--all", "--", "--check"]))
    })?;
    step(
        "clippy on the engine, build tool, command line and UI (native)",
        next(),
        || {
            run(cargo(&["clippy"]).args(NATIVE_PACKAGES).args([
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;
    for module in MODULES {
        step(
            &format!("clippy on {} (wasm)", module.title),
            next(),
            || {
                run(module
                    .cargo("clippy")
                    .args(["--release", "--", "-D", "warnings"]))
            },
        )?;
    }
    step("native tests", next(), || {
        let mut tests = cargo(&["test"]);
        // The Go runner's conformance tests compare our output with real Go's where it is.
        match crate::go_tool::find_or_install("the Go corpus is checked against its files only") {
            Ok(go) => {
                println!("    the Go corpus is checked against {}", go.display());
                tests.env("INTERLEAVE_GO", go);
            }
            Err(why) => println!("    {why}"),
        }
        run(tests.args(NATIVE_PACKAGES))
    })?;
    step("the wasm builds", next(), || build_web().map(|_| ()))?;
    let e2e = browser_setup()?;
    step("type-checking the page's JavaScript (tsc)", next(), || {
        type_check(&e2e)
    })?;
    browser_tests("", 1, None, false, next())
}

/// Makes sure what the browser tests need is there: Debian's Chromium and ChromeDriver
/// (installed with apt as root, or one sentence saying what to run) and the tests' npm
/// package. Returns the browser tests' folder.
pub fn browser_setup() -> Result<PathBuf, String> {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        install_chromium()?;
    }
    for tool in ["node", "npm"] {
        if Command::new(tool).arg("--version").output().is_err() {
            return Err(format!(
                "the browser tests need Node.js with npm, and `{tool}` is not on the PATH: \
                 install Node.js 20 or later (on Debian: apt-get install nodejs npm)"
            ));
        }
    }
    let e2e = repo_root().join("tests/e2e");
    let installed = ["playwright-core", "typescript"]
        .iter()
        .all(|package| e2e.join("node_modules").join(package).exists());
    if !installed {
        step("installing the browser tests' npm package", (1, 1), || {
            run(Command::new("npm")
                .current_dir(&e2e)
                .args(["ci", "--no-audit", "--no-fund"]))
        })?;
    }
    Ok(e2e)
}

/// Type-checks the page's and the workers' scripts with the tests' TypeScript against
/// `www/protocol.d.ts` and the declarations wasm-bindgen wrote for the wasm modules
/// (`www/tsconfig.page.json`, `www/tsconfig.workers.json`).
fn type_check(e2e: &Path) -> Result<(), String> {
    let tsc = e2e.join("node_modules/.bin/tsc");
    for config in ["www/tsconfig.page.json", "www/tsconfig.workers.json"] {
        run(Command::new(&tsc)
            .current_dir(repo_root())
            .args(["--project", config]))?;
    }
    Ok(())
}

/// Installs Debian's `chromium` and `chromium-driver` where it can (root with apt-get),
/// or says in one sentence what to run where it cannot.
fn install_chromium() -> Result<(), String> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let has_apt = Path::new("/usr/bin/apt-get").exists();
    if !(is_root && has_apt) {
        return Err(format!(
            "the browser tests need Debian's Chromium at {CHROMIUM}, which is missing: run \
             `sudo apt-get install chromium chromium-driver` (or install Chromium there some \
             other way), then run the tests again"
        ));
    }
    step(
        "installing Debian's chromium and chromium-driver (once)",
        (1, 1),
        || {
            run(Command::new("apt-get").args(["update", "-qq"]))?;
            run(Command::new("apt-get")
                .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
                .env("DEBIAN_FRONTEND", "noninteractive"))
        },
    )
}

/// The browser test files under `e2e`, and the name pattern Node's runner gets: the files
/// whose name contains `filter`, or every file and `filter` as the pattern of test names.
fn select_tests(e2e: &Path, filter: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut files: Vec<String> = std::fs::read_dir(e2e)
        .map_err(|e| format!("cannot read {}: {e}", e2e.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    files.sort();
    let matching: Vec<String> = files
        .iter()
        .filter(|name| name.contains(filter))
        .cloned()
        .collect();
    Ok(if matching.is_empty() {
        (files, Some(filter.to_owned()))
    } else {
        (matching, None)
    })
}

/// Runs the browser tests `repeat` times against `url` (or against two servers it starts,
/// isolated and not, after building the wasm modules when `build` says the caller has
/// not) and, when repeated, prints how many times each test passed.
fn browser_tests(
    filter: &str,
    repeat: u32,
    url: Option<&str>,
    build: bool,
    position: (usize, usize),
) -> Result<(), String> {
    let e2e = browser_setup()?;
    let (files, pattern) = select_tests(&e2e, filter)?;
    // Kept alive until the tests end; the servers stop with the process.
    let mut servers = Vec::new();
    let (isolated, not_isolated) = match url {
        Some(url) => (url.to_owned(), None),
        None => {
            if build {
                build_web()?;
            }
            let log = server_log();
            let _ = std::fs::remove_file(&log);
            servers.push(serve::start(0, Isolation::On, Some(&log))?);
            servers.push(serve::start(0, Isolation::Off, Some(&log))?);
            let at = |server: &serve::Running| format!("http://127.0.0.1:{}/", server.port);
            (at(&servers[0]), Some(at(&servers[1])))
        }
    };
    let counts_file = repo_root().join("target/e2e-counts.jsonl");
    let mut lines = String::new();
    let mut failed_runs = 0;
    for round in 1..=repeat {
        let label = if repeat == 1 {
            "end-to-end tests in headless Chromium"
        } else {
            "end-to-end tests in headless Chromium, run"
        };
        let mut node = Command::new("node");
        node.current_dir(&e2e)
            .args(["--test", "--test-concurrency=1"])
            .args(["--test-reporter=spec", "--test-reporter-destination=stdout"])
            .args(["--test-reporter=./count-reporter.mjs"])
            .arg(format!(
                "--test-reporter-destination={}",
                counts_file.display()
            ))
            .env("INTERLEAVE_URL", &isolated)
            .env("CHROMIUM", CHROMIUM);
        if let Some(open) = &not_isolated {
            node.env("INTERLEAVE_URL_NOT_ISOLATED", open);
        }
        if let Some(pattern) = &pattern {
            node.arg(format!("--test-name-pattern={pattern}"));
        }
        node.args(&files);
        let shown = if repeat == 1 {
            position
        } else {
            (round as usize, repeat as usize)
        };
        if step(label, shown, || run(&mut node)).is_err() {
            failed_runs += 1;
        }
        // The reporter writes one line a test, anew each run.
        lines.push_str(&std::fs::read_to_string(&counts_file).unwrap_or_default());
    }
    if repeat > 1 {
        eprintln!("\n{}", tally(&lines, repeat));
    }
    match failed_runs {
        0 => Ok(()),
        n => Err(format!(
            "the browser tests failed in {n} of {repeat} runs{}",
            if url.is_none() {
                format!(
                    "; every request the dev servers answered is in {}",
                    server_log().display()
                )
            } else {
                String::new()
            }
        )),
    }
}

/// Where the browser tests' dev servers log every answer, to tell a request that never
/// arrived from one that was answered.
fn server_log() -> PathBuf {
    repo_root().join("target/e2e-server.log")
}

/// Counts each test's passes over the reporter's lines (`{"test": "...", "ok": true}`),
/// one row a test, failures first.
fn tally(lines: &str, repeat: u32) -> String {
    let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for line in lines.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(test), Some(ok)) = (value["test"].as_str(), value["ok"].as_bool()) else {
            continue;
        };
        let entry = counts.entry(test.to_owned()).or_default();
        if ok {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let mut rows: Vec<(&String, &(u32, u32))> = counts.iter().collect();
    rows.sort_by_key(|(name, (_, failed))| (std::cmp::Reverse(*failed), (*name).clone()));
    let (passed, failed): (u32, u32) = counts
        .values()
        .fold((0, 0), |(p, f), (a, b)| (p + a, f + b));
    let mut text = format!("Browser tests over {repeat} runs: passes and failures per test\n");
    for (name, (ok, bad)) in rows {
        text += &format!("  {ok:>4} passed {bad:>4} failed  {name}\n");
    }
    text += &format!("{passed} passed, {failed} failed");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn options_parse_and_refuse_what_they_do_not_know() {
        assert_eq!(
            parse(&args(&["--e2e", "embed", "--repeat", "20"])).unwrap(),
            Options {
                e2e: Some("embed".into()),
                repeat: 20,
                url: None
            }
        );
        assert!(parse(&args(&["--repeat", "0"])).is_err());
        assert!(parse(&args(&["--e2e"])).is_err());
        assert!(parse(&args(&["--retries", "3"])).is_err());
    }

    #[test]
    fn a_filter_picks_files_by_name_or_else_tests_by_name() {
        let e2e = repo_root().join("tests/e2e");
        let (files, pattern) = select_tests(&e2e, "embed").unwrap();
        assert_eq!(files, vec!["embed.test.mjs".to_owned()]);
        assert_eq!(pattern, None);
        let (files, pattern) = select_tests(&e2e, "Stop ends").unwrap();
        assert!(files.len() > 1);
        assert_eq!(pattern.as_deref(), Some("Stop ends"));
    }

    #[test]
    fn the_tally_counts_each_test_and_lists_failures_first() {
        let lines = "{\"test\":\"a\",\"ok\":true}\n{\"test\":\"b\",\"ok\":false}\n\
                     {\"test\":\"a\",\"ok\":true}\n{\"test\":\"b\",\"ok\":true}\nnot json\n";
        let text = tally(lines, 2);
        let rows: Vec<&str> = text.lines().collect();
        assert!(rows[1].ends_with("1 passed    1 failed  b"), "{text}");
        assert!(rows[2].ends_with("2 passed    0 failed  a"), "{text}");
        assert_eq!(rows[3], "3 passed, 1 failed");
    }
}
