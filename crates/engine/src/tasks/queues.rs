//! The run queues: one per worker and one global, taken from in the order Go's scheduler
//! takes them (`findRunnable` in Go's `runtime/proc.go`).
//!
//! A task spawned or woken on a worker becomes the one that worker runs **next** (Go's
//! `runnext`), and the task it replaces there goes to the back of that worker's own queue;
//! a task that yields or is preempted goes to the back. So a woken goroutine runs right
//! after whatever woke it, as in Go: a mutex handed to a waiter, or a channel's receiver,
//! does not wait behind a long queue while what it was given stays unused. A task made
//! ready anywhere else (the run's first tasks, spawned before the workers start) goes to
//! the global queue. A worker looking for work takes, in order:
//!
//! 1. every [`GLOBAL_CHECK_TICK`]th time, one task of the global queue first, so that a
//!    worker busy with its own queue cannot starve it (Go's `schedtick % 61`);
//! 2. its next task, unless it took that [`MAX_NEXT_STREAK`] times in a row, then the
//!    front of its own queue;
//! 3. a batch of the global queue, its fair share but at most [`GLOBAL_BATCH`], moved to
//!    its own queue (Go's `globrunqget`);
//! 4. half of another worker's queue, or its next task when its queue is empty, trying
//!    each other worker once from a starting point that moves on every look (Go's
//!    `runqsteal` with its random order), and passing over a queue its owner holds at
//!    that moment rather than waiting for it.
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

/// How many times in a row a worker takes the task to run next before the front of its
/// queue: two tasks that wake each other would otherwise keep the others waiting for
/// ever (Go bounds them by their shared time slice, `inheritTime` in `runtime/proc.go`).
pub(crate) const MAX_NEXT_STREAK: u32 = 64;

/// Locks a mutex, carrying on if a panicking thread poisoned it (every critical section
/// here leaves the queue consistent).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a queue holds under its lock.
struct Slots<T> {
    /// First in, first out.
    fifo: VecDeque<T>,
    /// The task to run next, before the FIFO (Go's `runnext`); always `None` in the
    /// global queue.
    next: Option<T>,
    /// How many times in a row the owner took `next` (see [`MAX_NEXT_STREAK`]).
    streak: u32,
}

impl<T> Slots<T> {
    fn len(&self) -> usize {
        self.fifo.len() + usize::from(self.next.is_some())
    }
}

/// One queue and its length, readable without the lock.
struct Queue<T> {
    tasks: Mutex<Slots<T>>,
    /// Kept equal to the tasks held under the lock; read without it to skip empty queues
    /// and to tell, before a worker sleeps, whether any work is left.
    len: AtomicUsize,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Self {
            tasks: Mutex::new(Slots {
                fifo: VecDeque::new(),
                next: None,
                streak: 0,
            }),
            len: AtomicUsize::new(0),
        }
    }
}

impl<T> Queue<T> {
    fn push(&self, task: T) {
        let mut tasks = lock(&self.tasks);
        tasks.fifo.push_back(task);
        self.len.store(tasks.len(), SeqCst);
    }

    /// Makes `task` the one to run next; the one it replaces goes to the back.
    fn push_next(&self, task: T) {
        let mut tasks = lock(&self.tasks);
        if let Some(kicked) = tasks.next.replace(task) {
            tasks.fifo.push_back(kicked);
        }
        self.len.store(tasks.len(), SeqCst);
    }

    fn extend(&self, more: impl IntoIterator<Item = T>) {
        let mut tasks = lock(&self.tasks);
        tasks.fifo.extend(more);
        self.len.store(tasks.len(), SeqCst);
    }

    /// The owner's next task: `next` unless it has been taken [`MAX_NEXT_STREAK`] times
    /// in a row while others waited, else the front.
    fn pop(&self) -> Option<T> {
        if self.len.load(SeqCst) == 0 {
            return None;
        }
        let mut tasks = lock(&self.tasks);
        let task =
            if tasks.next.is_some() && (tasks.streak < MAX_NEXT_STREAK || tasks.fifo.is_empty()) {
                tasks.streak += 1;
                tasks.next.take()
            } else {
                tasks.streak = 0;
                tasks.fifo.pop_front()
            };
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
    /// does not make the owner wait. With nothing in the FIFO it takes `next`, so a task
    /// made ready by a worker that goes on computing runs on an idle one.
    fn try_take(&self, most: impl FnOnce(usize) -> usize) -> Vec<T> {
        if self.len.load(SeqCst) == 0 {
            return Vec::new();
        }
        match self.tasks.try_lock() {
            Ok(mut tasks) if tasks.fifo.is_empty() => {
                let next = tasks.next.take();
                self.len.store(tasks.len(), SeqCst);
                next.into_iter().collect()
            }
            Ok(tasks) => self.take_locked(tasks, most),
            Err(_) => Vec::new(),
        }
    }

    fn take_locked(
        &self,
        mut tasks: MutexGuard<'_, Slots<T>>,
        most: impl FnOnce(usize) -> usize,
    ) -> Vec<T> {
        let fifo = tasks.fifo.len();
        let n = most(fifo).clamp(1, fifo.max(1)).min(fifo);
        let taken = tasks.fifo.drain(..n).collect();
        self.len.store(tasks.len(), SeqCst);
        taken
    }

    fn take_all(&self) -> Vec<T> {
        let mut tasks = lock(&self.tasks);
        self.len.store(0, SeqCst);
        let next = tasks.next.take();
        tasks.fifo.drain(..).chain(next).collect()
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

    /// Makes `task` the next that worker `slot` runs, before its queue, as Go's `runqput`
    /// with `next` does for a goroutine just started or woken: it runs soon after what
    /// made it ready, while what it needs is still in the cache. Made ready outside any
    /// worker (`None`), it goes to the back of the global queue.
    pub(crate) fn push_next(&self, slot: Option<usize>, task: T) {
        match slot.and_then(|s| self.locals.get(s)) {
            Some(local) => local.push_next(task),
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

    #[test]
    fn a_task_made_ready_next_runs_before_the_queue_and_bumps_the_last_one_back() {
        let queues = RunQueues::new(1);
        queues.push(Some(0), 1);
        queues.push_next(Some(0), 2);
        queues.push_next(Some(0), 3);
        assert_eq!(queues.locals[0].len.load(SeqCst), 3);
        let order: Vec<i32> = std::iter::from_fn(|| queues.next(0, 1)).collect();
        assert_eq!(order, [3, 1, 2]);
        // Outside a worker it goes to the global queue.
        queues.push_next(None, 4);
        assert_eq!(queues.global.len.load(SeqCst), 1);
    }

    #[test]
    fn two_tasks_that_keep_making_each_other_next_let_the_queue_in() {
        let queues = RunQueues::new(1);
        queues.push(Some(0), 0);
        queues.push_next(Some(0), 1);
        let mut ran = Vec::new();
        for _ in 0..=MAX_NEXT_STREAK {
            let task = queues.next(0, 1).unwrap();
            ran.push(task);
            if task != 0 {
                queues.push_next(Some(0), 1);
            }
        }
        assert_eq!(
            ran.iter().filter(|&&t| t == 1).count(),
            MAX_NEXT_STREAK as usize
        );
        assert_eq!(ran.last(), Some(&0), "the queued task has its turn");
    }

    #[test]
    fn a_thief_takes_the_next_task_when_the_queue_is_empty() {
        let queues = RunQueues::new(2);
        queues.push_next(Some(0), 7);
        assert_eq!(queues.next(1, 1), Some(7));
        assert!(queues.is_empty());
    }
}
