//! The Workers slider, GOMAXPROCS of the run: the experiments' controls and the Go mode
//! show the same one.

use std::collections::BTreeMap;

use interleave_engine::params::worker_bounds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::environment::Environment;
use crate::view::controls::note;

/// Props of [`WorkersField`].
#[derive(Properties, PartialEq)]
pub struct WorkersFieldProps {
    /// The slider's value.
    pub workers: u32,
    /// What the page knows of this browser (its cores bound the slider).
    pub env: Environment,
    /// The page's notes, of which the `workers` one is shown.
    pub notes: BTreeMap<String, String>,
    /// Whether a run is in flight (the slider waits).
    pub running: bool,
    /// The slider moved, to this text.
    pub on_workers: Callback<String>,
}

/// The Workers slider, its value and what it means.
#[function_component]
pub fn WorkersField(props: &WorkersFieldProps) -> Html {
    let (min, max) = worker_bounds(props.env.cores);
    let on_workers = props.on_workers.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    let oversubscribed = props.workers > props.env.cores;
    html! {
        <div class="field">
            <label for="workers">{ "Workers" }</label>
            <input
                id="workers"
                type="range"
                min={min.to_string()}
                max={max.to_string()}
                step="1"
                value={props.workers.to_string()}
                oninput={on_workers}
                disabled={props.running}
                aria-describedby="workers-help"
            />
            <output for="workers" id="workers-value">{ props.workers }</output>
            <span class="help" id="workers-help">
                { format!(
                    "Threads the run gets, like GOMAXPROCS: 1 to {max}; {}.",
                    props.env.cores_text(),
                ) }
                if oversubscribed {
                    { " More workers than cores: they will take turns on the cores." }
                }
            </span>
            { note(&props.notes, "workers") }
        </div>
    }
}
