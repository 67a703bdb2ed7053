//! A run: the variants side by side, the verdict, the timeline, the trace; while it
//! goes, the variants measured so far on the timeline, with its progress.

use interleave_engine::analysis::{format_count, format_duration_ns};
use interleave_engine::chrome_trace::chrome_trace;
use interleave_engine::embed::{Panels, TimelineView};
use interleave_engine::experiment::speedup_text;
use interleave_engine::measure::plural;
use interleave_engine::repetition::MAX_ROUNDS;
use interleave_engine::{ExperimentId, RunReport, VariantReport};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::live::{LiveRun, ShownRun};
use crate::state::{AppState, RunStatus, TrapGuess};
use crate::view::download::download_text;
use crate::view::span_table::SpanTable;
use crate::view::timeline::{Timeline, download_png, file_name, spans_csv};
use crate::view::traps_panel::trap_outcome_line;

/// The results `state` has to show: the finished run's, or, while a run goes, the
/// variants it has measured so far; nothing otherwise. `on_view` hears of the reader
/// switching the timeline's view.
pub fn results_of(state: &AppState, on_view: Callback<TimelineView>) -> Html {
    let run = match (&state.run, &state.live) {
        (RunStatus::Done(report), _) => ShownRun::Finished(report.clone()),
        (RunStatus::Running { .. } | RunStatus::Stopped, Some(live)) => {
            ShownRun::Live(live.clone())
        }
        _ => return Html::default(),
    };
    let stopped = state.run == RunStatus::Stopped;
    html! { <Results run={run} view={state.embed.view} stopped={stopped} panels={state.embed.panels} on_view={on_view} guess={state.guess} /> }
}

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The run to show: finished, or the variants measured so far.
    pub run: ShownRun,
    /// The view the timeline opens with.
    #[prop_or_default]
    pub view: TimelineView,
    /// Whether the run shown in progress was stopped: it will not go further.
    #[prop_or_default]
    pub stopped: bool,
    /// Which parts to show (`panels=`).
    #[prop_or_default]
    pub panels: Panels,
    /// Told when the reader switches the timeline's view.
    #[prop_or_default]
    pub on_view: Callback<TimelineView>,
    /// The prediction of the interview trap this run is for, if it is one's.
    #[prop_or_default]
    pub guess: Option<TrapGuess>,
}

/// Numbers, verdict, timeline and export of one run; while it goes, its progress and the
/// variants measured so far.
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let canvas = use_node_ref();
    let verdict = use_node_ref();
    let panels = props.panels;
    let variants = props.run.variants();
    let (experiment, parts) = match &props.run {
        ShownRun::Finished(report) => (
            report.request.experiment,
            finished(report, (&canvas, &verdict), props.guess),
        ),
        ShownRun::Live(live) => (live.request.experiment, progress(live, props.stopped)),
    };
    // A finished run's verdict is its headline: when the reader ran it from the page (the
    // Run button, or nothing, has the focus), the focus moves to the verdict and brings it
    // into view; a screen reader announces it from the live region around it either way.
    let finished_report = props.run.report().map(|r| std::rc::Rc::as_ptr(r) as usize);
    {
        let verdict = verdict.clone();
        use_effect_with(finished_report, move |finished| {
            if finished.is_some() {
                focus_if_run_from_the_page(&verdict);
            }
        });
    }
    html! {
        <section class="results" aria-label="Results" aria-busy={(props.run.report().is_none() && !props.stopped).to_string()}>
            <h2>{ "Results" }</h2>
            if panels.verdict { { parts.facts } }
            if panels.numbers { { variants_table(experiment, &variants) } }
            <div class="outcome" aria-live="polite" aria-atomic="true">
                if panels.verdict { { parts.judged } }
            </div>
            if panels.timeline {
                <h3>{ "Timeline" }</h3>
                <p class="help">
                    { "One lane per worker; each coloured bar is a task running on that worker. \
                       Under them, the waiting lane holds the waits that hold no worker (parked, \
                       or for a lock, a channel or a permit): tasks waiting while their workers \
                       run others. The variants share one time scale, so their lengths compare \
                       directly. \
                       Where a run repeated its variants, this is the first repeat; the table \
                       gives each variant's median." }
                </p>
                <Timeline run={props.run.clone()} view={props.view} canvas={canvas} on_view={props.on_view.clone()} />
                { parts.exports }
            }
            if panels.spans { { parts.spans } }
        </section>
    }
}

