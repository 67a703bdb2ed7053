//! The build tool of Interleave: `cargo xtask <command>`.
//!
//! It owns everything the two wasm builds need (the threaded build's flags live only in
//! [`build`]), installs the pinned wasm-bindgen CLI when it is missing, serves the app with
//! the headers that make the page cross-origin isolated, runs every test, and benchmarks.

mod bench;
mod build;
mod dist;
mod go_tool;
mod layers;
mod progress;
mod serve;
mod test;
mod toolchain;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: ./x <command> [options]   (or cargo xtask <command>, with the pinned toolchain)

commands:
  serve [--port N] [--no-isolation]   build everything and serve the app on http://127.0.0.1:N
                                      (default 8080); --no-isolation leaves out the COOP/COEP
                                      headers, to see the page as a non-isolated host shows it
  setup                               install the wasm-bindgen CLI at the crate's exact version
  build                               build the UI and runtime wasm modules into target/web
  dist [--out DIR]                    write a static copy of the app to dist/ with header files
                                      for static hosts (_headers, nginx.conf)
  test [--e2e FILTER] [--repeat N] [--url URL]
                                      run every check: fmt, clippy, native tests, wasm builds,
                                      end-to-end tests in headless Chromium (installing
                                      Debian's chromium when missing); --e2e runs only the
                                      browser test files whose name contains FILTER (or else
                                      the tests whose name matches it), --repeat N runs them
                                      N times and counts each test's passes, --url tests a
                                      server that is already running
  bench [--repeats N]                 measure natively and in headless Chromium (parallel
                                      efficiency, single-thread speed, tracing, scheduler,
                                      start-up, timeline, Go programs in the VM beside Go)
                                      and write bench/results/latest.md and latest.json;
                                      each timing repeated N times (5)";

/// The repository's root, where `Cargo.toml` and `index.html` are.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the xtask crate lives two levels below the repository root")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::command(&args[1..]),
        Some("setup") => toolchain::ensure_wasm_bindgen(),
        Some("dist") => dist::command(&args[1..]),
        Some("build") => build::build_web().map(|_| ()),
        Some("test") => test::command(&args[1..]),
        Some("bench") => bench::command(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
