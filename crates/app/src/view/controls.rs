//! The experiment picker, the parameters, the Workers slider, Run and Stop.

use interleave_engine::analysis::format_count;
use interleave_engine::experiment::Group;
use interleave_engine::params::worker_bounds;
use interleave_engine::{ExperimentId, params::ParamSpec};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::view::environment_line::shared_memory_advice;
use crate::view::number_field::NumberField;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The page state (read) and its dispatcher (write).
    pub state: UseReducerHandle<AppState>,
    /// Run was pressed.
    pub on_run: Callback<()>,
    /// Stop was pressed.
    pub on_stop: Callback<()>,
    /// The full playground with the same settings, for experiments this page cannot run.
    pub full_url: AttrValue,
}

/// Everything the user sets before pressing Run.
#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let state = &props.state;
    let experiment = state.experiment;
    let (min, max) = worker_bounds(state.env.cores);
    let running = state.running();
    let runnable_here = state.can_run(experiment);
    // Refused before Run is pressed, with the parameter to lower, not after.
    let over_budget = state.over_budget();
    let can_run = runnable_here && over_budget.is_none() && !running && !state.batch_running();

    let on_experiment = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SetExperiment(select.value()));
        })
    };
    let on_workers = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetWorkers(input.value()));
        })
    };
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    let oversubscribed = state.workers > state.env.cores;

    html! {
        <section class="controls" aria-label="Experiment settings">
            if state.embed.lock {
                <h2 class="experiment-title" id="experiment-title">{ experiment.title() }</h2>
            } else {
            <div class="field">
                <label for="experiment">{ "Experiment" }</label>
                <select id="experiment" onchange={on_experiment} disabled={running}>
                    { for Group::ALL.iter().filter(|&&g| ExperimentId::ALL.iter().any(|e| e.info().group == g)).map(|&group| html! {
                        <optgroup label={group.title()}>
                            { for ExperimentId::ALL.iter().filter(|e| e.info().group == group).map(|e| html! {
                                <option value={e.slug()} selected={*e == experiment}>
                                    { format!("{}. {}", e.info().number, e.title()) }
                                </option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </div>
            }
            <p class="claim"><strong>{ "Claim: " }</strong>{ experiment.claim() }</p>
            <p class="explanation">{ experiment.explanation() }</p>
            { for experiment.params().iter().map(|spec| param_field(state, spec, running)) }
            <div class="field">
                <label for="workers">{ "Workers" }</label>
                <input
                    id="workers"
                    type="range"
                    min={min.to_string()}
                    max={max.to_string()}
                    step="1"
                    value={state.workers.to_string()}
                    oninput={on_workers}
                    disabled={running}
                    aria-describedby="workers-help"
                />
                <output for="workers" id="workers-value">{ state.workers }</output>
                <span class="help" id="workers-help">
                    { format!(
                        "Threads the run gets, like GOMAXPROCS: 1 to {max}; {}.",
                        state.env.cores_text(),
                    ) }
                    if oversubscribed {
                        { " More workers than cores: they will take turns on the cores." }
                    }
                </span>
                { note(state, "workers") }
            </div>
            { note(state, "url") }
            if !runnable_here {
                <div class="warning" role="alert" id="needs-shared-memory">
                    <p>
                        <strong>{ "This experiment needs shared memory. " }</strong>
                        { "Its tasks share a lock, a channel or one array, which workers that only \
                           pass messages cannot do, so it runs only on the shared-memory backend of \
                           a cross-origin isolated page." }
                    </p>
                    <p>{ shared_memory_advice(&state.env, &props.full_url) }</p>
                </div>
            }
            if let Some(refusal) = over_budget {
                <p class="note" role="alert" id="over-budget" data-note="memory">{ refusal }</p>
            }
            <div class="actions">
                <button id="run" class="primary" onclick={on_run} disabled={!can_run}>{ "Run" }</button>
                <button id="stop" onclick={on_stop} disabled={!running}>{ "Stop" }</button>
            </div>
        </section>
    }
}

/// A number field for one parameter, with its bounds and any note about its value.
fn param_field(
    state: &UseReducerHandle<AppState>,
    spec: &'static ParamSpec,
    running: bool,
) -> Html {
    let value = state.params.get(spec.key).copied().unwrap_or(spec.default);
    let id = format!("param-{}", spec.key);
    let on_commit = {
        let state = state.clone();
        Callback::from(move |raw: String| {
            state.dispatch(Action::SetParam(spec.key.to_owned(), raw));
        })
    };
    html! {
        <div class="field">
            <label for={id.clone()}>{ spec.label }</label>
            <NumberField id={id} value={value} min={spec.min} max={spec.max}
                on_commit={on_commit} disabled={running} />
            <span class="help">
                { format!("{} From {} to {}.", spec.help, format_count(spec.min), format_count(spec.max)) }
            </span>
            { note(state, spec.key) }
        </div>
    }
}

/// The note for a control, if its last input was clamped or replaced.
fn note(state: &AppState, key: &str) -> Html {
    match state.notes.get(key) {
        Some(text) => {
            html! { <p class="note" role="alert" data-note={key.to_owned()}>{ text }</p> }
        }
        None => html! {},
    }
}
