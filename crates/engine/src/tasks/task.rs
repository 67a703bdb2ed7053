//! A task: its future and its state in one allocation, shared with its wakers.
//!
//! A task is `Task<F>` for its own future type `F`, handled as an `Arc<dyn Runnable>`
//! ([`TaskRef`]) by the queues and the workers. Keeping the future inside the task, not
//! boxed apart, makes a spawn one allocation instead of two; on a 2-core run one worker
//! allocates most tasks and the other frees them, and each allocation crossing cores costs
//! the allocator a lock (in wasm, a global one) and a cache miss.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering::*};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};

use crate::trace::SpanKind;

use super::executor::{Shared, lock};
use super::recording;

/// A task as the queues and workers hold it.
pub(crate) type TaskRef = Arc<dyn Runnable>;

/// A task's place in its life: `Idle` (waiting for a wake), `Scheduled` (in the ready
/// queue), `Running`, `Notified` (woken while running: run it again), `Done`.
const IDLE: u8 = 0;
const SCHEDULED: u8 = 1;
const RUNNING: u8 = 2;
const NOTIFIED: u8 = 3;
const DONE: u8 = 4;

/// "Never woken", in [`Header::woken_ns`].
const NEVER: u64 = u64::MAX;

/// What every task has besides its future.
pub(crate) struct Header {
    /// Its id within the run.
    pub(crate) id: u32,
    /// Its label's index in the run's labels.
    pub(crate) label: u32,
    /// When it was spawned.
    pub(crate) created_ns: u64,
    /// The worker loop that spawned it, if one did: where it is freed ([`super::home`]).
    pub(crate) home: Option<usize>,
    state: AtomicU8,
    /// When it was last woken: the end of its last wait, the start of being runnable.
    woken_ns: AtomicU64,
    /// Whether a worker's [`ParkedTasks`] holds it already.
    listed: AtomicBool,
    /// The run, to queue the task in when it is woken.
    pub(crate) shared: Arc<Shared>,
}

/// How a task's turn ended.
pub(crate) enum Turn {
    /// It waits for a wake-up; if one came while it ran, it is to be queued again.
    Pending {
        /// Woken while it ran: queue it again.
        requeue: bool,
    },
    /// It finished.
    Ready,
    /// It panicked with this payload.
    Panicked(Box<dyn Any + Send>),
    /// It had finished already (a stale entry): nothing ran.
    Gone,
}

/// A task of any future type, as the queues and workers see it.
pub(crate) trait Runnable: Send + Sync + 'static {
    /// Its state and identity.
    fn header(&self) -> &Header;

    /// A waker that queues it.
    fn waker(self: Arc<Self>) -> Waker;

    /// Drops its future, whatever it was doing: the run ended without it.
    fn drop_future(&self);

    /// Polls its future once on worker lane `lane`, the turn starting at `start` and
    /// ending at `end` (read once the poll returns), both recorded.
    fn turn(&self, cx: &mut Context<'_>, lane: u32, start: u64, end: &mut u64) -> Turn;
}

/// A future, and what its task was doing on its worker when its last turn ended.
struct Running<F> {
    /// Pinned in place: see [`Running::future`].
    future: F,
    /// `LockHeld` when it parked holding a lock, so its next turn is drawn held too.
    resume: SpanKind,
}

/// One task with its future of type `F`.
struct Task<F> {
    header: Header,
    future: Mutex<Option<Running<F>>>,
}

/// A new task of `shared` with its id and label, spawned on worker loop `home` (if any),
/// ready to be queued; `make` is given the task itself (for the task's own context, which
/// so needs no count of the run's own: see [`super::TaskCtx`]) and returns its future.
pub(crate) fn new_task<F>(
    shared: &Arc<Shared>,
    (id, label): (u32, u32),
    home: Option<usize>,
    make: impl FnOnce(TaskRef) -> F,
) -> TaskRef
where
    F: Future<Output = ()> + Send + 'static,
{
    let task = Arc::new(Task {
        header: Header {
            id,
            label,
            created_ns: shared.clock.now(),
            home,
            state: AtomicU8::new(SCHEDULED),
            woken_ns: AtomicU64::new(NEVER),
            listed: AtomicBool::new(false),
            shared: Arc::clone(shared),
        },
        future: Mutex::new(None),
    });
    let future = make(Arc::clone(&task) as TaskRef);
    *lock(&task.future) = Some(Running {
        future,
        resume: SpanKind::Compute,
    });
    task
}

