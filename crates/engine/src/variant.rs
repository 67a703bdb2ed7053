//! A variant of an experiment as data: what it is (id, label, workers, tasks, what it
//! allocates) and its steps, each of which a backend carries out.
//!
//! An experiment describes its variants and does not run them: the shared-memory backend
//! ([`crate::shared_memory`]) carries out every step on the current pool, the
//! message-passing one ([`crate::distributed`]) has each of several engines carry out its
//! share of one step, and the plan, the memory footprint and the step count are read off
//! the same list without running anything. Building the list is cheap; the work is in
//! the steps' closures, which borrow what the experiment set up (`'d`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::footprint::{VariantLoad, task_spans};
use crate::measure::Recorder;
use crate::tasks::{Recording, Spawner};
use crate::trace::Span;

/// Work that runs as one job on one worker and records its own spans.
pub type OnOneWorker<'d> = Box<dyn FnOnce(&Recorder) -> (u64, Vec<Span>) + Send + 'd>;
/// Work that runs once on every worker at the same time; it returns that worker's spans.
pub type EachWorker<'d> = Box<dyn Fn(&Recorder) -> Vec<Span> + Send + Sync + 'd>;
/// One job of a [`Step::Jobs`]: job `i`'s value.
pub type Job<'d> = Box<dyn Fn(usize) -> u64 + Send + Sync + 'd>;
/// Spawns a task run's first tasks and returns what reads its value once every task has
/// finished.
pub type Root<'d> = Box<dyn FnOnce(&Spawner) -> Box<dyn FnOnce() -> u64 + 'd> + 'd>;

/// One step of a variant; a variant's value is the wrapping sum of its steps' values.
pub enum Step<'d> {
    /// Work on one worker of the variant.
    OnOneWorker(OnOneWorker<'d>),
    /// `jobs` jobs spread over the variant's workers, any worker taking any job, each
    /// timed as one compute span of task `first_task + job`.
    Jobs {
        /// How many jobs.
        jobs: u32,
        /// The task id of job 0.
        first_task: u32,
        /// What job `i` computes.
        work: Job<'d>,
    },
    /// Work run at once on every worker of the pool, one call per worker (for workers that
    /// meet at a barrier, which jobs taken from a queue could not: two of them might land
    /// on one worker and wait for each other forever), then `total` reads the value and
    /// the trials it ran. Needs the workers in one memory.
    OnEveryWorker {
        /// What each worker does.
        each: EachWorker<'d>,
        /// The value and the trial count, read once every worker has returned.
        total: Box<dyn FnOnce() -> (u64, u64) + 'd>,
    },
    /// Tasks on the task scheduler, on `workers` workers.
    Tasks {
        /// The workers the tasks run on.
        workers: u32,
        /// How much the run records.
        recording: Recording,
        /// Spawns the first tasks.
        root: Root<'d>,
    },
}

impl Step<'_> {
    /// How many workers share this step in a variant of `variant_workers` workers (1: it
    /// runs on one worker); the message-passing backend has that many engines do it.
    pub fn spread(&self, variant_workers: u32) -> u32 {
        match self {
            Step::OnOneWorker(_) => 1,
            Step::Jobs { .. } | Step::OnEveryWorker { .. } => variant_workers.max(1),
            Step::Tasks { workers, .. } => (*workers).max(1),
        }
    }
}

/// One variant of an experiment, such as "sequential", before it runs.
pub struct Variant<'d> {
    /// A stable identifier, e.g. `sequential`, `concurrent`, `parallel`.
    pub id: String,
    /// What the variant is, in words for the page, e.g. "2 tasks on 1 worker".
    pub label: String,
    /// How many workers it runs on.
    pub workers: u32,
    /// The tasks it declares outside the task scheduler (whose tasks are counted as they
    /// are spawned and added to this).
    pub tasks: u32,
    /// What it records at most, for the memory budget.
    pub load: VariantLoad,
    /// The id of the variant its speedup is measured against, if any.
    pub baseline: Option<&'static str>,
    /// Its steps, in order.
    pub steps: Vec<Step<'d>>,
}

