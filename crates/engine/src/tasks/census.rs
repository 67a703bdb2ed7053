//! How many tasks of a run are live, counted without a counter that every worker writes.
//!
//! One shared counter, incremented at each spawn and decremented at each end, is written
//! by the spawning worker and the finishing one in turn, so every task moves its cache line
//! between cores twice (Go keeps no such count either: a P's goroutines are its own). Here
//! each worker counts the tasks it spawned and finished on a line of its own, and the sum
//! is read only when a worker runs out of work or the run ends.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use super::padded::Padded;

/// One worker's counts.
#[derive(Default)]
struct Counts {
    spawned: AtomicUsize,
    finished: AtomicUsize,
}

/// The spawned and finished counts of one run, per worker and for spawns from outside.
pub(crate) struct Census {
    /// Tasks spawned outside any worker of the run (its first tasks).
    outside: Padded<AtomicUsize>,
    slots: Box<[Padded<Counts>]>,
}

impl Census {
    /// No task yet, for `workers` workers.
    pub(crate) fn new(workers: usize) -> Self {
        Self {
            outside: Padded::default(),
            slots: (0..workers.max(1)).map(|_| Padded::default()).collect(),
        }
    }

    /// A task was spawned on worker `slot`, or outside the workers (`None`).
    pub(crate) fn spawned(&self, slot: Option<usize>) {
        match slot.and_then(|s| self.slots.get(s)) {
            Some(counts) => counts.spawned.fetch_add(1, SeqCst),
            None => self.outside.fetch_add(1, SeqCst),
        };
    }

    /// A task finished on worker `slot`.
    pub(crate) fn finished(&self, slot: usize) {
        self.slots[slot].finished.fetch_add(1, SeqCst);
    }

    /// How many tasks were spawned and have not finished. Exact when no task is running;
    /// while tasks run it may count too many, never too few, so 0 means the run is over.
    ///
    /// Why 0 can be trusted: the finished counts are read first, then the spawned ones.
    /// Every count only grows and a task finishes after it was spawned, so the finished
    /// total at the first read of a spawned count is at least what was read, and the
    /// spawned total then at most what is read after. Equal sums leave no task spawned
    /// by then unfinished, and so no running task to spawn another.
    pub(crate) fn live(&self) -> usize {
        let finished: usize = self.slots.iter().map(|c| c.finished.load(SeqCst)).sum();
        let spawned: usize = self.outside.load(SeqCst)
            + self
                .slots
                .iter()
                .map(|c| c.spawned.load(SeqCst))
                .sum::<usize>();
        spawned.saturating_sub(finished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_spawned_on_one_worker_and_finished_on_another_are_not_live() {
        let census = Census::new(2);
        census.spawned(None);
        census.spawned(Some(0));
        census.spawned(Some(7)); // Not a worker of the run: counted as outside.
        assert_eq!(census.live(), 3);
        census.finished(1);
        census.finished(1);
        census.finished(0);
        assert_eq!(census.live(), 0);
    }

    #[test]
    fn each_workers_counts_sit_on_their_own_cache_line() {
        assert_eq!(std::mem::align_of::<Padded<Counts>>(), 128);
        let census = Census::new(2);
        let a = &census.slots[0] as *const _ as usize;
        let b = &census.slots[1] as *const _ as usize;
        assert!(b - a >= 128);
    }
}
