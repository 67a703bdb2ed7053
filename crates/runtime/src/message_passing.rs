//! The message-passing runtime: one engine per Web Worker, no memory shared.
//!
//! The coordinator worker calls [`plan`], hands each step to the engine workers, which
//! call [`run_step`], and folds their answers with [`merge`] and [`judge`]; everything
//! crosses between workers as JSON.

use interleave_engine::distributed::{self, StepRequest};
use interleave_engine::{RunRequest, VariantReport};
use wasm_bindgen::prelude::*;

use crate::{clock::PerformanceClock, panic_report, parse, to_json};

/// The variants of a request and the steps of each (JSON of `Vec<VariantPlan>`).
#[wasm_bindgen]
pub fn plan(request_json: &str) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    panic_report::running(&request);
    to_json(&distributed::plan(&request))
}

/// Carries out this engine's share of one step (JSON of a `StepRequest`) and returns its
/// part of the variant (JSON of a `VariantReport`).
#[wasm_bindgen(js_name = runStep)]
pub fn run_step(step_json: &str) -> Result<String, JsError> {
    let step: StepRequest = parse("step request", step_json)?;
    panic_report::running(&step.request);
    to_json(&distributed::run_step(&step, &PerformanceClock))
}

/// Folds the parts of one variant (a JSON array of `VariantReport`s) into one.
#[wasm_bindgen]
pub fn merge(parts_json: &str) -> Result<String, JsError> {
    let parts: Vec<VariantReport> = parse("variant parts", parts_json)?;
    to_json(&distributed::merge(parts))
}

/// The run's report from its merged variants (a JSON array), with the verdict.
#[wasm_bindgen]
pub fn judge(request_json: &str, variants_json: &str) -> Result<String, JsError> {
    let request: RunRequest = parse("run request", request_json)?;
    let variants: Vec<VariantReport> = parse("variants", variants_json)?;
    to_json(&distributed::judge(&request, variants))
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
