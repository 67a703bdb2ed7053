//! The timeline's spans as a table: the canvas's accessible twin.

use std::rc::Rc;

use interleave_engine::RunReport;
use interleave_engine::analysis::format_duration_ns;
use yew::prelude::*;

/// The most rows the table shows; larger runs are summarised in the trace download.
const MAX_ROWS: usize = 2_000;

/// Props of [`SpanTable`].
#[derive(Properties, PartialEq)]
pub struct SpanTableProps {
    /// The run whose spans to list.
    pub report: Rc<RunReport>,
}

/// Every span of the run, for screen readers and for anyone who wants the numbers.
#[function_component]
pub fn SpanTable(props: &SpanTableProps) -> Html {
    let report = &props.report;
    let total: usize = report.variants.iter().map(|v| v.spans.len()).sum();
    let rows = report
        .variants
        .iter()
        .flat_map(|v| v.spans.iter().map(move |s| (v, s)))
        .take(MAX_ROWS)
        .map(|(variant, span)| {
            html! {
                <tr
                    data-variant={variant.id.clone()}
                    data-worker={span.worker.to_string()}
                    data-task={span.task.to_string()}
                    data-start-ns={span.start_ns.to_string()}
                    data-end-ns={span.end_ns.to_string()}
                >
                    <td>{ &variant.id }</td>
                    <td>{ span.worker }</td>
                    <td>{ span.task }</td>
                    <td>{ format_duration_ns(span.start_ns - variant.start_ns) }</td>
                    <td>{ format_duration_ns(span.duration_ns()) }</td>
                </tr>
            }
        });
    html! {
        <details class="span-table">
            <summary>{ format!("Spans as a table ({total})") }</summary>
            if total > MAX_ROWS {
                <p class="help">{ format!("Showing the first {MAX_ROWS}; the trace download has all {total}.") }</p>
            }
            <table id="spans">
                <thead>
                    <tr>
                        <th scope="col">{ "Variant" }</th>
                        <th scope="col">{ "Worker" }</th>
                        <th scope="col">{ "Task" }</th>
                        <th scope="col">{ "Start (from variant start)" }</th>
                        <th scope="col">{ "Duration" }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </details>
    }
}
