//! Timing tasks and variants on the current pool: what every experiment measures with.

use std::cell::{Cell, RefCell};
use std::hint::black_box;

use crate::clock::{Clock, RunClock};
use crate::distributed::{self, Spread, VariantGate};
use crate::experiment::VariantReport;
use crate::kernels::{self, PIECE, sum_pieces};
use crate::tasks::{Recording, Spawner, TaskRunConfig, run_tasks};
use crate::trace::{self, Span, SpanBuffer, SpanKind};

/// What is told of each variant as soon as it is measured.
type OnVariant = Box<dyn FnMut(&VariantReport)>;

thread_local! {
    /// Told of each variant measured on this thread, while [`reporting_variants`] runs.
    static ON_VARIANT: RefCell<Option<OnVariant>> = const { RefCell::new(None) };
    /// Whether recorders made on this thread record spans: off only in [`without_spans`].
    static SPANS_ON: Cell<bool> = const { Cell::new(true) };
}

/// Runs `body` with span recording off for every [`Recorder`] made on this thread
/// meanwhile (a run makes its recorder on the thread that calls `run`): their
/// [`Recorder::span`] runs its work without reading the clock or keeping a span, so the
/// variants keep their wall times and values but the split-and-join experiments record no
/// spans. Comparing a run with one inside this measures what tracing costs; the task
/// scheduler's spans are recorded either way.
pub fn without_spans<T>(body: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SPANS_ON.with(|on| on.set(self.0));
        }
    }
    let _restore = Restore(SPANS_ON.with(|on| on.replace(false)));
    body()
}

/// Runs `body`, telling `on_variant` of each variant it measures (on this thread) as soon
/// as it is measured; whatever was told before is told again afterwards, even if `body`
/// panics.
pub(crate) fn reporting_variants<T>(on_variant: OnVariant, body: impl FnOnce() -> T) -> T {
    struct Restore(Option<OnVariant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            ON_VARIANT.with(|hook| *hook.borrow_mut() = before);
        }
    }
    let _restore = Restore(ON_VARIANT.with(|hook| hook.borrow_mut().replace(on_variant)));
    body()
}

/// Tells whoever listens of a variant just measured, and hands it back.
fn measured(report: VariantReport) -> VariantReport {
    ON_VARIANT.with(|hook| {
        if let Some(tell) = hook.borrow_mut().as_mut() {
            tell(&report);
        }
    });
    report
}

/// The index of the worker the caller runs on (0 outside a pool); in the message-passing
/// backend, the lane of the engine doing its share.
pub fn worker_index() -> u32 {
    distributed::shard_lane()
        .or_else(|| rayon::current_thread_index().and_then(|i| u32::try_from(i).ok()))
        .unwrap_or(0)
}

/// Reads the run's clock, relative to the run's origin.
///
/// The clock is `'static` so that tasks of the task scheduler, which outlive any one
/// stack frame, can read it too.
#[derive(Clone, Copy)]
pub struct Recorder {
    clock: RunClock,
    /// Whether [`Recorder::span`] records (see [`without_spans`]).
    spans: bool,
}

impl Recorder {
    /// A recorder whose origin is now.
    pub fn new(clock: &'static dyn Clock) -> Self {
        Self::on(RunClock::starting_now(clock))
    }

    /// A recorder whose origin is `origin` on `clock`: engines that share a run but not
    /// a memory agree on it, so their spans land on one timeline.
    pub fn with_origin(clock: &'static dyn Clock, origin: u64) -> Self {
        Self::on(RunClock::with_origin(clock, origin))
    }

    /// A recorder reading `clock`.
    pub fn on(clock: RunClock) -> Self {
        Self {
            clock,
            spans: SPANS_ON.with(Cell::get),
        }
    }

    /// The run's clock.
    pub fn clock(&self) -> RunClock {
        self.clock
    }

    /// Nanoseconds since the run's origin.
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Runs `work` as one span of `task` on the current worker, recorded into `buffer`
    /// (unless this recorder was made with recording off, see [`without_spans`]).
    pub fn span<T>(
        &self,
        task: u32,
        kind: SpanKind,
        buffer: &mut SpanBuffer,
        work: impl FnOnce() -> T,
    ) -> T {
        if !self.spans {
            return work();
        }
        let start_ns = self.now();
        let value = work();
        buffer.push(Span {
            worker: worker_index(),
            task,
            kind,
            start_ns,
            end_ns: self.now(),
        });
        value
    }

    /// Measures one variant of `tasks` tasks on `workers` workers: `body` returns the
    /// answer and the spans of its tasks.
    pub fn variant(
        &self,
        id: &str,
        label: String,
        (tasks, workers): (u32, u32),
        body: impl FnOnce() -> (u64, Vec<Vec<Span>>),
    ) -> VariantReport {
        match distributed::enter_variant(id, workers) {
            VariantGate::Run => {}
            VariantGate::Skip => return skipped(id, label),
            VariantGate::Replay(report) => return report,
        }
        let start_ns = self.now();
        let (value, buffers) = body();
        let end_ns = self.now();
        measured(VariantReport {
            id: id.to_owned(),
            label,
            tasks: if distributed::counts_declared_tasks() {
                tasks
            } else {
                0
            },
            start_ns,
            wall_ns: end_ns.saturating_sub(start_ns),
            value,
            spans: trace::merge(buffers),
            task_records: Vec::new(),
            task_labels: Vec::new(),
        })
    }

