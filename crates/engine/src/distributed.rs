//! The message-passing backend's side of the engine: a run carried out by separate
//! engines, each with one worker and no memory shared with the others.
//!
//! A page that is not cross-origin isolated gets no shared memory, so it cannot have a
//! pool of threads over one wasm memory. It can still have k Web Workers, each holding
//! its own instance of the engine and told what to do by message: that is real
//! parallelism too. The experiments stay written once. [`plan`] runs an experiment
//! without doing its work, to learn its variants and each variant's steps (work on one
//! worker, or work spread over w workers). A coordinator then has the instances carry out
//! one step at a time with [`run_step`], each instance doing its own share ([`Shard`]);
//! [`merge`] folds the parts of a variant into one report, and [`judge`] replays the
//! experiment over the merged variants to reach the same verdict a shared-memory run
//! would. Between two steps of one variant the coordinator's messages travel, and that
//! cost is measured with the variant, as it is part of message passing.
//!
//! Only experiments whose tasks share nothing can be run this way; the others say so in
//! [`Info::needs_shared_memory`](crate::experiment::Info::needs_shared_memory).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::experiment::{Backend, Outcome, RunReport, RunRequest, VariantReport};
use crate::measure::Recorder;
use crate::trace;

pub use crate::shard::Shard;

/// One variant of an experiment as the message-passing backend carries it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantPlan {
    /// The variant's id, as in its report.
    pub id: String,
    /// How many workers the variant runs on.
    pub workers: u32,
    /// For each step in order, how many workers share it (1: it runs on one worker).
    pub steps: Vec<u32>,
}

/// What a coordinator asks one engine to do: its share of one step of one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRequest {
    /// The run's request.
    pub request: RunRequest,
    /// Index of the variant in the plan.
    pub variant: usize,
    /// Index of the step in the variant.
    pub step: usize,
    /// This engine's share.
    pub shard: Shard,
    /// The run's origin on the shared clock, in nanoseconds, so every engine's spans
    /// land on one timeline.
    pub origin_ns: u64,
}

/// What the experiment code around the engine's measuring functions is doing.
enum Mode {
    /// Everything runs where it is asked to: the shared-memory backend and native runs.
    Whole,
    /// Nothing runs; each variant's steps are noted.
    Plan(Vec<VariantPlan>),
    /// Only one step of one variant runs, as one shard's share.
    Step {
        variant: usize,
        step: usize,
        shard: Shard,
        /// Variants met so far, and steps met so far in the current variant.
        variants_seen: usize,
        steps_seen: usize,
    },
    /// Nothing runs; variants measured before are handed back in order.
    Replay(VecDeque<VariantReport>),
}

thread_local! {
    static MODE: RefCell<Mode> = const { RefCell::new(Mode::Whole) };
    /// The worker lane spans are drawn in while a shard does its share.
    static LANE: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Sets the mode for one call into an experiment and puts [`Mode::Whole`] back after,
/// even if the experiment panics.
fn with_mode<T>(mode: Mode, body: impl FnOnce() -> T) -> (T, Mode) {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            MODE.with(|m| *m.borrow_mut() = Mode::Whole);
            LANE.with(|l| l.set(None));
        }
    }
    MODE.with(|m| *m.borrow_mut() = mode);
    let _restore = Restore;
    let value = body();
    let mode = MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), Mode::Whole));
    (value, mode)
}

/// What a variant does in the current mode.
pub(crate) enum VariantGate {
    /// Run its body.
    Run,
    /// Skip it: another step is being carried out.
    Skip,
    /// Hand back this report measured before.
    Replay(VariantReport),
}

