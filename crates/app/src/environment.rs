//! What the browser offers: cross-origin isolation, shared memory, cores, timer resolution.

use wasm_bindgen::{JsCast, JsValue};

/// Facts about the browser the page runs in, read once at start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Environment {
    /// Whether the page is cross-origin isolated, which shared memory (and so threads)
    /// requires.
    pub isolated: bool,
    /// Whether the page can have WebAssembly threads: isolated, and the browser has
    /// `SharedArrayBuffer` and shared wasm memories (some browsers or settings lack them
    /// even on an isolated page).
    pub shared_memory: bool,
    /// `navigator.hardwareConcurrency`, as reported (at least 1).
    pub cores: u32,
    /// Whether the page is inside a frame of another page, whose headers then decide
    /// its isolation.
    pub framed: bool,
    /// The smallest step of `performance.now()` seen in a short probe, in microseconds.
    pub timer_step_us: f64,
}

impl Environment {
    /// Reads the facts from the window.
    pub fn detect() -> Self {
        let window = web_sys::window().expect("the app runs in a window");
        let isolated = js_sys::Reflect::get(&window, &JsValue::from_str("crossOriginIsolated"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let shared_memory = isolated && has_shared_memory();
        let cores = window.navigator().hardware_concurrency();
        let cores = if cores.is_finite() && cores >= 1.0 {
            cores.min(f64::from(u32::MAX)) as u32
        } else {
            1
        };
        let framed = window
            .top()
            .ok()
            .flatten()
            .is_some_and(|top| !js_sys::Object::is(&top, &window));
        let timer_step_us = window
            .performance()
            .map_or(f64::NAN, |p| measure_timer_step_ms(&p) * 1e3);
        Self {
            isolated,
            shared_memory,
            cores,
            framed,
            timer_step_us,
        }
    }

    /// The browser's name and major version from its user agent, e.g. "Chrome 156".
    pub fn browser() -> String {
        let agent = web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default();
        for name in ["Firefox", "Edg", "Chrome", "Version"] {
            if let Some(rest) = agent.split(&format!("{name}/")).nth(1) {
                let major = rest.split(['.', ' ']).next().unwrap_or("");
                let name = match name {
                    "Edg" => "Edge",
                    "Version" => "Safari",
                    other => other,
                };
                return format!("{name} {major}");
            }
        }
        "an unknown browser".into()
    }
}

/// Whether `SharedArrayBuffer` exists and a shared `WebAssembly.Memory` can be made,
/// which the threaded runtime needs.
fn has_shared_memory() -> bool {
    let global = js_sys::global();
    let has_sab = js_sys::Reflect::get(&global, &JsValue::from_str("SharedArrayBuffer"))
        .is_ok_and(|sab| sab.is_function());
    let descriptor = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        js_sys::Reflect::set(&descriptor, &JsValue::from_str(key), &value).is_ok()
    };
    has_sab
        && set("initial", 1.into())
        && set("maximum", 1.into())
        && set("shared", true.into())
        && js_sys::WebAssembly::Memory::new(&descriptor).is_ok_and(|memory| {
            memory
                .buffer()
                .is_instance_of::<js_sys::SharedArrayBuffer>()
        })
}

/// The smallest non-zero step between two readings of `performance.now()`, in ms,
/// sampled for at most 2 ms: the timer resolution measured on the spot.
fn measure_timer_step_ms(performance: &web_sys::Performance) -> f64 {
    let start = performance.now();
    let mut last = start;
    let mut step = f64::INFINITY;
    while last - start < 2.0 {
        let now = performance.now();
        if now > last {
            step = step.min(now - last);
            last = now;
        }
    }
    step
}
