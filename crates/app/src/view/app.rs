//! The root component: owns the state, calls the page's hooks (`hooks.rs`: the runtime
//! pool, the address bar, the theme, the host page, Escape, batches), and lays out the
//! page.

use interleave_engine::embed::{self, EmbedOptions};
use interleave_engine::experiment::SweepMeasure;
use interleave_engine::matrix::WORKLOADS;
use interleave_engine::measure::plural;
use interleave_engine::presets::COFFEE_SHOP;
use interleave_engine::traps::TRAPS;
use yew::prelude::*;

use crate::environment::Environment;
use crate::go::Mode;
use crate::state::{Action, AppState, PoolStatus, RunStatus, TrapGuess};
use crate::url_state;
use crate::view::controls::Controls;
use crate::view::environment_line::EnvironmentLine;
use crate::view::hooks::{
    use_address_bar, use_batch_runs, use_escape_stops, use_host_page, use_runtime, use_theme,
};
use crate::view::intro::Intro;
use crate::view::matrix_panel::MatrixPanel;
use crate::view::program_panel::ProgramPanel;
use crate::view::results::results_of;
use crate::view::share::Share;
use crate::view::sweep_panel::SweepPanel;
use crate::view::traps_panel::TrapsPanel;

/// The whole playground page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let env = Environment::detect();
        let (settings, embed, program) = url_state::read(env.cores);
        AppState::new(env, settings, embed, program)
    });
    use_runtime(&state);
    let settings = use_address_bar(&state);
    use_theme(state.embed.theme);
    use_host_page(&state);
    use_escape_stops(&state);
    use_batch_runs(&state);

    // Run (the button, the host page, autorun) goes through the state, which fixes the
    // request from the settings as they are when it is asked for.
    let on_run = send(&state, |()| Action::RunRequested);

    let on_trap = {
        let dispatcher = state.dispatcher();
        Callback::from(move |guess: TrapGuess| {
            if let Some(trap) = TRAPS.get(guess.trap) {
                dispatcher.dispatch(Action::PresetRun(trap.run, Some(guess)));
            }
        })
    };
    let on_coffee_shop = send(&state, |()| Action::PresetRun(COFFEE_SHOP, None));
    let on_matrix = send(&state, Action::MatrixStarted);
    let on_sweep = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(up_to, reps): (u32, u32)| {
            dispatcher.dispatch(Action::SweepStarted {
                up_to,
                reps,
                now_ms: js_sys::Date::now(),
            });
        })
    };
    let on_stop = send(&state, |()| Action::StopRequested);

    let on_view = send(&state, Action::SetView);
    let on_mode = send(&state, Action::SetMode);
    let full_url = AttrValue::from(full_playground_url(&settings, &state.embed));
    let busy = state.running() || state.batch_running();
    if state.embed.embed {
        return html! {
            <>
                <header class="masthead compact">
                    <h1>{ "Interleave" }</h1>
                    <a href={full_url.clone()} target="_blank" rel="noopener" id="open-full">
                        { "Open in full playground ↗" }
                    </a>
                </header>
                if let Some(caption) = &state.embed.caption {
                    <p class="caption" id="caption">{ caption }</p>
                }
                if state.mode == Mode::Program {
                    <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                    { program_panel(&state, on_run, on_stop, full_url.clone()) }
                } else {
                <main>
                    if state.embed.panels.controls {
                        { controls(&state, on_run, on_stop, full_url.clone()) }
                    }
                    <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                    { results_of(&state, on_view.clone()) }
                </main>
                }
                // What this browser allows comes last: the first screen is the claim, Run and
                // the results.
                <footer class="embed-environment">
                    <EnvironmentLine env={state.env} backend={state.backend()} pool={state.pool.clone()} full_url={full_url} compact=true />
                </footer>
            </>
        };
    }
    html! {
        <>
            <header class="masthead">
                <h1>{ "Interleave" }</h1>
                <p class="tagline">
                    { "Concurrency is the structure of a program; parallelism is a property of \
                       its execution. Run real threads in your browser, one worker and then \
                       several, and see what changes, measured on your machine." }
                </p>
                <EnvironmentLine env={state.env} backend={state.backend()} pool={state.pool.clone()} full_url={full_url.clone()} />
                <Share settings={settings.clone()} options={state.embed.clone()} title={shown_title(&state)} />
            </header>
            <Intro busy={busy} runnable={state.can_run(COFFEE_SHOP.experiment)}
                cores={state.env.cores} on_run={on_coffee_shop} />
            <ModeTabs mode={state.mode} busy={busy} on_mode={on_mode} />
            if state.mode == Mode::Program {
                <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                { program_panel(&state, on_run, on_stop, full_url) }
            } else {
            <main class="playground">
                { controls(&state, on_run, on_stop, full_url) }
                // The run's status and results: beside the controls on a wide screen.
                <div class="stage">
                    <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                    { results_of(&state, on_view.clone()) }
                </div>
                <SweepPanel
                    sweep={state.sweep.clone()}
                    env={state.env}
                    sweepable={state.experiment.info().sweep != SweepMeasure::None}
                    runnable={state.can_run(state.experiment)}
                    busy={busy}
                    on_sweep={on_sweep}
                />
                <MatrixPanel
                    matrix={state.matrix.clone()}
                    busy={busy}
                    runnable={WORKLOADS.iter().all(|w| state.can_run(w.experiment))}
                    cores={state.env.cores}
                    on_fill={on_matrix}
                />
                <TrapsPanel
                    busy={busy}
                    runnable={TRAPS.iter().map(|t| state.can_run(t.run.experiment)).collect::<Vec<_>>()}
                    guess={state.guess}
                    on_run={on_trap}
                />
            </main>
            }
        </>
    }
}

