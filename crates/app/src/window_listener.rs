//! Listening to an event on the window for as long as a guard lives.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::convert::FromWasmAbi;

/// A listener on the window; dropping it removes the listener.
pub struct WindowListener<E: FromWasmAbi + 'static> {
    event: &'static str,
    closure: Closure<dyn FnMut(E)>,
}

/// Calls `handler` for every `event` on the window until the returned guard is dropped.
pub fn on_window<E: FromWasmAbi + 'static>(
    event: &'static str,
    handler: impl FnMut(E) + 'static,
) -> WindowListener<E> {
    let closure = Closure::<dyn FnMut(E)>::new(handler);
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    }
    WindowListener { event, closure }
}

impl<E: FromWasmAbi + 'static> Drop for WindowListener<E> {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                self.event,
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
