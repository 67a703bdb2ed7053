//! `cargo xtask test`: every check the project has, in the order that fails fastest.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::{MODULES, build_web};
use crate::repo_root;
use crate::serve::{self, Isolation};
use crate::toolchain::run;

/// Where the browser tests and the benchmarks expect Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The crates that are checked and tested natively (the app's pure timeline logic too;
/// the runtime is wasm only).
const NATIVE_PACKAGES: &[&str] = &[
    "--package",
    "interleave-engine",
    "--package",
    "xtask",
    "--package",
    "interleave-cli",
    "--package",
    "interleave-app",
];

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args(args);
    command
}

fn step(name: &str) {
    eprintln!("\n==> {name}");
}

/// Runs fmt, clippy, the native tests, the wasm builds and the browser tests.
pub fn command() -> Result<(), String> {
    step("formatting");
    run(&mut cargo(&["fmt", "--all", "--", "--check"]))?;

    step("clippy: engine, build tool and command line (native)");
    run(cargo(&["clippy"])
        .args(NATIVE_PACKAGES)
        .args(["--all-targets", "--", "-D", "warnings"]))?;
    for module in MODULES {
        step(&format!(
            "clippy: {} (wasm, {})",
            module.package, module.out
        ));
        run(module
            .cargo("clippy")
            .args(["--release", "--", "-D", "warnings"]))?;
    }

    step("native tests: engine, build tool and command line");
    run(cargo(&["test"]).args(NATIVE_PACKAGES))?;

    step(
        "wasm builds: UI and message-passing runtime (no shared memory), shared-memory runtime (threads)",
    );
    build_web()?;

    step("end-to-end tests in headless Chromium");
    browser_tests()
}

/// Checks that Chromium is installed and installs the browser tests' npm package when it
/// is missing; returns the browser tests' folder.
pub fn browser_setup() -> Result<PathBuf, String> {
    if !Path::new(CHROMIUM).exists() {
        return Err(format!(
            "{CHROMIUM} is missing: install Debian's chromium and chromium-driver \
             (apt-get install chromium chromium-driver)"
        ));
    }
    let e2e = repo_root().join("tests/e2e");
    if !e2e.join("node_modules").exists() {
        run(Command::new("npm")
            .current_dir(&e2e)
            .args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(e2e)
}

/// Serves the app twice (isolated and not) and runs the Node tests against both.
fn browser_tests() -> Result<(), String> {
    let e2e = browser_setup()?;
    let isolated = serve::start(0, Isolation::On)?;
    let open = serve::start(0, Isolation::Off)?;
    run(Command::new("node")
        .current_dir(&e2e)
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .env(
            "INTERLEAVE_URL",
            format!("http://127.0.0.1:{}/", isolated.port),
        )
        .env(
            "INTERLEAVE_URL_NOT_ISOLATED",
            format!("http://127.0.0.1:{}/", open.port),
        )
        .env("CHROMIUM", CHROMIUM))
}
