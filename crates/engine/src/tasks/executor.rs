//! The executor: the worker loop, spawning and the run (a task itself is [`super::task`]).
//!
//! Ready tasks wait in the run queues ([`super::queues`]: one per worker and one global,
//! with stealing, as in Go), and workers with nothing to do park and are woken one at a
//! time ([`super::idle`]). This module knows nothing of experiments or backends: it is
//! given a clock, a worker count and the share of task ids to use, and returns what ran.

use std::any::Any;
use std::future::Future;
use std::panic::resume_unwind;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering::*};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use crate::clock::RunClock;
use crate::shard::Shard;
use crate::trace::{Span, SpanKind};

use super::census::Census;
use super::home::{HOME_BATCH, Homes, Outgoing};
use super::idle::{Idle, Unparked};
use super::padded::Padded;
use super::queues::RunQueues;
use super::recording::{self, Recording, TaskRecord};
use super::task::{ParkedTasks, TaskRef, Turn, new_task};
use super::timer::{Park, Timers};

/// The longest a parked worker sleeps before looking again: a safety net only, since new
/// work wakes a worker and a worker parks no longer than until the next timer is due.
const SAFETY_NAP: Duration = Duration::from_millis(50);

/// Whether this build's threads can sleep. A wasm build without atomics (the engines of
/// the message-passing backend) has a single thread and a std that panics rather than
/// sleep, so its waits hold the worker by watching the clock instead.
const CAN_SLEEP: bool = !cfg!(all(target_family = "wasm", not(target_feature = "atomics")));

/// Holds the calling thread for `duration`: asleep where it can sleep, else watching the
/// run's clock.
fn hold(clock: &RunClock, duration: Duration) {
    if CAN_SLEEP {
        std::thread::sleep(duration);
    } else {
        let until = clock.now().saturating_add(duration.as_nanos() as u64);
        while clock.now() < until && !crate::stop::requested() {
            std::hint::spin_loop();
        }
    }
}

/// Locks a mutex, carrying on if a panicking thread poisoned it (the data stays valid:
/// every critical section here leaves it consistent).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What all workers and tasks of one run share. Aligned to a cache line so that its
/// `Arc`'s counts, which every spawn and every task's end write, sit on a line of their
/// own, apart from the clock and queues every worker reads.
#[repr(align(128))]
pub(crate) struct Shared {
    pub(crate) clock: RunClock,
    queues: RunQueues<TaskRef>,
    idle: Idle,
    /// For each thread of the pool (by rayon's index), 1 + the slot of the worker loop it
    /// runs, or 0: a task made ready on a worker goes to that worker's queue.
    slots_by_thread: Box<[AtomicUsize]>,
    /// The next worker loop's slot.
    next_slot: AtomicUsize,
    /// The run is over before every task finished: a task panicked, or every task left
    /// waits for something that no task or timer can bring.
    halted: AtomicBool,
    pub(crate) timers: Timers,
    /// How many tasks are live, counted per worker.
    census: Census,
    /// How many worker loops the run has.
    workers: usize,
    /// Finished tasks on their way back to the worker that spawned them.
    homes: Homes,
    /// Written by every spawn: kept off the lines the workers read on every turn.
    next_id: Padded<AtomicU32>,
    /// Every label a task of the run was spawned with, each once; [`Label`] indexes it.
    labels: Mutex<Vec<String>>,
    /// The share of the run's task ids this engine uses (all of them unless the run is
    /// spread over engines that share no memory); its index is also the first lane.
    shard: Shard,
    /// What the first task to panic panicked with, to raise again once the workers stop.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

/// What one worker loop keeps from one step to the next.
struct WorkerLoop {
    /// The tasks that parked on this worker.
    parked: ParkedTasks,
    /// Finished tasks on their way back to the workers that spawned them.
    outgoing: Outgoing,
    /// This loop's slot among the run's workers.
    slot: usize,
    /// The lane its turns are drawn on.
    lane: u32,
    /// Whether it was woken to look for work.
    searching: bool,
    /// Steps taken.
    tick: u64,
    /// The clock as last read: right after a turn that is its end, which also serves as
    /// the next turn's start (the clock is read once between two turns, not twice: a
    /// read is a good part of an empty task's cost); after any other step it is read
    /// anew.
    last_read: Option<u64>,
}

impl Shared {
    /// Queues a ready task where it was made ready, and wakes a worker if none is looking.
    pub(crate) fn enqueue(&self, task: TaskRef) {
        self.queues.push(self.current_slot(), task);
        self.idle.wake_one();
    }

