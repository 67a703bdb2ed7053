//! What each worker thread records while it runs tasks: kept in thread-locals, so no lock
//! is taken on the hot path, and taken out when the worker's loop ends.

use std::cell::{Cell, RefCell};

use serde::{Deserialize, Serialize};

use crate::trace::{Span, SpanKind};

/// How much a task run records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recording {
    /// Consecutive spans of the same kind on a worker separated by less than this are
    /// merged into one, so a million tiny tasks leave a bounded trace; 0 keeps every span.
    pub merge_gap_ns: u64,
    /// Task records are kept only when at most this many tasks were spawned.
    pub max_task_records: usize,
    /// `Some(most)`: record only when each worker was busy. Its turns closer than
    /// `merge_gap_ns` are merged whatever their kind (drawn as computing), into at most
    /// `most` spans per worker (past that, each turn joins the last span, gap or not),
    /// and neither task waits nor task records are kept. For runs of so many tiny tasks
    /// (the lock's million) that a span per turn would not fit in memory, and could not
    /// be told apart on a screen anyway.
    pub coarse: Option<usize>,
    /// Whether anything is kept at all: off for a run that measures what tracing costs
    /// ([`crate::measure::Recorder::untraced`]), whose tasks then record no span and no
    /// task record.
    pub keep: bool,
}

impl Recording {
    /// The coarse recording (see the field [`Recording::coarse`]) of a run on `workers`
    /// workers, its turns merged across gaps shorter than `merge_gap_ns`, its workers
    /// sharing [`COARSE_SPANS`] spans.
    pub fn coarse_on(merge_gap_ns: u64, workers: u32) -> Self {
        Self {
            merge_gap_ns,
            max_task_records: 0,
            coarse: Some(COARSE_SPANS / workers.max(1) as usize),
            keep: true,
        }
    }
}

/// Every span and task record kept, none merged: [`Recording::default`].
const IN_FULL: Recording = Recording {
    merge_gap_ns: 0,
    max_task_records: 10_000,
    coarse: None,
    keep: true,
};

impl Default for Recording {
    fn default() -> Self {
        IN_FULL
    }
}

/// The most spans the workers of a coarse recording keep between them. With turns merged
/// across gaps of 50 µs, 2 workers reach it only after more than 1.6 s each spent idle in
/// 32,768 separate gaps.
pub const COARSE_SPANS: usize = 65_536;

/// When a task was created and when it finished: with its spans, the task view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// The task's id, in spawn order from 0.
    pub task: u32,
    /// Index of its label in the run's label list.
    pub label: u32,
    /// When it was spawned (ns since the run's origin).
    pub created_ns: u64,
    /// When it returned.
    pub finished_ns: u64,
}

/// The recording state of the worker thread running a task right now.
#[derive(Clone, Copy)]
struct Current {
    worker: u32,
    task: u32,
    kind: SpanKind,
    segment_start: u64,
    /// When the task was last woken (became runnable), if it was.
    woken_ns: Option<u64>,
}

thread_local! {
    static SPANS: RefCell<Vec<Span>> = const { RefCell::new(Vec::new()) };
    static RECORDS: RefCell<Vec<TaskRecord>> = const { RefCell::new(Vec::new()) };
    static CURRENT: Cell<Option<Current>> = const { Cell::new(None) };
    static RECORDING: Cell<Recording> = const { Cell::new(IN_FULL) };
}

impl Current {
    fn get() -> Option<Self> {
        CURRENT.with(Cell::get)
    }

    fn set(self) {
        CURRENT.with(|c| c.set(Some(self)));
    }
}

/// Appends a span to this thread's buffer, merging it into the previous one when the run
/// asked for merging and they are close enough (in a coarse recording, whatever their
/// kind, and always once the worker has as many spans as it may keep).
pub fn push(span: Span) {
    let recording = RECORDING.with(Cell::get);
    if !recording.keep {
        return;
    }
    let gap = recording.merge_gap_ns;
    SPANS.with(|spans| {
        let mut spans = spans.borrow_mut();
        let full = recording.coarse.is_some_and(|most| spans.len() >= most);
        if (gap > 0 || full)
            && let Some(last) = spans.last_mut()
            && last.worker == span.worker
            && (last.kind == span.kind || recording.coarse.is_some())
            && (span.start_ns.saturating_sub(last.end_ns) < gap || full)
        {
            last.end_ns = last.end_ns.max(span.end_ns);
            return;
        }
        let kind = if recording.coarse.is_some() {
            SpanKind::Compute
        } else {
            span.kind
        };
        spans.push(Span { kind, ..span });
    });
}

