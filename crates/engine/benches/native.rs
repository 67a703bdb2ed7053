//! The native half of `cargo xtask bench`: carries out a benchmark plan on real OS threads
//! and prints what it measured as JSON on stdout.
//!
//! `cargo bench` builds it with the release profile's optimisation, so the numbers are
//! those of the shipped command-line runner. The build tool runs it as
//! `cargo bench -p interleave-engine --bench native -- --plan FILE`; without `--plan`
//! (e.g. under `cargo test --benches`) it does nothing.
//!
//! It measures three things once, in the plan's order (the build tool runs it once per
//! repeat, taking turns with the browser, so that a busy spell of the machine touches
//! both alike): the plan's experiment runs whose backend is `native` (every variant's wall
//! time, and how many spans the run recorded), the task scheduler's wall time with many
//! tasks, empty and parking once, and the time of many spans recorded and not.

use std::collections::BTreeMap;
use std::hint::black_box;

use interleave_engine::clock::RunClock;
use interleave_engine::measure::Recorder;
use interleave_engine::native::{clock, pool};
use interleave_engine::repetition::Repeat;
use interleave_engine::shared_memory::run_untraced;
use interleave_engine::tasks::{Recording, TaskCtx, TaskRunConfig, run_tasks};
use interleave_engine::trace::{SpanBuffer, SpanKind};
use interleave_engine::{Clock, ExperimentId, RunRequest, run};
use serde::Deserialize;
use serde_json::{Value, json};

/// What to measure (the build tool's `bench::plan::Plan`; fields for the browser are
/// ignored).
#[derive(Deserialize)]
struct Plan {
    runs: Vec<RunSpec>,
    scheduler: SchedulerSpec,
    span_calls: usize,
}

/// One experiment run of the plan.
#[derive(Deserialize)]
struct RunSpec {
    backend: String,
    /// The experiment's slug.
    experiment: String,
    workers: u32,
    params: BTreeMap<String, u64>,
    spans: bool,
}

/// The task scheduler's measurement: `tasks` tasks on each worker count.
#[derive(Deserialize)]
struct SchedulerSpec {
    tasks: u32,
    workers: Vec<u32>,
    park_ns: u64,
}

/// Tasks the feeder spawns before it yields, as the granularity experiment does.
const BATCH: u32 = 1_024;

/// The cores this process may use.
fn cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// One run of `spec`: each variant's wall time, and the spans the run recorded.
fn measure_run(spec: &RunSpec) -> Result<Value, String> {
    let experiment = ExperimentId::from_slug(&spec.experiment)
        .ok_or_else(|| format!("no experiment {:?}", spec.experiment))?;
    let request = RunRequest {
        experiment,
        workers: spec.workers,
        cores: cores(),
        params: spec.params.clone(),
        // The bench repeats whole runs itself.
        repeat: Repeat::Once,
    }
    .bounded();
    let report = pool(request.workers)?.install(|| {
        if spec.spans {
            run(&request, clock())
        } else {
            run_untraced(&request, clock())
        }
    });
    if !report.values_correct() {
        return Err(format!("{} computed a wrong value", spec.experiment));
    }
    let walls: BTreeMap<&str, u64> = report
        .variants
        .iter()
        .map(|v| (v.id.as_str(), v.wall_ns))
        .collect();
    let spans: usize = report.variants.iter().map(|v| v.spans.len()).sum();
    Ok(json!({ "walls": walls, "spans": spans }))
}

/// Wall time of `tasks` tasks on `workers` workers of the task scheduler, spawned in
/// batches by one feeder task; each task parks for `park_ns` once, or does nothing.
fn scheduler_wall_ns(tasks: u32, workers: u32, park_ns: Option<u64>) -> Result<u64, String> {
    let run = pool(workers)?.install(|| {
        let rec = RunClock::starting_now(clock());
        let recording = Recording {
            merge_gap_ns: 20_000,
            ..Recording::default()
        };
        run_tasks(
            rec,
            TaskRunConfig {
                recording,
                ..TaskRunConfig::on(workers)
            },
            |spawner| {
                spawner.spawn("feeder", move |ctx: TaskCtx| async move {
                    let mut left = tasks;
                    while left > 0 {
                        for _ in 0..BATCH.min(left) {
                            ctx.spawn("task", move |ctx: TaskCtx| async move {
                                if let Some(ns) = park_ns {
                                    ctx.park(ns).await;
                                }
                            });
                        }
                        left -= BATCH.min(left);
                        ctx.yield_now().await;
                    }
                });
            },
        )
    });
    if run.spawned != tasks + 1 || run.unfinished > 0 {
        return Err(format!(
            "the scheduler ran {} of {tasks} tasks",
            run.spawned
        ));
    }
    Ok(run.wall_ns)
}

/// Time of `calls` spans around no work, recorded or ([untraced](Recorder::untraced)) not, on
/// one worker thread.
fn span_calls_ns(calls: usize, recorded: bool) -> Result<u64, String> {
    pool(1)?.install(|| {
        let rec = if recorded {
            Recorder::new(clock())
        } else {
            Recorder::new(clock()).untraced()
        };
        let mut buffer = SpanBuffer::with_capacity(calls);
        let start = clock().now_ns();
        for i in 0..calls {
            black_box(rec.span(0, SpanKind::Compute, &mut buffer, || black_box(i)));
        }
        let elapsed = clock().now_ns() - start;
        black_box(buffer.into_spans());
        Ok(elapsed)
    })
}

/// Carries out the plan once: every native run, the scheduler on each worker count, the
/// cost of a span.
fn measure(plan: &Plan) -> Result<Value, String> {
    let mut runs = Vec::new();
    for spec in plan.runs.iter().filter(|r| r.backend == "native") {
        runs.push(json!({
            "backend": spec.backend, "experiment": spec.experiment, "workers": spec.workers,
            "params": spec.params, "spans": spec.spans, "samples": [measure_run(spec)?],
        }));
    }
    let s = &plan.scheduler;
    let mut scheduler = Vec::new();
    for &workers in &s.workers {
        let spawn = scheduler_wall_ns(s.tasks, workers, None)?;
        let park = scheduler_wall_ns(s.tasks, workers, Some(s.park_ns))?;
        scheduler.push(json!({ "workers": workers, "spawn_ns": [spawn], "park_ns": [park] }));
    }
    let on = span_calls_ns(plan.span_calls, true)?;
    let off = span_calls_ns(plan.span_calls, false)?;
    Ok(json!({
        "runs": runs,
        "scheduler": scheduler,
        "span_cost": { "calls": plan.span_calls, "on_ns": [on], "off_ns": [off] },
    }))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args
        .iter()
        .position(|a| a == "--plan")
        .and_then(|i| args.get(i + 1))
    else {
        eprintln!("native bench: no --plan given; `cargo xtask bench` runs it");
        return Ok(());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let plan: Plan = serde_json::from_str(&text).map_err(|e| format!("bad plan {path}: {e}"))?;
    println!("{}", measure(&plan)?);
    Ok(())
}