    /// Queues a task just spawned or woken to run next on this thread's worker loop
    /// ([`RunQueues::push_next`]), and wakes a parked worker if none is searching.
    pub(crate) fn enqueue_next(&self, task: TaskRef) {
        self.queues.push_next(self.current_slot(), task);
        self.idle.wake_one();
    }

    /// The slot of the worker loop running on this thread, if this thread runs one.
    fn current_slot(&self) -> Option<usize> {
        let thread = rayon::current_thread_index()?;
        let slot = self.slots_by_thread.get(thread)?.load(Relaxed);
        slot.checked_sub(1)
    }

    /// Wakes one parked worker, e.g. because a timer earlier than all others was added, so
    /// that it naps no longer than until then.
    pub(crate) fn nudge(&self) {
        self.idle.nudge();
    }

    /// Ends the run early; every worker stops after its current turn.
    fn halt(&self) {
        self.halted.store(true, SeqCst);
        self.idle.wake_all();
    }

    /// Whether no task can ever be made ready again although some have not finished:
    /// nothing is queued and no timer is set (the caller knows no task is running).
    fn stuck(&self) -> bool {
        self.census.live() > 0 && self.queues.is_empty() && self.timers.next_deadline().is_none()
    }

    /// The run's label named `name`, registered on first use.
    fn label(&self, name: &str) -> Label {
        let mut labels = lock(&self.labels);
        let index = labels.iter().position(|l| l == name).unwrap_or_else(|| {
            labels.push(name.to_owned());
            labels.len() - 1
        });
        Label(index as u32)
    }

    /// One worker: runs ready tasks until every task of the run has finished, or until a
    /// stop is asked for ([`crate::stop`]).
    fn worker_loop(&self) -> ParkedTasks {
        let thread = rayon::current_thread_index();
        let slot = self.next_slot.fetch_add(1, Relaxed);
        let entry = thread.and_then(|t| self.slots_by_thread.get(t));
        let before = entry.map(|e| e.swap(slot + 1, Relaxed));
        let mut worker = WorkerLoop {
            parked: ParkedTasks::default(),
            outgoing: Outgoing::new(self.workers),
            slot,
            lane: self.shard.index + thread.map_or(0, |t| t as u32),
            searching: false,
            tick: 0,
            last_read: None,
        };
        while self.step(&mut worker) {}
        if let (Some(entry), Some(before)) = (entry, before) {
            entry.store(before, Relaxed);
        }
        worker.parked
    }

