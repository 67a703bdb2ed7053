//! Experiment 7, "Oversubscription": more workers than cores do not raise throughput.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::analysis::{Ratio, format_duration_ns};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::Recording;
use crate::variant::Variant;

/// The share of each core beyond the first that one worker per core must gain for the
/// cores to count as free: a run on busy cores cannot show what oversubscribing costs.
const FREE_CORE_GAIN: f64 = 0.5;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "oversubscription",
    number: 7,
    group: Group::Limits,
    title: "Oversubscription",
    claim: "Running many CPU-bound tasks on more workers than cores does not raise throughput \
            past the core count, and can lower it; bounding the workers to the cores restores it.",
    explanation: "The story of a thousand goroutines on two cores: many small CPU-bound tasks run \
                  on 1 worker, on as many workers as cores, and on every worker of the pool. The \
                  Workers slider starts at twice your core count here, so the cores are \
                  oversubscribed.",
    params: &[
        ParamSpec {
            key: "tasks",
            label: "Tasks",
            help: "How many small CPU-bound tasks run.",
            min: 1,
            max: 100_000,
            default: 1_000,
            quick: 20,
        },
        ParamSpec {
            key: "rounds",
            label: "Work per task (rounds of fib(20))",
            help: "Each round computes fib(20), about 22,000 calls.",
            min: 1,
            max: 1_000,
            default: 10,
            quick: 1,
        },
    ],
    needs_shared_memory: false,
    value_name: "Sum of results",
    sweep: SweepMeasure::Variant("k-workers"),
};

fn work(rounds: u64) -> u64 {
    (0..rounds).fold(0u64, |a, _| a.wrapping_add(fib(20)))
}

/// Every task on `workers` workers, alive at once, each running in one turn.
fn on<'d>(id: &str, workers: u32, tasks: u32, rounds: u64) -> Variant<'d> {
    let label = format!("{} on {}", plural(tasks, "task"), plural(workers, "worker"));
    let recording = Recording {
        merge_gap_ns: 20_000,
        ..Recording::default()
    };
    let load = VariantLoad::scheduled_each(tasks, task_spans(0, 0));
    Variant::tasks(id, label, workers, (recording, load), move |spawner| {
        let total = Arc::new(AtomicU64::new(0));
        for _ in spawner.shard().share(tasks) {
            let total = Arc::clone(&total);
            spawner.spawn("cpu", move |_| async move {
                total.fetch_add(work(rounds), Relaxed);
            });
        }
        Box::new(move || total.load(Relaxed))
    })
}

/// Experiment 7: the tasks on 1 worker, on as many as cores, and on the whole pool.
pub struct Oversubscription;

impl Experiment for Oversubscription {
    fn info(&self) -> &'static Info {
        &INFO
    }

    /// Twice the cores: the lesson is what workers beyond the cores cost.
    fn default_workers(&self, cores: u32) -> u32 {
        2 * cores
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let tasks = setup.param("tasks") as u32;
        let rounds = setup.param("rounds");
        let cores = setup.workers.min(setup.cores).max(1);
        vec![
            on("one-worker", 1, tasks, rounds),
            on("cores", cores, tasks, rounds).against("one-worker"),
            on("k-workers", setup.workers, tasks, rounds).against("one-worker"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(work(setup.param("rounds")).wrapping_mul(setup.param("tasks")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers, setup.cores)
    }
}

fn verdict(variants: &[VariantReport], workers: u32, cores: u32) -> Verdict {
    let [one, at_cores, all] = variants else {
        unreachable!("three variants")
    };
    let d = format_duration_ns;
    let text = format!(
        "On 1 worker: {}. On {} (one per core): {}. On {}: {}.",
        d(one.wall_ns),
        plural(workers.min(cores), "worker"),
        d(at_cores.wall_ns),
        plural(workers, "worker"),
        d(all.wall_ns),
    );
    if workers <= cores {
        return Verdict::undecided(format!(
            "{text} The pool has no more workers than the {}: set the Workers slider above \
             {cores} to oversubscribe them.",
            plural(cores, "core")
        ));
    }
    let usable = workers.min(cores).max(1);
    let on_cores = one.wall_ns as f64 / at_cores.wall_ns.max(1) as f64;
    let wanted = 1.0 + FREE_CORE_GAIN * f64::from(usable - 1);
    if usable >= 2 && on_cores < wanted {
        return Verdict::undecided(format!(
            "{text} One worker per core ran only {} faster than 1 worker, where {} free \
             cores give about {usable}×: the cores were busy with something else, so what \
             going past them costs cannot be told apart from that load.",
            Ratio(on_cores),
            usable
        ));
    }
    let gain = at_cores.wall_ns as f64 / all.wall_ns.max(1) as f64;
    Verdict::judged(
        gain < 1.1,
        format!(
            "{text} Going past the cores changed throughput by {gain}.",
            gain = Ratio(gain),
        ),
    )
}
