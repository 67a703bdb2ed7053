//! A queue of parked tasks waiting for one resource, each in it at most once.

use std::collections::VecDeque;
use std::task::Waker;

/// Tasks waiting for a resource (a permit, an item, room in a channel), first come first
/// woken.
///
/// A waiting future holds a ticket; polled again while still queued, it only refreshes
/// its waker. So a task is never queued twice, and waking one waiter per freed resource
/// never spends the wake on a stale entry (which could strand the others).
#[derive(Default)]
pub(crate) struct Waiters {
    next_ticket: u64,
    queue: VecDeque<(u64, Waker)>,
}

impl Waiters {
    /// Queues the task behind `waker`, or refreshes its waker if `ticket` is still queued.
    pub(crate) fn register(&mut self, ticket: &mut Option<u64>, waker: &Waker) {
        if let Some(t) = *ticket
            && let Ok(i) = self.queue.binary_search_by_key(&t, |(t, _)| *t)
        {
            self.queue[i].1.clone_from(waker);
            return;
        }
        let t = self.next_ticket;
        self.next_ticket += 1;
        self.queue.push_back((t, waker.clone()));
        *ticket = Some(t);
    }

    /// Wakes the longest-waiting task, if any.
    pub(crate) fn wake_one(&mut self) {
        if let Some((_, waker)) = self.queue.pop_front() {
            waker.wake();
        }
    }

    /// Wakes every waiting task.
    pub(crate) fn wake_all(&mut self) {
        for (_, waker) in self.queue.drain(..) {
            waker.wake();
        }
    }
}