/// The parts of the results around the table and the timeline.
struct Parts {
    /// What ran where, or how far the run has come.
    facts: Html,
    /// The check of the answers and the verdict.
    judged: Html,
    /// The downloads.
    exports: Html,
    /// The table of spans.
    spans: Html,
}

/// How far a run in progress has come: a progress bar and "variant 2 of 5"; or, for a
/// stopped run, how far it came.
fn progress(live: &LiveRun, stopped: bool) -> Parts {
    let (done, total) = (live.variants.len(), live.total.max(live.variants.len()));
    let text = if stopped {
        format!(
            "Stopped after {done} of {total} variants: what they measured is shown; there is \
             no verdict without the others."
        )
    } else if done < total {
        format!(
            "Variant {done} of {total} measured; running variant {}…",
            done + 1
        )
    } else {
        format!(
            "All {total} variants measured; measuring them again until their times agree \
             (at most {MAX_ROUNDS} rounds, a few seconds), then judging the claim…"
        )
    };
    Parts {
        facts: html! {
            <p class="run-progress" id="run-progress" role="status"
                data-measured={done.to_string()} data-total={total.to_string()}>
                <progress max={total.to_string()} value={done.to_string()}
                    aria-label="Variants measured"></progress>
                { " " }{ text }
            </p>
        },
        judged: Html::default(),
        exports: Html::default(),
        spans: Html::default(),
    }
}

