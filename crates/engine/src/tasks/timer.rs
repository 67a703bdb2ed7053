//! Parked waits: timers that wake a task when its wait is over.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed, Ordering::SeqCst};
use std::task::{Context, Poll, Waker};

use crate::trace::SpanKind;

use super::executor::lock;
use super::recording;
use super::task::TaskRef;

/// One pending timer; ordered by deadline, then by creation.
struct Timer {
    deadline: u64,
    seq: u64,
    waker: Waker,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.seq) == (other.deadline, other.seq)
    }
}

impl Eq for Timer {}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timer {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.deadline, self.seq).cmp(&(other.deadline, other.seq))
    }
}

/// [`Timers::earliest`] when no timer is pending.
const NONE_PENDING: u64 = u64::MAX;

/// The timers of one run, earliest first.
pub(crate) struct Timers {
    heap: Mutex<BinaryHeap<Reverse<Timer>>>,
    seq: AtomicU64,
    /// The earliest deadline, kept equal to the heap's under its lock and read without
    /// it: every worker looks for due timers on every turn, and a lock that all of them
    /// take that often would cost each turn a cache miss on another core's write.
    earliest: AtomicU64,
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            heap: Mutex::default(),
            seq: AtomicU64::new(0),
            earliest: AtomicU64::new(NONE_PENDING),
        }
    }
}

impl Timers {
    /// Sets [`Timers::earliest`] from the heap, under its lock.
    fn note_earliest(&self, heap: &BinaryHeap<Reverse<Timer>>) {
        let earliest = heap.peek().map_or(NONE_PENDING, |t| t.0.deadline);
        self.earliest.store(earliest, SeqCst);
    }

    /// Adds a timer; returns whether it is now the earliest.
    fn add(&self, deadline: u64, waker: Waker) -> bool {
        let seq = self.seq.fetch_add(1, Relaxed);
        let mut heap = lock(&self.heap);
        let earliest = heap.peek().is_none_or(|t| deadline < t.0.deadline);
        heap.push(Reverse(Timer {
            deadline,
            seq,
            waker,
        }));
        self.note_earliest(&heap);
        earliest
    }

    /// Takes the wakers of every timer due at `now`.
    pub(crate) fn due(&self, now: u64) -> Vec<Waker> {
        if self.earliest.load(SeqCst) > now {
            return Vec::new();
        }
        let mut heap = lock(&self.heap);
        let mut due = Vec::new();
        while heap.peek().is_some_and(|t| t.0.deadline <= now) {
            if let Some(Reverse(timer)) = heap.pop() {
                due.push(timer.waker);
            }
        }
        self.note_earliest(&heap);
        due
    }

    /// Drops every pending timer.
    pub(crate) fn clear(&self) {
        let mut heap = lock(&self.heap);
        heap.clear();
        self.note_earliest(&heap);
    }

    /// The earliest deadline, if any timer is pending.
    pub(crate) fn next_deadline(&self) -> Option<u64> {
        Some(self.earliest.load(SeqCst)).filter(|&d| d != NONE_PENDING)
    }
}

/// The future of a parked wait ([`super::TaskCtx::park`]).
pub struct Park {
    /// The parked task, through which the run is reached.
    task: TaskRef,
    deadline: u64,
    parked_at: Option<u64>,
}

impl Park {
    pub(crate) fn new(task: TaskRef, deadline: u64) -> Self {
        Self {
            task,
            deadline,
            parked_at: None,
        }
    }
}

impl Future for Park {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let shared = &this.task.header().shared;
        let now = shared.clock.now();
        if now >= this.deadline {
            if let Some(start) = this.parked_at {
                // Waiting lasted until the deadline; after it the task was runnable.
                recording::task_wait(SpanKind::ParkedWait, start, this.deadline, 0);
            }
            return Poll::Ready(());
        }
        this.parked_at.get_or_insert(now);
        if shared.timers.add(this.deadline, cx.waker().clone()) {
            shared.nudge();
        }
        Poll::Pending
    }
}
