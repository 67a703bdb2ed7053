//! Experiment 6, "Task granularity": tiny tasks cost more than they do.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::analysis::format_duration_ns;
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::{sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::{Recording, spawn_in_batches};
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "granularity",
    number: 6,
    group: Group::Limits,
    title: "Task granularity",
    claim: "Splitting work into tiny tasks loses to doing it sequentially, because each task \
            costs more than its work; past a break-even task size, tasks pay off.",
    explanation: "The same sum of n numbers is split into tasks of 1, 10, 100, … numbers each, \
                  and finally one chunk per worker, all run on every worker. The page marks the \
                  smallest task size that is no slower than one task doing everything.",
    params: &[ParamSpec {
        key: "n",
        label: "Numbers to add (n)",
        help: "The total work; with 1 number per task, n tasks.",
        min: 1_000,
        max: 1_000_000,
        default: 1_000_000,
        quick: 2_000,
    }],
    needs_shared_memory: false,
    value_name: "Sum",
    sweep: SweepMeasure::None,
};

/// The sum in tasks of `size` numbers on `workers` workers: a task per piece, which runs
/// in one turn, and the feeder that spawns them and yields after every batch.
fn in_tasks<'d>(n: u64, size: u64, workers: u32) -> Variant<'d> {
    let tasks = n.div_ceil(size);
    let label = format!(
        "{} of {} on {}",
        plural(tasks, "task"),
        plural(size, "number"),
        plural(workers, "worker")
    );
    let recording = Recording {
        merge_gap_ns: 20_000,
        ..Recording::default()
    };
    let load = VariantLoad::fed(tasks, task_spans(0, 0));
    Variant::tasks(
        format!("size-{size}"),
        label,
        workers,
        (recording, load),
        move |spawner| {
            let total = Arc::new(AtomicU64::new(0));
            let sum = Arc::clone(&total);
            // This engine's share of the pieces: all of them in one memory.
            let (first, last) = spawner.shard().part(0, tasks);
            spawn_in_batches(spawner, ("feeder", "part"), first..last, move |_, piece| {
                let (lo, hi) = (1 + piece * size, (1 + (piece + 1) * size).min(n + 1));
                let sum = Arc::clone(&sum);
                async move {
                    sum.fetch_add(sum_pieces(lo, hi), Relaxed);
                }
            });
            Box::new(move || total.load(Relaxed))
        },
    )
}

/// One task adding everything.
fn sequential<'d>(n: u64) -> Variant<'d> {
    let load = VariantLoad::scheduled(1, task_spans(0, 0));
    Variant::tasks(
        "sequential",
        "Sequential: 1 task adds everything",
        1,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(AtomicU64::new(0));
            let sum = Arc::clone(&total);
            spawner.spawn("sequential", move |_| async move {
                sum.store(sum_pieces(1, n + 1), Relaxed);
            });
            Box::new(move || total.load(Relaxed))
        },
    )
}

/// The task sizes to try: the powers of ten below one chunk per worker, then that chunk.
fn sizes(n: u64, workers: u32) -> Vec<u64> {
    let chunk = n.div_ceil(u64::from(workers));
    let mut sizes: Vec<u64> = [1, 10, 100, 1_000, 10_000]
        .into_iter()
        .filter(|&s| s < chunk)
        .collect();
    sizes.push(chunk);
    sizes
}

/// Experiment 6: the sequential sum and the sum in tasks of growing size.
pub struct Granularity;

impl Experiment for Granularity {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let n = setup.param("n");
        std::iter::once(sequential(n))
            .chain(
                sizes(n, setup.workers)
                    .into_iter()
                    .map(|size| in_tasks(n, size, setup.workers).against("sequential")),
            )
            .collect()
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(triangular(setup.param("n")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let n = setup.param("n");
        verdict(variants, &sizes(n, setup.workers), n)
    }
}

fn verdict(variants: &[VariantReport], sizes: &[u64], n: u64) -> Verdict {
    let (seq, tasks) = variants.split_first().expect("a sequential variant");
    let d = format_duration_ns;
    let list = tasks
        .iter()
        .zip(sizes)
        .map(|(v, s)| format!("{} for {s}", d(v.wall_ns)))
        .collect::<Vec<_>>()
        .join(", ");
    let break_even = tasks
        .iter()
        .zip(sizes)
        .find(|(v, _)| v.wall_ns <= seq.wall_ns)
        .map(|(_, &s)| s);
    let tiny_loses = tasks.first().is_some_and(|v| v.wall_ns > seq.wall_ns);
    let text = format!(
        "Sequential: {}. In tasks of n numbers each: {list}. {}",
        d(seq.wall_ns),
        match break_even {
            Some(size) => format!(
                "Break-even: tasks of {} (about {} of work each) were no slower than \
                 sequential.",
                plural(size, "number"),
                d((u128::from(seq.wall_ns) * u128::from(size) / u128::from(n.max(1))) as u64)
            ),
            None => "No task size beat sequential on this run.".into(),
        }
    );
    Verdict::judged(tiny_loses && break_even.is_some(), text)
}
