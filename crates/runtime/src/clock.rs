//! The browser clock shared by every worker of a run.

use std::cell::Cell;

use interleave_engine::Clock;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The `Performance` object of whichever worker is running.
    type Performance;

    #[wasm_bindgen(thread_local_v2, js_name = performance)]
    static PERFORMANCE: Performance;

    #[wasm_bindgen(method, getter, js_name = timeOrigin)]
    fn time_origin(this: &Performance) -> f64;

    #[wasm_bindgen(method)]
    fn now(this: &Performance) -> f64;
}

thread_local! {
    /// This worker's `performance.timeOrigin` in nanoseconds, read once per worker.
    static ORIGIN_NS: Cell<Option<u64>> = const { Cell::new(None) };
}

/// `performance.timeOrigin + performance.now()` in nanoseconds.
///
/// Each worker has its own `performance.now()` epoch (its own start); adding the
/// worker's `timeOrigin` puts every worker on one wall-clock timeline. The resolution is
/// what the browser allows: 5 µs when cross-origin isolated, 100 µs otherwise.
pub struct PerformanceClock;

impl Clock for PerformanceClock {
    fn now_ns(&self) -> u64 {
        PERFORMANCE.with(|performance| {
            let origin = ORIGIN_NS.with(|cell| {
                cell.get().unwrap_or_else(|| {
                    let origin = (performance.time_origin() * 1e6) as u64;
                    cell.set(Some(origin));
                    origin
                })
            });
            origin + (performance.now() * 1e6) as u64
        })
    }
}
