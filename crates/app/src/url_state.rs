//! The page's settings in its URL (`?experiment=sum&workers=2&n=1000000`), both ways.

use std::collections::BTreeMap;

use interleave_engine::ExperimentId;
use interleave_engine::params::{self, parse_workers};

/// Settings read from the URL, already bounded, with notes on what was changed.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlSettings {
    /// The experiment to show.
    pub experiment: ExperimentId,
    /// The worker count.
    pub workers: u32,
    /// Parameter values by key, every one within bounds.
    pub params: BTreeMap<String, u64>,
    /// What was changed and why, for the page.
    pub notes: Vec<String>,
}

/// Reads and bounds the settings in the page's query string.
pub fn read(cores: u32) -> UrlSettings {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let pairs: Vec<(String, String)> = web_sys::UrlSearchParams::new_with_str(&query)
        .ok()
        .map(|search| {
            js_sys::try_iter(&search)
                .ok()
                .flatten()
                .into_iter()
                .flatten()
                .filter_map(|entry| {
                    let entry: js_sys::Array = entry.ok()?.into();
                    Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
                })
                .collect()
        })
        .unwrap_or_default();
    parse(&pairs, cores)
}

/// Bounds URL pairs into settings; kept apart from the window so the rules are plain.
fn parse(pairs: &[(String, String)], cores: u32) -> UrlSettings {
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut notes = Vec::new();
    let experiment = match get("experiment") {
        None => ExperimentId::Sum,
        Some(slug) => ExperimentId::from_slug(slug).unwrap_or_else(|| {
            let shown: String = slug.chars().take(24).collect();
            notes.push(format!(
                "There is no experiment \"{shown}\"; showing {}.",
                ExperimentId::Sum.title()
            ));
            ExperimentId::Sum
        }),
    };
    let workers = match get("workers") {
        None => params::reported_cores(cores),
        Some(raw) => {
            let checked = parse_workers(raw, cores);
            notes.extend(checked.note);
            checked.value
        }
    };
    let (params, param_notes) = experiment.check_params(
        pairs
            .iter()
            .filter(|(k, _)| k != "experiment" && k != "workers")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    notes.extend(param_notes);
    UrlSettings {
        experiment,
        workers,
        params,
        notes,
    }
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
