//! The protocol between the page and its runtime worker, both ways, in one place.
//!
//! Both runtime workers (`www/runtime-worker.js` on shared memory,
//! `www/message-passing-worker.js` without it) speak it; `www/protocol.d.ts` declares the
//! same messages for the JavaScript side, which `./x test` type-checks with `tsc`. What a
//! message carries of the engine (the request, a variant, the report) travels as the
//! engine's own JSON, and a chunk of spans as the engine's `stream` numbers in a
//! `Float64Array` handed over without copying.

use js_sys::{Float64Array, Int32Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// A message of the runtime worker to the page, told apart by its `type`.
///
/// Read in two steps, the `type` first and then the struct it names, rather than as one
/// internally tagged serde enum: serde buffers such an enum's fields, which loses the
/// JavaScript objects (`Float64Array`, `Int32Array`) that `serde_wasm_bindgen::preserve`
/// keeps as they are.
#[derive(Debug)]
pub enum FromRuntime {
    /// `ready`: the pool is up.
    Ready(Ready),
    /// `spans`: a chunk of a variant's spans; the variant follows.
    Spans(SpanChunk),
    /// `variant`: a variant was measured.
    Variant(VariantMeasured),
    /// `result`: the run finished.
    Result(RunFinished),
    /// `error`: a run, or the worker itself, failed.
    Error(Failure),
    /// `output`: a Go program printed this, since the last `output`.
    Output(ProgramOutput),
    /// `program`: a Go program's run ended; its spans came before, as variant 0's.
    Program(ProgramEnded),
}

/// The pool is up.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ready {
    /// Worker threads the pool really has.
    pub workers: u32,
    /// Milliseconds from loading the runtime to the pool being ready.
    pub start_ms: f64,
    /// The engine's stop flag in the shared-memory runtime's memory (undefined on the
    /// message-passing backend).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub stop_flag: JsValue,
}

/// A chunk of the spans of variant `index` of run `id`.
#[derive(Debug, Deserialize)]
pub struct SpanChunk {
    /// The run.
    pub id: u32,
    /// The variant.
    pub index: usize,
    /// Five numbers a span (the engine's `stream`).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub spans: Float64Array,
}

/// Variant `index` of `total` of run `id` was measured.
#[derive(Debug, Deserialize)]
pub struct VariantMeasured {
    /// The run.
    pub id: u32,
    /// The variant's place in the run.
    pub index: usize,
    /// How many variants the run has.
    pub total: usize,
    /// The engine's `VariantReport` without its spans, as JSON.
    pub variant: String,
}

/// Run `id` finished.
#[derive(Debug, Deserialize)]
pub struct RunFinished {
    /// The run.
    pub id: u32,
    /// The engine's `RunReport` without spans, as JSON.
    pub report: String,
}

/// What Go program `id` printed since the last batch.
#[derive(Debug, Deserialize)]
pub struct ProgramOutput {
    /// The run.
    pub id: u32,
    /// The engine's `program::Output` pieces, as a JSON array.
    pub output: String,
}

/// Go program `id` ended.
#[derive(Debug, Deserialize)]
pub struct ProgramEnded {
    /// The run.
    pub id: u32,
    /// The engine's `ProgramReport` without spans, as JSON.
    pub report: String,
}

/// Run `id` failed, or without an id the worker itself.
#[derive(Debug, Deserialize)]
pub struct Failure {
    /// The run, if the failure belongs to one.
    #[serde(default)]
    pub id: Option<u32>,
    /// What went wrong, in words for the page.
    pub message: String,
}

impl FromRuntime {
    /// Reads a message the runtime worker posted.
    pub fn decode(data: &JsValue) -> Result<Self, String> {
        fn read<T: serde::de::DeserializeOwned>(data: &JsValue) -> Result<T, String> {
            serde_wasm_bindgen::from_value(data.clone()).map_err(|e| e.to_string())
        }
        let kind = js_sys::Reflect::get(data, &"type".into())
            .ok()
            .and_then(|kind| kind.as_string());
        let message = match kind.as_deref() {
            Some("ready") => read(data).map(FromRuntime::Ready),
            Some("spans") => read(data).map(FromRuntime::Spans),
            Some("variant") => read(data).map(FromRuntime::Variant),
            Some("result") => read(data).map(FromRuntime::Result),
            Some("error") => read(data).map(FromRuntime::Error),
            Some("output") => read(data).map(FromRuntime::Output),
            Some("program") => read(data).map(FromRuntime::Program),
            _ => Err("no known type".to_owned()),
        };
        message.map_err(|e| format!("the runtime worker sent a message the page cannot read: {e}"))
    }

    /// The run the message belongs to, if it belongs to one.
    pub fn run(&self) -> Option<u32> {
        match self {
            FromRuntime::Ready(_) => None,
            FromRuntime::Spans(SpanChunk { id, .. })
            | FromRuntime::Variant(VariantMeasured { id, .. })
            | FromRuntime::Result(RunFinished { id, .. })
            | FromRuntime::Output(ProgramOutput { id, .. })
            | FromRuntime::Program(ProgramEnded { id, .. }) => Some(*id),
            FromRuntime::Error(Failure { id, .. }) => *id,
        }
    }

    /// The stop flag a `ready` message carried, if it carried one.
    pub fn stop_flag(&self) -> Option<Int32Array> {
        match self {
            FromRuntime::Ready(ready) => {
                wasm_bindgen::JsCast::dyn_into::<Int32Array>(ready.stop_flag.clone()).ok()
            }
            _ => None,
        }
    }
}

/// A message of the page to the runtime worker.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToRuntime {
    /// Run `request` (the engine's `RunRequest` as JSON) as run `id`.
    Run {
        /// The run's id; the worker's messages about it carry it.
        id: u32,
        /// The request, as JSON.
        request: String,
        /// On the shared-memory backend, a shared counter of what the page has drawn of
        /// the run (see `pacing.rs`), which the runtime waits on.
        #[serde(
            skip_serializing_if = "JsValue::is_undefined",
            with = "serde_wasm_bindgen::preserve"
        )]
        drawn: JsValue,
    },
    /// Compile and run the Go program `source` as run `id`, on the pool's workers.
    RunProgram {
        /// The run's id; the worker's messages about it carry it.
        id: u32,
        /// The program.
        source: String,
    },
    /// The page has drawn `count` of the run in progress (see `pacing.rs`), on the
    /// message-passing backend.
    Drawn {
        /// 1 once the run's start is drawn, i + 2 once variant i is.
        count: u32,
    },
}

impl ToRuntime {
    /// The message as the JavaScript object the worker reads.
    pub fn encode(&self) -> Result<JsValue, String> {
        self.serialize(&serde_wasm_bindgen::Serializer::new())
            .map_err(|e| format!("a message for the runtime worker could not be made: {e}"))
    }
}
