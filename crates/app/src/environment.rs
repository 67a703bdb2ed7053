//! What the browser offers: cross-origin isolation, cores, timer resolution.

use wasm_bindgen::JsValue;

/// Facts about the browser the page runs in, read once at start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Environment {
    /// Whether the page is cross-origin isolated, which shared memory (and so threads)
    /// requires.
    pub isolated: bool,
    /// `navigator.hardwareConcurrency`, as reported (at least 1).
    pub cores: u32,
}

impl Environment {
    /// Reads the facts from the window.
    pub fn detect() -> Self {
        let window = web_sys::window().expect("the app runs in a window");
        let isolated = js_sys::Reflect::get(&window, &JsValue::from_str("crossOriginIsolated"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let cores = window.navigator().hardware_concurrency();
        let cores = if cores.is_finite() && cores >= 1.0 {
            cores.min(f64::from(u32::MAX)) as u32
        } else {
            1
        };
        Self { isolated, cores }
    }

    /// The timer resolution the browser promises in this mode, in microseconds.
    pub fn timer_resolution_us(&self) -> u32 {
        if self.isolated { 5 } else { 100 }
    }
}
