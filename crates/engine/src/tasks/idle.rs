//! Idle workers: parked one by one when there is no work, woken one at a time when there
//! is, as Go parks and wakes its Ms (`wakep`, `stopm` and the spinning count in Go's
//! `runtime/proc.go`; tokio's `idle.rs` does the same).
//!
//! A worker that runs out of work and finds none to steal parks on its own condition
//! variable. Making a task ready wakes one parked worker, and only if no worker is
//! already **searching** (woken and not yet given work): that one will find it. A woken
//! worker counts as searching until it finds a task, and then, if it was the last one
//! searching, wakes the next, so a burst of work brings workers in one by one instead of
//! all at once (no wake-all storm: a futex wake is a system call, and in a browser a
//! waking Web Worker can take a millisecond).
//!
//! No wake-up is lost: a worker counts itself parked before it looks at the queues a last
//! time, and whoever makes a task ready looks at that count after queuing it, both with
//! sequentially consistent atomics, so one of the two sees the other.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst, fence};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Locks the parked list, carrying on if a panicking thread poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Who is parked, under one lock.
struct Parked {
    /// The parked workers' slots, the latest last (woken first, as Go's idle list is).
    slots: Vec<usize>,
    /// Set for a worker when it is woken by [`Idle::wake_one`] or [`Idle::wake_all`].
    woken: Vec<bool>,
}

/// How a worker came back from [`Idle::park`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unparked {
    /// Woken for new work: it counts as searching until it finds a task.
    Searching,
    /// Its nap ended (a timer is due, or the safety net), or it did not park because work
    /// came in as it was about to.
    Looking,
    /// Every other worker is parked and `stuck` said nothing can ever make a task ready:
    /// the run is deadlocked.
    AllStuck,
}

/// The parked workers of one run, and how many are searching.
pub(crate) struct Idle {
    parked: Mutex<Parked>,
    /// One condition variable per worker, so a wake-up goes to exactly one.
    signals: Box<[Condvar]>,
    /// `parked.slots.len()`, readable without the lock.
    parked_count: AtomicUsize,
    /// Workers woken for work that have not found it yet.
    searching: AtomicUsize,
}

impl Idle {
    /// No worker parked, for `workers` workers.
    pub(crate) fn new(workers: usize) -> Self {
        let workers = workers.max(1);
        Self {
            parked: Mutex::new(Parked {
                slots: Vec::with_capacity(workers),
                woken: vec![false; workers],
            }),
            signals: (0..workers).map(|_| Condvar::new()).collect(),
            parked_count: AtomicUsize::new(0),
            searching: AtomicUsize::new(0),
        }
    }

    /// How many workers the run has.
    fn workers(&self) -> usize {
        self.signals.len()
    }

    /// Called after a task was made ready: wakes one parked worker unless one is already
    /// searching or none is parked.
    pub(crate) fn wake_one(&self) {
        if self.searching.load(SeqCst) > 0 || self.parked_count.load(SeqCst) == 0 {
            return;
        }
        self.wake_latest();
    }

    /// Wakes one parked worker whatever the others do, e.g. so that it recomputes how long
    /// to nap because a timer earlier than all others was set. It counts as searching.
    pub(crate) fn nudge(&self) {
        // The timer was set under another lock: order it before the look at the count.
        fence(SeqCst);
        if self.parked_count.load(SeqCst) > 0 {
            self.wake_latest();
        }
    }

    /// Wakes the worker parked last, counting it as searching.
    fn wake_latest(&self) {
        let mut parked = lock(&self.parked);
        if let Some(slot) = parked.slots.pop() {
            self.parked_count.store(parked.slots.len(), SeqCst);
            self.searching.fetch_add(1, SeqCst);
            parked.woken[slot] = true;
            self.signals[slot].notify_one();
        }
    }

    /// A searching worker found a task: it no longer searches, and if it was the last
    /// one, the next parked worker is woken in case there is more work.
    pub(crate) fn found_work(&self) {
        if self.searching.fetch_sub(1, SeqCst) == 1 {
            self.wake_one();
        }
    }

    /// A searching worker found nothing and will park: it no longer searches. The caller
    /// must look at the queues once more afterwards, since a task made ready meanwhile may
    /// have counted on it.
    pub(crate) fn found_nothing(&self) {
        self.searching.fetch_sub(1, SeqCst);
    }

