//! A Go program, compiled and run by `interleave-golang`: on the shared-memory runtime on
//! one of the pool's threads (its goroutines then on all of them), while the runtime
//! worker, never blocked, collects what it prints in batches and, once it ends, its report
//! and spans; on the message-passing runtime on the coordinator's own thread, one worker.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use interleave_engine::clock::RunClock;
use interleave_engine::program::{Diagnostic, Output, ProgramReport, Stream};
use interleave_engine::stream;
use interleave_engine::tasks::Recording;
use interleave_golang::{GoRunConfig, Limits};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

use crate::clock::PerformanceClock;
use crate::to_json;

// The page and the language take programs of the same size.
const _: () =
    assert!(interleave_golang::MAX_SOURCE_BYTES == interleave_engine::program::MAX_SOURCE_BYTES);

/// The most output a run keeps for the page, in bytes; past it, one line says so and the
/// rest is dropped, so a program that prints forever does not fill the memory.
const MAX_OUTPUT_BYTES: usize = 1 << 20;

/// What a program has printed and not yet been collected, and its report once it ended.
#[derive(Default)]
struct Gathered {
    pieces: Mutex<Vec<Output>>,
    bytes: AtomicUsize,
    ended: AtomicBool,
    report: Mutex<Option<ProgramReport>>,
}

impl interleave_golang::Output for Gathered {
    fn write(&self, stream: Stream, goroutine: u32, at_ns: u64, text: &str) {
        let before = self.bytes.fetch_add(text.len(), Ordering::Relaxed);
        let mut pieces = self.pieces.lock().unwrap_or_else(PoisonError::into_inner);
        if before + text.len() <= MAX_OUTPUT_BYTES {
            pieces.extend(Output::pieces(stream, goroutine, at_ns, text));
        } else if before <= MAX_OUTPUT_BYTES {
            pieces.push(Output {
                stream: Stream::Stderr,
                goroutine,
                at_ns,
                text: "\n[the page keeps 1 MB of output: the rest is not shown]\n".into(),
            });
        }
    }
}

/// The logical CPUs the browser reports (`navigator.hardwareConcurrency` of this worker's
/// global scope), for `runtime.NumCPU()`; 1 where it says nothing.
fn browser_cpus() -> u32 {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into());
    navigator
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|c| c.as_f64())
        .map_or(1, |c| c.clamp(1.0, 1024.0) as u32)
}

/// A Go program's run (`runProgram`), which the runtime's worker polls.
#[wasm_bindgen]
pub struct ProgramRun {
    gathered: Arc<Gathered>,
}

/// Compiles and runs `source` on the pool's workers (its GOMAXPROCS) and returns at once:
/// the program runs on a pool thread while the caller polls the returned run.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = runProgram)]
pub fn run_program(source: String) -> ProgramRun {
    let gathered = Arc::new(Gathered::default());
    let shared = gathered.clone();
    rayon::spawn(move || {
        let workers = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
        carry_out(&source, workers, &shared);
    });
    ProgramRun { gathered }
}

/// Compiles and runs `source` on this worker alone (one worker: without shared memory
/// the goroutines have no other worker to run on) and returns once it has ended.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = runProgram)]
pub fn run_program(source: String) -> ProgramRun {
    let gathered = Arc::new(Gathered::default());
    carry_out(&source, 1, &gathered);
    ProgramRun { gathered }
}

/// Compiles `source` and runs it on `workers` workers of the current pool, gathering what
/// it prints and, at its end, its report.
fn carry_out(source: &str, workers: u32, gathered: &Arc<Gathered>) {
    let report = match interleave_golang::compile(source) {
        Err(errors) => ProgramReport::refused(
            workers,
            errors
                .into_iter()
                .map(|e| Diagnostic {
                    line: e.line,
                    col: e.col,
                    message: e.message,
                })
                .collect(),
        ),
        Ok(program) => {
            let config = GoRunConfig {
                workers,
                limits: Limits::default(),
                recording: Recording::default(),
                cpus: browser_cpus(),
                epoch_ns: (js_sys::Date::now() * 1e6) as i64,
            };
            let clock = RunClock::starting_now(&PerformanceClock);
            let run = interleave_golang::run(&program, clock, config, gathered.clone());
            ProgramReport::ran(run.exit, workers, run.tasks)
        }
    };
    *gathered
        .report
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = Some(report);
    gathered.ended.store(true, Ordering::Release);
}

#[wasm_bindgen]
impl ProgramRun {
    /// Whether the program has ended: after this says so, [`ProgramRun::output`] has
    /// everything it printed.
    pub fn ended(&self) -> bool {
        self.gathered.ended.load(Ordering::Acquire)
    }

    /// What it printed since the last call, as JSON of the engine's `program::Output`
    /// pieces, or nothing when it printed nothing.
    pub fn output(&self) -> Result<Option<String>, JsError> {
        let pieces = std::mem::take(
            &mut *self
                .gathered
                .pieces
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        if pieces.is_empty() {
            return Ok(None);
        }
        to_json(&pieces).map(Some)
    }

    /// Once it ended, its spans as chunks of the engine's `stream` numbers; the report
    /// ([`ProgramRun::report`]) follows without them.
    pub fn spans(&self) -> Array {
        let report = self
            .gathered
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        report
            .iter()
            .flat_map(|r| stream::chunks(&r.run.spans))
            .map(|numbers| Float64Array::from(numbers.as_slice()))
            .collect()
    }

    /// Once it ended, its report without spans, as JSON.
    pub fn report(&self) -> Result<Option<String>, JsError> {
        let mut report = self
            .gathered
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        report
            .take()
            .map(|mut report| {
                report.run.spans = Vec::new();
                to_json(&report)
            })
            .transpose()
    }
}
