//! Experiment 4, "Mixed I/O and CPU": tasks that wait, then compute.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::analysis::{Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::Recording;
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "mixed",
    number: 4,
    group: Group::Waiting,
    title: "Mixed I/O and CPU",
    claim: "Tasks that wait and then compute gain somewhat from concurrency on one worker \
            (their waits overlap) and much more on k workers (their computing overlaps too).",
    explanation: "Each task waits (parked, like a network request) and then computes, as a \
                  request handler would. One task doing every request in turn is the baseline; \
                  then one concurrent program, a task per request, runs unchanged on one \
                  worker and on every worker: the structure is the same, the execution differs.",
    params: &[
        ParamSpec {
            key: "tasks",
            label: "Tasks",
            help: "How many tasks wait and then compute.",
            min: 1,
            max: 256,
            default: 8,
            quick: 3,
        },
        ParamSpec {
            key: "wait_ms",
            label: "Wait per task (ms)",
            help: "How long each task waits before computing.",
            min: 1,
            max: 2_000,
            default: 100,
            quick: 5,
        },
        ParamSpec {
            key: "rounds",
            label: "Work per task (rounds of fib(25))",
            help: "How much each task computes after its wait.",
            min: 1,
            max: 1_000,
            default: 40,
            quick: 1,
        },
    ],
    needs_shared_memory: false,
    value_name: "Sum of results",
    sweep: SweepMeasure::Variant("parallel"),
};

/// One task's work after its wait.
fn compute(rounds: u64) -> u64 {
    (0..rounds).fold(0u64, |acc, _| acc.wrapping_add(fib(25)))
}

/// Every task alive at once, each recording its wait and the turns around it.
fn concurrent<'d>((id, label): (&str, String), workers: u32, p: (u32, u64, u64)) -> Variant<'d> {
    let (tasks, wait_ns, rounds) = p;
    let load = VariantLoad::scheduled_each(tasks, task_spans(1, 0));
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(AtomicU64::new(0));
            for _ in spawner.shard().share(tasks) {
                let total = Arc::clone(&total);
                spawner.spawn("request", move |ctx| async move {
                    ctx.park(wait_ns).await;
                    total.fetch_add(compute(rounds), Relaxed);
                });
            }
            Box::new(move || total.load(Relaxed))
        },
    )
}

/// One task handling every request in turn: it waits once per request.
fn sequential<'d>((tasks, wait_ns, rounds): (u32, u64, u64)) -> Variant<'d> {
    let load = VariantLoad::scheduled(1, task_spans(u64::from(tasks), 0));
    Variant::tasks(
        "sequential",
        format!("Sequential: 1 task handling {tasks} requests in turn"),
        1,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(AtomicU64::new(0));
            let sum = Arc::clone(&total);
            spawner.spawn("sequential", move |ctx| async move {
                for _ in 0..tasks {
                    ctx.park(wait_ns).await;
                    sum.fetch_add(compute(rounds), Relaxed);
                }
            });
            Box::new(move || total.load(Relaxed))
        },
    )
}

/// Experiment 4: the sequential baseline, then the tasks on one worker and on all.
pub struct Mixed;

impl Experiment for Mixed {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let tasks = setup.param("tasks") as u32;
        let p = (
            tasks,
            setup.param("wait_ms") * 1_000_000,
            setup.param("rounds"),
        );
        let on = |workers: u32| {
            format!(
                "{} waiting, then computing, on {}",
                plural(tasks, "task"),
                plural(workers, "worker")
            )
        };
        vec![
            sequential(p),
            concurrent(("concurrent", on(1)), 1, p).against("sequential"),
            concurrent(("parallel", on(setup.workers)), setup.workers, p).against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(compute(setup.param("rounds")).wrapping_mul(setup.param("tasks")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers)
    }
}

fn verdict(variants: &[VariantReport], workers: u32) -> Verdict {
    let [seq, one, all] = variants else {
        unreachable!("three variants")
    };
    let (Some(one_x), Some(all_x)) = (
        speedup(seq.wall_ns, one.wall_ns),
        speedup(seq.wall_ns, all.wall_ns),
    ) else {
        return Verdict::too_fast();
    };
    let d = format_duration_ns;
    let text = format!(
        "One after another: {}. The tasks on 1 worker: {} ({one_x}){} The same tasks on {}: \
         {} ({all_x}).",
        d(seq.wall_ns),
        d(one.wall_ns),
        if one_x > 1.2 {
            ", since the waits overlapped but the computing still took turns."
        } else {
            ": the waits did not overlap enough to gain."
        },
        plural(workers, "worker"),
        d(all.wall_ns),
        one_x = Ratio(one_x),
        all_x = Ratio(all_x),
    );
    if workers < 2 {
        return Verdict::judged(
            one_x > 1.2,
            text + " Move to more workers to see the computing overlap.",
        );
    }
    Verdict::judged(one_x > 1.2 && all_x > one_x * 1.1, text)
}