/// Called as a variant starts; `workers` is how many workers it runs on.
pub(crate) fn enter_variant(id: &str, workers: u32) -> VariantGate {
    MODE.with(|m| match &mut *m.borrow_mut() {
        Mode::Whole => VariantGate::Run,
        Mode::Plan(plans) => {
            plans.push(VariantPlan {
                id: id.to_owned(),
                workers,
                steps: Vec::new(),
            });
            VariantGate::Run
        }
        Mode::Step {
            variant,
            variants_seen,
            steps_seen,
            ..
        } => {
            let this = *variants_seen;
            *variants_seen += 1;
            *steps_seen = 0;
            if this == *variant {
                VariantGate::Run
            } else {
                VariantGate::Skip
            }
        }
        Mode::Replay(reports) => VariantGate::Replay(
            reports
                .pop_front()
                .expect("a replay has a report for every variant"),
        ),
    })
}

/// How many workers a step of work is spread over.
#[derive(Clone, Copy)]
pub(crate) enum Spread {
    /// One worker.
    One,
    /// The workers its variant declared.
    Variant,
    /// This many.
    Workers(u32),
}

/// Called as a step of work starts: `None` if it is to be skipped, else the share of it
/// to do ([`Shard::WHOLE`] outside the message-passing backend).
pub(crate) fn enter_step(spread: Spread) -> Option<Shard> {
    MODE.with(|m| match &mut *m.borrow_mut() {
        Mode::Whole => Some(Shard::WHOLE),
        Mode::Plan(plans) => {
            let plan = plans.last_mut().expect("steps belong to a variant");
            plan.steps.push(match spread {
                Spread::One => 1,
                Spread::Variant => plan.workers,
                Spread::Workers(w) => w.max(1),
            });
            None
        }
        Mode::Step {
            step,
            shard,
            steps_seen,
            ..
        } => {
            let this = *steps_seen;
            *steps_seen += 1;
            (this == *step).then(|| {
                LANE.with(|l| l.set(Some(shard.index)));
                *shard
            })
        }
        Mode::Replay(_) => None,
    })
}

/// The worker lane of the shard doing its share right now, if one is.
pub(crate) fn shard_lane() -> Option<u32> {
    LANE.with(Cell::get)
}

/// Whether a variant's declared task count belongs to this part of it: in a step, only
/// the first shard of the first step counts it, so merged parts count it once.
pub(crate) fn counts_declared_tasks() -> bool {
    MODE.with(|m| match &*m.borrow() {
        Mode::Step { step, shard, .. } => *step == 0 && shard.index == 0,
        _ => true,
    })
}

/// A clock for plans and replays, which measure nothing.
struct Stopped;

impl Clock for Stopped {
    fn now_ns(&self) -> u64 {
        0
    }
}

/// The variants of `request` (on as many engines as its workers) and the steps of each,
/// found without doing any work.
pub fn plan(request: &RunRequest) -> Vec<VariantPlan> {
    let request = request.bounded();
    let rec = Recorder::new(&Stopped);
    let (_, mode) = with_mode(Mode::Plan(Vec::new()), || {
        request.experiment.run(&request, request.workers, &rec)
    });
    let Mode::Plan(plans) = mode else {
        unreachable!("the plan mode stays")
    };
    plans
}

/// Carries out this engine's share of one step, on the clock every engine shares; the
/// part it returns is merged with the others' by [`merge`].
pub fn run_step(step: &StepRequest, clock: &'static dyn Clock) -> VariantReport {
    let request = step.request.bounded();
    let rec = Recorder::with_origin(clock, step.origin_ns);
    let mode = Mode::Step {
        variant: step.variant,
        step: step.step,
        shard: step.shard,
        variants_seen: 0,
        steps_seen: 0,
    };
    let (outcome, _) = with_mode(mode, || {
        request.experiment.run(&request, request.workers, &rec)
    });
    outcome
        .variants
        .into_iter()
        .nth(step.variant)
        .expect("the step's variant ran")
}