/// A callback that dispatches the action `action` makes of what it is given.
fn send<T: 'static>(
    state: &UseReducerHandle<AppState>,
    action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = state.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(action(value)))
}

/// The controls of the page's state, each change dispatched as its action.
fn controls(
    state: &UseReducerHandle<AppState>,
    on_run: Callback<()>,
    on_stop: Callback<()>,
    full_url: AttrValue,
) -> Html {
    let on_param = send(state, |(key, raw)| Action::SetParam(key, raw));
    html! {
        <Controls
            experiment={state.experiment}
            workers={state.workers}
            params={state.params.clone()}
            notes={state.notes.clone()}
            env={state.env}
            locked={state.embed.lock}
            running={state.running()}
            batch_running={state.batch_running()}
            runnable={state.can_run(state.experiment)}
            refusal={state.over_budget()}
            on_experiment={send(state, Action::SetExperiment)}
            on_workers={send(state, Action::SetWorkers)}
            on_param={on_param}
            on_run={on_run}
            on_stop={on_stop}
            on_see_as_go={send(state, |()| Action::SeeAsGo)}
            full_url={full_url}
        />
    }
}

/// What the page shows, named for the embed snippet's frame: the experiment, or the Go
/// program (its gallery title where it is one).
fn shown_title(state: &AppState) -> AttrValue {
    match state.mode {
        Mode::Experiments => state.experiment.title().into(),
        Mode::Program => match state.program.example.and_then(crate::go::gallery::find) {
            Some(example) => format!("Go, {}", example.title).into(),
            None => "a Go program".into(),
        },
    }
}

/// Go mode's panel, each change dispatched as its action.
fn program_panel(
    state: &UseReducerHandle<AppState>,
    on_run: Callback<()>,
    on_stop: Callback<()>,
    full_url: AttrValue,
) -> Html {
    let on_times = send(state, Action::ShowOutputTimes);
    let on_view = send(state, Action::SetView);
    html! {
        <ProgramPanel
            program={state.program.clone()}
            run={state.run.clone()}
            workers={state.workers}
            env={state.env}
            shared_memory={state.backend() == interleave_engine::Backend::SharedMemory}
            notes={state.notes.clone()}
            view={state.embed.view}
            full_url={full_url}
            on_source={send(state, Action::SetSource)}
            on_pick={send(state, Action::PickExample)}
            on_workers={send(state, Action::SetWorkers)}
            on_run={on_run}
            on_stop={on_stop}
            on_times={on_times}
            on_view={on_view}
        />
    }
}

