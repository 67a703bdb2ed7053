//! The threaded wasm runtime of Interleave.
//!
//! It is loaded only inside a dedicated Web Worker (`www/runtime-worker.js`), never on the
//! page's main thread: that worker calls [`init_thread_pool`] to start k more Web Workers
//! as rayon's threads, then [`run`] for each request and posts the report back to the
//! page. The page therefore never blocks on the pool, and changing the worker count means
//! replacing this whole worker, since a rayon pool cannot be resized.
#![cfg(target_arch = "wasm32")]

mod clock;

use interleave_engine::RunRequest;
use wasm_bindgen::prelude::*;

pub use wasm_bindgen_rayon::init_thread_pool;

/// Runs one request (JSON of the engine's `RunRequest`) on the pool and returns the
/// `RunReport` as JSON.
///
/// Blocks the calling worker until the run ends, which is why it is only ever called
/// from the runtime's own worker.
#[wasm_bindgen]
pub fn run(request_json: &str) -> Result<String, JsError> {
    let request: RunRequest = serde_json::from_str(request_json)
        .map_err(|e| JsError::new(&format!("malformed run request: {e}")))?;
    let report = interleave_engine::run(&request, &clock::PerformanceClock);
    serde_json::to_string(&report).map_err(|e| JsError::new(&e.to_string()))
}

/// Runs every kernel briefly on every worker, so the browser has optimised the hot code
/// before the visitor's first measured run.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() {
    interleave_engine::warm_up();
}

/// The number of worker threads in the pool, so the page can check it got what it asked.
#[wasm_bindgen(js_name = poolSize)]
pub fn pool_size() -> usize {
    rayon::current_num_threads()
}
