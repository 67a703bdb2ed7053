//! The root component: owns the state and the runtime pool, and lays out the page.

use interleave_engine::embed::{self, EmbedOptions};
use yew::prelude::*;

use crate::embed_api::{self, HostOrigin};
use crate::environment::Environment;
use crate::pool::{PoolEvent, RuntimePool};
use crate::state::{Action, AppState, PoolStatus, RunStatus};
use crate::url_state;
use crate::view::controls::Controls;
use crate::view::environment_line::EnvironmentLine;
use crate::view::matrix_panel::MatrixPanel;
use crate::view::results::results_of;
use crate::view::share::Share;
use crate::view::sweep_panel::SweepPanel;
use crate::window_listener::on_window;

/// The whole playground page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let env = Environment::detect();
        let (settings, embed) = url_state::read(env.cores);
        AppState::new(env, settings, embed)
    });
    let pool = use_mut_ref(|| None::<RuntimePool>);

    let on_event = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event| match event {
            PoolEvent::Ready { workers, start_ms } => {
                dispatcher.dispatch(Action::PoolReady { workers, start_ms });
            }
            PoolEvent::Finished(run, report) => {
                dispatcher.dispatch(Action::RunFinished(run, report))
            }
            PoolEvent::Failed(run, message) => dispatcher.dispatch(Action::Failed(run, message)),
            PoolEvent::Variant(run, measured) => {
                dispatcher.dispatch(Action::VariantMeasured(run, measured));
            }
        })
    };

    // Every stop or failure counts a teardown, and each one terminates the runtime worker
    // and its pool here, after the render (outside the workers' own callbacks). A count
    // cannot miss a change between two renders as a status could (none, starting, none).
    // Declared before the submitting effect, so that a run asked for after a stop gets a
    // fresh pool, never the one being torn down.
    {
        let pool = pool.clone();
        use_effect_with(state.teardowns, move |_| {
            pool.borrow_mut().take();
        });
    }

    // Start the pool at load, so the first Run does not wait for it.
    {
        let pool = pool.clone();
        let on_event = on_event.clone();
        let dispatcher = state.dispatcher();
        let (backend, workers) = (state.backend(), state.workers);
        use_effect_with((), move |_| {
            match RuntimePool::start(workers, backend, on_event) {
                Ok(started) => {
                    *pool.borrow_mut() = Some(started);
                    dispatcher.dispatch(Action::PoolStarting(workers));
                }
                Err(message) => dispatcher.dispatch(Action::Failed(None, message)),
            }
        });
    }

    // Keep the address bar in step with the settings, so a copied URL reproduces them,
    // with the backend, view, theme and autorun the page was opened with.
    let settings = url_state::query(state.experiment, state.workers, &state.params);
    let query = format!("{settings}{}", embed::query_suffix(&state.embed));
    use_effect_with(query.clone(), move |query| url_state::write(query));

    // The theme the URL or the host asked for (auto follows the system's).
    use_effect_with(state.embed.theme, |theme| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = match theme.attribute() {
                Some(name) => root.set_attribute("data-theme", name),
                None => root.remove_attribute("data-theme"),
            };
        }
    });

    // Embed mode: the layout the host asked for, and the message API.
    let host = use_mut_ref(HostOrigin::default);
    {
        let embed = state.embed.clone();
        let dispatcher = state.dispatcher();
        let current = state.clone();
        let host = host.borrow().clone();
        let answer_to = host.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            if let (Some(title), Some(document)) = (&embed.title, &document) {
                document.set_title(title);
            }
            // With height=auto the host sizes the iframe to what the frame posts.
            let heights = (embed.embed && embed.auto_height).then(embed_api::post_heights);
            let listener = embed.embed.then(|| {
                if let Some(body) = document.as_ref().and_then(|d| d.body()) {
                    let _ = body.class_list().add_1("embed");
                }
                embed_api::listen(host, move |command| {
                    // The state as it is now (the handle reads the reducer's latest), so
                    // that the answer names what this command did.
                    let before = (*current).clone();
                    dispatcher.dispatch(Action::Host(command.clone()));
                    embed_api::acknowledge(&answer_to, &command, &before, &current);
                })
            });
            move || drop((listener, heights))
        });
    }

    // Escape stops a run, as the Stop button does, unless something on the page used it
    // first (the timeline clears its highlight or selection with it).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = on_window("keydown", move |event: KeyboardEvent| {
                if event.key() == "Escape" && !event.default_prevented() {
                    dispatcher.dispatch(Action::StopRequested);
                }
            });
            move || drop(listener)
        });
    }

    // Submits the run asked for (the Run button, the host page, autorun, a sweep, the
    // matrix), after the render that showed it was asked for. It reads the state as it
    // is now, not as rendered: a Stop since then took the run back, and it is not sent.
    {
        let current = state.clone();
        let pool = pool.clone();
        use_effect_with(state.pending.as_ref().map(|p| p.id), move |asked| {
            let Some(pending) = current.pending.clone().filter(|p| Some(p.id) == *asked) else {
                return;
            };
            let request = pending.request;
            let mut slot = pool.borrow_mut();
            let backend = current.backend();
            // A rayon pool cannot be resized: another worker count means a new pool.
            if slot.as_ref().map(|p| (p.size(), p.backend())) != Some((request.workers, backend)) {
                slot.take();
                match RuntimePool::start(request.workers, backend, on_event.clone()) {
                    Ok(started) => {
                        *slot = Some(started);
                        current.dispatch(Action::PoolStarting(request.workers));
                    }
                    Err(message) => return current.dispatch(Action::Failed(None, message)),
                }
            }
            let sent = slot.as_ref().map(|p| p.run(pending.id, &request));
            drop(slot);
            match sent {
                Some(Ok(())) => current.dispatch(Action::RunStarted {
                    run: pending.id,
                    workers: request.workers,
                }),
                Some(Err(message)) => current.dispatch(Action::Failed(None, message)),
                None => {}
            }
        });
    }
    // Run (the button, the host page, autorun) goes through the state, which fixes the
    // request from the settings as they are when it is asked for.
    let on_run = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::RunRequested))
    };

    // A sweep or the matrix asks for its next run whenever none is in flight.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.batch_wants(), move |wants| {
            if let Some(request) = wants {
                dispatcher.dispatch(Action::BatchRunRequested(request.clone()));
            }
        });
    }
    let on_matrix = {
        let dispatcher = state.dispatcher();
        Callback::from(move |reps: u32| dispatcher.dispatch(Action::MatrixStarted(reps)))
    };
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
    // Once the workers are ready: tell the embedding page, and run once if `autorun=1`
    // (embedded or not).
    {
        let host = host.borrow().clone();
        let (embed, dispatcher, backend) =
            (state.embed.clone(), state.dispatcher(), state.backend());
        let autoran = use_mut_ref(|| false);
        use_effect_with(state.pool.clone(), move |pool| {
            if let PoolStatus::Ready { workers, .. } = pool {
                if embed.embed {
                    embed_api::ready(&host, *workers, backend);
                }
                if embed.autorun && !autoran.replace(true) {
                    dispatcher.dispatch(Action::RunRequested);
                }
            }
        });
    }
    {
        let host = host.borrow().clone();
        let embed = state.embed.embed;
        use_effect_with(state.run.clone(), move |run| {
            if embed {
                match run {
                    RunStatus::Running { workers, .. } => embed_api::progress(&host, *workers),
                    RunStatus::Done(report) => embed_api::result(&host, report),
                    RunStatus::Failed(message) => embed_api::error(&host, message),
                    RunStatus::Stopped => embed_api::error(&host, "the run was stopped"),
                    RunStatus::Idle => {}
                }
            }
        });
    }
    let on_stop = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::StopRequested))
    };

    let on_view = {
        let dispatcher = state.dispatcher();
        Callback::from(move |view| dispatcher.dispatch(Action::SetView(view)))
    };
    let full_url = AttrValue::from(full_playground_url(&settings, &state.embed));
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
                <main>
                    if state.embed.panels.controls {
                        <Controls state={state.clone()} on_run={on_run} on_stop={on_stop} full_url={full_url.clone()} />
                    }
                    <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                    { results_of(&state, on_view.clone()) }
                </main>
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
                <Share settings={settings.clone()} options={state.embed.clone()} title={state.experiment.title()} />
            </header>
            <main>
                <Controls
                    state={state.clone()}
                    on_run={on_run}
                    on_stop={on_stop}
                    full_url={full_url}
                />
                <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                { results_of(&state, on_view.clone()) }
                <SweepPanel state={state.clone()} on_sweep={on_sweep} />
                <MatrixPanel state={state.clone()} on_fill={on_matrix} />
            </main>
        </>
    }
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
            format!("Starting a pool of {workers} workers, then running…")
        }
        (RunStatus::Running { workers, .. }, _) => format!("Running on {workers} workers…"),
        (RunStatus::Stopped, _) => {
            "Stopped. The workers were shut down; the next run starts a fresh pool.".into()
        }
        (RunStatus::Failed(message), _) => format!("The run failed: {message}"),
        (RunStatus::Done(report), _) => format!(
            "Finished on {} worker{}.",
            report.workers,
            if report.workers == 1 { "" } else { "s" }
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
