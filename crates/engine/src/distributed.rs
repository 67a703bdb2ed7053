//! The message-passing backend's side of the engine: a run carried out by separate
//! engines, each with one worker and no memory shared with the others.
//!
//! A page that is not cross-origin isolated gets no shared memory, so it cannot have a
//! pool of threads over one wasm memory. It can still have k Web Workers, each holding
//! its own instance of the engine and told what to do by message: that is real
//! parallelism too. The experiments stay written once, as data: [`plan`] reads off an
//! experiment's variants how many steps each has and how many workers share each step.
//! A coordinator then has the instances carry out one step at a time with [`run_step`],
//! each instance doing its own share ([`Shard`]); [`merge`] folds the parts of a variant
//! into one report, and [`judge`] hands the merged variants to the experiment's verdict,
//! the same one a shared-memory run reaches. Between two steps of one variant the
//! coordinator's messages travel, and that cost is measured with the variant, as it is
//! part of message passing.
//!
//! Only experiments whose tasks share nothing can be run this way; the others say so in
//! [`Info::needs_shared_memory`](crate::experiment::Info::needs_shared_memory).

use serde::{Deserialize, Serialize};

use crate::catalogue::RunRequest;
use crate::clock::Clock;
use crate::execute::{Part, carry_out};
use crate::experiment::{Setup, VariantReport};
use crate::measure::Recorder;
use crate::repetition::{self, Repeat};
use crate::report::{Backend, RunReport};
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

/// The variants of `request` (on as many engines as its workers) and the steps of each,
/// read off the experiment's variants without doing any work.
pub fn plan(request: &RunRequest) -> Vec<VariantPlan> {
    let request = request.bounded();
    let setup = request.setup_on(request.workers);
    request
        .experiment
        .experiment()
        .variants(&setup, &[])
        .iter()
        .map(|variant| VariantPlan {
            id: variant.id.clone(),
            workers: variant.workers,
            steps: variant.spreads(),
        })
        .collect()
}

/// Carries out this engine's share of one step, on the clock every engine shares; the
/// part it returns is merged with the others' by [`merge`].
///
/// # Panics
///
/// When the step names a variant the experiment does not have: the coordinator asks
/// only for what [`plan`] listed.
pub fn run_step(step: &StepRequest, clock: &'static dyn Clock) -> VariantReport {
    let request = step.request.bounded();
    let setup = request.setup_on(request.workers);
    let experiment = request.experiment.experiment();
    let array: Vec<u64> = (0..experiment.shared_array_len(&setup)).collect();
    let variant = experiment
        .variants(&setup, &array)
        .into_iter()
        .nth(step.variant)
        .expect("the plan lists the variant");
    let rec = Recorder::with_origin(clock, step.origin_ns);
    let part = Part::Step {
        step: step.step,
        shard: step.shard,
    };
    carry_out(&rec, variant, part)
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
    let (mut tasks, mut value, mut trials) = (0u32, 0u64, 0u64);
    let mut first = None;
    let mut baseline = None;
    for part in parts {
        tasks = tasks.saturating_add(part.tasks);
        value = value.wrapping_add(part.value);
        trials += part.trials;
        for mut record in part.task_records {
            let label = &part.task_labels[record.label as usize];
            record.label = labels.iter().position(|l| l == label).unwrap_or_else(|| {
                labels.push(label.clone());
                labels.len() - 1
            }) as u32;
            records.push(record);
        }
        spans.push(part.spans);
        baseline = baseline.or(part.baseline);
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
        trials,
        baseline,
        walls_ns: Vec::new(),
    }
}

/// Whether the coordinator should measure every variant again, given each variant's
/// wall times so far (one list per variant, one time per round) and how long the rounds
/// took: the rule a shared-memory run follows ([`crate::repetition`]).
pub fn another_round(request: &RunRequest, walls_ns: &[Vec<u64>], elapsed_ns: u64) -> bool {
    repetition::another_round(request.measured(), walls_ns, elapsed_ns)
}

/// The report of a run whose variants were carried out and merged: the experiment's
/// verdict over them, exactly as a shared-memory run reaches it. `variants` are those of
/// the first round, whose spans the page has; `walls_ns` holds every round's wall time
/// of each variant (empty when they were measured once); `free_cores` the free cores the
/// engines read before each variant, each spinning over one window on the shared clock
/// ([`crate::measure::running_share`]), empty where they were not probed.
pub fn judge(
    request: &RunRequest,
    mut variants: Vec<VariantReport>,
    walls_ns: Vec<Vec<u64>>,
    mut free_cores: Vec<f64>,
) -> RunReport {
    let request = request.bounded();
    let workers = request.workers;
    let setup = Setup {
        tasks_migrate: false,
        ..request.setup_on(workers)
    };
    let experiment = request.experiment.experiment();
    let repeat = request.measured();
    if repeat == Repeat::UntilSettled {
        repetition::take_medians(&mut variants, walls_ns);
    }
    experiment.settle(&setup, &mut variants);
    let cores = repetition::Cores::from_probes(workers.min(setup.cores).max(1), &mut free_cores);
    let judge = |variants: &[VariantReport]| experiment.verdict(&setup, variants);
    let verdict = repetition::qualify(&judge, &variants, repeat, cores);
    RunReport {
        expected_value: experiment.expected_value(&setup),
        request,
        workers,
        backend: Backend::MessagePassing,
        variants,
        verdict,
        free_cores: cores.free,
        runtime_memory_bytes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::ExperimentId;
    use crate::experiment::Info;
    use crate::native::{clock, pool};

    /// Carries out a whole run the way the message-passing backend does, each shard's
    /// share in turn on a pool of one thread.
    fn run_sharded(request: &RunRequest) -> RunReport {
        let one = pool(1).unwrap();
        let origin_ns = clock().now_ns();
        let plans = plan(request);
        let mut variants = Vec::new();
        let mut walls: Vec<Vec<u64>> = vec![Vec::new(); plans.len()];
        loop {
            for (variant, plan) in plans.iter().enumerate() {
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
                let merged = merge(parts);
                walls[variant].push(merged.wall_ns);
                if variants.len() < plans.len() {
                    variants.push(merged);
                }
            }
            if !another_round(request, &walls, clock().now_ns() - origin_ns) {
                break;
            }
        }
        judge(request, variants, walls, Vec::new())
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
    fn shards_of_a_parallel_step_run_on_their_own_lanes() {
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
        let mut lanes: Vec<u32> = merged.spans.iter().map(|s| s.worker).collect();
        lanes.dedup();
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
            let report = crate::shared_memory::run(&request, clock());
            assert_eq!(report.variants.len(), 3);
            assert!(report.variants.iter().all(|v| v.wall_ns > 0));
            assert_eq!(report.backend, Backend::SharedMemory);
        });
    }
}
