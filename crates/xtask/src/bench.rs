//! `cargo xtask bench`: measures the engine natively and the app in headless Chromium on
//! this machine, in one run, and writes the results table to `bench/results/latest.md`
//! and `bench/results/latest.json`.
//!
//! [`plan`] says what is measured; the native program (`crates/engine/benches/native.rs`,
//! built by `cargo bench` with the release profile) and the browser script
//! (`tests/bench/browser.mjs`) each carry it out once a repeat, taking turns, and print
//! JSON, which adds up over the repeats, and after the native program [`golang`] runs the
//! Go programs of `tests/bench/go` in Go and in the VM's command line; the timeline benchmark
//! (`tests/bench/timeline.mjs`) adds its redraw times; [`sections`] works the table out
//! and [`report`] writes it.

mod golang;
mod machine;
mod plan;
mod report;
mod sections;
mod stats;
mod timeline;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::build::{MODULES, build_web, pkg_dir};
use crate::repo_root;
use crate::serve::{self, Isolation};
use crate::test::{CHROMIUM, browser_setup};

use self::plan::{BrowserOut, GoMeasured, GoSample, Measured, NativeOut};
use self::report::Report;
use self::sections::{Measurements, Size};

/// Runs a command with its stderr shown and returns what it printed on stdout.
fn capture(command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{shown} failed with {}", output.status));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{shown} printed bad UTF-8: {e}"))
}

/// Bytes of every file under `dir` that a browser downloads, raw and each gzipped on its
/// own (as a server sends them), added up; the TypeScript declarations are left out.
fn folder_size(dir: &Path) -> Result<(u64, u64), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let (mut raw, mut gzip) = (0, 0);
    for entry in entries.flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".d.ts") {
            continue;
        }
        let (r, g) = if path.is_dir() {
            folder_size(&path)?
        } else {
            let bytes = fs::metadata(&path).map_or(0, |m| m.len());
            let packed = Command::new("gzip")
                .args(["-9", "-c"])
                .arg(&path)
                .output()
                .map_err(|e| format!("could not run gzip: {e}"))?;
            (bytes, packed.stdout.len() as u64)
        };
        raw += r;
        gzip += g;
    }
    Ok((raw, gzip))
}

/// The raw and gzipped size of each wasm module's folder.
fn sizes() -> Result<Vec<Size>, String> {
    MODULES
        .iter()
        .map(|module| {
            let (raw, gzip) = folder_size(&pkg_dir().join(module.out))?;
            Ok(Size {
                module: module.out,
                raw,
                gzip,
            })
        })
        .collect()
}

/// Reads `--repeats N` (default 5).
fn repeats(args: &[String]) -> Result<usize, String> {
    match args {
        [] => Ok(5),
        [flag, n] if flag == "--repeats" => n
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("--repeats takes a count of at least 1, not `{n}`")),
        _ => Err("bench: usage: cargo xtask bench [--repeats N]".into()),
    }
}

/// How long each kind of step of the command took.
struct Steps {
    started: Instant,
    last: Instant,
    /// Seconds by kind of step, in the order first seen.
    done: Vec<(&'static str, f64)>,
}

impl Steps {
    #[allow(clippy::disallowed_methods)] // The build tool runs natively only.
    fn start() -> Steps {
        let now = Instant::now();
        Steps {
            started: now,
            last: now,
            done: Vec::new(),
        }
    }

    /// Counts the time since the last step to `kind` and announces `next`.
    #[allow(clippy::disallowed_methods)] // The build tool runs natively only.
    fn next(&mut self, kind: &'static str, next: &str) {
        let now = Instant::now();
        let seconds = (now - self.last).as_secs_f64();
        match self.done.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, total)) => *total += seconds,
            None => self.done.push((kind, seconds)),
        }
        self.last = now;
        eprintln!("\n==> {next}");
    }

    /// The kinds and the total, e.g. `builds 30 s, native 40 s; 70 s in all`.
    fn summary(&self) -> String {
        let kinds: Vec<String> = self
            .done
            .iter()
            .map(|(kind, seconds)| format!("{kind} {seconds:.0} s"))
            .collect();
        let total = (self.last - self.started).as_secs_f64();
        format!("{}; {total:.0} s in all", kinds.join(", "))
    }
}

/// Parses what a measuring program printed, keeping it as it came for the JSON too.
fn parse<T: DeserializeOwned>(text: &str, what: &str) -> Result<(T, Value), String> {
    let unexpected = |e| format!("the {what} benchmark printed unexpected JSON: {e}");
    Ok((
        serde_json::from_str(text).map_err(unexpected)?,
        serde_json::from_str(text).map_err(unexpected)?,
    ))
}

/// One repeat of the native Go runs, each program's output kept in `raw` too.
fn go_repeat(
    runners: &golang::Runners,
    runs: &mut [GoMeasured],
    raw: &mut Vec<Value>,
) -> Result<(), String> {
    for run in runs {
        let spec = &run.spec;
        eprintln!(
            "go: {} (n = {}) in {} on {}",
            spec.program.name(),
            spec.n,
            spec.runner.label(),
            spec.workers
        );
        let out = runners.measure(spec)?;
        raw.push(json!({
            "program": spec.program, "n": spec.n, "runner": spec.runner,
            "workers": spec.workers, "output": out.output, "peak_kb": out.peak_kb,
        }));
        run.samples.push(GoSample::try_from(out)?);
    }
    Ok(())
}

