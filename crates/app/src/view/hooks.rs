//! The page's effects as hooks, one job each, so that the root component only lays the
//! page out: the runtime pool and the runs sent to it, the address bar, the theme, the
//! embedding host page, Escape, and the batches (sweeps, the matrix).

use gloo_events::EventListener;
use interleave_engine::embed::{self, Theme};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::embed_api::{self, HostOrigin};
use crate::go::Mode;
use crate::pool::{PoolEvent, RuntimePool};
use crate::state::{Action, AppState, Job, PoolStatus, RunStatus};
use crate::url_state;

/// The runtime worker and its pool: started at load, torn down on every stop or failure,
/// rebuilt for another worker count, and given each run the state asks for.
#[hook]
pub fn use_runtime(state: &UseReducerHandle<AppState>) {
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
            PoolEvent::Output(run, pieces) => {
                dispatcher.dispatch(Action::ProgramOutput(run, pieces));
            }
            PoolEvent::ProgramEnded(run, report) => {
                dispatcher.dispatch(Action::ProgramEnded(run, report));
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
            let workers = pending.job.workers();
            let mut slot = pool.borrow_mut();
            let backend = current.backend();
            // A rayon pool cannot be resized: another worker count means a new pool.
            if slot.as_ref().map(|p| (p.size(), p.backend())) != Some((workers, backend)) {
                slot.take();
                match RuntimePool::start(workers, backend, on_event.clone()) {
                    Ok(started) => {
                        *slot = Some(started);
                        current.dispatch(Action::PoolStarting(workers));
                    }
                    Err(message) => return current.dispatch(Action::Failed(None, message)),
                }
            }
            let sent = slot.as_ref().map(|p| match &pending.job {
                Job::Experiment(request) => p.run(pending.id, request),
                Job::Program { source, .. } => p.run_program(pending.id, source),
            });
            drop(slot);
            match sent {
                Some(Ok(())) => current.dispatch(Action::RunStarted {
                    run: pending.id,
                    workers,
                }),
                Some(Err(message)) => current.dispatch(Action::Failed(None, message)),
                None => {}
            }
        });
    }
}

/// Keeps the address bar in step with the settings; returns the settings' part of the
/// query, which the share dialog and the embed's "open in full" link use.
#[hook]
pub fn use_address_bar(state: &AppState) -> String {
    // Keep the address bar in step with the settings, so a copied URL reproduces them,
    // with the backend, view, theme and autorun the page was opened with.
    let settings = match state.mode {
        Mode::Experiments => url_state::query(state.experiment, state.workers, &state.params),
        Mode::Program => url_state::program_query(&state.program.source, state.workers),
    };
    let query = format!("{settings}{}", embed::query_suffix(&state.embed));
    use_effect_with(query, move |query| url_state::write(query));
    settings
}

/// The theme the URL or the host asked for (auto follows the system's).
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
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
}

/// Embed mode: the layout and title the host asked for, its sizing and the message API;
/// then what the host is told: the workers being ready (and the one run of `autorun=1`,
/// embedded or not), and each run's progress, result or error.
#[hook]
pub fn use_host_page(state: &UseReducerHandle<AppState>) {
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
                    RunStatus::Exited(run) => embed_api::program_result(&host, run),
                    RunStatus::Failed(message) => embed_api::error(&host, message),
                    RunStatus::Stopped => embed_api::error(&host, "the run was stopped"),
                    RunStatus::Idle => {}
                }
            }
        });
    }
}

/// Escape stops a run, as the Stop button does.
#[hook]
pub fn use_escape_stops(state: &UseReducerHandle<AppState>) {
    // Unless something on the page used it first (the timeline clears its highlight or
    // selection with it).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "keydown", move |event| {
                    let escape = event
                        .dyn_ref::<KeyboardEvent>()
                        .is_some_and(|key| key.key() == "Escape");
                    if escape && !event.default_prevented() {
                        dispatcher.dispatch(Action::StopRequested);
                    }
                })
            });
            move || drop(listener)
        });
    }
}

/// A sweep or the matrix asks for its next run whenever none is in flight.
#[hook]
pub fn use_batch_runs(state: &UseReducerHandle<AppState>) {
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.batch_wants(), move |wants| {
            if let Some(request) = wants {
                dispatcher.dispatch(Action::BatchRunRequested(request.clone()));
            }
        });
    }
}
