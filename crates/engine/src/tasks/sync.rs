//! A lock and a semaphore for tasks: waiting for them parks the task, not the worker.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use crate::trace::SpanKind;

use super::executor::{TaskCtx, lock};
use super::recording;
use super::waiters::Waiters;

/// Who may go next, and who waits: the part a lock and a semaphore share.
struct Gate {
    /// Permits left (a lock has one).
    free: usize,
    waiters: Waiters,
}

impl Gate {
    fn new(permits: usize) -> Mutex<Self> {
        Mutex::new(Self {
            free: permits,
            waiters: Waiters::default(),
        })
    }
}

/// Takes a permit from `gate`, or queues the task (once, under `ticket`) to be woken when
/// one is returned.
fn try_take(gate: &Mutex<Gate>, cx: &Context<'_>, ticket: &mut Option<u64>) -> bool {
    let mut gate = lock(gate);
    if gate.free > 0 {
        gate.free -= 1;
        true
    } else {
        gate.waiters.register(ticket, cx.waker());
        false
    }
}

/// Returns a permit to `gate` and wakes the first waiter.
fn give_back(gate: &Mutex<Gate>) {
    let mut gate = lock(gate);
    gate.free += 1;
    gate.waiters.wake_one();
}

/// A future that waits for a permit of `gate`, recording the wait as `kind`.
struct Take<'a> {
    gate: &'a Mutex<Gate>,
    kind: SpanKind,
    ctx: &'a TaskCtx,
    waiting_since: Option<u64>,
    ticket: Option<u64>,
}

impl Future for Take<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if try_take(this.gate, cx, &mut this.ticket) {
            if let Some(start) = this.waiting_since {
                recording::task_wait(
                    this.kind,
                    start,
                    recording::wait_end(start, this.ctx.now()),
                    0,
                );
            }
            Poll::Ready(())
        } else {
            let now = this.ctx.now();
            this.waiting_since.get_or_insert(now);
            Poll::Pending
        }
    }
}

/// A lock around a value, for tasks: a task that finds it held parks until it is free.
/// Waiting for it and holding it are both recorded.
pub struct Lock<T> {
    gate: Mutex<Gate>,
    value: Mutex<T>,
}

impl<T> Lock<T> {
    /// A free lock around `value`.
    pub fn new(value: T) -> Self {
        Self {
            gate: Gate::new(1),
            value: Mutex::new(value),
        }
    }

    /// Waits until the lock is free and takes it; the guard releases it when dropped.
    pub async fn lock<'a>(&'a self, ctx: &'a TaskCtx) -> LockGuard<'a, T> {
        Take {
            gate: &self.gate,
            kind: SpanKind::LockWait,
            ctx,
            waiting_since: None,
            ticket: None,
        }
        .await;
        let before = recording::switch(SpanKind::LockHeld, ctx.now());
        LockGuard {
            lock: self,
            ctx,
            before: before.unwrap_or(SpanKind::Compute),
        }
    }

    /// The value, once no task can hold the lock any more.
    pub fn into_inner(self) -> T {
        self.value.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A held [`Lock`]; dropping it releases the lock.
pub struct LockGuard<'a, T> {
    lock: &'a Lock<T>,
    ctx: &'a TaskCtx,
    before: SpanKind,
}

impl<T> LockGuard<'_, T> {
    /// Works on the locked value.
    pub fn with<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R {
        // The gate lets one task in at a time, so this inner lock is never contended.
        f(&mut lock(&self.lock.value))
    }
}

impl<T> Drop for LockGuard<'_, T> {
    fn drop(&mut self) {
        recording::switch(self.before, self.ctx.now());
        give_back(&self.lock.gate);
    }
}

/// A semaphore of a fixed number of permits: at most that many tasks hold one at once.
pub struct Semaphore {
    gate: Mutex<Gate>,
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Self {
            gate: Gate::new(permits),
        }
    }

    /// Waits for a permit; the permit is returned when dropped.
    pub async fn acquire<'a>(&'a self, ctx: &'a TaskCtx) -> Permit<'a> {
        Take {
            gate: &self.gate,
            kind: SpanKind::PermitWait,
            ctx,
            waiting_since: None,
            ticket: None,
        }
        .await;
        Permit { semaphore: self }
    }
}

/// A permit of a [`Semaphore`]; dropping it returns it.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        give_back(&self.semaphore.gate);
    }
}
