//! What the browser offers: cross-origin isolation, shared memory, cores (measured by
//! `www/core-probe.js` before the app starts), timer resolution.

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
    /// The cores that ran at once when `www/core-probe.js` measured them (at least 1), or,
    /// where it could not, `navigator.hardwareConcurrency`. The Workers slider's default
    /// and range and every verdict's bound rest on it.
    pub cores: u32,
    /// `navigator.hardwareConcurrency`, as reported (at least 1): often not the machine's
    /// (Safari and Firefox's fingerprinting protection report 4 or 8, Brave randomises).
    pub reported_cores: u32,
    /// Whether `cores` was measured rather than taken from the report.
    pub cores_measured: bool,
    /// How many cores were free when they were measured, where that was fewer than
    /// `cores` (the probe counts at least two where the browser reports two or more).
    pub cores_free: Option<u32>,
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
        let count = |value: f64| {
            (value.is_finite() && value >= 1.0).then(|| value.min(f64::from(u32::MAX)) as u32)
        };
        let reported_cores = count(window.navigator().hardware_concurrency()).unwrap_or(1);
        // Set by www/main.js from the core probe.
        let probe = |field: &str| {
            js_sys::Reflect::get(&window, &"interleave".into())
                .and_then(|i| js_sys::Reflect::get(&i, &"cores".into()))
                .and_then(|c| js_sys::Reflect::get(&c, &field.into()))
                .ok()
                .and_then(|m| m.as_f64())
                .and_then(count)
        };
        let measured = probe("measured");
        let free = probe("free");
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
            cores: measured.unwrap_or(reported_cores),
            reported_cores,
            cores_measured: measured.is_some(),
            cores_free: free.filter(|f| Some(*f) < measured),
            framed,
            timer_step_us,
        }
    }

    /// The cores, as the page says them: "2 cores measured (the browser reports 8)".
    pub fn cores_text(&self) -> String {
        let text = cores_text(
            self.cores_measured.then_some(self.cores),
            self.reported_cores,
        );
        match self.cores_free {
            Some(free) => format!("{text}; only {free} free when measured"),
            None => text,
        }
    }

    /// Forgets this session's measured core count and loads the page anew, which measures
    /// it again (`globalThis.interleave.measureAgain` of `www/main.js`).
    pub fn measure_cores_again() {
        let again = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"interleave".into()).ok())
            .and_then(|i| {
                let f = js_sys::Reflect::get(&i, &"measureAgain".into()).ok()?;
                Some((i, f.dyn_into::<js_sys::Function>().ok()?))
            });
        if let Some((this, again)) = again {
            let _ = again.call0(&this);
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

/// "2 cores measured (the browser reports 8)", "2 cores measured", or, where they could
/// not be measured, "2 cores reported by the browser".
pub fn cores_text(measured: Option<u32>, reported: u32) -> String {
    let cores = |n: u32| format!("{n} core{}", if n == 1 { "" } else { "s" });
    match measured {
        Some(m) if m == reported => format!("{} measured", cores(m)),
        Some(m) => format!("{} measured (the browser reports {reported})", cores(m)),
        None => format!("{} reported by the browser", cores(reported)),
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

#[cfg(test)]
mod tests {
    use super::cores_text;

    #[test]
    fn the_cores_say_whether_they_were_measured_and_what_the_browser_claims() {
        assert_eq!(
            cores_text(Some(2), 8),
            "2 cores measured (the browser reports 8)"
        );
        assert_eq!(cores_text(Some(1), 1), "1 core measured");
        assert_eq!(cores_text(None, 4), "4 cores reported by the browser");
    }
}
