//! The run queues: one per worker and one global, taken from in the order Go's scheduler
//! takes them (`findRunnable` in Go's `runtime/proc.go`).
//!
//! A task made ready on a worker (spawned by a task running there, or woken by one) goes
//! to the back of that worker's own queue, so workers do not meet on one lock; a task
//! made ready anywhere else (the run's first tasks, spawned before the workers start) goes
//! to the global queue. A worker looking for work takes, in order:
//!
//! 1. every [`GLOBAL_CHECK_TICK`]th time, one task of the global queue first, so that a
//!    worker busy with its own queue cannot starve it (Go's `schedtick % 61`);
//! 2. the front of its own queue;
//! 3. a batch of the global queue, its fair share but at most [`GLOBAL_BATCH`], moved to
//!    its own queue (Go's `globrunqget`);
//! 4. half of another worker's queue, trying each other worker once from a starting
//!    point that moves on every look (Go's `runqsteal` with its random order), and
//!    passing over a queue its owner holds at that moment rather than waiting for it.
//!
//! Go's local queues are lock-free rings; here each is a [`Mutex`] that only its owner
//! takes, except while another worker steals from it, so it is nearly always uncontended
//! (a few tens of nanoseconds). That keeps this module short and obviously correct, and
//! the bench (`cargo xtask bench`, "Scheduler cost") measures what it costs. The queues
//! hold any `T`, so their order is tested here on plain numbers.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard};

/// A worker looks at the global queue first once in this many looks, as Go does.
pub(crate) const GLOBAL_CHECK_TICK: u64 = 61;

/// The most tasks a worker moves from the global queue to its own in one take.
pub(crate) const GLOBAL_BATCH: usize = 128;

/// Locks a mutex, carrying on if a panicking thread poisoned it (every critical section
/// here leaves the queue consistent).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// One queue and its length, readable without the lock.
struct Queue<T> {
    tasks: Mutex<VecDeque<T>>,
    /// Kept equal to `tasks.len()` under the lock; read without it to skip empty queues
    /// and to tell, before a worker sleeps, whether any work is left.
    len: AtomicUsize,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Self {
            tasks: Mutex::new(VecDeque::new()),
            len: AtomicUsize::new(0),
        }
    }
}

impl<T> Queue<T> {
    fn push(&self, task: T) {
        let mut tasks = lock(&self.tasks);
        tasks.push_back(task);
        self.len.store(tasks.len(), SeqCst);
    }

    fn extend(&self, more: impl IntoIterator<Item = T>) {
        let mut tasks = lock(&self.tasks);
        tasks.extend(more);
        self.len.store(tasks.len(), SeqCst);
    }

    fn pop(&self) -> Option<T> {
        if self.len.load(SeqCst) == 0 {
            return None;
        }
        let mut tasks = lock(&self.tasks);
        let task = tasks.pop_front();
        self.len.store(tasks.len(), SeqCst);
        task
    }

    /// Takes up to `most(len)` tasks from the front (at least one if there is any).
    fn take(&self, most: impl FnOnce(usize) -> usize) -> Vec<T> {
        if self.len.load(SeqCst) == 0 {
            return Vec::new();
        }
        self.take_locked(lock(&self.tasks), most)
    }

    /// As [`Queue::take`], but takes nothing if another thread holds the queue: a thief
    /// does not make the owner wait.
    fn try_take(&self, most: impl FnOnce(usize) -> usize) -> Vec<T> {
        if self.len.load(SeqCst) == 0 {
            return Vec::new();
        }
        match self.tasks.try_lock() {
            Ok(tasks) => self.take_locked(tasks, most),
            Err(_) => Vec::new(),
        }
    }

    fn take_locked(
        &self,
        mut tasks: MutexGuard<'_, VecDeque<T>>,
        most: impl FnOnce(usize) -> usize,
    ) -> Vec<T> {
        let n = most(tasks.len())
            .clamp(1, tasks.len().max(1))
            .min(tasks.len());
        let taken = tasks.drain(..n).collect();
        self.len.store(tasks.len(), SeqCst);
        taken
    }

    fn take_all(&self) -> Vec<T> {
        let mut tasks = lock(&self.tasks);
        self.len.store(0, SeqCst);
        tasks.drain(..).collect()
    }
}

/// The global queue and one queue per worker of a run.
pub(crate) struct RunQueues<T> {
    global: Queue<T>,
    locals: Box<[Queue<T>]>,
}

impl<T> RunQueues<T> {
    /// Empty queues for `workers` workers.
    pub(crate) fn new(workers: usize) -> Self {
        Self {
            global: Queue::default(),
            locals: (0..workers.max(1)).map(|_| Queue::default()).collect(),
        }
    }

