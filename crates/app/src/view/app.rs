//! The root component: owns the state and the runtime pool, and lays out the page.

use interleave_engine::RunRequest;
use yew::prelude::*;

use crate::environment::Environment;
use crate::pool::{PoolEvent, RuntimePool};
use crate::state::{Action, AppState, PoolStatus, RunStatus};
use crate::url_state;
use crate::view::controls::Controls;
use crate::view::environment_line::EnvironmentLine;
use crate::view::matrix_panel::MatrixPanel;
use crate::view::results::Results;
use crate::view::sweep_panel::SweepPanel;

/// The whole playground page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let env = Environment::detect();
        AppState::new(env, url_state::read(env.cores))
    });
    let pool = use_mut_ref(|| None::<RuntimePool>);

    let on_event = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event| match event {
            PoolEvent::Ready { workers, start_ms } => {
                dispatcher.dispatch(Action::PoolReady { workers, start_ms });
            }
            PoolEvent::Finished(report) => dispatcher.dispatch(Action::RunFinished(report)),
            PoolEvent::Failed(message) => dispatcher.dispatch(Action::Failed(message)),
        })
    };

    // The pool lives exactly as long as the state says one exists: a stop or a failure
    // sets it to none, and this tears the workers down (outside their own callbacks).
    {
        let pool = pool.clone();
        use_effect_with(state.pool.clone(), move |status| {
            if *status == PoolStatus::None {
                pool.borrow_mut().take();
            }
        });
    }

    // Start the pool at load, so the first Run does not wait for it.
    {
        let pool = pool.clone();
        let on_event = on_event.clone();
        let dispatcher = state.dispatcher();
        let (isolated, workers) = (state.env.isolated, state.workers);
        use_effect_with((), move |_| {
            if isolated {
                match RuntimePool::start(workers, on_event) {
                    Ok(started) => {
                        *pool.borrow_mut() = Some(started);
                        dispatcher.dispatch(Action::PoolStarting(workers));
                    }
                    Err(message) => dispatcher.dispatch(Action::Failed(message)),
                }
            }
        });
    }

    // Keep the address bar in step with the settings, so a copied URL reproduces them.
    use_effect_with(
        (state.experiment, state.workers, state.params.clone()),
        |(experiment, workers, params)| url_state::write(*experiment, *workers, params),
    );

    // Escape stops a run, as the Stop button does.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = on_window_keydown(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    dispatcher.dispatch(Action::StopRequested);
                }
            });
            move || drop(listener)
        });
    }

    // Submits one run: the Run button, sweeps and the decision matrix all come here.
    let submit = {
        let state = state.clone();
        let pool = pool.clone();
        Callback::from(move |request: RunRequest| {
            let mut slot = pool.borrow_mut();
            // A rayon pool cannot be resized: another worker count means a new pool.
            if slot.as_ref().map(RuntimePool::size) != Some(request.workers) {
                slot.take();
                match RuntimePool::start(request.workers, on_event.clone()) {
                    Ok(started) => {
                        *slot = Some(started);
                        state.dispatch(Action::PoolStarting(request.workers));
                    }
                    Err(message) => return state.dispatch(Action::Failed(message)),
                }
            }
            match slot.as_ref().map(|p| p.run(&request)) {
                Some(Ok(())) => state.dispatch(Action::RunStarted(request.workers)),
                Some(Err(message)) => state.dispatch(Action::Failed(message)),
                None => {}
            }
        })
    };
    let on_run = {
        let request = state.request(state.workers);
        submit.reform(move |()| request.clone())
    };

    // A sweep or the matrix submits its next run whenever none is in flight.
    use_effect_with(state.batch_wants(), move |wants| {
        if let Some(request) = wants {
            submit.emit(request.clone());
        }
    });
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
    let on_stop = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::StopRequested))
    };

    html! {
        <>
            <header class="masthead">
                <h1>{ "Interleave" }</h1>
                <p class="tagline">
                    { "Concurrency is tasks taking turns; parallelism is tasks running at the same \
                       time. Run real threads in your browser and see the difference, measured \
                       on your machine." }
                </p>
                <EnvironmentLine env={state.env} pool={state.pool.clone()} />
            </header>
            <main>
                <Controls
                    state={state.clone()}
                    on_run={on_run}
                    on_stop={on_stop}
                />
                <StatusLine run={state.run.clone()} pool={state.pool.clone()} />
                if let RunStatus::Done(report) = &state.run {
                    <Results report={report.clone()} />
                }
                <SweepPanel state={state.clone()} on_sweep={on_sweep} />
                <MatrixPanel state={state.clone()} on_fill={on_matrix} />
            </main>
        </>
    }
}

/// Adds a keydown listener on the window; dropping the returned guard removes it.
fn on_window_keydown(handler: impl FnMut(KeyboardEvent) + 'static) -> impl Drop {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    struct Guard(Closure<dyn FnMut(KeyboardEvent)>);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(window) = web_sys::window() {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    self.0.as_ref().unchecked_ref(),
                );
            }
        }
    }
    let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(handler);
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    }
    Guard(closure)
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
        (RunStatus::Running { workers }, PoolStatus::Starting(_)) => {
            format!("Starting a pool of {workers} workers, then running…")
        }
        (RunStatus::Running { workers }, _) => format!("Running on {workers} workers…"),
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