/// The variants side by side: wall time, speedup over each row's own baseline, value.
fn variants_table(experiment: ExperimentId, variants: &[&VariantReport]) -> Html {
    html! {
        <table class="variants" id="variants">
            <thead>
                <tr>
                    <th scope="col">{ "Variant" }</th>
                    <th scope="col">{ "Wall time" }</th>
                    <th scope="col" title="The wall time of the row this one is compared with, divided by this one's">{ "Speedup over its baseline" }</th>
                    <th scope="col">{ experiment.info().value_name }</th>
                </tr>
            </thead>
            <tbody>
                { for variants.iter().enumerate().map(|(index, v)| html! {
                    <tr data-variant={v.id.clone()} data-wall-ns={v.wall_ns.to_string()}
                        data-traced-wall-ns={v.traced_wall_ns().to_string()}
                        data-repeats={v.walls_ns.len().to_string()} data-value={v.value.to_string()}>
                        <th scope="row">{ &v.label }</th>
                        <td>{ format_duration_ns(v.wall_ns) }{ repeats_text(v) }</td>
                        <td>{ speedup_text(variants, index) }</td>
                        <td>{ format_count(v.value) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// How a variant's time was measured, after it in its cell: the range of its repeats
/// when its time is their median; nothing for a variant measured once.
fn repeats_text(variant: &VariantReport) -> Html {
    variant.repeats_text().map_or_else(Html::default, |text| {
        html! { <span class="repeats">{ text }</span> }
    })
}

/// The facts, verdict and exports of a finished run.
fn finished(
    report: &std::rc::Rc<RunReport>,
    (canvas, verdict): (&NodeRef, &NodeRef),
    guess: Option<TrapGuess>,
) -> Parts {
    let correct = report.values_correct();
    let on_download = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            download_text(
                &chrome_trace(&report).to_string(),
                "application/json",
                &file_name(&report, "json"),
            );
        })
    };
    let on_png = {
        let (report, canvas) = (report.clone(), canvas.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                download_png(&canvas, &file_name(&report, "png"));
            }
        })
    };
    let on_csv = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            download_text(&spans_csv(&report), "text/csv", &file_name(&report, "csv"));
        })
    };
    let page_bytes = page_memory_bytes();
    Parts {
        facts: html! {
            <p class="run-facts" id="run-facts" data-backend={report.backend.label()}
                data-runtime-memory-bytes={report.runtime_memory_bytes.map(|b| b.to_string())}
                data-page-memory-bytes={page_bytes.map(|b| b.to_string())}
                data-free-cores={report.free_cores.map(|c| format!("{c:.2}"))}
                title={memory_title(report.runtime_memory_bytes, page_bytes)}>
                { format!(
                    "Measured just now on {} with the {} backend{}.",
                    plural(report.workers, "worker"),
                    report.backend.label(),
                    free_cores_text(report)
                ) }
            </p>
        },
        judged: html! {
            <>
                if let Some(expected) = report.expected_value {
                    <p class={if correct { "check ok" } else { "check bad" }} id="result-check">
                        { if correct {
                            format!("Every variant computed {}, the correct answer.", format_count(expected))
                        } else {
                            format!("A variant's answer differs from the correct {}!", format_count(expected))
                        } }
                    </p>
                }
                <p class={classes!("verdict", report.verdict.judgement.slug())} id="verdict"
                    data-judgement={report.verdict.judgement.slug()} tabindex="-1" ref={verdict.clone()}>
                    { &report.verdict.text }
                </p>
                // After the verdict, which takes the focus: read next, and in view with it.
                { trap_outcome_line(guess, report) }
            </>
        },
        exports: html! {
            <>
                <div class="actions">
                    <button id="download-trace" onclick={on_download}>{ "Download trace" }</button>
                    <button id="download-png" onclick={on_png}>{ "Download PNG" }</button>
                    <button id="download-csv" onclick={on_csv}>{ "Download CSV" }</button>
                    <span class="help">
                        { "The trace is Chrome trace-event JSON: open it in ui.perfetto.dev. The PNG \
                           is the timeline as shown; the CSV has every span." }
                    </span>
                </div>
            </>
        },
        spans: html! { <SpanTable report={report.clone()} /> },
    }
}

/// How many cores were free while the run went, where that was measured: "; cores free
/// while it ran: 1.9 of 2".
fn free_cores_text(report: &RunReport) -> String {
    report.free_cores_text().map_or_else(String::new, |free| {
        format!("; cores free while it ran: {free}")
    })
}

/// Moves the focus to the verdict (which brings it into view), when the focus is on the Run
/// button or nowhere: a run the reader started from the page. A host page driving an
/// embed by message, or a reader who has moved on to another control, keeps its focus.
fn focus_if_run_from_the_page(verdict: &NodeRef) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let from_the_page = match document.active_element() {
        None => true,
        Some(active) => active.id() == "run" || Some(&active) == document.body().as_deref(),
    };
    if let (true, Some(verdict)) = (from_the_page, verdict.cast::<web_sys::HtmlElement>()) {
        // Focusing scrolls the verdict into view where it is not.
        let _ = verdict.focus();
    }
}

/// Bytes of the page's own wasm memory (the UI's instance, which holds the spans shown).
fn page_memory_bytes() -> Option<u64> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().ok()?;
    let buffer: js_sys::ArrayBuffer = memory.buffer().dyn_into().ok()?;
    Some(u64::from(buffer.byte_length()))
}

/// The wasm memory of the runtime and of the page after the run, in a tooltip: runs must
/// leave both where they were.
fn memory_title(runtime_bytes: Option<u64>, page_bytes: Option<u64>) -> Option<String> {
    let mb = |bytes: u64| format!("{:.1} MB", bytes as f64 / 1e6);
    Some(format!(
        "WebAssembly memory after this run: runtime {}, page {}.",
        mb(runtime_bytes?),
        mb(page_bytes?)
    ))
}
