//! Parked waits: timers that wake a task when its wait is over.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use crate::trace::SpanKind;

use super::executor::{Shared, lock};
use super::recording;

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

/// The timers of one run, earliest first.
#[derive(Default)]
pub(crate) struct Timers {
    heap: Mutex<BinaryHeap<Reverse<Timer>>>,
    seq: AtomicU64,
}

impl Timers {
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
        earliest
    }

    /// Takes the wakers of every timer due at `now`.
    pub(crate) fn due(&self, now: u64) -> Vec<Waker> {
        let mut heap = lock(&self.heap);
        let mut due = Vec::new();
        while heap.peek().is_some_and(|t| t.0.deadline <= now) {
            if let Some(Reverse(timer)) = heap.pop() {
                due.push(timer.waker);
            }
        }
        due
    }

    /// Drops every pending timer.
    pub(crate) fn clear(&self) {
        lock(&self.heap).clear();
    }

    /// The earliest deadline, if any timer is pending.
    pub(crate) fn next_deadline(&self) -> Option<u64> {
        lock(&self.heap).peek().map(|t| t.0.deadline)
    }
}

/// The future of a parked wait ([`super::TaskCtx::park`]).
pub struct Park {
    shared: Arc<Shared>,
    deadline: u64,
    parked_at: Option<u64>,
}

impl Park {
    pub(crate) fn new(shared: Arc<Shared>, deadline: u64) -> Self {
        Self {
            shared,
            deadline,
            parked_at: None,
        }
    }
}

impl Future for Park {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.shared.clock.now();
        if now >= self.deadline {
            if let Some(start) = self.parked_at {
                // Waiting lasted until the deadline; after it the task was runnable.
                recording::task_wait(SpanKind::ParkedWait, start, self.deadline);
            }
            return Poll::Ready(());
        }
        self.parked_at.get_or_insert(now);
        if self.shared.timers.add(self.deadline, cx.waker().clone()) {
            self.shared.nudge();
        }
        Poll::Pending
    }
}
