//! Go mode: the gallery, the editor, Workers (GOMAXPROCS), Run and Stop, and the run's
//! output, exit status and timeline.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_engine::analysis::format_duration_ns;
use interleave_engine::chrome_trace::chrome_trace;
use interleave_engine::embed::TimelineView;
use interleave_engine::measure::plural;
use interleave_engine::program::Stream;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::environment::Environment;
use crate::go::{ProgramRun, Workspace, gallery, output};
use crate::live::ShownRun;
use crate::state::RunStatus;
use crate::view::download::download_text;
use crate::view::environment_line::shared_memory_advice;
use crate::view::go_editor::GoEditor;
use crate::view::span_table::SpanTable;
use crate::view::timeline::Timeline;
use crate::view::workers_field::WorkersField;

/// Props of [`ProgramPanel`].
#[derive(Properties, PartialEq)]
pub struct ProgramPanelProps {
    /// The program and what its run printed so far.
    pub program: Workspace,
    /// The run: in progress, ended, failed.
    pub run: RunStatus,
    /// The Workers slider's value: the program's GOMAXPROCS.
    pub workers: u32,
    /// What the page knows of this browser.
    pub env: Environment,
    /// Whether this page has shared memory, without which a program runs on one worker.
    pub shared_memory: bool,
    /// The page's notes (the `workers` one is shown).
    pub notes: BTreeMap<String, String>,
    /// The view the timeline opens with.
    pub view: TimelineView,
    /// The full playground with the same program, for a page without shared memory.
    pub full_url: AttrValue,
    /// The text changed.
    pub on_source: Callback<String>,
    /// A gallery program was picked, by slug.
    pub on_pick: Callback<String>,
    /// The slider moved.
    pub on_workers: Callback<String>,
    /// Run was pressed.
    pub on_run: Callback<()>,
    /// Stop was pressed.
    pub on_stop: Callback<()>,
    /// The output's goroutine-and-time column was switched on or off.
    pub on_times: Callback<bool>,
    /// The reader switched the timeline's view.
    pub on_view: Callback<TimelineView>,
}

/// The Go program, its controls and its run.
#[function_component]
pub fn ProgramPanel(props: &ProgramPanelProps) -> Html {
    let running = matches!(props.run, RunStatus::Running { .. });
    let ended = match &props.run {
        RunStatus::Exited(run) => Some(run.clone()),
        _ => None,
    };
    let errors = ended
        .as_ref()
        .map(|run| run.report.errors.clone())
        .unwrap_or_default();
    let on_pick = props.on_pick.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let on_times = props.on_times.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let example = props.program.example.and_then(gallery::find);
    html! {
        <main class="playground program">
            <section class="controls" aria-label="Go program">
                if let Some(note) = &props.program.link_note {
                    <p class="note" role="alert" id="code-note" data-note="code">{ note }</p>
                }
                <div class="field">
                    <label for="gallery">{ "Gallery" }</label>
                    <select id="gallery" onchange={on_pick} disabled={running}>
                        <option value="" selected={example.is_none()}>{ "Your own program" }</option>
                        <optgroup label="The seed texts' examples">
                            { for gallery::examples().map(|e| option(&e, props.program.example)) }
                        </optgroup>
                        <optgroup label="The experiments as Go">
                            { for gallery::experiment_programs().map(|e| option(&e, props.program.example)) }
                        </optgroup>
                    </select>
                </div>
                if let Some(example) = &example {
                    { example_facts(example) }
                }
                <GoEditor source={props.program.source.clone()} errors={errors}
                    on_change={props.on_source.clone()} on_run={props.on_run.clone()} />
                <p class="help">
                    { "Tab indents; press Escape, then Tab, to leave the editor; Ctrl+Enter runs." }
                </p>
                <WorkersField workers={props.workers} env={props.env} notes={props.notes.clone()}
                    running={running} on_workers={props.on_workers.clone()} />
                if !props.shared_memory {
                    <div class="warning" id="one-worker">
                        <p>
                            <strong>{ "Here a Go program runs on one worker. " }</strong>
                            { "Its goroutines share variables, channels and locks, which needs the \
                               workers to share memory, and this page has none: they take turns on \
                               one worker, as with GOMAXPROCS=1, whatever the slider says. A cross-origin \
                               isolated page runs them on all the workers." }
                        </p>
                        <p>{ shared_memory_advice(&props.env, &props.full_url) }</p>
                    </div>
                }
                <div class="actions">
                    <button id="run" class="primary" onclick={props.on_run.reform(|_: MouseEvent| ())}
                        disabled={running}>{ "Run" }</button>
                    <button id="stop" onclick={props.on_stop.reform(|_: MouseEvent| ())}
                        disabled={!running}>{ "Stop" }</button>
                </div>
            </section>
            <div class="stage">
                <section class="results" aria-label="Output" aria-busy={running.to_string()}>
                    <h2>{ "Output" }</h2>
                    <label class="help">
                        <input type="checkbox" id="output-times" checked={props.program.times} onchange={on_times} />
                        { " Show each line's goroutine and time" }
                    </label>
                    { output_pane(&props.program, running) }
                    if let Some(run) = &ended {
                        { ended_facts(run, example.as_ref()) }
                        { timeline(run, props.view, props.on_view.clone()) }
                    }
                </section>
            </div>
        </main>
    }
}

