//! `interleave go FILE.go [--workers K]`: runs a Go program natively with the same VM as
//! the page, writing its stdout and stderr as they come and exiting with its status.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use interleave_engine::clock::RunClock;
use interleave_golang::{GoRunConfig, Limits, Output, Stream, compile, run as run_go, source};

struct Std;

impl Output for Std {
    fn write(&self, stream: Stream, _goroutine: u32, _at_ns: u64, text: &str) {
        match stream {
            Stream::Stdout => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(text.as_bytes());
                let _ = o.flush();
            }
            Stream::Stderr => {
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
        }
    }
}

/// Compiles and runs `file` on `workers` threads.
pub fn run(file: &Path, workers: u32) -> ExitCode {
    let shown = file.display();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("interleave: cannot read {shown}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = match source::decode(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{shown}:{}:{}: {}", e.line, e.col, e.message);
            return ExitCode::FAILURE;
        }
    };
    let program = match compile(text) {
        Ok(p) => p,
        Err(errors) => {
            for e in errors {
                eprintln!("{shown}:{}:{}: {}", e.line, e.col, e.message);
            }
            return ExitCode::FAILURE;
        }
    };
    let workers = workers.max(1);
    let pool = match interleave_engine::native::pool(workers) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("interleave: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = GoRunConfig {
        workers,
        limits: Limits::default(),
        recording: interleave_engine::tasks::Recording::coarse_on(1_000_000, workers),
        cpus: interleave_golang::os_cpus(),
        epoch_ns: interleave_golang::os_epoch_ns(),
    };
    let clock = RunClock::starting_now(interleave_engine::native::clock());
    let result = pool.install(|| run_go(&program, clock, config, std::sync::Arc::new(Std)));
    if std::env::var_os("INTERLEAVE_GO_STATS").is_some() {
        // How busy each worker was: whether the goroutines really ran in parallel.
        let mut busy = vec![0u64; workers as usize];
        for s in &result.tasks.spans {
            if s.kind.occupies_worker()
                && let Some(b) = busy.get_mut(s.worker as usize)
            {
                *b += s.duration_ns();
            }
        }
        let ms: Vec<String> = busy
            .iter()
            .map(|b| format!("{:.1}", *b as f64 / 1e6))
            .collect();
        eprintln!(
            "interleave: {} goroutines; wall {:.1} ms; busy per worker (ms): {}",
            result.tasks.spawned,
            result.tasks.wall_ns as f64 / 1e6,
            ms.join(", ")
        );
    }
    ExitCode::from(result.exit.clamp(0, 255) as u8)
}
