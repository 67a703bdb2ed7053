//! Experiment 5, "Lock contention": one task per item, each taking one shared lock.

use std::sync::Arc;

use crate::analysis::{format_count, format_duration_ns};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::{split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::{COARSE_SPANS, Lock, Recording, spawn_in_batches};
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "lock",
    number: 5,
    group: Group::Coordination,
    title: "Lock contention",
    claim: "One task per item, each taking a shared lock to add one number, is slower than a \
            plain loop by orders of magnitude on any number of workers; per-worker partial sums \
            fix it.",
    explanation: "The page adds up the numbers 1 to n four ways: a plain loop in one task; one \
                  task per number, each locking a shared total to add its number, on one worker \
                  and on every worker; and one task per worker that adds its share in a plain \
                  loop and takes the lock once at the end. Up to 200,000 numbers the timeline \
                  shows every lock hold and wait; above that (up to the teaching text's \
                  million) only when each worker was busy.",
    params: &[ParamSpec {
        key: "items",
        label: "Numbers to add (n)",
        help: "One task per number in the locked variants.",
        min: 1_000,
        max: 1_000_000,
        default: 100_000,
        quick: 2_000,
    }],
    needs_shared_memory: true,
    value_name: "Sum",
    sweep: SweepMeasure::Variant("locked-k"),
};

/// Consecutive spans of one kind on a worker closer than this are merged.
const MERGE_GAP_NS: u64 = 50_000;

/// Up to this many tasks a locked variant records every turn, lock hold and wait (merged
/// only within one kind), so the timeline marks who held the lock; above it, it records
/// only when each worker was busy ([`Recording::coarse_on`]): a span per turn of the
/// million tasks would need over 500 MB, and no screen could tell them apart.
pub const FINE_ITEMS: u64 = 200_000;

/// How a locked variant of `items` tasks on `workers` workers records, and what that
/// costs at most.
fn recording(items: u64, workers: u32) -> (Recording, VariantLoad) {
    let fed = VariantLoad::fed(items, task_spans(1, 1));
    if items <= FINE_ITEMS {
        let recording = Recording {
            merge_gap_ns: MERGE_GAP_NS,
            ..Recording::default()
        };
        (recording, fed)
    } else {
        // No task records and at most the coarse spans, however many tasks.
        let load = VariantLoad {
            spans: COARSE_SPANS as u64,
            tasks: 0,
            ..fed
        };
        (Recording::coarse_on(MERGE_GAP_NS, workers), load)
    }
}

/// One task per number under one lock: each may wait for the lock; a feeder spawns them
/// in batches.
fn locked<'d>(id: &str, items: u64, workers: u32) -> Variant<'d> {
    let label = format!(
        "Locked: {} tasks, one lock, on {}",
        format_count(items),
        plural(workers, "worker")
    );
    Variant::tasks(
        id,
        label,
        workers,
        recording(items, workers),
        move |spawner| {
            let total = Arc::new(Lock::new(0u64));
            let adds = Arc::clone(&total);
            spawn_in_batches(
                spawner,
                ("feeder", "add"),
                1..items + 1,
                move |ctx, item| {
                    let total = Arc::clone(&adds);
                    async move {
                        total.lock(&ctx).await.with(|t| *t = t.wrapping_add(item));
                    }
                },
            );
            Box::new(move || Arc::try_unwrap(total).map_or(0, Lock::into_inner))
        },
    )
}

/// A plain loop in one task, which takes the lock once to store its total.
fn plain<'d>(items: u64) -> Variant<'d> {
    let load = VariantLoad::scheduled(1, task_spans(1, 1));
    Variant::tasks(
        "plain",
        "Plain loop: 1 task",
        1,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(Lock::new(0u64));
            let sum = Arc::clone(&total);
            spawner.spawn("loop", move |ctx| async move {
                let value = sum_pieces(1, items + 1);
                sum.lock(&ctx).await.with(|t| *t = value);
            });
            Box::new(move || Arc::try_unwrap(total).map_or(0, Lock::into_inner))
        },
    )
}

/// One task per worker adding its share in a plain loop, taking the lock once.
fn partial<'d>(items: u64, workers: u32) -> Variant<'d> {
    let load = VariantLoad::scheduled_each(workers, task_spans(1, 1));
    Variant::tasks(
        "partial-k",
        format!("Partial sums: {}, lock once each", plural(workers, "task")),
        workers,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(Lock::new(0u64));
            for (lo, hi) in split(items, u64::from(workers)) {
                let total = Arc::clone(&total);
                spawner.spawn("partial", move |ctx| async move {
                    let part = sum_pieces(lo, hi);
                    total.lock(&ctx).await.with(|t| *t = t.wrapping_add(part));
                });
            }
            Box::new(move || Arc::try_unwrap(total).map_or(0, Lock::into_inner))
        },
    )
}

/// Experiment 5: the plain loop, the locked variants and the partial sums.
pub struct LockContention;

impl Experiment for LockContention {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let items = setup.param("items");
        vec![
            plain(items),
            locked("locked-1", items, 1).against("plain"),
            locked("locked-k", items, setup.workers).against("plain"),
            partial(items, setup.workers).against("plain"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(triangular(setup.param("items")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.param("items"), setup.workers)
    }
}

fn verdict(variants: &[VariantReport], items: u64, workers: u32) -> Verdict {
    let [plain, locked1, locked_k, partial] = variants else {
        unreachable!("four variants")
    };
    let d = format_duration_ns;
    let slower = |v: &VariantReport| v.wall_ns as f64 / plain.wall_ns.max(1) as f64;
    let text = format!(
        "A plain loop added {} numbers in {}. One task per number under one lock took {} on 1 \
         worker ({:.0}× slower) and {} on {} ({:.0}× slower): each number now costs a task and a \
         lock, and on several workers they queue for the lock. Partial sums took {}.",
        format_count(items),
        d(plain.wall_ns),
        d(locked1.wall_ns),
        slower(locked1),
        d(locked_k.wall_ns),
        plural(workers, "worker"),
        slower(locked_k),
        d(partial.wall_ns),
    );
    Verdict::judged(slower(locked1) >= 10.0 && slower(locked_k) >= 10.0, text)
}
