//! Keeps the page's drawing out of the measurements: the runtime waits until the page has
//! drawn the start of a run (the previous run's results replaced by the new one's) before
//! it measures the first variant, and after each variant until the page has drawn it
//! before it measures the next one.
//!
//! A run drawn while it goes costs the main thread a render and a redraw per variant. On
//! a machine with as many workers as cores, that work would take a core from the next
//! variant while it is timed (it cost the sum's parallel variant a tenth of its speedup
//! on 2 cores). So the page says when it has drawn variant i: on the shared-memory
//! backend, whose runtime worker is busy inside the run and reads no messages, through a
//! flag in a `SharedArrayBuffer` it waits on with `Atomics.wait`; on the message-passing
//! backend, whose coordinator is free between variants, with a `drawn` message. The
//! runtime waits at most a second, so a page that never draws (a hidden tab) only slows
//! the run down.

use gloo_timers::callback::Timeout;
use js_sys::{Atomics, Int32Array, SharedArrayBuffer};
use wasm_bindgen::prelude::*;
use web_sys::Worker;

use crate::wire::ToRuntime;

/// How long after a variant arrives the page says it is drawn even without a frame
/// (a hidden tab gets no animation frames), in milliseconds.
const FALLBACK_MS: u32 = 250;

/// What the page has drawn of a run, counted: 1 once the run's start is drawn, then
/// `i + 2` once variant `i` is; the runtime waits for the count it needs.
pub fn drawn_after_variant(index: usize) -> usize {
    index + 2
}

/// The count that says the start of a run is drawn (see [`drawn_after_variant`]).
pub const DRAWN_START: usize = 1;

/// The page's side of the pacing of one runtime worker.
#[derive(Clone)]
pub struct Pacing {
    worker: Worker,
    /// Whether the runtime waits on a flag in shared memory (the runtime worker of the
    /// shared-memory backend cannot read messages during a run) rather than for messages.
    shared: bool,
    /// The flag of the run in progress, on the shared-memory backend: what the page has
    /// drawn, counted as [`drawn_after_variant`] says.
    flag: Option<Int32Array>,
}

impl Pacing {
    /// Pacing of `worker`, by a flag in shared memory when `shared`, else by messages.
    pub fn new(worker: Worker, shared: bool) -> Self {
        Self {
            worker,
            shared,
            flag: None,
        }
    }

    /// A fresh flag for the next run, for its `run` message's `drawn` (undefined on the
    /// message-passing backend, which is told by messages).
    pub fn begin_run(&mut self) -> JsValue {
        if !self.shared {
            return JsValue::UNDEFINED;
        }
        let flag = Int32Array::new(&SharedArrayBuffer::new(4));
        let buffer = flag.buffer().into();
        self.flag = Some(flag);
        buffer
    }

    /// Says `count` things are drawn once the page has rendered and painted the next
    /// frame (or after [`FALLBACK_MS`], whichever comes first).
    pub fn after_next_frame(&self, count: usize) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let (by_frame, by_timer) = (self.clone(), self.clone());
        // The timeline draws in an animation frame requested while the variant renders;
        // the frame after it starts once that frame is painted and rasterised (on threads
        // of its own, which would otherwise take a core from the next variant).
        let after_frame = Closure::once_into_js(move || {
            let done = Closure::once_into_js(move || by_frame.drawn(count));
            if let Some(window) = web_sys::window() {
                let _ = window.request_animation_frame(done.unchecked_ref());
            }
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        Timeout::new(FALLBACK_MS, move || by_timer.drawn(count)).forget();
    }

    /// Tells the runtime that `count` things are drawn.
    fn drawn(&self, count: usize) {
        let count = i32::try_from(count).unwrap_or(i32::MAX);
        match &self.flag {
            Some(flag) => {
                if Atomics::load(flag, 0).unwrap_or(0) < count {
                    let _ = Atomics::store(flag, 0, count);
                    let _ = Atomics::notify(flag, 0);
                }
            }
            None => {
                let count = u32::try_from(count).unwrap_or(0);
                let sent = ToRuntime::Drawn { count }.encode().and_then(|message| {
                    self.worker
                        .post_message(&message)
                        .map_err(|e| format!("{e:?}"))
                });
                if sent.is_err() {
                    web_sys::console::warn_1(&"the runtime was not told of a drawn variant".into());
                }
            }
        }
    }
}
