//! The executor: a ready queue shared by k worker loops, wakers, spawning, and the run.

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, AtomicUsize, Ordering::*};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use crate::distributed::{self, Shard, Spread};
use crate::measure::{Recorder, on_the_pool, worker_index};
use crate::trace::{Span, SpanKind};

use super::recording::{self, Recording, TaskRecord};
use super::timer::{Park, Timers};

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A task's place in its life: `Idle` (waiting for a wake), `Scheduled` (in the ready
/// queue), `Running`, `Notified` (woken while running: run it again), `Done`.
const IDLE: u8 = 0;
const SCHEDULED: u8 = 1;
const RUNNING: u8 = 2;
const NOTIFIED: u8 = 3;
const DONE: u8 = 4;

/// The longest an idle worker sleeps before looking again; a safety net, since new work
/// and due timers wake workers anyway.
const IDLE_NAP: Duration = Duration::from_millis(5);

/// Whether this build's threads can sleep. A wasm build without atomics (the engines of
/// the message-passing backend) has a single thread and a std that panics rather than
/// sleep, so its waits hold the worker by watching the clock instead.
const CAN_SLEEP: bool = !cfg!(all(target_family = "wasm", not(target_feature = "atomics")));

/// Holds the calling thread for `duration`: asleep where it can sleep, else watching the
/// run's clock.
fn hold(rec: &Recorder, duration: Duration) {
    if CAN_SLEEP {
        std::thread::sleep(duration);
    } else {
        let until = rec.now().saturating_add(duration.as_nanos() as u64);
        while rec.now() < until && !crate::stop::requested() {
            std::hint::spin_loop();
        }
    }
}

/// Locks a mutex, carrying on if a panicking thread poisoned it (the data stays valid:
/// every critical section here leaves it consistent).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A task's future, and what the task was doing on its worker when its last turn ended.
struct Running {
    future: BoxFuture,
    /// `LockHeld` when it parked holding a lock, so its next turn is drawn held too.
    resume: SpanKind,
}

/// "Never woken", in [`Task::woken_ns`].
const NEVER: u64 = u64::MAX;

/// One task: its future and its state, shared with its wakers.
struct Task {
    id: u32,
    label: u32,
    created_ns: u64,
    state: AtomicU8,
    /// When it was last woken: the end of its last wait, the start of being runnable.
    woken_ns: AtomicU64,
    future: Mutex<Option<Running>>,
    shared: Arc<Shared>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        loop {
            let state = self.state.load(Acquire);
            let next = match state {
                IDLE => SCHEDULED,
                RUNNING => NOTIFIED,
                _ => return,
            };
            if self
                .state
                .compare_exchange(state, next, AcqRel, Acquire)
                .is_ok()
            {
                self.woken_ns.store(self.shared.rec.now(), Relaxed);
                if next == SCHEDULED {
                    self.shared.enqueue(Arc::clone(self));
                }
                return;
            }
        }
    }
}

/// The ready tasks, and what idle workers need to know, under one lock.
#[derive(Default)]
struct Queue {
    tasks: VecDeque<Arc<Task>>,
    /// Workers waiting for work.
    idle: usize,
    /// The run is over before every task finished: a task panicked, or every task left
    /// waits for something that no task or timer can bring.
    halted: bool,
}

/// What all workers and tasks of one run share.
pub(crate) struct Shared {
    pub(crate) rec: Recorder,
    ready: Mutex<Queue>,
    available: Condvar,
    pub(crate) timers: Timers,
    live: AtomicUsize,
    next_id: AtomicU32,
    labels: Mutex<Vec<&'static str>>,
    /// How many worker loops the run has.
    workers: usize,
    /// The share of the run's tasks this engine runs (all of them unless the run is
    /// spread over engines that share no memory).
    shard: Shard,
    /// What the first task to panic panicked with, to raise again once the workers stop.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

impl Shared {
    fn enqueue(&self, task: Arc<Task>) {
        let mut ready = lock(&self.ready);
        ready.tasks.push_back(task);
        // Waking a condvar costs a system call: only when some worker sleeps on it.
        if ready.idle > 0 {
            self.available.notify_one();
        }
    }

    /// Wakes one idle worker, e.g. because a timer earlier than all others was added.
    /// Under the lock, so a worker computing how long to sleep cannot miss it.
    pub(crate) fn nudge(&self) {
        if lock(&self.ready).idle > 0 {
            self.available.notify_one();
        }
    }

    /// Ends the run early; every worker stops after its current turn.
    fn halt(&self, ready: &mut Queue) {
        ready.halted = true;
        self.available.notify_all();
    }