/// `cargo xtask bench [--repeats N]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let repeats = repeats(args)?;
    let mut steps = Steps::start();
    let load_before = machine::load_average();
    let root = repo_root();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u32);
    let plan = plan::plan(cores);
    let work = root.join("target/bench");
    let plan_path = work.join("plan.json");
    fs::create_dir_all(&work)
        .and_then(|()| fs::write(&plan_path, serde_json::to_string(&plan).unwrap_or_default()))
        .map_err(|e| format!("cannot write {}: {e}", plan_path.display()))?;
    browser_setup()?;

    steps.next(
        "setup",
        "wasm builds, the Go programs and the VM's command line",
    );
    build_web()?;
    let server = serve::start(0, Isolation::On, None)?;
    let url = format!("http://127.0.0.1:{}/", server.port);
    let node = |script: &str| {
        let mut command = Command::new("node");
        command
            .current_dir(&root)
            .arg(format!("tests/bench/{script}"))
            .env("CHROMIUM", CHROMIUM);
        command
    };
    let native_once = || -> Result<(NativeOut, Value), String> {
        let text = capture(
            Command::new("cargo")
                .current_dir(&root)
                .args(["bench", "--quiet", "--package", "interleave-engine"])
                .args(["--bench", "native", "--", "--plan"])
                .arg(&plan_path),
        )?;
        parse(&text, "native")
    };
    let browser_once = || -> Result<(BrowserOut, Value), String> {
        parse(
            &capture(node("browser.mjs").arg(&plan_path).arg(&url))?,
            "browser",
        )
    };

    let runners = golang::prepare(&work, &plan.go)?;
    if let Err(why) = &runners.go {
        eprintln!("xtask: {why}");
    }
    let mut go_native: Vec<GoMeasured> = plan
        .go
        .iter()
        .filter(|spec| runners.runs(spec))
        .map(|spec| Measured {
            spec: spec.clone(),
            samples: Vec::new(),
        })
        .collect();
    let mut go_raw: Vec<Value> = Vec::new();
    let mut go_once = |native: &mut [GoMeasured]| go_repeat(&runners, native, &mut go_raw);
    // A VM that answers other than Go is wrong, whatever its time: stop at the first repeat.
    let agree = |native: &[GoMeasured], browser: &BrowserOut| {
        plan::answers_agree(&native.iter().chain(&browser.go).collect::<Vec<_>>())
    };

    // The two halves take turns, so that a busy spell of the machine touches both.
    steps.next("builds", "repeat 1: native (release build first)");
    let (mut native, first_native) = native_once()?;
    go_once(&mut go_native)?;
    steps.next("native", "repeat 1: browser");
    let (mut browser, first_browser) = browser_once()?;
    agree(&go_native, &browser)?;
    let (mut native_raw, mut browser_raw) = (vec![first_native], vec![first_browser]);
    for repeat in 2..=repeats {
        steps.next("browser", &format!("repeat {repeat}: native"));
        let (more, raw) = native_once()?;
        native.absorb(more)?;
        native_raw.push(raw);
        go_once(&mut go_native)?;
        steps.next("native", &format!("repeat {repeat}: browser"));
        let (more, raw) = browser_once()?;
        browser.absorb(more)?;
        browser_raw.push(raw);
        agree(&go_native, &browser)?;
    }

    steps.next(
        "browser",
        "timeline: full redraws of 100,000 and 1,000,000 spans",
    );
    let timeline_text = capture(node("timeline.mjs").args([&url, "100000", "1000000"]))?;
    eprintln!("{timeline_text}");
    let redraws = timeline::parse(&timeline_text);

    let go_runs: Vec<&GoMeasured> = go_native.iter().chain(&browser.go).collect();
    let go_version = runners.go.as_ref().ok().map(|go| go.version.as_str());
    let sizes = sizes()?;
    steps.next("timeline and sizes", "writing the results");
    let measurements = Measurements {
        cores,
        runs: native.runs.iter().chain(&browser.runs).collect(),
        native: &native,
        browser: &browser,
        sizes: &sizes,
        redraws: &redraws,
        go_version,
        go_runs,
    };
    let mut facts = machine::facts(cores, CHROMIUM, &browser.user_agent);
    facts.push(("Repeats", repeats.to_string()));
    facts.push((
        "Go",
        match &runners.go {
            Ok(go) => go.version.clone(),
            Err(why) => why.clone(),
        },
    ));
    facts.push(("Load average (1, 5, 15 min) before", load_before));
    facts.push(("Load average (1, 5, 15 min) after", machine::load_average()));
    facts.push(("Wall time of `cargo xtask bench`", steps.summary()));
    let report = Report {
        facts,
        sections: sections::sections(&measurements),
    };
    let raw = json!({
        "plan": plan,
        "native": native_raw,
        "browser": browser_raw,
        "timeline": timeline_text,
        "go": go_raw,
    });
    let results = root.join("bench/results");
    let markdown = report.markdown();
    let json = serde_json::to_string_pretty(&report.json(raw)).unwrap_or_default();
    fs::create_dir_all(&results)
        .and_then(|()| fs::write(results.join("latest.md"), &markdown))
        .and_then(|()| fs::write(results.join("latest.json"), json + "\n"))
        .map_err(|e| format!("cannot write {}: {e}", results.display()))?;
    println!("{markdown}");
    eprintln!("xtask: wrote bench/results/latest.md and bench/results/latest.json");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_default_to_five_and_must_be_positive() {
        assert_eq!(repeats(&[]), Ok(5));
        assert_eq!(repeats(&["--repeats".into(), "3".into()]), Ok(3));
        assert!(repeats(&["--repeats".into(), "0".into()]).is_err());
        assert!(repeats(&["--fast".into()]).is_err());
    }
}
