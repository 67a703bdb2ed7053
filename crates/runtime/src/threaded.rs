//! The shared-memory runtime: the engine on wasm-bindgen-rayon's pool of Web Workers.

use interleave_engine::RunRequest;
use wasm_bindgen::prelude::*;

use crate::{clock::PerformanceClock, panic_report, parse, to_json};

/// Runs one request (JSON of the engine's `RunRequest`) on the pool and returns the
/// `RunReport` as JSON.
///
/// Blocks the calling worker until the run ends, which is why it is only ever called
/// from the runtime's own worker.
#[wasm_bindgen]
pub fn run(request_json: &str) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    panic_report::running(&request);
    to_json(&interleave_engine::run(&request, &PerformanceClock))
}

/// The number of worker threads in the pool, so the page can check it got what it asked.
#[wasm_bindgen(js_name = poolSize)]
pub fn pool_size() -> usize {
    rayon::current_num_threads()
}