    fn label_index(&self, label: &'static str) -> u32 {
        let mut labels = lock(&self.labels);
        let index = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
            labels.push(label);
            labels.len() - 1
        });
        index as u32
    }

    fn spawn(self: &Arc<Self>, id: u32, label: &'static str, future: BoxFuture) {
        let task = Arc::new(Task {
            id,
            label: self.label_index(label),
            created_ns: self.rec.now(),
            state: AtomicU8::new(SCHEDULED),
            woken_ns: AtomicU64::new(NEVER),
            future: Mutex::new(Some(Running {
                future,
                resume: SpanKind::Compute,
            })),
            shared: Arc::clone(self),
        });
        self.enqueue(task);
    }

    /// Waits up to `nap` for work with the queue's lock released, and takes it again.
    fn nap<'a>(&'a self, ready: MutexGuard<'a, Queue>, nap: Duration) -> MutexGuard<'a, Queue> {
        if CAN_SLEEP {
            self.available
                .wait_timeout(ready, nap)
                .map_or_else(|e| e.into_inner().0, |(ready, _)| ready)
        } else {
            // One worker and no other thread: nothing but a timer can bring work.
            drop(ready);
            hold(&self.rec, nap);
            lock(&self.ready)
        }
    }

    /// One worker: runs ready tasks until every task of the run has finished, or until a
    /// stop is asked for ([`crate::stop`]).
    fn worker_loop(&self) {
        let worker = worker_index();
        loop {
            if crate::stop::requested() {
                return;
            }
            for waker in self.timers.due(self.rec.now()) {
                waker.wake();
            }
            let next = {
                let mut ready = lock(&self.ready);
                if ready.halted {
                    return;
                }
                match ready.tasks.pop_front() {
                    Some(task) => Some(task),
                    None if self.live.load(Acquire) == 0 => return,
                    None => {
                        let next_deadline = self.timers.next_deadline();
                        if ready.idle + 1 == self.workers && next_deadline.is_none() {
                            // Every other worker sleeps, nothing is ready and no timer is
                            // set: the tasks left wait for each other and never finish.
                            self.halt(&mut ready);
                            return;
                        }
                        let nap = next_deadline
                            .map_or(IDLE_NAP, |d| {
                                Duration::from_nanos(d.saturating_sub(self.rec.now()))
                            })
                            .min(IDLE_NAP);
                        if !nap.is_zero() {
                            ready.idle += 1;
                            ready = self.nap(ready, nap);
                            ready.idle -= 1;
                        }
                        None
                    }
                }
            };
            if let Some(task) = next {
                self.poll(task, worker);
            }
        }
    }

    fn poll(&self, task: Arc<Task>, worker: u32) {
        task.state.store(RUNNING, Release);
        let waker = Waker::from(Arc::clone(&task));
        let mut cx = Context::from_waker(&waker);
        let mut slot = lock(&task.future);
        let Some(running) = slot.as_mut() else {
            return;
        };
        let woken_ns = Some(task.woken_ns.load(Relaxed)).filter(|&w| w != NEVER);
        recording::begin_poll(worker, task.id, running.resume, self.rec.now(), woken_ns);
        let result = catch_unwind(AssertUnwindSafe(|| running.future.as_mut().poll(&mut cx)));
        let now = self.rec.now();
        running.resume = recording::end_poll(now);
        let result = match result {
            Ok(result) => result,
            Err(payload) => {
                // Stop the run rather than leave the other workers waiting for a task
                // that will never finish; `run_tasks` raises the panic again.
                *slot = None;
                lock(&self.panic).get_or_insert(payload);
                self.halt(&mut lock(&self.ready));
                return;
            }
        };
        match result {
            Poll::Ready(()) => {
                *slot = None;
                task.state.store(DONE, Release);
                recording::finished(TaskRecord {
                    task: task.id,
                    label: task.label,
                    created_ns: task.created_ns,
                    finished_ns: now,
                });
                if self.live.fetch_sub(1, AcqRel) == 1 {
                    // The last task: let every idle worker see that the run is over.
                    let _ready = lock(&self.ready);
                    self.available.notify_all();
                }
            }
            Poll::Pending => {
                drop(slot);
                if task
                    .state
                    .compare_exchange(RUNNING, IDLE, AcqRel, Acquire)
                    .is_err()
                {
                    // Woken while it ran: it goes to the back of the queue.
                    task.state.store(SCHEDULED, Release);
                    self.enqueue(task);
                }
            }
        }
    }
}

/// A task's handle on its run: the clock, waits, spawning.
#[derive(Clone)]
pub struct TaskCtx {
    shared: Arc<Shared>,
    id: u32,
}

impl TaskCtx {
    /// This task's id, in spawn order from 0.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Nanoseconds since the run's origin.
    pub fn now(&self) -> u64 {
        self.shared.rec.now()
    }

    /// Waits `ns` nanoseconds without holding the worker (simulated I/O that parks, like
    /// a goroutine on the network poller): the worker runs other tasks meanwhile.
    pub fn park(&self, ns: u64) -> Park {
        Park::new(Arc::clone(&self.shared), self.now() + ns)
    }

