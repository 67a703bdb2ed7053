//! The yew user interface of Interleave.
//!
//! Data flows one way: the controls edit the [`state::AppState`]; Run turns it into an
//! engine `RunRequest` that [`pool::RuntimePool`] posts to the runtime worker; the report
//! that comes back is stored in the state and drawn by the views. The UI's own wasm has
//! no shared memory, so it loads on any page, isolated or not; only the runtime worker
//! needs threads.

mod embed_api;
mod environment;
mod go;
mod live;
mod matrix_run;
mod pacing;
mod pool;
mod state;
mod sweep;
mod url_state;
mod view;
mod wire;

use wasm_bindgen::prelude::*;

/// Mounts the app on `#app` when the module is loaded.
#[wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has an #app element");
    root.set_inner_html("");
    yew::Renderer::<view::app::App>::with_root(root).render();
}
