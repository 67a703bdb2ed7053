//! Carrying out a variant's steps on the current pool, for both backends: every step
//! (shared memory) or one shard's share of one step (message passing).

use crate::experiment::VariantReport;
use crate::measure::{Recorder, on_the_pool};
use crate::shard::Shard;
use crate::tasks::{Recording, TaskRecord, TaskRunConfig, run_tasks};
use crate::trace::{self, Span, SpanBuffer, SpanKind};
use crate::variant::{Step, Variant};

/// Which part of a variant to carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Every step, each as a whole.
    Whole,
    /// `shard`'s share of step `step` only.
    Step {
        /// The step's index in the variant.
        step: usize,
        /// This engine's share of it.
        shard: Shard,
    },
}

/// What one step did.
#[derive(Default)]
struct StepDone {
    start_ns: u64,
    end_ns: u64,
    value: u64,
    spans: Vec<Vec<Span>>,
    spawned: u32,
    task_records: Vec<TaskRecord>,
    task_labels: Vec<String>,
    trials: u64,
}

/// Carries out `part` of `variant` with `rec`: from the first step's start to the last
/// one's end, the steps' values added up, their spans merged.
pub(crate) fn carry_out(rec: &Recorder, variant: Variant<'_>, part: Part) -> VariantReport {
    let Variant {
        id,
        label,
        tasks,
        baseline,
        steps,
        ..
    } = variant;
    // A variant's declared tasks belong to one part of it, so merged parts count them once.
    let declared = match part {
        Part::Whole => tasks,
        Part::Step { step, shard } if step == 0 && shard.index == 0 => tasks,
        Part::Step { .. } => 0,
    };
    let mut report = VariantReport {
        id,
        label,
        tasks: declared,
        baseline: baseline.map(str::to_owned),
        ..VariantReport::default()
    };
    let mut span_lists = Vec::new();
    let mut bounds: Option<(u64, u64)> = None;
    for (index, step) in steps.into_iter().enumerate() {
        let shard = match part {
            Part::Whole => Shard::WHOLE,
            Part::Step { step, shard } if step == index => shard,
            Part::Step { .. } => continue,
        };
        let done = carry_out_step(&rec.from_lane(shard.index), step, shard);
        let start = bounds.map_or(done.start_ns, |b| b.0);
        bounds = Some((start, done.end_ns));
        report.value = report.value.wrapping_add(done.value);
        report.tasks = report.tasks.saturating_add(done.spawned);
        report.trials += done.trials;
        report.task_records.extend(done.task_records);
        report.task_labels.extend(done.task_labels);
        span_lists.extend(done.spans);
    }
    let (start_ns, end_ns) = bounds.unwrap_or_default();
    report.start_ns = start_ns;
    report.wall_ns = end_ns.saturating_sub(start_ns);
    report.spans = trace::merge(span_lists);
    report
}

/// Carries out `shard`'s share of one step (its jobs, or its tasks' ids) on the pool.
fn carry_out_step(rec: &Recorder, step: Step<'_>, shard: Shard) -> StepDone {
    let start_ns = rec.now();
    match step {
        Step::OnOneWorker(work) => {
            let mut out = None;
            rayon::scope(|s| s.spawn(|_| out = Some(work(rec))));
            let (value, spans) = out.expect("the scope ran its one job");
            StepDone {
                start_ns,
                end_ns: rec.now(),
                value,
                spans: vec![spans],
                ..StepDone::default()
            }
        }
        Step::Jobs {
            jobs,
            first_task,
            work,
        } => {
            let mine: Vec<u32> = shard.share(jobs).collect();
            let results = on_the_pool(mine.len(), |i| {
                let job = mine[i];
                let mut buffer = SpanBuffer::with_capacity(1);
                let value = rec.span(first_task + job, SpanKind::Compute, &mut buffer, || {
                    work(job as usize)
                });
                (value, buffer.into_spans())
            });
            let value = results.iter().fold(0u64, |a, r| a.wrapping_add(r.0));
            StepDone {
                start_ns,
                end_ns: rec.now(),
                value,
                spans: results.into_iter().map(|r| r.1).collect(),
                ..StepDone::default()
            }
        }
        Step::OnEveryWorker { each, total } => {
            let spans = rayon::broadcast(|_| each(rec));
            let (value, trials) = total();
            StepDone {
                start_ns,
                end_ns: rec.now(),
                value,
                spans,
                trials,
                ..StepDone::default()
            }
        }
        Step::Tasks {
            workers: task_workers,
            recording,
            root,
        } => {
            let mut value_of = None;
            let config = TaskRunConfig {
                workers: task_workers,
                shard,
                recording: Recording {
                    keep: recording.keep && rec.records_spans(),
                    ..recording
                },
            };
            let run = run_tasks(rec.clock(), config, |spawner| {
                value_of = Some(root(spawner));
            });
            StepDone {
                start_ns: run.start_ns,
                end_ns: run.start_ns + run.wall_ns,
                value: value_of.map_or(0, |value| value()),
                spans: vec![run.spans],
                spawned: run.spawned,
                task_records: run.tasks,
                task_labels: run.labels,
                trials: 0,
            }
        }
    }
}