    /// One step of a worker loop: a task's turn, a look for one, or a nap; `false` when
    /// the worker is done.
    ///
    /// A function of its own, never inlined into the loop, for the page: V8 first runs a
    /// wasm function as its baseline compiler (Liftoff) made it, and its optimized code
    /// serves only the calls made after it is ready, never a call under way. A loop that
    /// runs for the whole run would run baseline code to the end; a step called again and
    /// again gets the optimized code within the run.
    #[inline(never)]
    fn step(&self, w: &mut WorkerLoop) -> bool {
        if crate::stop::requested() || self.halted.load(SeqCst) {
            return false;
        }
        let now = w.last_read.take().unwrap_or_else(|| self.clock.now());
        for waker in self.timers.due(now) {
            waker.wake();
        }
        w.tick += 1;
        if w.tick.is_multiple_of(HOME_BATCH as u64) {
            drop(self.homes.collect(w.slot));
        }
        if let Some(task) = self.queues.next(w.slot, w.tick) {
            if std::mem::take(&mut w.searching) {
                self.idle.found_work();
            }
            w.last_read = Some(self.poll(
                task,
                (w.slot, w.lane),
                now,
                (&mut w.parked, &mut w.outgoing),
            ));
            return true;
        }
        if std::mem::take(&mut w.searching) {
            // Look once more: a task made ready meanwhile may have counted on this
            // worker to find it.
            self.idle.found_nothing();
            return true;
        }
        if self.census.live() == 0 {
            // The last task is done: let every parked worker see that the run is over.
            self.idle.wake_all();
            return false;
        }
        let next_deadline = self.timers.next_deadline();
        let nap = next_deadline
            .map_or(SAFETY_NAP, |d| Duration::from_nanos(d.saturating_sub(now)))
            .min(SAFETY_NAP);
        if nap.is_zero() {
            return true;
        }
        let nap_end = now.saturating_add(nap.as_nanos() as u64);
        let back = if CAN_SLEEP {
            self.idle.park(
                w.slot,
                nap,
                || {
                    !self.queues.is_empty()
                        || self.halted.load(SeqCst)
                        || self.census.live() == 0
                        || self.timers.next_deadline().is_some_and(|d| d < nap_end)
                },
                || self.stuck(),
            )
        } else if self.stuck() {
            // One worker and no other thread: nothing but a timer can bring work.
            Unparked::AllStuck
        } else {
            hold(&self.clock, nap);
            Unparked::Looking
        };
        match back {
            Unparked::Searching => w.searching = true,
            Unparked::Looking => {}
            Unparked::AllStuck => {
                self.halt();
                return false;
            }
        }
        true
    }

    /// Gives `task` a turn on the worker loop `slot`, drawn on lane `worker`, starting at
    /// `start`; lists it in `parked` if it parks, and sends it home through `outgoing`
    /// if it finished; returns when the turn ended.
    fn poll(
        &self,
        task: TaskRef,
        (slot, worker): (usize, u32),
        start: u64,
        (parked, outgoing): (&mut ParkedTasks, &mut Outgoing),
    ) -> u64 {
        let waker = Arc::clone(&task).waker();
        let mut cx = Context::from_waker(&waker);
        let mut end = start;
        match task.turn(&mut cx, worker, start, &mut end) {
            Turn::Gone => {}
            Turn::Panicked(payload) => {
                // Stop the run rather than leave the other workers waiting for a task
                // that will never finish; `run_tasks` raises the panic again.
                lock(&self.panic).get_or_insert(payload);
                self.halt();
            }
            Turn::Ready => {
                let header = task.header();
                recording::finished(TaskRecord {
                    task: header.id,
                    label: header.label,
                    created_ns: header.created_ns,
                    finished_ns: end,
                });
                self.census.finished(slot);
                drop(waker);
                outgoing.finished(task, slot, &self.homes);
            }
            Turn::Pending { requeue } => {
                if requeue {
                    // Woken while it ran: it goes to the back of this worker's queue.
                    self.enqueue(task);
                } else {
                    parked.note(&task);
                }
            }
        }
        end
    }
}

/// A task's handle on its run: the clock, waits, spawning.
///
/// It holds its own task, through which it reaches the run. Holding the run itself would
/// cost every task an increment of the run's reference count where it is spawned and a
/// decrement where it ends, a cache line that two workers would pass back and forth once
/// per task; the task's own count is on a line its worker has anyway. The task's future
/// holds its context, and so the task itself: that cycle ends when the future is dropped,
/// when the task finishes or when its run ends without it ([`run_tasks`]).
#[derive(Clone)]
pub struct TaskCtx {
    task: TaskRef,
}

impl TaskCtx {
    /// The run this task belongs to.
    fn shared(&self) -> &Arc<Shared> {
        &self.task.header().shared
    }