/// Folds the parts of one variant (every shard of every step) into its report: from the
/// first part's start to the last part's end, the values added up, the spans and task
/// records of all.
pub fn merge(parts: Vec<VariantReport>) -> VariantReport {
    let start_ns = parts.iter().map(|p| p.start_ns).min().unwrap_or(0);
    let end_ns = parts
        .iter()
        .map(|p| p.start_ns + p.wall_ns)
        .max()
        .unwrap_or(start_ns);
    let mut labels: Vec<String> = Vec::new();
    let mut records = Vec::new();
    let mut spans = Vec::new();
    let (mut tasks, mut value) = (0u32, 0u64);
    let mut first = None;
    for part in parts {
        tasks = tasks.saturating_add(part.tasks);
        value = value.wrapping_add(part.value);
        for mut record in part.task_records {
            let label = &part.task_labels[record.label as usize];
            record.label = labels.iter().position(|l| l == label).unwrap_or_else(|| {
                labels.push(label.clone());
                labels.len() - 1
            }) as u32;
            records.push(record);
        }
        spans.push(part.spans);
        first.get_or_insert((part.id, part.label));
    }
    let (id, label) = first.unwrap_or_default();
    records.sort_unstable_by_key(|r| r.task);
    VariantReport {
        id,
        label,
        tasks,
        start_ns,
        wall_ns: end_ns - start_ns,
        value,
        spans: trace::merge(spans),
        task_records: records,
        task_labels: labels,
    }
}

