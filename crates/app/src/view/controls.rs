//! The experiment picker, the parameters, the Workers slider, Run and Stop.

use std::collections::BTreeMap;

use interleave_engine::analysis::format_count;
use interleave_engine::experiment::Group;
use interleave_engine::{ExperimentId, params::ParamSpec};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::environment::Environment;
use crate::go::gallery::{self, AsGo};
use crate::view::environment_line::shared_memory_advice;
use crate::view::number_field::NumberField;
use crate::view::workers_field::WorkersField;

/// Props of [`Controls`]: the settings shown, what may be done with them, and a callback
/// for each change.
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The experiment picked.
    pub experiment: ExperimentId,
    /// The Workers slider's value.
    pub workers: u32,
    /// The parameters' values, within their bounds.
    pub params: BTreeMap<String, u64>,
    /// A note per control whose last input was clamped or replaced (and `url`).
    pub notes: BTreeMap<String, String>,
    /// What the page knows of this browser.
    pub env: Environment,
    /// Whether the host locked the experiment (no picker).
    pub locked: bool,
    /// Whether a run is in flight.
    pub running: bool,
    /// Whether a sweep or the matrix is in flight.
    pub batch_running: bool,
    /// Whether this page can run the experiment (its backend has what it needs).
    pub runnable: bool,
    /// Why the memory budget refuses the run as set, if it does.
    pub refusal: Option<String>,
    /// Another experiment was picked, by slug.
    pub on_experiment: Callback<String>,
    /// The slider moved, to this text.
    pub on_workers: Callback<String>,
    /// A parameter was set: its key and the text typed.
    pub on_param: Callback<(String, String)>,
    /// Run was pressed.
    pub on_run: Callback<()>,
    /// Stop was pressed.
    pub on_stop: Callback<()>,
    /// "See it as Go" was pressed.
    pub on_see_as_go: Callback<()>,
    /// The full playground with the same settings, for experiments this page cannot run.
    pub full_url: AttrValue,
}

/// Everything the user sets before pressing Run.
#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let experiment = props.experiment;
    let running = props.running;
    let runnable_here = props.runnable;
    // Refused before Run is pressed, with the parameter to lower, not after.
    let over_budget = props.refusal.clone();
    let can_run = runnable_here && over_budget.is_none() && !running && !props.batch_running;

    let on_experiment = props.on_experiment.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());

    html! {
        <section class="controls" aria-label="Experiment settings">
            if props.locked {
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
            { for experiment.params().iter().map(|spec| param_field(props, spec)) }
            <WorkersField workers={props.workers} env={props.env} notes={props.notes.clone()}
                running={running} on_workers={props.on_workers.clone()} />
            { note(&props.notes, "url") }
            if !runnable_here {
                <div class="warning" role="alert" id="needs-shared-memory">
                    <p>
                        <strong>{ "This experiment needs shared memory. " }</strong>
                        { "Its tasks share a lock, a channel or one array, which workers that only \
                           pass messages cannot do, so it runs only on the shared-memory backend of \
                           a cross-origin isolated page." }
                    </p>
                    <p>{ shared_memory_advice(&props.env, &props.full_url) }</p>
                </div>
            }
            if let Some(refusal) = over_budget {
                <p class="note" role="alert" id="over-budget" data-note="memory">{ refusal }</p>
            }
            <div class="actions">
                <button id="run" class="primary" onclick={on_run} disabled={!can_run}>{ "Run" }</button>
                <button id="stop" onclick={on_stop} disabled={!running}>{ "Stop" }</button>
            </div>
            { as_go(props) }
        </section>
    }
}

/// "See it as Go", which opens the experiment's Go program in Go mode, or why it has none.
fn as_go(props: &ControlsProps) -> Html {
    match gallery::as_go(props.experiment) {
        Some(AsGo::Program(_)) => html! {
            <div class="actions see-as-go">
                <button id="see-as-go" onclick={props.on_see_as_go.reform(|_: MouseEvent| ())}
                    disabled={props.running || props.batch_running} aria-describedby="see-as-go-help">
                    { "See it as Go" }
                </button>
                <span class="help" id="see-as-go-help">
                    { "The same tasks as goroutines, in the Go editor, with the counts and waits \
                       set here (its work sizes are scaled for the slower Go VM): it runs the \
                       variants itself and prints their times." }
                </span>
            </div>
        },
        Some(AsGo::NotExpressible(why)) => html! {
            <p class="help" id="no-go-program">
                { format!("No Go program shows this experiment: {why}") }
            </p>
        },
        None => Html::default(),
    }
}

/// A number field for one parameter, with its bounds and any note about its value.
fn param_field(props: &ControlsProps, spec: &'static ParamSpec) -> Html {
    let value = props.params.get(spec.key).copied().unwrap_or(spec.default);
    let id = format!("param-{}", spec.key);
    let on_commit = props
        .on_param
        .reform(move |raw: String| (spec.key.to_owned(), raw));
    let running = props.running;
    html! {
        <div class="field">
            <label for={id.clone()}>{ spec.label }</label>
            <NumberField id={id.clone()} value={value} described_by={format!("{id}-help")}
                on_commit={on_commit} disabled={running} />
            <span class="help" id={format!("{id}-help")}>
                { format!("{} From {} to {}.", spec.help, format_count(spec.min), format_count(spec.max)) }
            </span>
            { note(&props.notes, spec.key) }
        </div>
    }
}

/// The note for a control, if its last input was clamped or replaced.
pub fn note(notes: &BTreeMap<String, String>, key: &str) -> Html {
    match notes.get(key) {
        Some(text) => {
            html! { <p class="note" role="alert" data-note={key.to_owned()}>{ text }</p> }
        }
        None => html! {},
    }
}
