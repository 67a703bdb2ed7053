//! The shared-memory runtime: the engine on wasm-bindgen-rayon's pool of Web Workers.

use interleave_engine::{
    RunReport, RunRequest, VariantReport, budget, measure, shared_memory, stream,
};
use js_sys::{Array, Float64Array, Function};
use wasm_bindgen::prelude::*;

use crate::{clock::PerformanceClock, memory_bytes, panic_report, parse, to_json};

/// Runs one request (JSON of the engine's `RunRequest`) on the pool and returns the
/// `RunReport` as JSON, without the spans: those go to `on_variant` with each variant.
///
/// As soon as a variant of the first round is measured, `on_variant(index, total,
/// variant, chunks)` is called with its index, the run's number of variants, its JSON
/// without spans and its spans as an array of `Float64Array` chunks (see the engine's
/// `stream`), so the page can draw the run as it goes; the later rounds of repeats (see
/// the engine's `repetition`) go by untold. Blocks the calling worker until the run
/// ends, which is why it is only ever called from the runtime's own worker.
#[wasm_bindgen]
pub fn run(request_json: &str, on_variant: &Function) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    budget::check(&request).map_err(|refusal| JsError::new(&refusal))?;
    panic_report::running(&request);
    // The engine runs as many variants as the experiment lists on the pool's worker count.
    let total = RunRequest {
        workers: u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX),
        ..request.bounded()
    }
    .footprint()
    .variants
    .len();
    let on_variant = on_variant.clone();
    let mut index = 0u32;
    let report = shared_memory::run_with(&request, &PerformanceClock, move |variant| {
        if let Err(error) = tell(&on_variant, index, total, variant) {
            warn(&error);
        }
        index += 1;
        // The workers idled while the page drew: wake them again, so the next variant
        // does not pay for it.
        measure::prime_workers();
    });
    to_json(&stream::lean_report(RunReport {
        runtime_memory_bytes: memory_bytes(),
        ..report
    }))
}

/// A view of the engine's stop flag ([`interleave_engine::stop`]) in this runtime's
/// shared memory: the page sets it before it terminates the runtime worker, so that the
/// pool's workers stop computing at once instead of finishing the task they are in. The
/// flag is a static, so its address is fixed; a shared memory's old buffers stay valid
/// when it grows.
#[wasm_bindgen(js_name = stopFlag)]
pub fn stop_flag() -> Result<js_sys::Int32Array, JsError> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory()
        .dyn_into()
        .map_err(|_| JsError::new("the runtime has no wasm memory"))?;
    let address = std::ptr::from_ref(&interleave_engine::stop::STOP) as usize;
    Ok(js_sys::Int32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        u32::try_from(address).map_err(|_| JsError::new("the stop flag is out of reach"))?,
        1,
    ))
}

/// Hands one measured variant to the worker's script.
fn tell(
    on_variant: &Function,
    index: u32,
    total: usize,
    variant: &VariantReport,
) -> Result<(), JsValue> {
    let json = serde_json::to_string(&stream::without_spans(variant))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let chunks: Array = stream::chunks(&variant.spans)
        .map(|numbers| Float64Array::from(numbers.as_slice()))
        .collect();
    on_variant.call4(
        &JsValue::NULL,
        &index.into(),
        &(total as u32).into(),
        &json.into(),
        &chunks.into(),
    )?;
    Ok(())
}

#[wasm_bindgen]
extern "C" {
    /// Says on the console that a variant could not be handed on; the run goes on.
    #[wasm_bindgen(js_namespace = console)]
    fn warn(error: &JsValue);
}

/// The number of worker threads in the pool, so the page can check it got what it asked.
#[wasm_bindgen(js_name = poolSize)]
pub fn pool_size() -> usize {
    rayon::current_num_threads()
}