impl<F: Future> Running<F> {
    /// The future, pinned where it is.
    ///
    /// It lives in its task's `Arc` allocation, inside the mutex's option, and is never
    /// moved from there: it is only reached through this method, and it leaves only by
    /// being dropped in place when the option is set to `None`. So it stays at one
    /// address from its first poll until it is dropped, which is what `Pin` asks. Pinning
    /// in place is what saves a task's second allocation (tokio's task cell does the
    /// same); it is the engine's only `unsafe`.
    #[allow(unsafe_code)]
    fn future(&mut self) -> Pin<&mut F> {
        // SAFETY: as the doc says, the future is never moved after this pin.
        unsafe { Pin::new_unchecked(&mut self.future) }
    }
}

impl Header {
    /// Marks the task woken; returns whether it is to be queued (it was waiting, not
    /// running, queued or done).
    fn woken(&self) -> bool {
        loop {
            let state = self.state.load(Acquire);
            let next = match state {
                IDLE => SCHEDULED,
                RUNNING => NOTIFIED,
                _ => return false,
            };
            if self
                .state
                .compare_exchange(state, next, AcqRel, Acquire)
                .is_ok()
            {
                self.woken_ns.store(self.shared.clock.now(), Relaxed);
                return next == SCHEDULED;
            }
        }
    }
}

impl<F: Future<Output = ()> + Send + 'static> Wake for Task<F> {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.header.woken() {
            let task: TaskRef = Arc::clone(self) as TaskRef;
            self.header.shared.enqueue_next(task);
        }
    }
}

impl<F: Future<Output = ()> + Send + 'static> Runnable for Task<F> {
    fn header(&self) -> &Header {
        &self.header
    }

    fn waker(self: Arc<Self>) -> Waker {
        Waker::from(self)
    }

    fn drop_future(&self) {
        let future = lock(&self.future).take();
        // Dropped outside the lock: its drop may wake tasks, this one too.
        drop(future);
    }

    fn turn(&self, cx: &mut Context<'_>, lane: u32, start: u64, end: &mut u64) -> Turn {
        let header = &self.header;
        header.state.store(RUNNING, Release);
        let mut slot = lock(&self.future);
        let Some(running) = slot.as_mut() else {
            *end = start;
            return Turn::Gone;
        };
        let woken_ns = Some(header.woken_ns.load(Relaxed)).filter(|&w| w != NEVER);
        recording::begin_poll(lane, header.id, running.resume, start, woken_ns);
        let result = catch_unwind(AssertUnwindSafe(|| running.future().poll(cx)));
        *end = header.shared.clock.now();
        running.resume = recording::end_poll(*end);
        match result {
            Err(payload) => {
                *slot = None;
                Turn::Panicked(payload)
            }
            Ok(Poll::Ready(())) => {
                *slot = None;
                header.state.store(DONE, Release);
                Turn::Ready
            }
            Ok(Poll::Pending) => {
                drop(slot);
                let requeue = header
                    .state
                    .compare_exchange(RUNNING, IDLE, AcqRel, Acquire)
                    .is_err();
                if requeue {
                    header.state.store(SCHEDULED, Release);
                }
                Turn::Pending { requeue }
            }
        }
    }
}

/// The tasks that parked on one worker during a run, so that a run that ends before they
/// finish (a deadlock, or [`super::TaskCtx::end_run`]) can drop their futures. A parked
/// task is held only by its wakers, which sit in what it waits for, which its own future
/// often holds: without this the cycle would keep it, and its run, in memory for ever.
///
/// Each task is listed once, by the first worker it parks on, and only weakly; the
/// finished ones are pruned whenever the list has doubled, so it stays within twice the
/// tasks alive at once.
pub(crate) struct ParkedTasks {
    tasks: Vec<Weak<dyn Runnable>>,
    prune_at: usize,
}

/// The fewest entries [`ParkedTasks`] holds before it prunes.
const PRUNE_AT_LEAST: usize = 1_024;

impl Default for ParkedTasks {
    fn default() -> Self {
        Self {
            tasks: Vec::new(),
            prune_at: PRUNE_AT_LEAST,
        }
    }
}

impl ParkedTasks {
    /// `task` parked: list it unless a worker has already.
    pub(crate) fn note(&mut self, task: &TaskRef) {
        if task.header().listed.swap(true, Relaxed) {
            return;
        }
        if self.tasks.len() >= self.prune_at {
            self.tasks.retain(|t| t.strong_count() > 0);
            self.prune_at = (2 * self.tasks.len()).max(PRUNE_AT_LEAST);
        }
        self.tasks.push(Arc::downgrade(task));
    }

    /// Drops the future of every listed task not finished: the run is over.
    pub(crate) fn drop_futures(self) {
        for task in self.tasks.iter().filter_map(Weak::upgrade) {
            task.drop_future();
        }
    }
}
