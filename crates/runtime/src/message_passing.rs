//! The message-passing runtime: one engine per Web Worker, no memory shared.
//!
//! The coordinator worker calls [`plan`], hands each step to the engine workers, which
//! call [`run_step`], and folds their answers with [`merge`] and [`judge`]; everything
//! crosses between workers as JSON, but for the spans the page is sent, which travel as
//! numbers (the engine's `stream`).

use interleave_engine::distributed::{self, StepRequest};
use interleave_engine::{RunReport, RunRequest, VariantReport, stream};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::{clock::PerformanceClock, memory_bytes, panic_report, parse, to_json};

/// The variants of a request and the steps of each (JSON of `Vec<VariantPlan>`).
#[wasm_bindgen]
pub fn plan(request_json: &str) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    panic_report::running(&request);
    to_json(&distributed::plan(&request))
}

/// The step request (JSON of a `StepRequest`) for engine `index` of `count` sharing step
/// `step` of variant `variant` of a run (the run request's JSON), whose origin on the
/// shared clock is `origin_ns`: made here, from the engine's own type, so that the
/// coordinator never writes the engine's JSON by hand.
#[wasm_bindgen(js_name = stepRequest)]
pub fn step_request(
    request_json: &str,
    variant: usize,
    step: usize,
    index: u32,
    count: u32,
    origin_ns: f64,
) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    to_json(&StepRequest {
        request,
        variant,
        step,
        shard: interleave_engine::shard::Shard { index, count },
        origin_ns: origin_ns.max(0.0) as u64,
    })
}

/// Carries out this engine's share of one step (JSON of a `StepRequest`) and returns its
/// part of the variant (JSON of a `VariantReport`).
#[wasm_bindgen(js_name = runStep)]
pub fn run_step(step_json: &str) -> Result<String, JsError> {
    let step: StepRequest = parse("step request", step_json)?;
    panic_report::running(&step.request);
    to_json(&distributed::run_step(&step, &PerformanceClock))
}

/// Folds the parts of one variant (a JSON array of `VariantReport`s) into one, and
/// returns it in the forms the coordinator needs: `{variant, page, chunks, wallNs}`, the
/// merged variant as JSON (for [`judge`]), what the page is sent (see the engine's
/// `stream`): the variant's JSON without spans and its spans as `Float64Array` chunks,
/// and its wall time in nanoseconds (for [`another_round`]).
#[wasm_bindgen]
pub fn merge(parts_json: &str) -> Result<JsValue, JsError> {
    let parts: Vec<VariantReport> = parse("variant parts", parts_json)?;
    let merged = distributed::merge(parts);
    let chunks: Array = stream::chunks(&merged.spans)
        .map(|numbers| Float64Array::from(numbers.as_slice()))
        .collect();
    let out = Object::new();
    for (key, value) in [
        ("variant", JsValue::from(to_json(&merged)?)),
        (
            "page",
            JsValue::from(to_json(&stream::without_spans(&merged))?),
        ),
        ("chunks", chunks.into()),
        ("wallNs", JsValue::from(merged.wall_ns as f64)),
    ] {
        Reflect::set(&out, &key.into(), &value).map_err(|_| JsError::new("cannot build"))?;
    }
    Ok(out.into())
}

/// Whether the coordinator should measure every variant of a run (the run request's
/// JSON) again, given each variant's wall times so far (JSON of one array of
/// nanoseconds per variant) and the milliseconds its rounds took (see the engine's
/// `repetition`).
#[wasm_bindgen(js_name = anotherRound)]
pub fn another_round(
    request_json: &str,
    walls_json: &str,
    elapsed_ms: f64,
) -> Result<bool, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    let walls: Vec<Vec<u64>> = parse("wall times", walls_json)?;
    let elapsed_ns = (elapsed_ms.max(0.0) * 1e6) as u64;
    Ok(distributed::another_round(&request, &walls, elapsed_ns))
}

/// The run's report from its merged variants of the first round (a JSON array), every
/// round's wall times (JSON of one array per variant) and the free cores probed before
/// each variant (a JSON array of numbers), with the verdict, without the spans: the page
/// got those with each variant.
#[wasm_bindgen]
pub fn judge(
    request_json: &str,
    variants_json: &str,
    walls_json: &str,
    free_json: &str,
) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    let variants: Vec<VariantReport> = parse("variants", variants_json)?;
    let walls: Vec<Vec<u64>> = parse("wall times", walls_json)?;
    let free: Vec<f64> = parse("free cores", free_json)?;
    to_json(&stream::lean_report(RunReport {
        // The coordinator's own instance: each engine worker has one of its own besides.
        runtime_memory_bytes: memory_bytes(),
        ..distributed::judge(&request, variants, walls, free)
    }))
}

/// The window of a free-core probe that starts now, `[from, to]` in milliseconds on the
/// shared clock: the coordinator hands it to every engine ([`probe_share`]), whose
/// shares add up to the cores the engines had at once (the engine's `free_cores`).
#[wasm_bindgen(js_name = probeWindowMs)]
pub fn probe_window_ms() -> Vec<f64> {
    use interleave_engine::Clock;
    use interleave_engine::measure::{PROBE_WINDOW_NS, probe_window};
    let (from, to) = probe_window(PerformanceClock.now_ns(), PROBE_WINDOW_NS);
    vec![from as f64 / 1e6, to as f64 / 1e6]
}

/// This engine's share of a free-core probe's window (from [`probe_window_ms`]): it
/// spins until the window closes, 0 to 1 of it running.
#[wasm_bindgen(js_name = probeShare)]
pub fn probe_share(from_ms: f64, to_ms: f64) -> f64 {
    use interleave_engine::Clock;
    let ns = |ms: f64| (ms.max(0.0) * 1e6) as u64;
    interleave_engine::measure::running_share(
        || PerformanceClock.now_ns(),
        (ns(from_ms), ns(to_ms)),
    )
}

/// Gets this engine's worker busy for a few milliseconds, unmeasured, before a run.
#[wasm_bindgen]
pub fn prime() {
    interleave_engine::measure::prime_workers();
}

/// The shared clock now, in milliseconds (`performance.timeOrigin + performance.now()`),
/// for the run's origin.
#[wasm_bindgen(js_name = clockMs)]
pub fn clock_ms() -> f64 {
    use interleave_engine::Clock;
    PerformanceClock.now_ns() as f64 / 1e6
}
