//! A bounded channel between tasks: a sender parks while it is full, a receiver while it
//! is empty, and both waits are recorded.

use std::collections::VecDeque;
use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use crate::trace::SpanKind;

use super::executor::{TaskCtx, lock};
use super::recording;
use super::waiters::Waiters;

struct State<T> {
    queue: VecDeque<T>,
    capacity: usize,
    senders: usize,
    /// The most items the channel ever held: never above its capacity.
    peak: usize,
    waiting_senders: Waiters,
    waiting_receivers: Waiters,
}

/// The sending end; cloning it adds a sender, and the channel closes when all are gone.
pub struct Sender<T> {
    state: Arc<Mutex<State<T>>>,
}

/// The receiving end.
pub struct Receiver<T> {
    state: Arc<Mutex<State<T>>>,
}

/// A channel holding at most `capacity` items (at least 1).
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let state = Arc::new(Mutex::new(State {
        queue: VecDeque::new(),
        capacity: capacity.max(1),
        senders: 1,
        peak: 0,
        waiting_senders: Waiters::default(),
        waiting_receivers: Waiters::default(),
    }));
    (
        Sender {
            state: Arc::clone(&state),
        },
        Receiver { state },
    )
}

/// Records a channel wait that started at `since`, if there was one.
fn record_wait(ctx: &TaskCtx, since: Option<u64>) {
    if let Some(start) = since {
        let end = recording::wait_end(start, ctx.now());
        recording::task_wait(SpanKind::ChannelWait, start, end, 0);
    }
}

impl<T> Sender<T> {
    /// Sends `item`, parking while the channel is full.
    pub async fn send(&self, ctx: &TaskCtx, item: T) {
        let mut item = Some(item);
        let (mut since, mut ticket) = (None, None);
        poll_fn(|cx| {
            let mut state = lock(&self.state);
            if state.queue.len() < state.capacity {
                state.queue.extend(item.take());
                state.peak = state.peak.max(state.queue.len());
                // One new item: one receiver to wake. A woken receiver that finds the
                // item gone queues again, so no wake is lost.
                state.waiting_receivers.wake_one();
                drop(state);
                record_wait(ctx, since);
                Poll::Ready(())
            } else {
                state.waiting_senders.register(&mut ticket, cx.waker());
                since.get_or_insert(ctx.now());
                Poll::Pending
            }
        })
        .await;
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        lock(&self.state).senders += 1;
        Self {
            state: Arc::clone(&self.state),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = lock(&self.state);
        state.senders -= 1;
        if state.senders == 0 {
            state.waiting_receivers.wake_all();
        }
    }
}

impl<T> Receiver<T> {
    /// The next item, parking while the channel is empty; `None` once it is empty and
    /// every sender is gone.
    pub async fn recv(&self, ctx: &TaskCtx) -> Option<T> {
        let (mut since, mut ticket) = (None, None);
        poll_fn(|cx| {
            let mut state = lock(&self.state);
            if let Some(item) = state.queue.pop_front() {
                state.waiting_senders.wake_one();
                drop(state);
                record_wait(ctx, since);
                Poll::Ready(Some(item))
            } else if state.senders == 0 {
                Poll::Ready(None)
            } else {
                state.waiting_receivers.register(&mut ticket, cx.waker());
                since.get_or_insert(ctx.now());
                Poll::Pending
            }
        })
        .await
    }

    /// The most items the channel ever held at once.
    pub fn peak(&self) -> usize {
        lock(&self.state).peak
    }
}