    /// Runs `tasks` jobs on the variant's workers (any worker takes any job), each timed
    /// as one compute span of task `first_task + job`; returns the wrapping sum of their
    /// values and their spans.
    pub fn pool_tasks(
        &self,
        tasks: usize,
        first_task: u32,
        work: impl Fn(usize) -> u64 + Sync,
    ) -> (u64, Vec<Vec<Span>>) {
        let Some(shard) = distributed::enter_step(Spread::Variant) else {
            return Default::default();
        };
        let jobs: Vec<u32> = shard
            .share(u32::try_from(tasks).unwrap_or(u32::MAX))
            .collect();
        let results = on_the_pool(jobs.len(), |i| {
            let job = jobs[i] as usize;
            let mut buffer = SpanBuffer::with_capacity(1);
            let task = first_task + job as u32;
            let value = self.span(task, SpanKind::Compute, &mut buffer, || work(job));
            (value, buffer.into_spans())
        });
        let value = results.iter().fold(0u64, |a, r| a.wrapping_add(r.0));
        (value, results.into_iter().map(|r| r.1).collect())
    }

    /// Runs tasks on `workers` workers with the task scheduler as one variant; `root`
    /// spawns the first tasks and returns a function that reads the variant's value
    /// once every task has finished.
    pub fn task_variant<V: FnOnce() -> u64>(
        &self,
        id: &str,
        label: String,
        workers: u32,
        recording: Recording,
        root: impl FnOnce(&Spawner) -> V,
    ) -> VariantReport {
        match distributed::enter_variant(id, workers) {
            VariantGate::Run => {}
            VariantGate::Skip => return skipped(id, label),
            VariantGate::Replay(report) => return report,
        }
        let Some(shard) = distributed::enter_step(Spread::Workers(workers)) else {
            return skipped(id, label);
        };
        let mut value_of = None;
        let config = TaskRunConfig {
            workers,
            shard,
            recording,
        };
        let run = run_tasks(self.clock, config, |spawner| {
            value_of = Some(root(spawner));
        });
        measured(VariantReport {
            id: id.to_owned(),
            label,
            tasks: run.spawned,
            start_ns: run.start_ns,
            wall_ns: run.wall_ns,
            value: value_of.map_or(0, |value| value()),
            spans: run.spans,
            task_records: run.tasks,
            task_labels: run.labels,
        })
    }
}

/// The report of a variant that another engine carries out.
fn skipped(id: &str, label: String) -> VariantReport {
    VariantReport {
        id: id.to_owned(),
        label,
        ..VariantReport::default()
    }
}

/// Runs `work` as a single job on one worker of the pool and returns its result (the
/// default when another engine carries out this step).
pub fn on_one_worker<T: Send + Default>(work: impl FnOnce() -> T + Send) -> T {
    if distributed::enter_step(Spread::One).is_none() {
        return T::default();
    }
    let mut out = None;
    rayon::scope(|s| s.spawn(|_| out = Some(work())));
    out.expect("the scope ran its one job")
}

/// Runs `tasks` jobs on the pool, any worker taking any job (rayon's work stealing), and
/// returns their results in task order.
pub fn on_the_pool<T: Send>(tasks: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut results: Vec<Option<T>> = (0..tasks).map(|_| None).collect();
    let work = &work;
    rayon::scope(|s| {
        for (task, slot) in results.iter_mut().enumerate() {
            s.spawn(move |_| *slot = Some(work(task)));
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("the scope ran every job"))
        .collect()
}

/// Numbers each worker adds, unmeasured, just before a run.
const PRIME_ITEMS: u64 = 8 * PIECE;

/// Gets every worker busy for a few milliseconds before the measured variants.
///
/// Idle workers sleep, and an idle core may be clocked down or handed to another virtual
/// machine; without this, whichever variant runs first pays for waking them up (about
/// 10 % of a 100 ms variant in Chromium on a 2-core machine).
pub fn prime_workers() {
    rayon::broadcast(|_| black_box(sum_pieces(1, PRIME_ITEMS + 1)));
}

/// Runs every kernel briefly on every worker of the pool, unmeasured.
///
/// A browser first runs wasm in a quick baseline tier and optimises a function only once
/// it is hot; without this, the first run a visitor makes measures the compiler, not the
/// claim. It costs a few milliseconds, so rebuilding a pool stays quick.
pub fn warm_up() {
    rayon::broadcast(|_| kernels::warm_up());
}

/// "1 worker" or "3 workers".
pub fn plural(count: u32, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{ExperimentId, RunRequest};
    use crate::native::{clock, pool};

    #[test]
    fn without_spans_keeps_wall_times_and_values_but_records_no_spans() {
        let mut request = RunRequest::new(ExperimentId::Sum, 2, 2);
        request.params.insert("n".into(), 4_000_000);
        let pool = pool(2).unwrap();
        let untraced = pool.install(|| without_spans(|| crate::run(&request, clock())));
        assert!(untraced.values_correct());
        assert!(untraced.variants.iter().all(|v| v.spans.is_empty()));
        assert!(untraced.variants.iter().all(|v| v.wall_ns > 0));
        let traced = pool.install(|| crate::run(&request, clock()));
        assert!(traced.variants.iter().all(|v| !v.spans.is_empty()));
        without_spans(|| assert!(!SPANS_ON.with(Cell::get)));
        assert!(SPANS_ON.with(Cell::get), "recording is back on afterwards");
    }
}
