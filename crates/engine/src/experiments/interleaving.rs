//! Experiment 13, "Interleaving on one worker": tasks take turns, step by step.

use std::sync::{Arc, Mutex};

use crate::budget::{Footprint, VariantLoad, task_spans};
use crate::experiment::{Group, Info, Outcome, RunRequest, SweepMeasure, VariantReport, Verdict};
use crate::kernels::fib;
use crate::measure::{Recorder, plural};
use crate::params::ParamSpec;
use crate::tasks::Recording;

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

/// The tasks on `workers` workers (`first`: the 1-worker variant); returns the variant
/// and the order in which the steps ran.
fn steps(
    rec: &Recorder,
    (first, workers): (bool, u32),
    tasks: u32,
    steps: u32,
    rounds: u64,
) -> (VariantReport, Vec<String>) {
    let order = Arc::new(Mutex::new(Vec::new()));
    let label = format!(
        "{} of {steps} steps on {}",
        plural(tasks, "task"),
        plural(workers, "worker")
    );
    let id = if first { "one-worker" } else { "all-workers" };
    let report = rec.task_variant(id, label, workers, Recording::default(), |spawner| {
        for task in 0..tasks {
            let order = Arc::clone(&order);
            spawner.spawn("steps", move |ctx| async move {
                for step in 0..steps {
                    for _ in 0..rounds {
                        std::hint::black_box(fib(25));
                    }
                    order
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(name(task, step));
                    ctx.yield_now().await;
                }
            });
        }
        let order = Arc::clone(&order);
        move || order.lock().map_or(0, |o| o.len() as u64)
    });
    let order = order.lock().map(|o| o.clone()).unwrap_or_default();
    (report, order)
}

/// Runs the tasks on one worker, then on all of them.
pub fn run(request: &RunRequest, workers: u32, rec: &Recorder) -> Outcome {
    let tasks = request.param("tasks") as u32;
    let step_count = request.param("steps") as u32;
    let rounds = request.param("rounds");
    let (one, one_order) = steps(rec, (true, 1), tasks, step_count, rounds);
    let (many, many_order) = steps(rec, (false, workers), tasks, step_count, rounds);
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
        plural(workers, "worker"),
        many_order.join(" "),
    );
    let verdict = if step_count < 2 {
        Verdict::undecided(format!(
            "{text} With one step per task there is nothing to interleave."
        ))
    } else {
        Verdict::judged(interleaved, text)
    };
    Outcome {
        variants: vec![one, many],
        expected_value: Some(u64::from(tasks * step_count)),
        verdict,
    }
}

/// What a run allocates: each task's steps, on one worker and on all of them.
pub fn footprint(request: &RunRequest) -> Footprint {
    let tasks = request.param("tasks");
    let steps = VariantLoad::scheduled(tasks, tasks * task_spans(request.param("steps"), 0));
    Footprint {
        data_bytes: 0,
        variants: vec![steps, steps],
    }
}
