//! The message API between an embedded playground and the page that embeds it.
//!
//! Only messages from the embedding window (`window.parent`) are read; each is validated
//! by the engine and malformed ones are ignored with a console warning. Replies go only
//! to the embedding window, to the origin its last valid message came from (before any,
//! only `ready` is sent, and it carries no data).

use std::cell::RefCell;
use std::rc::Rc;

use interleave_engine::embed::{API_VERSION, HostCommand, parse_command};
use interleave_engine::{Backend, RunReport};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::window_listener::{WindowListener, on_window};

/// The origin replies may go to: set by the host's first valid message.
#[derive(Clone, Default)]
pub struct HostOrigin(Rc<RefCell<Option<String>>>);

/// Listens for host messages while the returned guard lives; valid commands go to
/// `on_command`.
pub fn listen(
    origin: HostOrigin,
    on_command: impl Fn(HostCommand) + 'static,
) -> WindowListener<MessageEvent> {
    on_window("message", move |event: MessageEvent| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let from_parent = match (event.source(), window.parent().ok().flatten()) {
            (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let message = js_sys::JSON::stringify(&event.data())
            .ok()
            .and_then(|text| text.as_string())
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .unwrap_or(Value::Null);
        match parse_command(&message) {
            Ok(command) => {
                *origin.0.borrow_mut() = Some(event.origin());
                on_command(command);
            }
            Err(reason) => web_sys::console::warn_1(
                &format!("Interleave ignored a message from the host page: {reason}").into(),
            ),
        }
    })
}

/// Posts `message` (plus the API version) to the embedding window, if there is one.
fn post(origin: &HostOrigin, mut message: Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    if JsValue::from(&parent) == JsValue::from(&window) {
        return; // Not embedded: the page is its own parent.
    }
    let target = origin.0.borrow().clone();
    let target = match (&target, message["type"].as_str()) {
        (Some(origin), _) => origin.clone(),
        // Before the host has spoken, only the bare "ready" goes out, to any origin.
        (None, Some("ready")) => "*".to_owned(),
        (None, _) => return,
    };
    message["interleave"] = json!(API_VERSION);
    if let Ok(data) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&data, &target);
    }
}

/// Tells the host the playground is ready for commands.
pub fn ready(origin: &HostOrigin, workers: u32, backend: Backend) {
    post(
        origin,
        json!({ "type": "ready", "workers": workers, "backend": backend }),
    );
}

/// Tells the host a run started.
pub fn progress(origin: &HostOrigin, workers: u32) {
    post(
        origin,
        json!({ "type": "progress", "state": "running", "workers": workers }),
    );
}

/// Sends the host a finished run's summary: its variants' times and the verdict.
pub fn result(origin: &HostOrigin, report: &RunReport) {
    let variants: Vec<Value> = report
        .variants
        .iter()
        .map(|v| json!({ "id": v.id, "label": v.label, "wall_ms": v.wall_ns as f64 / 1e6, "value": v.value }))
        .collect();
    post(
        origin,
        json!({
            "type": "result",
            "experiment": report.request.experiment.slug(),
            "workers": report.workers,
            "backend": report.backend,
            "variants": variants,
            "verdict": report.verdict.text,
            "judgement": report.verdict.judgement,
        }),
    );
}

/// Tells the host a run failed or was stopped.
pub fn error(origin: &HostOrigin, message: &str) {
    post(origin, json!({ "type": "error", "message": message }));
}