/// Whether this thread's run records coarsely ([`Recording::coarse`]).
fn coarse() -> bool {
    RECORDING.with(Cell::get).coarse.is_some()
}

/// Prepares this thread to record for a run.
pub fn begin_worker(recording: Recording) {
    RECORDING.with(|r| r.set(recording));
    SPANS.with(|s| s.borrow_mut().clear());
    RECORDS.with(|r| r.borrow_mut().clear());
    CURRENT.with(|c| c.set(None));
}

/// Takes what this thread recorded.
pub fn end_worker() -> (Vec<Span>, Vec<TaskRecord>) {
    (
        SPANS.with(|s| std::mem::take(&mut *s.borrow_mut())),
        RECORDS.with(|r| std::mem::take(&mut *r.borrow_mut())),
    )
}

/// A task starts running on `worker` at `now`, doing `kind` (computing, or computing
/// under a lock it kept through a wait); it was last woken at `woken_ns`.
pub fn begin_poll(worker: u32, task: u32, kind: SpanKind, now: u64, woken_ns: Option<u64>) {
    Current {
        worker,
        task,
        kind,
        segment_start: now,
        woken_ns,
    }
    .set();
}

/// The running task stops (returns or parks) at `now`: close its current segment.
/// Returns what it was doing, so that its next turn resumes it (e.g. holding a lock).
pub fn end_poll(now: u64) -> SpanKind {
    let kind = Current::get().map_or(SpanKind::Compute, |current| {
        close(&current, now);
        current.kind
    });
    CURRENT.with(|c| c.set(None));
    kind
}

/// Where a wait that started at `start` and is over at `now` ended: when the running task
/// was woken. After that it was runnable, waiting for a worker, which is not waiting for
/// the resource. Falls back to `now` if the task was not woken after `start`.
pub fn wait_end(start: u64, now: u64) -> u64 {
    Current::get()
        .and_then(|c| c.woken_ns)
        .filter(|&woken| (start..=now).contains(&woken))
        .unwrap_or(now)
}

fn close(current: &Current, now: u64) {
    if now > current.segment_start {
        push(Span {
            worker: current.worker,
            task: current.task,
            kind: current.kind,
            start_ns: current.segment_start,
            end_ns: now,
            line: 0,
        });
    }
}

/// The running task switches what it does on its worker (e.g. from computing to holding
/// a lock) at `now`; returns what it did before.
pub fn switch(kind: SpanKind, now: u64) -> Option<SpanKind> {
    let mut current = Current::get()?;
    close(&current, now);
    let before = current.kind;
    current.kind = kind;
    current.segment_start = now;
    current.set();
    Some(before)
}

/// The running task's id, when a task is running on this thread.
pub fn current_task() -> Option<(u32, u32)> {
    Current::get().map(|c| (c.worker, c.task))
}

/// Records a parked wait of the running task, which does not occupy its worker.
///
/// A wait never ends before it began: a task that parked on one worker and resumed on
/// another read two clocks, and in a browser each Web Worker's clock may read a few
/// microseconds apart (less than the 5 µs the timer resolves), so a wait woken at once
/// can seem to end before its start. It is recorded as lasting no time.
pub fn task_wait(kind: SpanKind, start_ns: u64, end_ns: u64, line: u32) {
    if coarse() {
        return;
    }
    if let Some((worker, task)) = current_task() {
        push(Span {
            worker,
            task,
            kind,
            start_ns,
            end_ns: end_ns.max(start_ns),
            line,
        });
    }
}

/// Records that a task finished.
pub fn finished(record: TaskRecord) {
    let recording = RECORDING.with(Cell::get);
    if recording.coarse.is_some() || !recording.keep {
        return;
    }
    RECORDS.with(|r| r.borrow_mut().push(record));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_that_seems_to_end_before_it_began_lasts_no_time() {
        begin_worker(Recording::default());
        begin_poll(1, 7, SpanKind::Compute, 100, None);
        // Resumed on a worker whose clock reads 5 µs behind the one it parked on.
        task_wait(SpanKind::LockWait, 20_000, 15_000, 0);
        end_poll(30_000);
        let (spans, _) = end_worker();
        let wait = spans.iter().find(|s| s.kind == SpanKind::LockWait).unwrap();
        assert_eq!((wait.start_ns, wait.end_ns), (20_000, 20_000));
        assert!(spans.iter().all(|s| s.start_ns <= s.end_ns));
    }
}
