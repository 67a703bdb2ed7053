//! The page's settings in its URL (`?experiment=sum&workers=2&n=1000000`), both ways.

use std::collections::BTreeMap;

use interleave_engine::ExperimentId;
use interleave_engine::settings::{self, Settings};

/// Reads the settings in the page's query string, validated by the engine.
pub fn read(cores: u32) -> Settings {
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
    settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), cores)
}

/// Writes the settings into the address bar without a reload, so a copied URL
/// reproduces the run.
pub fn write(experiment: ExperimentId, workers: u32, params: &BTreeMap<String, u64>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut query = format!("?experiment={}&workers={workers}", experiment.slug());
    for (key, value) in params {
        query += &format!("&{key}={value}");
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&query));
    }
}
