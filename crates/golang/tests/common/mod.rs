//! Runs a program natively on k workers and keeps what it printed: the one way the Go
//! crate's integration tests run programs.

use std::sync::Arc;

use interleave_engine::clock::RunClock;
use interleave_engine::tasks::Recording;
use interleave_golang::{Captured, GoRunConfig, Limits, compile, run};

/// What a run printed and how it ended.
pub struct Ran {
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Its exit status.
    pub exit: i32,
}

/// Compiles `src` and runs it on `workers` workers with the default limits; `Err` holds
/// the compile errors, a line each.
pub fn go(src: &str, workers: u32) -> Result<Ran, String> {
    let program = compile(src).map_err(|e| {
        e.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let pool = interleave_engine::native::pool(workers)?;
    let out = Arc::new(Captured::default());
    let config = GoRunConfig {
        workers,
        limits: Limits::default(),
        recording: Recording::coarse_on(1_000_000, workers),
        cpus: interleave_golang::os_cpus(),
        epoch_ns: interleave_golang::os_epoch_ns(),
    };
    let clock = RunClock::starting_now(interleave_engine::native::clock());
    let r = pool.install(|| run(&program, clock, config, out.clone()));
    let (stdout, stderr) = out.take();
    Ok(Ran {
        stdout,
        stderr,
        exit: r.exit,
    })
}
