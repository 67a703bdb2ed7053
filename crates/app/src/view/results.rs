//! A finished run: the variants side by side, the verdict, the timeline, the trace.

use std::rc::Rc;

use interleave_engine::analysis::{format_count, format_duration_ns, speedup};
use interleave_engine::chrome_trace::chrome_trace;
use interleave_engine::measure::plural;
use interleave_engine::{Judgement, RunReport};
use yew::prelude::*;

use crate::view::download::download_text;
use crate::view::span_table::SpanTable;
use crate::view::timeline::{Timeline, download_png, file_name, spans_csv};

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The run to show.
    pub report: Rc<RunReport>,
}

/// Numbers, verdict, timeline and export of one run.
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let baseline = report.variants.first().map_or(0, |v| v.wall_ns);
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
    let canvas = use_node_ref();
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
    html! {
        <section class="results" aria-label="Results">
            <h2>{ "Results" }</h2>
            <p class="run-facts" id="run-facts" data-backend={report.backend.label()}>
                { format!(
                    "Measured just now on {} with the {} backend.",
                    plural(report.workers, "worker"),
                    report.backend.label()
                ) }
            </p>
            <table class="variants" id="variants">
                <thead>
                    <tr>
                        <th scope="col">{ "Variant" }</th>
                        <th scope="col">{ "Wall time" }</th>
                        <th scope="col" title="Relative to the first row">{ "Speedup over first row" }</th>
                        <th scope="col">{ report.request.experiment.info().value_name }</th>
                    </tr>
                </thead>
                <tbody>
                    { for report.variants.iter().map(|v| html! {
                        <tr data-variant={v.id.clone()} data-wall-ns={v.wall_ns.to_string()} data-value={v.value.to_string()}>
                            <th scope="row">{ &v.label }</th>
                            <td>{ format_duration_ns(v.wall_ns) }</td>
                            <td>{ speedup(baseline, v.wall_ns).map_or("n/a".into(), |x| format!("{x:.2}×")) }</td>
                            <td>{ format_count(v.value) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(expected) = report.expected_value {
                <p class={if correct { "check ok" } else { "check bad" }} id="result-check">
                    { if correct {
                        format!("Every variant computed {}, the correct answer.", format_count(expected))
                    } else {
                        format!("A variant's answer differs from the correct {}!", format_count(expected))
                    } }
                </p>
            }
            <p class={match report.verdict.judgement {
                Judgement::Supports => "verdict supports",
                Judgement::Contradicts => "verdict contradicts",
                Judgement::Undecided => "verdict undecided",
            }} id="verdict" data-judgement={format!("{:?}", report.verdict.judgement).to_lowercase()}>
                { &report.verdict.text }
            </p>
            <h3>{ "Timeline" }</h3>
            <p class="help">
                { "One lane per worker; each coloured bar is a task running on that worker. \
                   The variants share one time scale, so their lengths compare directly." }
            </p>
            <Timeline report={report.clone()} canvas={canvas} />
            <div class="actions">
                <button id="download-trace" onclick={on_download}>{ "Download trace" }</button>
                <button id="download-png" onclick={on_png}>{ "Download PNG" }</button>
                <button id="download-csv" onclick={on_csv}>{ "Download CSV" }</button>
                <span class="help">
                    { "The trace is Chrome trace-event JSON: open it in ui.perfetto.dev. The PNG \
                       is the timeline as shown; the CSV has every span." }
                </span>
            </div>
            <SpanTable report={report.clone()} />
        </section>
    }
}
