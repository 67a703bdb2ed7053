//! Running experiments natively, on a rayon pool of real OS threads.

use std::sync::LazyLock;

use crate::clock::MonotonicClock;

/// The process's clock: one epoch for every run, as the browser's `timeOrigin` is.
static CLOCK: LazyLock<MonotonicClock> = LazyLock::new(MonotonicClock::new);
use crate::catalogue::RunRequest;
use crate::report::RunReport;
use crate::shared_memory::run;

/// The process's clock, for code that measures natively outside a run.
pub fn clock() -> &'static MonotonicClock {
    &CLOCK
}

/// A rayon pool of exactly `workers` OS threads, named after the workers they are.
pub fn pool(workers: u32) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(workers as usize)
        .thread_name(|i| format!("interleave-worker-{i}"))
        .build()
        .map_err(|e| format!("could not start {workers} worker threads: {e}"))
}

/// Runs `request` on a fresh pool of exactly `request.workers` OS threads (after clamping),
/// as the browser runs it on that many Web Workers; refuses it, saying why, when it would
/// need more memory than the [`budget`](crate::budget) allows.
pub fn run_on_threads(request: &RunRequest) -> Result<RunReport, String> {
    let request = request.bounded();
    crate::budget::check(&request)?;
    Ok(pool(request.workers)?.install(|| run(&request, &*CLOCK)))
}