/// The gallery's entry for `example`, selected while it is the program shown.
fn option(example: &gallery::Example, shown: Option<&'static str>) -> Html {
    html! {
        <option value={example.slug} selected={Some(example.slug) == shown}>{ example.title }</option>
    }
}

/// What the gallery says of a program: the seed, what it shows, how it was changed.
fn example_facts(example: &gallery::Example) -> Html {
    html! {
        <dl class="example" id="example" data-slug={example.slug}>
            if let Some(seed) = example.seed {
                <dt>{ "From" }</dt><dd>{ seed }</dd>
            }
            if let Some(shows) = example.shows {
                <dt>{ format!("{} says", example.whose()) }</dt><dd id="example-shows">{ shows }</dd>
            }
            if let Some(scaled) = example.scaled {
                <dt>{ "Scaled down" }</dt><dd><code>{ scaled }</code></dd>
            }
            if let Some(note) = example.note {
                <dt>{ "Changed" }</dt><dd>{ note }</dd>
            }
        </dl>
    }
}

/// The output, stdout and stderr in one pane, stderr styled apart; with `times`, each
/// line with its goroutine and time.
fn output_pane(program: &Workspace, running: bool) -> Html {
    let lines = output::lines(&program.output);
    html! {
        <pre class="output" id="output" tabindex="0" aria-label="Program output">
            { for lines.iter().map(|line| {
                let class = match line.stream {
                    Stream::Stdout => "line",
                    Stream::Stderr => "line stderr",
                };
                html! {
                    <span class={class} data-goroutine={line.goroutine.to_string()} data-at-ns={line.at_ns.to_string()}>
                        if program.times {
                            <span class="when">{ format!("g{:<4} {:>10}  ", line.goroutine, format_duration_ns(line.at_ns)) }</span>
                        }
                        { &line.text }{ "\n" }
                    </span>
                }
            }) }
            if lines.is_empty() && !running {
                <span class="help">{ "Press Run: what the program prints appears here." }</span>
            }
        </pre>
    }
}

/// How the run ended, and what it measured beside what the text says.
fn ended_facts(run: &ProgramRun, example: Option<&gallery::Example>) -> Html {
    let report = &run.report;
    let text = match report.exit {
        1 => format!(
            "The program did not compile ({}): exit status 1.",
            plural(report.errors.len() as u32, "error")
        ),
        exit => format!(
            "Exit status {exit}, after {} on {}, {} run{}.",
            format_duration_ns(report.run.wall_ns),
            plural(report.workers, "worker"),
            plural(report.run.tasks, "goroutine"),
            if report.unfinished > 0 {
                format!(
                    ", {} still running or blocked at the end",
                    report.unfinished
                )
            } else {
                String::new()
            }
        ),
    };
    html! {
        <>
            <p class={if report.exit == 0 { "exit ok" } else { "exit bad" }} id="exit"
                data-exit={report.exit.to_string()}>{ text }</p>
            if let (Some(example), Some(shows), true) = (example, example.and_then(|e| e.shows), report.exit != 1) {
                <p class="measured" id="measured">
                    { format!("{} says: {shows}. This run took {}.", example.whose(), format_duration_ns(report.run.wall_ns)) }
                </p>
            }
        </>
    }
}

/// The goroutines on the timeline (one lane per worker), the trace to download, and the
/// span table.
fn timeline(run: &Rc<ProgramRun>, view: TimelineView, on_view: Callback<TimelineView>) -> Html {
    if run.report.exit == 1 {
        return Html::default();
    }
    let on_download = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| {
            download_text(
                &chrome_trace(&run.shown).to_string(),
                "application/json",
                &format!("interleave-go-{}w.json", run.report.workers),
            );
        })
    };
    html! {
        <>
            <h3>{ "Timeline" }</h3>
            <p class="help">
                { "One lane per worker; each bar is a goroutine running on it, labelled with its \
                   number and function. The waiting lane holds goroutines blocked on a channel, a \
                   lock or a sleep, which hold no worker." }
            </p>
            <Timeline run={ShownRun::Finished(run.shown.clone())} view={view}
                canvas={NodeRef::default()} on_view={on_view} />
            <div class="actions">
                <button id="download-trace" onclick={on_download}>{ "Download trace" }</button>
            </div>
            <SpanTable report={run.shown.clone()} />
        </>
    }
}
