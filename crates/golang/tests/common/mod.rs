//! Runs a program natively on k workers and keeps what it printed: the one way the Go
//! crate's integration tests run programs.

use std::sync::{Arc, Mutex};

use interleave_engine::clock::RunClock;
use interleave_engine::tasks::Recording;
use interleave_golang::{GoRunConfig, Limits, Output, Stream, compile, run};

/// What a run printed and how it ended.
pub struct Ran {
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Its exit status.
    pub exit: i32,
}

#[derive(Default)]
struct Collect(Mutex<(String, String)>);

impl Output for Collect {
    fn write(&self, stream: Stream, _g: u32, _at: u64, text: &str) {
        let mut o = self.0.lock().unwrap();
        match stream {
            Stream::Stdout => o.0.push_str(text),
            Stream::Stderr => o.1.push_str(text),
        }
    }
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
    let out = Arc::new(Collect::default());
    let config = GoRunConfig {
        workers,
        limits: Limits::default(),
        recording: Recording::coarse_on(1_000_000, workers),
    };
    let clock = RunClock::starting_now(interleave_engine::native::clock());
    let r = pool.install(|| run(&program, clock, config, out.clone()));
    let (stdout, stderr) = std::mem::take(&mut *out.0.lock().unwrap());
    Ok(Ran {
        stdout,
        stderr,
        exit: r.exit,
    })
}
