//! The message API between an embedded playground and the page that embeds it.
//!
//! Only messages from the embedding window (`window.parent`) are read. The envelope
//! (an object with `interleave` and a known `type`) is checked on the JS object itself,
//! and only the known fields are copied, each bounded, before the engine validates them:
//! a message of hundreds of megabytes or a million keys is never stringified or copied
//! into wasm. Malformed ones are ignored with a console warning. Every valid command is
//! answered at once with an `ack`. Replies go only to the embedding window, to the origin
//! its last valid message came from (before any, only `ready` is sent, and it carries no
//! data).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use interleave_engine::embed::{API_VERSION, HostCommand, parse_command};
use interleave_engine::program::{MAX_SOURCE_BYTES, Stream};
use interleave_engine::{Backend, RunReport};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::go::{Mode, ProgramRun, output};
use crate::state::AppState;

/// The longest string copied out of a host message; longer ones are refused whole.
const MAX_TEXT: u32 = 64;

/// The message types the frame knows (the engine's `parse_command` reads them).
const TYPES: [&str; 11] = [
    "hello",
    "subscribe",
    "run",
    "stop",
    "set-workers",
    "set-params",
    "set-experiment",
    "set-view",
    "set-theme",
    "get-state",
    "set-code",
];

/// Copies what the engine needs of a host message into JSON, reading only the known
/// fields of the JS object and refusing oversized ones, so that nothing unbounded is
/// copied. What is not an API message becomes a value the engine refuses with a reason.
fn bounded_copy(data: &JsValue) -> Value {
    let field = |object: &JsValue, name: &str| {
        js_sys::Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
    };
    let scalar = |value: JsValue| -> Value {
        if let Some(number) = value.as_f64() {
            // Whole numbers as integers, as JSON would give them (2, not 2.0).
            return if number.fract() == 0.0 && number.abs() < 9.0e15 {
                json!(number as i64)
            } else {
                json!(number)
            };
        }
        match value.dyn_into::<js_sys::JsString>() {
            Ok(text) if text.length() <= MAX_TEXT => json!(String::from(text)),
            Ok(_) => json!({ "too long": true }),
            Err(_) => Value::Null,
        }
    };
    if !data.is_object() || js_sys::Array::is_array(data) {
        return json!("not an object");
    }
    let version = field(data, "interleave");
    // The type is compared while still a JS string: a huge one is never copied.
    let Some(kind) = field(data, "type")
        .dyn_into::<js_sys::JsString>()
        .ok()
        .filter(|t| t.length() <= MAX_TEXT)
        .and_then(|t| t.as_string())
        .filter(|t| TYPES.contains(&t.as_str()))
    else {
        // Report an unknown type by a bounded name, never the string itself.
        return json!({ "interleave": scalar(version), "type": "(not a known type)" });
    };
    let mut message = json!({ "interleave": scalar(version), "type": kind });
    match kind.as_str() {
        "set-workers" => message["workers"] = scalar(field(data, "workers")),
        "set-experiment" => message["experiment"] = scalar(field(data, "experiment")),
        "set-view" => message["view"] = scalar(field(data, "view")),
        "set-theme" => message["theme"] = scalar(field(data, "theme")),
        // A program is copied whole when it can be within the size limit (UTF-16 units are
        // never more than UTF-8 bytes), and the engine counts its bytes.
        "set-code" => {
            message["code"] = match field(data, "code").dyn_into::<js_sys::JsString>() {
                Ok(code) if code.length() as usize <= MAX_SOURCE_BYTES => json!(String::from(code)),
                Ok(_) => json!("x".repeat(MAX_SOURCE_BYTES + 1)),
                Err(_) => Value::Null,
            }
        }
        "set-params" => {
            let params = field(data, "params");
            if params.is_object() && !js_sys::Array::is_array(&params) {
                // Only the first keys are copied: one past the engine's limit is enough
                // for it to refuse the message.
                let mut copied = serde_json::Map::new();
                let object: &js_sys::Object = params.unchecked_ref();
                for key in js_sys::Object::keys(object).iter().take(17) {
                    if let Some(name) = key.as_string().filter(|k| k.len() <= MAX_TEXT as usize) {
                        let value = scalar(field(&params, &name));
                        copied.insert(name, value);
                    }
                }
                message["params"] = Value::Object(copied);
            } else {
                message["params"] = Value::Null;
            }
        }
        _ => {}
    }
    message
}

/// The origin replies may go to: set by the host's first valid message.
#[derive(Clone, Default)]
pub struct HostOrigin(Rc<RefCell<Option<String>>>);