    /// Waits `ns` nanoseconds holding the worker (like a thread stuck in a syscall):
    /// nothing else runs on it meanwhile.
    pub fn block(&self, ns: u64) {
        let before = recording::switch(SpanKind::BlockingWait, self.now());
        hold(&self.shared.rec, Duration::from_nanos(ns));
        recording::switch(before.unwrap_or(SpanKind::Compute), self.now());
    }

    /// Gives the worker to the next ready task and carries on later: a turn ends here.
    pub fn yield_now(&self) -> YieldNow {
        YieldNow { yielded: false }
    }

    /// Spawns another task of this run.
    pub fn spawn<F>(&self, label: &'static str, task: impl FnOnce(TaskCtx) -> F) -> u32
    where
        F: Future<Output = ()> + Send + 'static,
    {
        spawn_on(&self.shared, label, task)
    }
}

fn spawn_on<F>(shared: &Arc<Shared>, label: &'static str, task: impl FnOnce(TaskCtx) -> F) -> u32
where
    F: Future<Output = ()> + Send + 'static,
{
    // The task counts as live from here, so the run cannot end before it is queued.
    let id = shared.shard.task_id(shared.next_id.fetch_add(1, Relaxed));
    shared.live.fetch_add(1, AcqRel);
    let future = task(TaskCtx {
        shared: Arc::clone(shared),
        id,
    });
    shared.spawn(id, label, Box::pin(future));
    id
}

/// The future of [`TaskCtx::yield_now`].
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Spawns the first tasks of a run, before its workers start.
pub struct Spawner {
    shared: Arc<Shared>,
}

impl Spawner {
    /// The share of the run's work the root should spawn: everything, unless the run is
    /// spread over engines that share no memory, each spawning its own share.
    pub fn shard(&self) -> Shard {
        self.shared.shard
    }

    /// Spawns a task; `task` receives its context and returns its future.
    pub fn spawn<F>(&self, label: &'static str, task: impl FnOnce(TaskCtx) -> F) -> u32
    where
        F: Future<Output = ()> + Send + 'static,
    {
        spawn_on(&self.shared, label, task)
    }
}

/// What a task run recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskRun {
    /// When the workers started, in ns since the run's origin.
    pub start_ns: u64,
    /// From the workers' start to the last task's end.
    pub wall_ns: u64,
    /// Every span, worker lanes and task waits, ordered by worker then start.
    pub spans: Vec<Span>,
    /// Each task's creation and end, ordered by task id; empty when there were more
    /// tasks than the recording keeps.
    pub tasks: Vec<TaskRecord>,
    /// The task labels that [`TaskRecord::label`] indexes.
    pub labels: Vec<String>,
    /// How many tasks ran.
    pub spawned: u32,
    /// How many tasks never finished because every one of them waited for something no
    /// task or timer could bring (a deadlock): the run ended instead of hanging. 0 in a
    /// correct experiment.
    pub unfinished: u32,
}

/// Runs tasks on `workers` of the current rayon pool's threads (at most the pool's size)
/// until every task, including those spawned by tasks, has finished.
pub fn run_tasks(
    rec: &Recorder,
    workers: u32,
    recording: Recording,
    root: impl FnOnce(&Spawner),
) -> TaskRun {
    let Some(shard) = distributed::enter_step(Spread::Workers(workers)) else {
        return TaskRun::default();
    };
    let workers = workers.clamp(1, rayon::current_num_threads().max(1) as u32);
    let shared = Arc::new(Shared {
        rec: *rec,
        ready: Mutex::new(Queue::default()),
        available: Condvar::new(),
        timers: Timers::default(),
        live: AtomicUsize::new(0),
        next_id: AtomicU32::new(0),
        labels: Mutex::new(Vec::new()),
        workers: workers as usize,
        shard,
        panic: Mutex::new(None),
    });
    root(&Spawner {
        shared: Arc::clone(&shared),
    });
    let start_ns = rec.now();
    let recorded = on_the_pool(workers as usize, |_| {
        recording::begin_worker(recording.merge_gap_ns);
        shared.worker_loop();
        recording::end_worker()
    });
    let end_ns = rec.now();
    let unfinished = shared.live.load(Acquire) as u32;
    if unfinished > 0 {
        // Queued tasks and timers hold tasks, which hold `shared`: break the cycles.
        lock(&shared.ready).tasks.clear();
        shared.timers.clear();
    }
    if let Some(payload) = lock(&shared.panic).take() {
        resume_unwind(payload);
    }
    let spawned = shared.next_id.load(Acquire);
    let (spans, records): (Vec<_>, Vec<_>) = recorded.into_iter().unzip();
    let mut tasks: Vec<TaskRecord> = if spawned as usize <= recording.max_task_records {
        records.into_iter().flatten().collect()
    } else {
        Vec::new()
    };
    tasks.sort_unstable_by_key(|t| t.task);
    let labels = lock(&shared.labels)
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
    TaskRun {
        start_ns,
        wall_ns: end_ns.saturating_sub(start_ns),
        spans: crate::trace::merge(spans),
        tasks,
        labels,
        spawned,
        unfinished,
    }
}