    /// This task's id, in spawn order from 0.
    pub fn id(&self) -> u32 {
        self.task.header().id
    }

    /// Nanoseconds since the run's origin.
    pub fn now(&self) -> u64 {
        self.shared().clock.now()
    }

    /// Waits `ns` nanoseconds without holding the worker (simulated I/O that parks, like
    /// a goroutine on the network poller): the worker runs other tasks meanwhile.
    pub fn park(&self, ns: u64) -> Park {
        Park::new(Arc::clone(&self.task), self.now() + ns)
    }

    /// Waits `ns` nanoseconds holding the worker (like a thread stuck in a syscall):
    /// nothing else runs on it meanwhile.
    pub fn block(&self, ns: u64) {
        let before = recording::switch(SpanKind::BlockingWait, self.now());
        hold(&self.shared().clock, Duration::from_nanos(ns));
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
        self.spawn_labelled(self.label(label), task)
    }

    /// The run's label named `name`, registered once: for labels made while the run goes
    /// on (a goroutine's function), which [`TaskCtx::spawn_labelled`] then uses.
    pub fn label(&self, name: &str) -> Label {
        self.shared().label(name)
    }

    /// Spawns another task of this run with a label of [`TaskCtx::label`].
    pub fn spawn_labelled<F>(&self, label: Label, task: impl FnOnce(TaskCtx) -> F) -> u32
    where
        F: Future<Output = ()> + Send + 'static,
    {
        spawn_on(self.shared(), label, task)
    }

    /// Ends the whole run after this turn, as a Go program ends when `main` returns
    /// whatever its other goroutines are doing: every worker stops after its current turn
    /// and tasks not finished are dropped, counted in [`TaskRun::unfinished`].
    pub fn end_run(&self) {
        self.shared().halt();
    }

    /// Records that this task waited, parked, from `start_ns` until it was woken (or
    /// until now, if it was not woken since), as `kind`, at `line` of its code (0 for
    /// none): for waits on synchronisation built outside this module (a language
    /// runtime's channels and locks, which know the source line that waited).
    pub fn record_wait(&self, kind: SpanKind, start_ns: u64, line: u32) {
        let end_ns = recording::wait_end(start_ns, self.now());
        recording::task_wait(kind, start_ns, end_ns, line);
    }
}

/// A task label registered with its run ([`TaskCtx::label`], [`Spawner::label`]): what
/// [`TaskRecord::label`] indexes in [`TaskRun::labels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(u32);

fn spawn_on<F>(shared: &Arc<Shared>, label: Label, task: impl FnOnce(TaskCtx) -> F) -> u32
where
    F: Future<Output = ()> + Send + 'static,
{
    // The task counts as live from here, so the run cannot end before it is queued.
    let id = shared.shard.task_id(shared.next_id.fetch_add(1, Relaxed));
    let home = shared.current_slot();
    shared.census.spawned(home);
    let cell = new_task(shared, (id, label.0), home, |me| task(TaskCtx { task: me }));
    shared.enqueue_next(cell);
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
        self.spawn_labelled(self.label(label), task)
    }

    /// The run's label named `name`, registered once (see [`TaskCtx::label`]).
    pub fn label(&self, name: &str) -> Label {
        self.shared.label(name)
    }

    /// Spawns a task with a label of [`Spawner::label`].
    pub fn spawn_labelled<F>(&self, label: Label, task: impl FnOnce(TaskCtx) -> F) -> u32
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
    /// task or timer could bring (a deadlock): the run ended instead of hanging; or that
    /// were not done when a task ended the run ([`TaskCtx::end_run`]). 0 in a correct
    /// experiment.
    pub unfinished: u32,
}

