//! GOMAXPROCS inside a run: at most that many goroutines execute at once.
//!
//! A run's workers are fixed when it starts (the page's Workers, the CLI's `--workers`),
//! but a Go program may call `runtime.GOMAXPROCS(n)` and then expects no more than `n`
//! goroutines to run in parallel, as Go's scheduler gives each running goroutine one of
//! its `n` Ps. Here a goroutine takes a **P** for each turn and gives it back when the turn
//! ends (it blocks, yields or is preempted). While GOMAXPROCS is at least the run's workers
//! there are Ps enough for every worker and nothing is counted. Below that, goroutines
//! wanting a P queue for it first come first: a P is taken only by the goroutine at the
//! front of the queue (or by one that finds nobody queued), and giving one back wakes the
//! front. So goroutines that yield to each other on one P take turns, as
//! `runtime.Gosched` does in Go.
//!
//! A P is never handed over to a waiter: the front is woken and takes the P itself when it
//! runs, so a P whose waiter is slow to run stays free rather than held by nobody running.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Waker;

/// Goroutines waiting for a P, and how many Ps are taken.
#[derive(Default)]
struct Queue {
    taken: u32,
    /// The waiters, first come first.
    waiting: VecDeque<Arc<Ticket>>,
}

impl Queue {
    /// The wakers of the first `n` waiters.
    fn front_wakers(&self, n: usize) -> Vec<Waker> {
        self.waiting
            .iter()
            .take(n)
            .filter_map(|t| t.waker())
            .collect()
    }
}

/// A goroutine's place in the queue for a P.
#[derive(Default)]
struct Ticket {
    /// Its waker, once it has been polled (a goroutine queued as it is spawned has none
    /// yet: a worker will poll it anyway, and it then looks for its P).
    waker: Mutex<Option<Waker>>,
}

