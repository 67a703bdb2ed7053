//! The sweep panel: start a sweep, watch it progress, read the charts and the table.

use std::rc::Rc;

use interleave_engine::analysis::format_duration_ns;
use interleave_engine::params::worker_bounds;
use interleave_engine::stats::{NOISY_SPREAD, SweepPoint, fit_amdahl};
use interleave_engine::{Backend, ExperimentId};
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use crate::environment::Environment;
use crate::sweep::{BatchStatus, MachineFacts, Sweep, to_csv, to_markdown};
use crate::view::download::download_text;
use crate::view::number_field::NumberField;
use crate::view::sweep_chart::{self, Quantity};

/// Props of [`SweepPanel`].
#[derive(Properties, PartialEq)]
pub struct SweepPanelProps {
    /// The sweep being run or run, if one was started.
    pub sweep: Option<Rc<Sweep>>,
    /// What the page knows of this browser, for the worker bounds and the table's facts.
    pub env: Environment,
    /// Whether the current experiment has one time that depends on the worker count.
    pub sweepable: bool,
    /// Whether this page can run the current experiment.
    pub runnable: bool,
    /// Whether a run or a batch is in flight, so that no other can start.
    pub busy: bool,
    /// Start a sweep over 1..=this many workers, with this many runs per worker count.
    pub on_sweep: Callback<(u32, u32)>,
}

/// Repetitions per worker count: bounds and default.
const REPS: (u32, u32, u32) = (1, 20, 5);

fn machine_facts(env: &Environment, backend: Backend) -> MachineFacts {
    let date = js_sys::Date::new_0();
    MachineFacts {
        cores: env.cores,
        cores_text: env.cores_text(),
        isolated: env.isolated,
        backend,
        timer_step_us: env.timer_step_us,
        browser: Environment::browser(),
        date: format!(
            "{:04}-{:02}-{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date()
        ),
    }
}