/// The report of a run whose variants were carried out and merged: the experiment is
/// replayed over them, so its verdict is reached exactly as in a shared-memory run.
pub fn judge(request: &RunRequest, variants: Vec<VariantReport>) -> RunReport {
    let request = request.bounded();
    let workers = request.workers;
    let rec = Recorder::new(&Stopped);
    let (
        Outcome {
            variants,
            expected_value,
            verdict,
        },
        _,
    ) = with_mode(Mode::Replay(variants.into()), || {
        request.experiment.run(&request, workers, &rec)
    });
    RunReport {
        request,
        workers,
        backend: Backend::MessagePassing,
        variants,
        expected_value,
        verdict,
        runtime_memory_bytes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{ExperimentId, Info};
    use crate::native::{clock, pool};

    /// Carries out a whole run the way the message-passing backend does, each shard's
    /// share in turn on a pool of one thread.
    fn run_sharded(request: &RunRequest) -> RunReport {
        let one = pool(1).unwrap();
        let origin_ns = clock().now_ns();
        let variants = plan(request)
            .iter()
            .enumerate()
            .map(|(variant, plan)| {
                let mut parts = Vec::new();
                for (step, &count) in plan.steps.iter().enumerate() {
                    for index in 0..count {
                        let step = StepRequest {
                            request: request.clone(),
                            variant,
                            step,
                            shard: Shard { index, count },
                            origin_ns,
                        };
                        parts.push(one.install(|| run_step(&step, clock())));
                    }
                }
                merge(parts)
            })
            .collect();
        judge(request, variants)
    }

    fn quick(experiment: ExperimentId, workers: u32) -> RunRequest {
        let mut request = RunRequest::new(experiment, workers, 2);
        for p in experiment.params() {
            request.params.insert(p.key.into(), p.quick);
        }
        request
    }

    fn message_passing() -> impl Iterator<Item = &'static Info> {
        ExperimentId::ALL
            .iter()
            .map(|e| e.info())
            .filter(|i| !i.needs_shared_memory)
    }

    #[test]
    fn shares_and_parts_cover_everything_once() {
        for count in 1..6 {
            let shards = (0..count).map(|index| Shard { index, count });
            let mut items: Vec<u32> = shards.clone().flat_map(|s| s.share(17)).collect();
            items.sort_unstable();
            assert_eq!(items, (0..17).collect::<Vec<_>>());
            let parts: Vec<(u64, u64)> = shards.map(|s| s.part(1, 1_001)).collect();
            assert_eq!(parts[0].0, 1);
            assert_eq!(parts.last().unwrap().1, 1_001);
            assert!(parts.windows(2).all(|w| w[0].1 == w[1].0));
            let ids: Vec<u32> = (0..count)
                .flat_map(|index| (0..3).map(move |l| Shard { index, count }.task_id(l)))
                .collect();
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), ids.len());
        }
    }

    #[test]
    fn plans_find_every_variant_and_its_steps() {
        let plans = plan(&quick(ExperimentId::Sum, 3));
        let steps: Vec<(&str, &[u32])> = plans
            .iter()
            .map(|p| (p.id.as_str(), p.steps.as_slice()))
            .collect();
        assert_eq!(
            steps,
            [
                ("sequential", &[1][..]),
                ("concurrent", &[1]),
                ("parallel", &[3])
            ]
        );
        let amdahl = plan(&quick(ExperimentId::Amdahl, 2));
        assert_eq!(amdahl[1].steps, [1, 2], "the serial part, then the rest");
    }

    #[test]
    fn every_message_passing_experiment_agrees_with_the_shared_run() {
        for info in message_passing() {
            let experiment = ExperimentId::from_slug(info.slug).unwrap();
            for workers in [1, 2, 3] {
                let request = quick(experiment, workers);
                let report = run_sharded(&request);
                let shared = crate::native::run_on_threads(&request).unwrap();
                assert_eq!(report.backend, Backend::MessagePassing);
                assert_eq!(
                    report.variants.iter().map(|v| &v.id).collect::<Vec<_>>(),
                    shared.variants.iter().map(|v| &v.id).collect::<Vec<_>>(),
                    "{} on {workers}",
                    info.slug
                );
                assert!(report.values_correct(), "{} on {workers}", info.slug);
                for (sharded, whole) in report.variants.iter().zip(&shared.variants) {
                    // Each engine feeds its own share of the granularity tasks.
                    let feeders = if whole.id.starts_with("size-") {
                        workers - 1
                    } else {
                        0
                    };
                    assert_eq!(
                        sharded.tasks,
                        whole.tasks + feeders,
                        "{} {}",
                        info.slug,
                        whole.id
                    );
                    if report.expected_value.is_none() && info.slug != "throughput" {
                        assert_eq!(sharded.value, whole.value, "{} {}", info.slug, whole.id);
                    }
                    let lanes: std::collections::BTreeSet<u32> =
                        sharded.spans.iter().map(|s| s.worker).collect();
                    assert!(lanes.iter().all(|&w| w < workers), "{}", info.slug);
                }
            }
        }
    }

    #[test]
    fn shards_of_a_parallel_step_run_at_the_same_time_on_their_own_lanes() {
        let request = quick(ExperimentId::Sum, 2);
        let plans = plan(&request);
        let origin_ns = clock().now_ns();
        let parts: Vec<VariantReport> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|index| {
                    let step = StepRequest {
                        request: request.clone(),
                        variant: 2,
                        step: 0,
                        shard: Shard { index, count: 2 },
                        origin_ns,
                    };
                    s.spawn(move || pool(1).unwrap().install(|| run_step(&step, clock())))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(plans[2].id, "parallel");
        let merged = merge(parts);
        let lanes: Vec<u32> = merged.spans.iter().map(|s| s.worker).collect();
        assert_eq!(lanes, [0, 1]);
        assert_eq!(merged.value, crate::kernels::triangular(request.param("n")));
    }

    #[test]
    fn the_shared_run_is_untouched_after_a_step() {
        let request = quick(ExperimentId::Sum, 2);
        let step = StepRequest {
            request: request.clone(),
            variant: 0,
            step: 0,
            shard: Shard::WHOLE,
            origin_ns: 0,
        };
        pool(1).unwrap().install(|| {
            run_step(&step, clock());
            let report = crate::experiment::run(&request, clock());
            assert_eq!(report.variants.len(), 3);
            assert!(report.variants.iter().all(|v| v.wall_ns > 0));
            assert_eq!(report.backend, Backend::SharedMemory);
        });
    }
}