#[derive(Properties, PartialEq)]
struct ModeTabsProps {
    mode: Mode,
    busy: bool,
    on_mode: Callback<Mode>,
}

/// The switch between the experiments and a Go program: a tab list whose arrow keys move
/// between the two tabs.
#[function_component]
fn ModeTabs(props: &ModeTabsProps) -> Html {
    let tab = |mode: Mode, id: &'static str, label: &'static str| {
        let selected = props.mode == mode;
        let on_click = props.on_mode.reform(move |_: MouseEvent| mode);
        let on_key = {
            let on_mode = props.on_mode.clone();
            Callback::from(move |e: KeyboardEvent| {
                if matches!(
                    e.key().as_str(),
                    "ArrowLeft" | "ArrowRight" | "Home" | "End"
                ) {
                    e.prevent_default();
                    let other = match mode {
                        Mode::Experiments => Mode::Program,
                        Mode::Program => Mode::Experiments,
                    };
                    on_mode.emit(other);
                    let other_id = match other {
                        Mode::Experiments => "mode-experiments",
                        Mode::Program => "mode-program",
                    };
                    focus(other_id);
                }
            })
        };
        html! {
            <button role="tab" id={id} aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }} disabled={props.busy && !selected}
                onclick={on_click} onkeydown={on_key}>{ label }</button>
        }
    };
    html! {
        <div class="mode-tabs" role="tablist" aria-label="What to run">
            { tab(Mode::Experiments, "mode-experiments", "Experiments") }
            { tab(Mode::Program, "mode-program", "Go program") }
        </div>
    }
}

/// Moves the focus to the element `id`, after the render that shows it.
fn focus(id: &'static str) {
    let later = gloo_timers::callback::Timeout::new(0, move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
    later.forget();
}

/// The full playground with the same settings, backend, view and theme (but neither
/// embedded nor running by itself), for the embed's "open in full" link.
fn full_playground_url(settings: &str, embed: &EmbedOptions) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let full = EmbedOptions {
        embed: false,
        autorun: false,
        auto_height: false,
        lock: false,
        caption: None,
        title: None,
        ..embed.clone()
    };
    format!("{origin}/{settings}{}", embed::query_suffix(&full))
}

#[derive(Properties, PartialEq)]
struct StatusLineProps {
    run: RunStatus,
    pool: PoolStatus,
}

/// One line saying what the page is doing, announced to screen readers.
#[function_component]
fn StatusLine(props: &StatusLineProps) -> Html {
    let text = match (&props.run, &props.pool) {
        (RunStatus::Running { workers, .. }, PoolStatus::Starting(_)) => {
            format!(
                "Starting a pool of {}, then running…",
                plural(*workers, "worker")
            )
        }
        (RunStatus::Running { workers, .. }, _) => {
            format!("Running on {}…", plural(*workers, "worker"))
        }
        (RunStatus::Stopped, _) => {
            "Stopped. The workers were shut down; the next run starts a fresh pool.".into()
        }
        (RunStatus::Failed(message), _) => format!("The run failed: {message}"),
        (RunStatus::Done(report), _) => {
            format!("Finished on {}.", plural(report.workers, "worker"))
        }
        (RunStatus::Exited(run), _) if run.report.exit == 1 => {
            "The program did not compile; the errors are marked in the editor.".into()
        }
        (RunStatus::Exited(run), _) => format!(
            "The program exited with status {} on {}.",
            run.report.exit,
            plural(run.report.workers, "worker")
        ),
        (RunStatus::Idle, _) => "Press Run to measure.".into(),
    };
    let class = match props.run {
        RunStatus::Failed(_) => "status failed",
        RunStatus::Running { .. } => "status running",
        _ => "status",
    };
    html! { <p class={class} role="status" aria-live="polite" id="status">{ text }</p> }
}
