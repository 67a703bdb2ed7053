//! A task scheduler of the engine's own: many tasks multiplexed onto k workers, the way
//! Go runs goroutines on GOMAXPROCS threads: a run queue per worker and a global one,
//! idle workers stealing half of a busy one's queue, and parked workers woken one at a
//! time ([`queues`] and [`idle`] say how, after Go's `runtime/proc.go`). It depends on
//! the clock, the trace model and [`Shard`](crate::shard::Shard) only, never on the
//! experiments or the backends that use it.
//!
//! Rayon's work stealing suits split-and-join CPU work; this is for tasks that wait. A
//! task is a Rust future. A **parked** wait ([`TaskCtx::park`]) gives the worker back, so
//! it runs other ready tasks while the task waits; a **blocking** wait
//! ([`TaskCtx::block`]) keeps the worker for the whole wait. A [`Lock`], a bounded
//! [`channel`], a [`Semaphore`] and the standard atomics coordinate tasks.
//!
//! Everything is recorded as [`Span`]s. Spans that occupy a worker (computing, blocking
//! waits, computing under a lock) go on worker lanes; parked waits of any kind belong to
//! the task alone. With each task's created and finished times ([`TaskRecord`]), the same
//! data draws a worker view and a task view. A wait ends when its task is woken; from then
//! until the task's next span on a worker lane it was runnable, waiting for a worker.
//! Recording is per worker thread, without locks, and merged at the end.

mod census;
mod channel;
mod executor;
mod feed;
mod home;
mod idle;
mod padded;
mod queues;
mod recording;
mod sync;
mod task;
mod timer;
mod waiters;

pub use channel::{Receiver, Sender, channel};
pub use executor::{Label, Spawner, TaskCtx, TaskRun, TaskRunConfig, run_tasks};
pub use feed::{MAX_LIVE_TASKS, feeder_waits, spawn_in_batches};
pub use recording::{COARSE_SPANS, Recording, TaskRecord};
pub use sync::{Lock, LockGuard, Permit, Semaphore};
pub use timer::Park;

#[allow(unused_imports)] // For the doc links above.
use crate::trace::Span;