    /// Wakes every parked worker: the run is over or halted.
    pub(crate) fn wake_all(&self) {
        let mut parked = lock(&self.parked);
        for slot in std::mem::take(&mut parked.slots) {
            parked.woken[slot] = true;
            self.searching.fetch_add(1, SeqCst);
            self.signals[slot].notify_one();
        }
        self.parked_count.store(0, SeqCst);
    }

    /// Parks worker `slot` for up to `nap`, unless `has_work` says work came in as it was
    /// parking, or every other worker is parked and `stuck` says nothing can ever make a
    /// task ready again.
    pub(crate) fn park(
        &self,
        slot: usize,
        nap: Duration,
        has_work: impl Fn() -> bool,
        stuck: impl Fn() -> bool,
    ) -> Unparked {
        let mut parked = lock(&self.parked);
        if parked.slots.len() + 1 == self.workers() && stuck() {
            return Unparked::AllStuck;
        }
        parked.slots.push(slot);
        parked.woken[slot] = false;
        self.parked_count.store(parked.slots.len(), SeqCst);
        fence(SeqCst);
        if has_work() {
            self.unlist(&mut parked, slot);
            return Unparked::Looking;
        }
        // Not `wait_timeout_while`, which reads `Instant` (missing in wasm): a spurious
        // wake-up waits the nap again, which only a signal can cause here, since every
        // notification sets `woken` first.
        let mut parked = parked;
        while !parked.woken[slot] {
            let (again, waited) = self.signals[slot]
                .wait_timeout(parked, nap)
                .unwrap_or_else(|e| e.into_inner());
            parked = again;
            if waited.timed_out() {
                break;
            }
        }
        if parked.woken[slot] {
            parked.woken[slot] = false;
            Unparked::Searching
        } else {
            self.unlist(&mut parked, slot);
            Unparked::Looking
        }
    }

    /// Takes `slot` off the parked list (it was not woken by anyone).
    fn unlist(&self, parked: &mut Parked, slot: usize) {
        parked.slots.retain(|&s| s != slot);
        self.parked_count.store(parked.slots.len(), SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_worker_with_work_coming_in_does_not_park() {
        let idle = Idle::new(2);
        assert_eq!(
            idle.park(0, Duration::from_secs(60), || true, || false),
            Unparked::Looking
        );
        assert_eq!(idle.parked_count.load(SeqCst), 0);
    }

    #[test]
    fn the_last_awake_worker_of_a_stuck_run_is_told_so() {
        let idle = Idle::new(1);
        assert_eq!(
            idle.park(0, Duration::from_secs(60), || false, || true),
            Unparked::AllStuck
        );
    }

    #[test]
    fn a_nap_ends_by_itself() {
        let idle = Idle::new(2);
        let back = idle.park(0, Duration::from_millis(1), || false, || false);
        assert_eq!(back, Unparked::Looking);
        assert_eq!(idle.parked_count.load(SeqCst), 0);
    }

    #[test]
    fn wake_one_wakes_exactly_one_and_not_while_one_searches() {
        let idle = Arc::new(Idle::new(3));
        let parkers: Vec<_> = (0..2)
            .map(|slot| {
                let idle = Arc::clone(&idle);
                std::thread::spawn(move || {
                    idle.park(slot, Duration::from_secs(60), || false, || false)
                })
            })
            .collect();
        while idle.parked_count.load(SeqCst) < 2 {
            std::thread::yield_now();
        }
        idle.wake_one();
        idle.wake_one(); // One is searching already: no second wake-up.
        while idle.parked_count.load(SeqCst) > 1 {
            std::thread::yield_now();
        }
        assert_eq!(idle.searching.load(SeqCst), 1);
        assert_eq!(idle.parked_count.load(SeqCst), 1);
        idle.found_work(); // The last searcher found work: it wakes the next.
        let backs: Vec<Unparked> = parkers.into_iter().map(|p| p.join().unwrap()).collect();
        assert_eq!(backs, [Unparked::Searching, Unparked::Searching]);
        assert_eq!(idle.searching.load(SeqCst), 1);
    }
}
