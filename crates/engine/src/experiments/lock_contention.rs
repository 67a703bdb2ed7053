//! Experiment 5, "Lock contention": one task per item, each taking one shared lock.

use std::sync::Arc;

use crate::analysis::{format_count, format_duration_ns};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::{split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::{Lock, Recording, Spawner, TaskCtx};
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
                  loop and takes the lock once at the end.",
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

/// Tasks per spawning batch: the feeder yields between batches, so at most a few batches
/// of tasks exist at once and a million tasks do not need a million futures in memory.
const BATCH: u64 = 1_024;

/// Records tiny tasks merged into bounded spans.
const MERGED: Recording = Recording {
    merge_gap_ns: 50_000,
    max_task_records: 10_000,
};

/// Spawns one task per number 1..=items, each adding its number under `total`'s lock.
fn spawn_locked_adds(spawner: &Spawner, items: u64, total: Arc<Lock<u64>>) {
    spawner.spawn("feeder", move |ctx: TaskCtx| async move {
        let mut next = 1;
        while next <= items {
            let end = (next + BATCH).min(items + 1);
            for item in next..end {
                let total = Arc::clone(&total);
                ctx.spawn("add", move |ctx| async move {
                    total.lock(&ctx).await.with(|t| *t = t.wrapping_add(item));
                });
            }
            next = end;
            ctx.yield_now().await;
        }
    });
}

/// One task per number under one lock: each may wait for the lock, and the feeder that
/// spawns them yields after every batch.
fn locked<'d>(id: &str, items: u64, workers: u32) -> Variant<'d> {
    let label = format!(
        "Locked: {} tasks, one lock, on {}",
        format_count(items),
        plural(workers, "worker")
    );
    let feeder = task_spans(items.div_ceil(BATCH), 0);
    let load = VariantLoad::scheduled(items + 1, items * task_spans(1, 1) + feeder);
    Variant::tasks(id, label, workers, (MERGED, load), move |spawner| {
        let total = Arc::new(Lock::new(0u64));
        spawn_locked_adds(spawner, items, Arc::clone(&total));
        Box::new(move || Arc::try_unwrap(total).map_or(0, Lock::into_inner))
    })
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