impl Ticket {
    fn waker(&self) -> Option<Waker> {
        self.waker.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The run's Ps.
pub struct Procs {
    /// GOMAXPROCS.
    limit: AtomicU32,
    /// The run's workers: at or above this limit no P is counted.
    workers: u32,
    queue: Mutex<Queue>,
}

/// A goroutine's claim on a P, kept across its turns.
#[derive(Default)]
pub struct Claim {
    /// Its place in the queue, made the first time it queues: most runs never limit
    /// GOMAXPROCS, and their goroutines then cost no allocation here.
    ticket: Option<Arc<Ticket>>,
    /// Whether it is in the queue.
    queued: bool,
    /// Whether it holds a P for the turn under way.
    held: bool,
}

impl Claim {
    fn ticket(&mut self) -> &Arc<Ticket> {
        self.ticket.get_or_insert_with(Arc::default)
    }

    /// Whether `t` is this claim's ticket.
    fn is(&self, t: &Arc<Ticket>) -> bool {
        self.ticket.as_ref().is_some_and(|own| Arc::ptr_eq(own, t))
    }
}

impl Procs {
    /// Ps for a run of `workers` workers, GOMAXPROCS starting at `workers`.
    pub fn new(workers: u32) -> Self {
        let workers = workers.max(1);
        Self {
            limit: AtomicU32::new(workers),
            workers,
            queue: Mutex::default(),
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// GOMAXPROCS now.
    pub fn limit(&self) -> u32 {
        self.limit.load(SeqCst)
    }

    /// Whether goroutines may run in parallel now: GOMAXPROCS and the workers both above 1.
    pub fn parallel(&self) -> bool {
        self.limit().min(self.workers) > 1
    }

    /// Sets GOMAXPROCS to `n` (at least 1) and returns what it was; a raised limit wakes
    /// the waiters that may now take a P.
    pub fn set_limit(&self, n: u32) -> u32 {
        let old = self.limit.swap(n.max(1), SeqCst);
        let wakers = {
            let queue = self.queue();
            let free = self.limit().saturating_sub(queue.taken) as usize;
            let n = if self.limit() >= self.workers {
                queue.waiting.len()
            } else {
                free
            };
            queue.front_wakers(n)
        };
        wakers.into_iter().for_each(Waker::wake);
        old
    }

    /// A claim for a goroutine being spawned. Under a limit it queues for a P at once, as
    /// Go puts a new goroutine in its P's run queue: a goroutine that yields then lets the
    /// one spawned before go first, even if no worker has polled that one yet.
    pub fn enlist(&self) -> Claim {
        let mut claim = Claim::default();
        if self.limit() < self.workers {
            let ticket = Arc::clone(claim.ticket());
            self.queue().waiting.push_back(ticket);
            claim.queued = true;
        }
        claim
    }

    /// Takes a P for a turn of the goroutine holding `claim`; `false` means it is queued
    /// and `waker` is woken when it may look again.
    pub fn acquire(&self, claim: &mut Claim, waker: &Waker) -> bool {
        if self.limit() >= self.workers && !claim.queued {
            return true;
        }
        let (taken, wake_next) = {
            let mut queue = self.queue();
            let limit = self.limit();
            if limit >= self.workers {
                // Ps enough for every worker again: out of the queue, uncounted.
                queue.waiting.retain(|t| !claim.is(t));
                claim.queued = false;
                return true;
            }
            let first = if claim.queued {
                queue.waiting.front().is_some_and(|t| claim.is(t))
            } else {
                queue.waiting.is_empty()
            };
            if queue.taken < limit && first {
                if claim.queued {
                    queue.waiting.pop_front();
                    claim.queued = false;
                }
                queue.taken += 1;
                claim.held = true;
                // Another P free: the next in line may take it.
                let next = if queue.taken < limit {
                    queue.front_wakers(1)
                } else {
                    Vec::new()
                };
                (true, next)
            } else {
                *claim
                    .ticket()
                    .waker
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = Some(waker.clone());
                if !claim.queued {
                    queue.waiting.push_back(Arc::clone(claim.ticket()));
                    claim.queued = true;
                }
                (false, Vec::new())
            }
        };
        wake_next.into_iter().for_each(Waker::wake);
        taken
    }

    /// The turn of the goroutine holding `claim` ended: its P is free and the first waiter
    /// is woken to take it. A goroutine that `yielded` (it is runnable still:
    /// `runtime.Gosched`, preemption) queues behind the others first, as Go puts it at the
    /// back of the run queue.
    pub fn release(&self, claim: &mut Claim, yielded: bool) {
        if !std::mem::take(&mut claim.held) {
            return;
        }
        let wakers = {
            let mut queue = self.queue();
            queue.taken -= 1;
            if yielded && self.limit() < self.workers {
                queue.waiting.push_back(Arc::clone(claim.ticket()));
                claim.queued = true;
            }
            if queue.taken < self.limit() {
                queue.front_wakers(1)
            } else {
                Vec::new()
            }
        };
        wakers.into_iter().for_each(Waker::wake);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::task::Wake;

    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, SeqCst);
        }
    }

    fn waker() -> (Arc<Count>, Waker) {
        let count = Arc::new(Count(AtomicUsize::new(0)));
        (Arc::clone(&count), Waker::from(count))
    }

    #[test]
    fn at_the_workers_limit_nothing_is_counted() {
        let procs = Procs::new(2);
        let (_, w) = waker();
        let (mut a, mut b, mut c) = (Claim::default(), Claim::default(), Claim::default());
        assert!(procs.acquire(&mut a, &w) && procs.acquire(&mut b, &w));
        assert!(procs.acquire(&mut c, &w));
        assert_eq!(procs.queue().taken, 0);
    }

    #[test]
    fn one_p_is_handed_to_the_first_waiter_so_yielders_take_turns() {
        let procs = Procs::new(2);
        assert_eq!(procs.set_limit(1), 2);
        let (woken_b, wb) = waker();
        let (_, wa) = waker();
        let (mut a, mut b) = (Claim::default(), Claim::default());
        assert!(procs.acquire(&mut a, &wa));
        assert!(!procs.acquire(&mut b, &wb), "the only P is taken");
        procs.release(&mut a, false);
        assert_eq!(woken_b.0.load(SeqCst), 1, "b is woken to take it");
        assert!(!procs.acquire(&mut a, &wa), "a yielded: b goes first");
        assert!(procs.acquire(&mut b, &wb));
        procs.release(&mut b, false);
        assert!(procs.acquire(&mut a, &wa), "and then a again");
        procs.release(&mut a, false);
        assert_eq!(procs.queue().taken, 0);
    }

    #[test]
    fn a_goroutine_spawned_under_a_limit_is_next_before_anyone_polled_it() {
        let procs = Procs::new(2);
        procs.set_limit(1);
        let (_, wa) = waker();
        let mut a = procs.enlist();
        assert!(procs.acquire(&mut a, &wa), "the first takes the free P");
        let mut b = procs.enlist();
        procs.release(&mut a, false);
        assert!(
            !procs.acquire(&mut a, &wa),
            "b, spawned before a yielded, goes first"
        );
        let (_, wb) = waker();
        assert!(procs.acquire(&mut b, &wb));
    }

    #[test]
    fn a_goroutine_that_yields_goes_behind_one_not_polled_since_it_was_woken() {
        let procs = Procs::new(2);
        procs.set_limit(1);
        let (_, w) = waker();
        let (mut a, mut b) = (procs.enlist(), procs.enlist());
        assert!(procs.acquire(&mut a, &w));
        procs.release(&mut a, true);
        assert!(procs.acquire(&mut b, &w), "b first");
        procs.release(&mut b, true);
        assert!(procs.acquire(&mut a, &w), "then a, queued when it yielded");
        procs.release(&mut a, true);
        assert!(!procs.acquire(&mut a, &w), "not a twice");
        assert!(procs.acquire(&mut b, &w));
    }

    #[test]
    fn a_released_p_stays_free_until_the_woken_waiter_runs() {
        let procs = Procs::new(2);
        procs.set_limit(1);
        let (_, wa) = waker();
        let (woken_b, wb) = waker();
        let (mut a, mut b) = (Claim::default(), Claim::default());
        assert!(procs.acquire(&mut a, &wa));
        assert!(!procs.acquire(&mut b, &wb));
        procs.release(&mut a, false);
        assert_eq!(woken_b.0.load(SeqCst), 1);
        assert_eq!(
            procs.queue().taken,
            0,
            "no P is held by a goroutine not running"
        );
        assert!(procs.acquire(&mut b, &wb));
        assert_eq!(procs.queue().taken, 1);
    }

    #[test]
    fn raising_the_limit_hands_ps_to_the_waiting() {
        let procs = Procs::new(2);
        procs.set_limit(1);
        let (_, wa) = waker();
        let (woken_b, wb) = waker();
        let (mut a, mut b) = (Claim::default(), Claim::default());
        assert!(procs.acquire(&mut a, &wa));
        assert!(!procs.acquire(&mut b, &wb));
        assert_eq!(procs.set_limit(2), 1);
        assert_eq!(woken_b.0.load(SeqCst), 1);
        assert!(procs.acquire(&mut b, &wb));
    }
}