/// Listens for host messages while the returned guard lives; valid commands go to
/// `on_command`.
pub fn listen(
    origin: HostOrigin,
    on_command: impl Fn(HostCommand) + 'static,
) -> Option<EventListener> {
    let window = web_sys::window()?;
    let target = window.clone();
    Some(EventListener::new(&target, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let from_parent = match (event.source(), window.parent().ok().flatten()) {
            (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let message = bounded_copy(&event.data());
        match parse_command(&message) {
            Ok(command) => {
                *origin.0.borrow_mut() = Some(event.origin());
                on_command(command);
            }
            Err(reason) => web_sys::console::warn_1(
                &format!("Interleave ignored a message from the host page: {reason}").into(),
            ),
        }
    }))
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
        // Before the host has spoken, only "ready" and "resize" go out, to any origin:
        // they carry nothing but the frame's size and its workers.
        (None, Some("ready" | "resize")) => "*".to_owned(),
        (None, _) => return,
    };
    message["interleave"] = json!(API_VERSION);
    if let Ok(data) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&data, &target);
    }
}

/// Tells the host the playground is ready for commands, and how tall it is.
pub fn ready(origin: &HostOrigin, workers: u32, backend: Backend) {
    post(
        origin,
        json!({ "type": "ready", "workers": workers, "backend": backend, "height": content_height() }),
    );
}

/// The height of the frame's content in CSS pixels: the root element's box, which
/// follows the content (its scroll height never drops below the iframe's own height).
fn content_height() -> Option<i32> {
    let root = web_sys::window()?.document()?.document_element()?;
    Some(height_of(&root))
}

fn height_of(root: &web_sys::Element) -> i32 {
    root.get_bounding_client_rect().height().ceil() as i32
}

/// Posts `{type: "resize", height}` to the host whenever the content's height changes,
/// growing or shrinking, while the returned observer lives (`height=auto`).
pub fn post_heights() -> Option<HeightWatch> {
    let root = web_sys::window()?.document()?.document_element()?;
    let origin = HostOrigin::default();
    let last = std::cell::Cell::new(-1);
    let measured = root.clone();
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let height = height_of(&measured);
        if height != last.replace(height) {
            post(&origin, json!({ "type": "resize", "height": height }));
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(HeightWatch {
        observer,
        _on_resize: on_resize,
    })
}

/// Keeps [`post_heights`] going; dropping it stops the posts.
pub struct HeightWatch {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
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

/// Sends the host a Go program's end: its exit status, what it wrote to stdout and
/// stderr, and in `error` the errors that kept it from compiling (each with its line and
/// column), or `null`.
pub fn program_result(origin: &HostOrigin, run: &ProgramRun) {
    let report = &run.report;
    let errors = (!report.errors.is_empty()).then_some(&report.errors);
    post(
        origin,
        json!({
            "type": "result",
            "program": true,
            "workers": report.workers,
            "exit": report.exit,
            "stdout": output::text(&run.output, Stream::Stdout),
            "stderr": output::text(&run.output, Stream::Stderr),
            "error": errors,
        }),
    );
}

/// Tells the host a run failed or was stopped.
pub fn error(origin: &HostOrigin, message: &str) {
    post(origin, json!({ "type": "error", "message": message }));
}

/// Answers a valid command at once: `{type: "ack", command, run}`, where `run` is the id
/// of the run the command asked for (`run`) or ended (`stop`), or `null` when it did
/// neither (a run was already going, or nothing was running). Later messages about that
/// run (`progress`, `result`, `error`) follow.
pub fn acknowledge(
    origin: &HostOrigin,
    command: &HostCommand,
    before: &AppState,
    after: &AppState,
) {
    let asked = |state: &AppState| state.pending.as_ref().map(|p| p.id);
    let (name, run) = match command {
        HostCommand::Run => ("run", asked(after).filter(|id| asked(before) != Some(*id))),
        HostCommand::Stop => (
            "stop",
            (!after.busy())
                .then(|| before.running_id().or(asked(before)))
                .flatten(),
        ),
        HostCommand::Hello => ("hello", None),
        HostCommand::SetWorkers(_) => ("set-workers", None),
        HostCommand::SetParams(_) => ("set-params", None),
        HostCommand::SetExperiment(_) => ("set-experiment", None),
        HostCommand::SetView(_) => ("set-view", None),
        HostCommand::SetTheme(_) => ("set-theme", None),
        HostCommand::GetState => ("get-state", None),
        HostCommand::SetCode(_) => ("set-code", None),
    };
    post(
        origin,
        json!({ "type": "ack", "command": name, "run": run }),
    );
    if *command == HostCommand::GetState {
        post(origin, state_message(after));
    }
}

/// `{type: "state", ...}`: what the frame shows and runs now, for `get-state`.
fn state_message(state: &AppState) -> Value {
    json!({
        "type": "state",
        "mode": match state.mode {
            Mode::Experiments => "experiments",
            Mode::Program => "program",
        },
        "experiment": state.experiment.slug(),
        "workers": state.workers,
        "params": state.params,
        "view": state.embed.view.word(),
        "theme": state.embed.theme.word(),
        "backend": state.backend(),
        "cores": state.env.cores,
        "running": state.running_id(),
        "height": content_height(),
    })
}
