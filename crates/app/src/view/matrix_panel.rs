//! The decision matrix: which workloads gain from concurrency and from parallelism,
//! measured on this machine.

use std::rc::Rc;

use interleave_engine::matrix::{Expected, Gain, WORKLOADS, median_speedup, speedup_words};
use interleave_engine::params::reported_cores;
use yew::prelude::*;

use crate::matrix_run::MatrixRun;
use crate::sweep::BatchStatus;

/// Props of [`MatrixPanel`].
#[derive(Properties, PartialEq)]
pub struct MatrixPanelProps {
    /// The matrix being filled or filled, if one was started.
    pub matrix: Option<Rc<MatrixRun>>,
    /// Whether a run or a batch is in flight, so that no other can start.
    pub busy: bool,
    /// Whether this page can run every workload of the matrix.
    pub runnable: bool,
    /// The cores the page counts.
    pub cores: u32,
    /// Start filling the matrix with this many runs per workload.
    pub on_fill: Callback<u32>,
}

/// Runs per workload.
const REPS: u32 = 3;

/// The summary table of the catalogue, filled from measured runs on demand.
#[function_component]
pub fn MatrixPanel(props: &MatrixPanelProps) -> Html {
    let (busy, cores) = (props.busy, reported_cores(props.cores));
    let on_fill = props.on_fill.reform(|_: MouseEvent| REPS);
    html! {
        <section class="matrix" aria-label="Decision matrix">
            <h2>{ "Decision matrix" }</h2>
            <p class="help">
                { format!(
                    "Which workloads gain from concurrency on 1 worker, and which from parallelism on \
                     all {cores} workers? Each row runs an experiment {REPS} times on this machine and \
                     shows the median speedup over doing the work sequentially."
                ) }
            </p>
            <div class="actions">
                <button id="fill-matrix" onclick={on_fill} disabled={busy || !props.runnable}>
                    { "Fill the decision matrix" }
                </button>
            </div>
            if let Some(matrix) = &props.matrix {
                { matrix_view(matrix, cores) }
            }
        </section>
    }
}

fn matrix_view(matrix: &MatrixRun, cores: u32) -> Html {
    let (done, total) = (matrix.finished(), matrix.plan.len());
    let status = match &matrix.status {
        BatchStatus::Running => format!("Run {} of {total}…", done + 1),
        BatchStatus::Done => format!("Filled from {total} runs."),
        BatchStatus::Stopped => format!("Stopped after {done} of {total} runs."),
        BatchStatus::Failed(message) => format!("Failed after {done} runs: {message}"),
    };
    let cell = |speedups: &[(f64, f64)], pick: fn(&(f64, f64)) -> f64, expected: Expected| {
        let values: Vec<f64> = speedups.iter().map(pick).collect();
        match median_speedup(&values) {
            None => html! { <td class="pending">{ "…" }</td> },
            Some((median, min, max)) => {
                let measured = Gain::of(median);
                let agrees = expected.admits(measured);
                html! {
                    <td class={if agrees { "agrees" } else { "disagrees" }}
                        data-speedup={format!("{median:.3}")}
                        title={format!("median of {} runs; range {min:.2}× to {max:.2}×", values.len())}>
                        { speedup_words(median) }
                        <span class="expected">{ format!(" (expected: {}{})", expected.words(), if agrees { " ✓" } else { " ✗" }) }</span>
                    </td>
                }
            }
        }
    };
    html! {
        <>
            <progress id="matrix-progress" max={total.to_string()} value={done.to_string()} />
            <p role="status" id="matrix-status">{ status }</p>
            <table id="matrix-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Workload" }</th>
                        <th scope="col">{ "1 worker" }</th>
                        <th scope="col">{ format!("all {cores} workers") }</th>
                        <th scope="col">{ "Why" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for WORKLOADS.iter().zip(&matrix.speedups).map(|(w, speedups)| html! {
                        <tr data-workload={w.name}>
                            <th scope="row">{ format!("{} ({})", w.name, w.experiment.title()) }</th>
                            { cell(speedups, |s| s.0, w.expected.0) }
                            { cell(speedups, |s| s.1, w.expected.1) }
                            <td>{ w.why }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}
