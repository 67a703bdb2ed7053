//! Running experiments natively, on a rayon pool of real OS threads.

use crate::clock::MonotonicClock;
use crate::experiment::{RunReport, RunRequest, run};

/// Runs `request` on a fresh pool of exactly `request.workers` OS threads (after clamping),
/// as the browser runs it on that many Web Workers.
pub fn run_on_threads(request: &RunRequest) -> Result<RunReport, String> {
    let request = request.bounded();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(request.workers as usize)
        .thread_name(|i| format!("interleave-worker-{i}"))
        .build()
        .map_err(|e| format!("could not start {} worker threads: {e}", request.workers))?;
    let clock = MonotonicClock::new();
    Ok(pool.install(|| run(&request, &clock)))
}
