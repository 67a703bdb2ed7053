//! The wasm runtimes of Interleave: where the engine runs in the browser, never on the
//! page's main thread.
//!
//! The crate is built twice. With the `threads` feature (and a shared memory) it is the
//! shared-memory runtime: a dedicated Web Worker (`www/runtime-worker.js`) loads it,
//! starts k more Web Workers as rayon's threads and runs each request on that pool. A
//! rayon pool cannot be resized, so another worker count means another runtime worker.
//! Without it, it is the message-passing runtime, which needs no shared memory and so
//! loads in any page: `www/message-passing-worker.js` coordinates k engine workers
//! (`www/engine-worker.js`), each with its own instance, giving them steps of a run by
//! message and merging what they send back.
#![cfg(target_arch = "wasm32")]

mod clock;
#[cfg(not(feature = "threads"))]
mod message_passing;
mod panic_report;
mod program;
#[cfg(feature = "threads")]
mod threaded;

/// The allocator of the shared memory: wasm's own takes one lock for every allocation of
/// every worker, which goroutines spawned on one worker and run on another contend for.
#[cfg(feature = "threads")]
#[global_allocator]
static ALLOCATOR: interleave_thread_cache::ThreadCache = interleave_thread_cache::ThreadCache;

/// Starts the pool's Web Workers; the runtime worker calls it once, as `initThreadPool`.
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

use wasm_bindgen::prelude::*;

/// Runs every kernel briefly on every worker, so the browser has optimised the hot code
/// before the visitor's first measured run.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() {
    interleave_engine::warm_up();
}

/// Bytes of this instance's wasm memory now: a report carries it, so the page can show
/// that runs leave it where it was.
fn memory_bytes() -> Option<u64> {
    let buffer = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into()).ok()?;
    let bytes = js_sys::Reflect::get(&buffer, &"byteLength".into()).ok()?;
    bytes.as_f64().map(|b| b as u64)
}

/// Reads a JSON argument from the page, or says what was wrong with it.
fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("malformed {what}: {e}")))
}

/// Writes a result as JSON for the page.
fn to_json(value: &impl serde::Serialize) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}