impl<'d> Variant<'d> {
    /// A variant of one step.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        (tasks, workers): (u32, u32),
        load: VariantLoad,
        step: Step<'d>,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            workers,
            tasks,
            load,
            baseline: None,
            steps: vec![step],
        }
    }

    /// A variant of tasks on the task scheduler: one [`Step::Tasks`] step, its task count
    /// the tasks spawned.
    pub fn tasks(
        id: impl Into<String>,
        label: impl Into<String>,
        workers: u32,
        (recording, load): (Recording, VariantLoad),
        root: impl FnOnce(&Spawner) -> Box<dyn FnOnce() -> u64 + 'd> + 'd,
    ) -> Self {
        Self::new(
            id,
            label,
            (0, workers),
            load,
            Step::Tasks {
                workers,
                recording,
                root: Box::new(root),
            },
        )
    }

    /// The same variant, its speedup measured against variant `baseline`.
    pub fn against(self, baseline: &'static str) -> Self {
        Self {
            baseline: Some(baseline),
            ..self
        }
    }

    /// The same variant with one more step after the others.
    pub fn then(mut self, step: Step<'d>) -> Self {
        self.steps.push(step);
        self
    }

    /// For each step in order, how many workers share it.
    pub fn spreads(&self) -> Vec<u32> {
        self.steps.iter().map(|s| s.spread(self.workers)).collect()
    }
}

/// A [`Step::OnOneWorker`] from a closure.
pub fn on_one_worker<'d>(work: impl FnOnce(&Recorder) -> (u64, Vec<Span>) + Send + 'd) -> Step<'d> {
    Step::OnOneWorker(Box::new(work))
}

/// A [`Step::Jobs`] from a closure.
pub fn jobs<'d>(
    jobs: u32,
    first_task: u32,
    work: impl Fn(usize) -> u64 + Send + Sync + 'd,
) -> Step<'d> {
    Step::Jobs {
        jobs,
        first_task,
        work: Box::new(work),
    }
}

/// How a task of [`computing_tasks`] is cut: into this many slices, with a preemption
/// point between two slices. Eight turns per task keep a 1-worker timeline readable and
/// cost eight switches of about a microsecond each.
pub const SLICES_PER_TASK: u64 = 8;

/// The `tasks` tasks of one concurrent program, each computing `slice(task, i)` for its
/// slices `i` in `0..slices` and yielding between them, run on `workers` workers; the
/// variant's value is the wrapping sum of every slice.
///
/// The yield is the preemption point Go's scheduler has at a long loop's back-edge: the
/// scheduler, not the experiment, decides what runs next. So on one worker the tasks take
/// turns because there is only one worker, and on k they also run at once; the program is
/// the same in both, only its execution differs (the lesson of experiments 1 and 2).
pub fn computing_tasks<'d>(
    (id, label): (&str, String),
    workers: u32,
    shape: (&'static str, u32, u64),
    slice: impl Fn(u32, u64) -> u64 + Send + Sync + 'static,
) -> Variant<'d> {
    let (task_label, tasks, slices) = shape;
    let load = VariantLoad::scheduled_each(tasks, task_spans(slices, 0));
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), load),
        move |spawner| {
            let total = Arc::new(AtomicU64::new(0));
            let slice = Arc::new(slice);
            for task in spawner.shard().share(tasks) {
                let (total, slice) = (Arc::clone(&total), Arc::clone(&slice));
                spawner.spawn(task_label, move |ctx| async move {
                    let mut sum = 0u64;
                    for i in 0..slices {
                        if i > 0 {
                            ctx.yield_now().await;
                        }
                        sum = sum.wrapping_add(slice(task, i));
                    }
                    total.fetch_add(sum, Relaxed);
                });
            }
            Box::new(move || total.load(Relaxed))
        },
    )
}