/// How a task run is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRunConfig {
    /// How many workers run the tasks (at most the pool's threads).
    pub workers: u32,
    /// The share of task ids this engine uses, and its first worker lane:
    /// [`Shard::WHOLE`] unless the run is spread over engines that share no memory.
    pub shard: Shard,
    /// How much is recorded.
    pub recording: Recording,
}

impl TaskRunConfig {
    /// `workers` workers, the whole run, the default recording.
    pub fn on(workers: u32) -> Self {
        Self {
            workers,
            shard: Shard::WHOLE,
            recording: Recording::default(),
        }
    }
}

/// What one worker loop left: what it recorded, and the tasks that parked on it.
struct WorkerOutcome {
    spans: Vec<Span>,
    records: Vec<TaskRecord>,
    parked: ParkedTasks,
}

/// Runs tasks on `config.workers` of the current rayon pool's threads until every task,
/// including those spawned by tasks, has finished; `root` spawns the first ones.
pub fn run_tasks(clock: RunClock, config: TaskRunConfig, root: impl FnOnce(&Spawner)) -> TaskRun {
    let TaskRunConfig {
        workers,
        shard,
        recording,
    } = config;
    let threads = rayon::current_num_threads().max(1);
    let workers = workers.clamp(1, threads as u32);
    let shared = Arc::new(Shared {
        clock,
        queues: RunQueues::new(workers as usize),
        idle: Idle::new(workers as usize),
        slots_by_thread: (0..threads).map(|_| AtomicUsize::new(0)).collect(),
        next_slot: AtomicUsize::new(0),
        halted: AtomicBool::new(false),
        timers: Timers::default(),
        census: Census::new(workers as usize),
        workers: workers as usize,
        homes: Homes::new(workers as usize),
        next_id: Padded(AtomicU32::new(0)),
        labels: Mutex::new(Vec::new()),
        shard,
        panic: Mutex::new(None),
    });
    root(&Spawner {
        shared: Arc::clone(&shared),
    });
    let start_ns = clock.now();
    let mut recorded: Vec<Option<WorkerOutcome>> = (0..workers).map(|_| None).collect();
    rayon::scope(|s| {
        for out in &mut recorded {
            let shared = &shared;
            s.spawn(move |_| {
                recording::begin_worker(recording);
                let parked = shared.worker_loop();
                let (spans, records) = recording::end_worker();
                *out = Some(WorkerOutcome {
                    spans,
                    records,
                    parked,
                });
            });
        }
    });
    let end_ns = clock.now();
    let unfinished = shared.census.live() as u32;
    // Finished tasks sent home and not yet collected hold the run.
    drop(shared.homes.take_all());
    let mut spans = Vec::with_capacity(recorded.len());
    let mut records = Vec::with_capacity(recorded.len());
    for WorkerOutcome {
        spans: worker_spans,
        records: worker_records,
        parked,
    } in recorded.into_iter().flatten()
    {
        spans.push(worker_spans);
        records.push(worker_records);
        if unfinished > 0 {
            // Tasks that never finished hold what they wait for, which holds their wakers,
            // and queued tasks and timers hold tasks, which hold `shared`: break the cycles.
            parked.drop_futures();
        }
    }
    if unfinished > 0 {
        // A future's drop may wake tasks, queueing them again: until none is left.
        loop {
            let queued = shared.queues.take_all();
            if queued.is_empty() {
                break;
            }
            for task in queued {
                task.drop_future();
            }
        }
        shared.timers.clear();
    }
    if let Some(payload) = lock(&shared.panic).take() {
        resume_unwind(payload);
    }
    let spawned = shared.next_id.load(Acquire);
    let mut tasks: Vec<TaskRecord> = if spawned as usize <= recording.max_task_records {
        records.into_iter().flatten().collect()
    } else {
        Vec::new()
    };
    tasks.sort_unstable_by_key(|t| t.task);
    let labels = std::mem::take(&mut *lock(&shared.labels));
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
