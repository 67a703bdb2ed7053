//! A million tasks in bounded memory: a feeder task spawns them in batches and lets at
//! most [`BATCHES_IN_FLIGHT`] batches be unfinished at once, parking (its worker free
//! for the tasks) until one of them is done.
//!
//! Go's `for i := 0; i < 1000000; i++ { go add(i) }` creates every goroutine up front, a
//! few kilobytes each. Here each item is still a task of its own on the scheduler, spawned
//! by a task and run wherever a worker takes it, but no more than
//! [`MAX_LIVE_TASKS`] of them exist at once, so the run's memory does not grow with the
//! item count (the memory budget counts on that bound).

use std::future::Future;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::AcqRel};

use super::channel::{Sender, channel};
use super::executor::{Spawner, TaskCtx};

/// Tasks per batch: the feeder yields after spawning each.
pub const BATCH: u64 = 1_024;

/// How many batches may be unfinished at once.
pub const BATCHES_IN_FLIGHT: u64 = 4;

/// The most tasks alive at once while a feeder runs: its unfinished batches, itself, and
/// the last task of a finished batch, which may still be returning from telling the
/// feeder when the feeder spawns the next batch.
pub const MAX_LIVE_TASKS: u64 = BATCH * BATCHES_IN_FLIGHT + 2;

/// How many times the feeder of `items` items waits at most: once after each batch (a
/// yield) and, for every batch after the first [`BATCHES_IN_FLIGHT`], once before it for
/// an earlier batch to finish.
pub fn feeder_waits(items: u64) -> u64 {
    2 * items.div_ceil(BATCH)
}

/// Spawns a feeder labelled `feeder` that spawns one task labelled `label` per item of
/// `items`, each running `task(ctx, item)`, in batches as the module says.
pub fn spawn_in_batches<F, Fut>(
    spawner: &Spawner,
    (feeder, label): (&'static str, &'static str),
    items: Range<u64>,
    task: F,
) where
    F: Fn(TaskCtx, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    spawner.spawn(feeder, move |ctx: TaskCtx| async move {
        let task = Arc::new(task);
        // One message per finished batch; the feeder takes one before each batch past the
        // first few, so the channel never holds more than the batches in flight.
        let (finished, batch_done) = channel::<()>(BATCHES_IN_FLIGHT as usize);
        let mut next = items.start;
        let mut batch = 0;
        while next < items.end {
            if batch >= BATCHES_IN_FLIGHT {
                batch_done.recv(&ctx).await;
            }
            let end = items.end.min(next + BATCH);
            // What a batch's tasks share, in one allocation, so that a task clones one
            // `Arc` (a cache line the spawning and the finishing worker both write), not
            // three; cloning a sender takes the channel's lock, so once a batch.
            let shared = Arc::new(Batch {
                task: Arc::clone(&task),
                left: AtomicU64::new(end - next),
                finished: finished.clone(),
            });
            for item in next..end {
                let batch = Arc::clone(&shared);
                ctx.spawn(label, move |ctx| async move {
                    (batch.task)(ctx.clone(), item).await;
                    if batch.left.fetch_sub(1, AcqRel) == 1 {
                        batch.finished.send(&ctx, ()).await;
                    }
                });
            }
            next = end;
            batch += 1;
            ctx.yield_now().await;
        }
    });
}

/// What the tasks of one batch share: the item's work, how many of them have not
/// finished, and where the last one says the batch is done.
struct Batch<F> {
    task: Arc<F>,
    left: AtomicU64,
    finished: Sender<()>,
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::Ordering::Relaxed;

    use super::*;
    use crate::clock::RunClock;
    use crate::tasks::{TaskRunConfig, run_tasks};

    #[test]
    fn every_item_runs_once_and_no_more_tasks_live_than_the_bound() {
        let pool = crate::native::pool(2).unwrap();
        let items = 10 * BATCH + 7;
        let seen = Arc::new(Mutex::new(vec![0u8; items as usize]));
        let (live, peak) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let run = pool.install(|| {
            let clock = RunClock::starting_now(crate::native::clock());
            let (seen, live, peak) = (Arc::clone(&seen), Arc::clone(&live), Arc::clone(&peak));
            run_tasks(clock, TaskRunConfig::on(2), move |spawner| {
                spawn_in_batches(spawner, ("feeder", "item"), 0..items, move |ctx, item| {
                    let (seen, live, peak) =
                        (Arc::clone(&seen), Arc::clone(&live), Arc::clone(&peak));
                    async move {
                        peak.fetch_max(live.fetch_add(1, Relaxed) + 1, Relaxed);
                        // Park long against the feeder's turn, so that unfinished tasks
                        // pile up if nothing bounds them.
                        ctx.park(20_000_000).await;
                        seen.lock().unwrap()[item as usize] += 1;
                        live.fetch_sub(1, Relaxed);
                    }
                });
            })
        });
        assert_eq!(run.spawned as u64, items + 1);
        assert!(seen.lock().unwrap().iter().all(|&n| n == 1));
        let peak = peak.load(Relaxed);
        assert!(peak <= MAX_LIVE_TASKS, "{peak} tasks alive at once");
        assert!(peak > BATCH, "the batches overlapped: {peak}");
    }
}
