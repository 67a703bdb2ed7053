//! Tells the page when the engine panics, and in which run.
//!
//! A panic in wasm aborts its instance: nothing unwinds. When it happens on a worker of
//! the pool, the runtime worker would wait for ever for a run that cannot end. The panic
//! hook therefore posts the panic, with the experiment and parameters of the run it
//! interrupted, on a `BroadcastChannel` that the page listens to; the page says what
//! failed and starts fresh workers for the next run.

use std::sync::Mutex;

use interleave_engine::RunRequest;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The browser's `BroadcastChannel`: reachable from every worker of the page.
    type BroadcastChannel;

    #[wasm_bindgen(constructor)]
    fn new(name: &str) -> BroadcastChannel;

    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &BroadcastChannel, message: &str);
}

/// The channel the page listens on (empty: report nowhere).
static CHANNEL: Mutex<String> = Mutex::new(String::new());

/// The run in progress, in words.
static RUN: Mutex<String> = Mutex::new(String::new());

/// Reports this instance's panics on the channel named `channel`; each worker script
/// calls it once at start with the name the page gave it.
#[wasm_bindgen(js_name = reportPanicsTo)]
pub fn report_panics_to(channel: &str) {
    if let Ok(mut name) = CHANNEL.lock() {
        *name = channel.to_owned();
    }
    std::panic::set_hook(Box::new(|info| {
        // try_lock: the panic may have struck while one of these was held.
        let channel = CHANNEL.try_lock().map(|c| c.clone()).unwrap_or_default();
        if channel.is_empty() {
            return;
        }
        let run = RUN.try_lock().map(|r| r.clone()).unwrap_or_default();
        BroadcastChannel::new(&channel).post_message(&format!(
            "The engine panicked during {}: {info}",
            if run.is_empty() { "start-up" } else { &run }
        ));
    }));
}

/// Notes `request` as the run in progress, for the panic report.
pub fn running(request: &RunRequest) {
    let params = request
        .params
        .iter()
        .map(|(key, value)| format!("{key} = {value}"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(mut run) = RUN.lock() {
        *run = format!(
            "the run of {} ({}) on {}",
            request.experiment.title(),
            if params.is_empty() {
                "default parameters"
            } else {
                &params
            },
            interleave_engine::measure::plural(request.workers, "worker")
        );
    }
}