/// Measures speedup for every worker count, repeated, with its spread.
#[function_component]
pub fn SweepPanel(props: &SweepPanelProps) -> Html {
    let reps = use_state(|| REPS.2);
    let max = worker_bounds(props.env.cores).1;
    let up_to = use_state(|| max);
    let (sweepable, busy) = (props.sweepable, props.busy);
    let on_reps = {
        let reps = reps.clone();
        Callback::from(move |raw: String| {
            reps.set(
                raw.trim()
                    .parse::<u32>()
                    .unwrap_or(REPS.2)
                    .clamp(REPS.0, REPS.1),
            );
        })
    };
    let on_up_to = {
        let up_to = up_to.clone();
        Callback::from(move |raw: String| {
            up_to.set(raw.trim().parse::<u32>().unwrap_or(max).clamp(1, max));
        })
    };
    let on_start = {
        let (up_to, reps) = (*up_to, *reps);
        props.on_sweep.reform(move |_: MouseEvent| (up_to, reps))
    };
    html! {
        <section class="sweep" aria-label="Sweep over worker counts">
            <h2>{ "Measure the speedup curve" }</h2>
            <p class="help">
                { format!(
                    "A sweep runs this experiment with 1, 2, … up to {max} workers, each several times, \
                     and plots the median speedup over 1 worker with the spread of the runs, \
                     beside the ideal and the Amdahl curve that fits best."
                ) }
            </p>
            if !sweepable {
                <p class="note">{ "This experiment has no single time that depends on the worker count, so it cannot be swept." }</p>
            }
            <div class="field">
                <label for="sweep-up-to">{ "Up to workers" }</label>
                <NumberField id="sweep-up-to" value={u64::from(*up_to)}
                    on_commit={on_up_to} disabled={busy} />
            </div>
            <div class="field">
                <label for="sweep-reps">{ "Runs per worker count" }</label>
                <NumberField id="sweep-reps" value={u64::from(*reps)} on_commit={on_reps} disabled={busy} />
            </div>
            <div class="actions">
                <button id="sweep" onclick={on_start}
                    disabled={busy || !sweepable || !props.runnable}>
                    { format!("Sweep 1 to {} workers", *up_to) }
                </button>
            </div>
            if let Some(sweep) = &props.sweep {
                <SweepResults sweep={(**sweep).clone()} facts={machine_facts(&props.env, sweep.backend)}
                    max={max} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SweepResultsProps {
    sweep: Sweep,
    facts: MachineFacts,
    max: u32,
}

/// Progress, warnings, charts and the table of one sweep.
#[function_component]
fn SweepResults(props: &SweepResultsProps) -> Html {
    let sweep = &props.sweep;
    let total = sweep.plan.len();
    let done = sweep.finished();
    let progress = match &sweep.status {
        BatchStatus::Running => {
            let left = sweep
                .time_left_ms(js_sys::Date::now())
                .map_or(String::new(), |ms| {
                    format!(", about {:.0} s left", (ms / 1e3).ceil())
                });
            format!(
                "Run {} of {total}{left}. Stop ends the sweep; what was measured stays.",
                done + 1
            )
        }
        BatchStatus::Done => format!("Sweep finished: {total} runs."),
        BatchStatus::Stopped => format!("Sweep stopped after {done} of {total} runs."),
        BatchStatus::Failed(message) => format!("Sweep failed after {done} runs: {message}"),
    };
    let cores = props.facts.cores;
    let points = sweep.points(cores);
    let fit = points.as_ref().ok().and_then(|points| {
        let speedups: Vec<(u32, f64)> = points.iter().map(|p| (p.workers, p.speedup)).collect();
        fit_amdahl(&speedups, cores).ok()
    });
    html! {
        <div class="sweep-results">
            <progress id="sweep-progress" max={total.to_string()} value={done.to_string()} />
            <p role="status" id="sweep-status">{ progress }</p>
            <p class="help" id="sweep-facts">{ format!("Measured on: {}.", props.facts.line()) }</p>
            { match &points {
                Ok(points) => html! {
                    <>
                        { noise_warning(points) }
                        <Charts points={points.clone()} fit={fit} max={props.max} cores={props.facts.cores} />
                        { fit.map_or(html! {}, |s| html! {
                            <p id="sweep-fit">{ format!(
                                "The Amdahl curve that best fits these medians (counting at most {cores} \
                                 cores) has a serial fraction of {:.0} %: no number of cores can then beat {}.",
                                s * 100.0,
                                if s > 0.0 { format!("{:.1}×", 1.0 / s) } else { "k×".into() }
                            ) }</p>
                        }) }
                        <SweepTable points={points.clone()}
                            utilisation={points.iter().map(|p| sweep.median_utilisation(p.workers)).collect::<Vec<_>>()}
                            facts={props.facts.clone()} experiment={sweep.base.experiment} />
                    </>
                },
                Err(message) if done > 0 => html! { <p class="note">{ message.clone() }</p> },
                Err(_) => html! {},
            } }
        </div>
    }
}

/// A warning when repeated runs disagree too much for their median to be trusted.
fn noise_warning(points: &[SweepPoint]) -> Html {
    let noisy: Vec<String> = points
        .iter()
        .filter(|p| p.summary.count > 1 && p.summary.relative_spread() > NOISY_SPREAD)
        .map(|p| {
            format!(
                "{} ({:.0} %)",
                p.workers,
                p.summary.relative_spread() * 100.0
            )
        })
        .collect();
    if noisy.is_empty() {
        return html! {};
    }
    html! {
        <p class="warning" role="alert" id="sweep-noise">
            { format!(
                "The runs spread widely at {} worker(s): more than {:.0} % of their median. Something \
                 else is probably competing for the cores (another tab, a build, a video). Close it and \
                 sweep again, or add runs per worker count.",
                noisy.join(", "),
                NOISY_SPREAD * 100.0
            ) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    points: Vec<SweepPoint>,
    fit: Option<f64>,
    max: u32,
    cores: u32,
}

/// The speedup and efficiency charts, redrawn when the data or the width changes.
#[function_component]
fn Charts(props: &ChartsProps) -> Html {
    let wrapper = use_node_ref();
    let speedup = use_node_ref();
    let efficiency = use_node_ref();
    {
        let (wrapper, speedup, efficiency) = (wrapper.clone(), speedup.clone(), efficiency.clone());
        use_effect_with(
            (props.points.clone(), props.fit, props.max, props.cores),
            move |(points, fit, max, cores)| {
                let width = wrapper
                    .cast::<HtmlElement>()
                    .map_or(600.0, |w| f64::from(w.client_width()));
                for (node, quantity) in [
                    (&speedup, Quantity::Speedup),
                    (&efficiency, Quantity::Efficiency),
                ] {
                    if let Some(canvas) = node.cast::<HtmlCanvasElement>() {
                        sweep_chart::draw(&canvas, quantity, points, *fit, (*max, *cores), width);
                    }
                }
            },
        );
    }
    html! {
        <div class="sweep-charts" ref={wrapper}>
            <canvas id="speedup-chart" ref={speedup} role="img"
                aria-label="Speedup over 1 worker against worker count: measured medians with their range, the ideal line and the fitted Amdahl curve; the table below has the numbers." />
            <canvas id="efficiency-chart" ref={efficiency} role="img"
                aria-label="Parallel efficiency against worker count; the table below has the numbers." />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SweepTableProps {
    points: Vec<SweepPoint>,
    utilisation: Vec<Option<f64>>,
    facts: MachineFacts,
    /// The experiment swept (not the one the page shows now).
    experiment: ExperimentId,
}

/// The numbers behind the charts, exportable as CSV and Markdown.
#[function_component]
fn SweepTable(props: &SweepTableProps) -> Html {
    let copied = use_state(|| false);
    let on_csv = {
        let csv = to_csv(
            &props.points,
            &props.utilisation,
            props.experiment.info().title,
            &props.facts,
        );
        let name = format!(
            "interleave-sweep-{}-{}.csv",
            props.experiment.slug(),
            props.facts.backend.slug()
        );
        Callback::from(move |_: MouseEvent| {
            download_text(&csv, "text/csv", &name);
        })
    };
    let on_markdown = {
        let markdown = to_markdown(
            &props.points,
            &props.utilisation,
            props.experiment.info().title,
            &props.facts,
        );
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&markdown);
                copied.set(true);
            }
        })
    };
    html! {
        <>
            <table id="sweep-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Workers" }</th>
                        <th scope="col">{ "Median" }</th>
                        <th scope="col">{ "Min" }</th>
                        <th scope="col">{ "Max" }</th>
                        <th scope="col">{ "Speedup" }</th>
                        <th scope="col">{ "Efficiency" }</th>
                        <th scope="col" title="The serial fraction the speedup implies">{ "Karp-Flatt" }</th>
                        <th scope="col" title="How busy the workers were, on average">{ "Utilisation" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.points.iter().zip(&props.utilisation).map(|(p, u)| html! {
                        <tr data-workers={p.workers.to_string()} data-median-ns={format!("{:.0}", p.summary.median_ns)}>
                            <th scope="row">{ p.workers }</th>
                            <td>{ format_duration_ns(p.summary.median_ns as u64) }</td>
                            <td>{ format_duration_ns(p.summary.min_ns) }</td>
                            <td>{ format_duration_ns(p.summary.max_ns) }</td>
                            <td>{ format!("{:.2}×", p.speedup) }</td>
                            <td>{ format!("{:.0} %", p.efficiency * 100.0) }</td>
                            <td title={ p.karp_flatt.map_or("no serial fraction: more workers were slower than one, or faster than linear", |_| "") }>{ p.karp_flatt.map_or("–".into(), |e| format!("{:.1} %", e * 100.0)) }</td>
                            <td>{ u.map_or("–".into(), |u| format!("{:.0} %", u * 100.0)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <div class="actions">
                <button id="sweep-csv" onclick={on_csv}>{ "Download sweep CSV" }</button>
                <button id="sweep-markdown" onclick={on_markdown}>{ "Copy as Markdown" }</button>
                if *copied {
                    <span class="help" role="status">{ "Copied." }</span>
                }
            </div>
        </>
    }
}
