//! Experiment 13, "Interleaving on one worker": tasks take turns, step by step.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::Recording;
use crate::trace::{Span, SpanKind};
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "interleaving",
    number: 13,
    group: Group::Basics,
    title: "Interleaving on one worker",
    claim: "On one worker, tasks that yield between steps interleave: their steps alternate \
            rather than each task running to its end; on k workers the steps also overlap.",
    explanation: "Three tasks (A, B, C) each do three steps of work and hand the worker back \
                  after every step. The page records the order in which the steps ran: on one \
                  worker it is A1 B1 C1 A2 B2 C2 …, concurrency without parallelism; on more \
                  workers, steps run side by side.",
    params: &[
        ParamSpec {
            key: "tasks",
            label: "Tasks",
            help: "How many tasks take turns.",
            min: 2,
            max: 8,
            default: 3,
            quick: 3,
        },
        ParamSpec {
            key: "steps",
            label: "Steps per task",
            help: "How many steps each task does, yielding after each.",
            min: 1,
            max: 10,
            default: 3,
            quick: 2,
        },
        ParamSpec {
            key: "rounds",
            label: "Work per step (rounds of fib(25))",
            help: "The CPU work of one step.",
            min: 1,
            max: 200,
            default: 10,
            quick: 1,
        },
    ],
    needs_shared_memory: true,
    value_name: "Steps run",
    sweep: SweepMeasure::None,
};

fn name(task: u32, step: u32) -> String {
    format!("{}{}", char::from(b'A' + task as u8), step + 1)
}

/// The tasks on `workers` workers (`first`: the 1-worker variant); each records its
/// steps, on one worker and on all of them. The value is the steps done.
fn steps<'d>((first, workers): (bool, u32), tasks: u32, steps: u32, rounds: u64) -> Variant<'d> {
    let label = format!(
        "{} of {steps} steps on {}",
        plural(tasks, "task"),
        plural(workers, "worker")
    );
    let id = if first { "one-worker" } else { "all-workers" };
    let load = VariantLoad::scheduled_each(tasks, task_spans(u64::from(steps), 0));
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), load),
        move |spawner| {
            let done = Arc::new(AtomicU64::new(0));
            for _ in 0..tasks {
                let done = Arc::clone(&done);
                spawner.spawn("steps", move |ctx| async move {
                    for _ in 0..steps {
                        for _ in 0..rounds {
                            std::hint::black_box(fib(25));
                        }
                        done.fetch_add(1, Relaxed);
                        ctx.yield_now().await;
                    }
                });
            }
            Box::new(move || done.load(Relaxed))
        },
    )
}

/// The order in which the steps ran, read off the variant's trace: each task's turns on a
/// worker in time order, its `i`th turn being its step `i` (its last turn, after its
/// last yield, only ends it). Tasks are lettered in spawn order.
fn step_order(variant: &VariantReport, steps: u32) -> Vec<String> {
    let mut turns: Vec<&Span> = variant
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Compute)
        .collect();
    turns.sort_by_key(|s| (s.start_ns, s.worker));
    let mut ids: Vec<u32> = turns.iter().map(|s| s.task).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut taken = vec![0u32; ids.len()];
    turns
        .iter()
        .filter_map(|s| {
            let task = ids.binary_search(&s.task).ok()?;
            let step = taken[task];
            taken[task] += 1;
            (step < steps).then(|| name(task as u32, step))
        })
        .collect()
}

/// Experiment 13: the tasks on one worker, then on all of them.
pub struct Interleaving;

impl Experiment for Interleaving {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn timed(&self) -> bool {
        false
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let tasks = setup.param("tasks") as u32;
        let step_count = setup.param("steps") as u32;
        let rounds = setup.param("rounds");
        vec![
            steps((true, 1), tasks, step_count, rounds),
            steps((false, setup.workers), tasks, step_count, rounds).against("one-worker"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(setup.param("tasks") * setup.param("steps"))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let [one, many] = variants else {
            unreachable!("two variants")
        };
        let tasks = setup.param("tasks") as u32;
        let step_count = setup.param("steps") as u32;
        let (one_order, many_order) = (step_order(one, step_count), step_order(many, step_count));
        let interleaved = one_order
            .windows(2)
            .any(|w| w[0].as_bytes()[0] != w[1].as_bytes()[0]);
        let round_robin: Vec<String> = (0..step_count)
            .flat_map(|s| (0..tasks).map(move |t| name(t, s)))
            .collect();
        let text = format!(
            "On 1 worker the steps ran in the order {}{}. On {} they ran {}.",
            one_order.join(" "),
            if one_order == round_robin {
                ": strict turns"
            } else {
                ""
            },
            plural(setup.workers, "worker"),
            many_order.join(" "),
        );
        if step_count < 2 {
            Verdict::undecided(format!(
                "{text} With one step per task there is nothing to interleave."
            ))
        } else {
            Verdict::judged(interleaved, text)
        }
    }
}