    /// Puts a ready task at the back of worker `slot`'s queue, or of the global queue
    /// when it was made ready outside any worker of the run (`None`).
    pub(crate) fn push(&self, slot: Option<usize>, task: T) {
        match slot.and_then(|s| self.locals.get(s)) {
            Some(local) => local.push(task),
            None => self.global.push(task),
        }
    }

    /// The next task for worker `slot` on its `tick`th look, in Go's order (see the
    /// module's doc), or `None` when every queue is empty.
    pub(crate) fn next(&self, slot: usize, tick: u64) -> Option<T> {
        if tick.is_multiple_of(GLOBAL_CHECK_TICK)
            && let Some(task) = self.global.pop()
        {
            return Some(task);
        }
        let own = &self.locals[slot];
        if let Some(task) = own.pop() {
            return Some(task);
        }
        let workers = self.locals.len();
        let mut batch = self
            .global
            .take(|len| (len / workers + 1).min(GLOBAL_BATCH))
            .into_iter();
        if let Some(task) = batch.next() {
            own.extend(batch);
            return Some(task);
        }
        self.steal(slot, tick)
    }

    /// Takes half of the first non-empty queue of another worker (rounding up), runs the
    /// first of them and keeps the rest in `slot`'s own queue.
    fn steal(&self, slot: usize, tick: u64) -> Option<T> {
        let workers = self.locals.len();
        let start = (tick as usize) % workers;
        for offset in 0..workers {
            let victim = (start + offset) % workers;
            if victim == slot {
                continue;
            }
            let mut stolen = self.locals[victim]
                .try_take(|len| len.div_ceil(2))
                .into_iter();
            if let Some(task) = stolen.next() {
                self.locals[slot].extend(stolen);
                return Some(task);
            }
        }
        None
    }

    /// Whether every queue is empty right now.
    pub(crate) fn is_empty(&self) -> bool {
        self.global.len.load(SeqCst) == 0 && self.locals.iter().all(|q| q.len.load(SeqCst) == 0)
    }

    /// Takes every queued task out of the queues.
    pub(crate) fn take_all(&self) -> Vec<T> {
        let mut all = self.global.take_all();
        for local in &self.locals {
            all.extend(local.take_all());
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_takes_its_own_queue_first_and_in_order() {
        let queues = RunQueues::new(2);
        for task in 0..3 {
            queues.push(Some(0), task);
        }
        queues.push(None, 100);
        assert_eq!(queues.next(0, 1), Some(0));
        assert_eq!(queues.next(0, 2), Some(1));
        assert_eq!(queues.next(0, 3), Some(2));
        assert_eq!(queues.next(0, 4), Some(100));
        assert_eq!(queues.next(0, 5), None);
        assert!(queues.is_empty());
    }

    #[test]
    fn the_global_queue_comes_first_once_in_61_looks() {
        let queues = RunQueues::new(1);
        queues.push(Some(0), 1);
        queues.push(None, 100);
        assert_eq!(queues.next(0, GLOBAL_CHECK_TICK), Some(100));
        assert_eq!(queues.next(0, GLOBAL_CHECK_TICK + 1), Some(1));
    }

    #[test]
    fn a_worker_moves_its_share_of_the_global_queue_to_its_own() {
        let queues = RunQueues::new(2);
        for task in 0..10 {
            queues.push(None, task);
        }
        // Its share of 10 over 2 workers, plus one: 6, run one, keep five.
        assert_eq!(queues.next(0, 1), Some(0));
        assert_eq!(queues.locals[0].len.load(SeqCst), 5);
        assert_eq!(queues.global.len.load(SeqCst), 4);
        for task in 0..1_000 {
            queues.push(None, task);
        }
        queues.next(1, 1);
        assert_eq!(queues.locals[1].len.load(SeqCst), GLOBAL_BATCH - 1);
    }

    #[test]
    fn an_idle_worker_steals_half_of_a_busy_ones_queue_from_the_front() {
        let queues = RunQueues::new(3);
        for task in 0..9 {
            queues.push(Some(2), task);
        }
        assert_eq!(queues.next(0, 1), Some(0), "the oldest task first");
        assert_eq!(
            queues.locals[0].len.load(SeqCst),
            4,
            "half, rounded up, kept"
        );
        assert_eq!(queues.locals[2].len.load(SeqCst), 4);
        assert_eq!(queues.next(2, 1), Some(5), "the victim keeps its newest");
        let mut all: Vec<i32> = std::iter::from_fn(|| queues.next(1, 7)).collect();
        all.sort_unstable();
        assert_eq!(all, [1, 2, 3, 4, 6, 7, 8]);
    }

    #[test]
    fn a_worker_never_steals_from_itself_and_take_all_empties_everything() {
        let queues = RunQueues::new(2);
        queues.push(Some(1), 1);
        assert_eq!(queues.steal(1, 0), None);
        queues.push(None, 2);
        assert_eq!(queues.take_all(), [2, 1]);
        assert!(queues.is_empty());
        assert_eq!(queues.next(0, 1), None);
    }
}
