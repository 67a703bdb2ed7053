//! The page's settings in its URL (`?experiment=sum&workers=2&n=1000000`, or a Go
//! program's `?code=...&workers=2`), both ways.

use interleave_engine::embed::{self, EmbedOptions};
use interleave_engine::settings::{self, Settings};

use crate::go::{Workspace, link};

/// Reads the settings, embed options and Go program in the page's query string, validated
/// by the engine and [`link`]; the notes of the first two are in the settings, the
/// program's in the workspace.
pub fn read(cores: u32) -> (Settings, EmbedOptions, Workspace) {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let pairs: Vec<(String, String)> = web_sys::UrlSearchParams::new_with_str(&query)
        .ok()
        .and_then(|search| js_sys::try_iter(&search).ok().flatten())
        .into_iter()
        .flatten()
        .take(settings::MAX_PAIRS)
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.ok()?.into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect();
    let code = pairs
        .iter()
        .find(|(key, _)| key == link::KEY)
        .map(|(_, value)| value.as_str());
    let workspace = Workspace::from_link(code);
    let pairs = || {
        pairs
            .iter()
            .filter(|(key, _)| key != link::KEY)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    };
    let mut settings = settings::from_pairs(pairs(), cores);
    let (options, notes) = embed::options(pairs());
    settings.notes.extend(notes);
    (settings, options, workspace)
}

/// The query string of a Go program on `workers` workers.
pub fn program_query(source: &str, workers: u32) -> String {
    format!("?{}={}&workers={workers}", link::KEY, link::encode(source))
}

/// The query string of the current settings, written by the engine so that reading it
/// back is fuzzed natively.
pub use interleave_engine::settings::query;

/// Writes `query` (the settings and the URL options) into the address bar without a
/// reload, so a copied URL reproduces the run.
pub fn write(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}
