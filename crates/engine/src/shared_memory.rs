//! The shared-memory backend: a run carried out on the current rayon pool, whose threads
//! are the run's workers (OS threads natively, Web Workers over one wasm memory in an
//! isolated page). It is an ordinary loop over the experiment's variants.

use crate::budget;
use crate::catalogue::RunRequest;
use crate::clock::Clock;
use crate::execute::{Part, carry_out};
use crate::experiment::VariantReport;
use crate::measure::{PROBE_WINDOW_NS, Recorder, free_cores, prime_workers};
use crate::repetition::{Cores, Repeat, another_round, qualify, take_medians};
use crate::report::{Backend, RunReport};

/// Runs an experiment on the current rayon pool, whose threads are the run's workers.
///
/// Call it from inside the pool (`ThreadPool::install`) natively, or with the global pool
/// that wasm-bindgen-rayon built in the browser. The request is clamped first.
///
/// # Panics
///
/// When the run would need more memory than [`budget::CAP_BYTES`]: callers refuse such a
/// request with [`budget::check`]'s message first, and this stops any that slips past
/// before it allocates.
pub fn run(request: &RunRequest, clock: &'static dyn Clock) -> RunReport {
    run_on(request, Recorder::new(clock), |_| {})
}

/// Runs an experiment as [`run`] does, handing each variant of the first round to
/// `on_variant` as soon as it is measured, so that a page can draw the run while it goes.
/// The later rounds are not told of: a page that redrew for them would take a core from
/// the variants they measure.
///
/// The variants come in the order they ran, as they were first measured: the report
/// this returns has each one's median time over the rounds, and an experiment may still
/// settle a variant's value from its spans (throughput reports latencies). It is called
/// on the thread that called this function, between two variants.
///
/// # Panics
///
/// As [`run`] does, when the run would need more memory than the cap.
pub fn run_with(
    request: &RunRequest,
    clock: &'static dyn Clock,
    on_variant: impl FnMut(&VariantReport),
) -> RunReport {
    run_on(request, Recorder::new(clock), on_variant)
}

/// Runs an experiment as [`run`] does with span recording off ([`Recorder::untraced`]),
/// to measure what tracing costs.
///
/// # Panics
///
/// As [`run`] does, when the run would need more memory than the cap.
pub fn run_untraced(request: &RunRequest, clock: &'static dyn Clock) -> RunReport {
    run_on(request, Recorder::new(clock).untraced(), |_| {})
}

fn run_on(
    request: &RunRequest,
    rec: Recorder,
    mut on_variant: impl FnMut(&VariantReport),
) -> RunReport {
    let request = request.bounded();
    if let Err(refusal) = budget::check(&request) {
        panic!("{refusal}");
    }
    let workers = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    let setup = request.setup_on(workers);
    let experiment = request.experiment.experiment();
    let repeat = request.measured();
    let array: Vec<u64> = (0..experiment.shared_array_len(&setup)).collect();
    prime_workers();
    let began = rec.now();
    let mut reports = Vec::new();
    let mut walls: Vec<Vec<u64>> = Vec::new();
    let mut free = Vec::new();
    let mut usable = 1;
    loop {
        let first = reports.is_empty();
        let variants = experiment.variants(&setup, &array);
        usable = usable.max(variants.iter().map(|v| v.workers).max().unwrap_or(1));
        for (index, variant) in variants.into_iter().enumerate() {
            free.push(free_cores(&rec, PROBE_WINDOW_NS));
            let report = carry_out(&rec, variant, Part::Whole);
            if first {
                on_variant(&report);
                walls.push(vec![report.wall_ns]);
                reports.push(report);
            } else {
                walls[index].push(report.wall_ns);
            }
        }
        if !another_round(repeat, &walls, rec.now().saturating_sub(began)) {
            break;
        }
    }
    drop(array);
    if repeat == Repeat::UntilSettled {
        take_medians(&mut reports, walls);
    }
    experiment.settle(&setup, &mut reports);
    let cores = Cores::from_probes(usable.min(setup.cores).max(1), &mut free);
    let judge = |variants: &[VariantReport]| experiment.verdict(&setup, variants);
    let verdict = qualify(&judge, &reports, repeat, cores);
    RunReport {
        expected_value: experiment.expected_value(&setup),
        request,
        workers,
        backend: Backend::SharedMemory,
        variants: reports,
        verdict,
        free_cores: cores.free,
        runtime_memory_bytes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::ExperimentId;

    #[test]
    fn run_with_tells_of_every_variant_as_measured_in_the_plans_number() {
        use std::sync::{Arc, Mutex};
        for &experiment in ExperimentId::ALL {
            let mut request = RunRequest::new(experiment, 2, 2);
            for p in experiment.params() {
                request.params.insert(p.key.into(), p.quick);
            }
            let seen = Arc::new(Mutex::new(Vec::new()));
            let told = Arc::clone(&seen);
            let report = crate::native::pool(2).unwrap().install(|| {
                run_with(&request, crate::native::clock(), move |v| {
                    told.lock().unwrap().push(v.clone());
                })
            });
            let seen = std::mem::take(&mut *seen.lock().unwrap());
            let slug = experiment.slug();
            assert_eq!(seen.len(), report.variants.len(), "{slug}");
            assert_eq!(
                seen.len(),
                crate::distributed::plan(&request).len(),
                "{slug}: the plan counts the variants"
            );
            for (told, kept) in seen.iter().zip(&report.variants) {
                // What an experiment settles afterwards: throughput's value is a latency
                // worked out from the spans, the race's yielding trials are counted.
                let value = if slug == "throughput" {
                    told.value
                } else {
                    kept.value
                };
                let trials = if slug == "race" {
                    told.trials
                } else {
                    kept.trials
                };
                // The report has the median over the rounds; the first round's time is
                // the first of them.
                if let Some(&first) = kept.walls_ns.first() {
                    assert_eq!(first, told.wall_ns, "{slug}");
                }
                assert_eq!(
                    told,
                    &VariantReport {
                        value,
                        trials,
                        wall_ns: told.wall_ns,
                        walls_ns: Vec::new(),
                        ..kept.clone()
                    },
                    "{slug}"
                );
            }
        }
    }

    #[test]
    fn an_untraced_run_keeps_wall_times_and_values_but_records_no_spans() {
        let mut request = RunRequest::new(ExperimentId::Sum, 2, 2);
        request.params.insert("n".into(), 4_000_000);
        let pool = crate::native::pool(2).unwrap();
        let untraced = pool.install(|| run_untraced(&request, crate::native::clock()));
        assert!(untraced.values_correct());
        assert!(untraced.variants.iter().all(|v| v.spans.is_empty()));
        assert!(untraced.variants.iter().all(|v| v.wall_ns > 0));
        let traced = pool.install(|| run(&request, crate::native::clock()));
        assert!(traced.variants.iter().all(|v| !v.spans.is_empty()));
    }

    #[test]
    fn every_baseline_names_an_earlier_variant_of_the_same_run() {
        for &experiment in ExperimentId::ALL {
            let mut request = RunRequest::new(experiment, 2, 2);
            for p in experiment.params() {
                request.params.insert(p.key.into(), p.quick);
            }
            let setup = request.setup_on(2);
            let variants = experiment.experiment().variants(&setup, &[]);
            for (index, variant) in variants.iter().enumerate() {
                if let Some(baseline) = variant.baseline {
                    let at = variants.iter().position(|v| v.id == baseline);
                    assert!(
                        at.is_some_and(|at| at < index),
                        "{}: {} is compared with {baseline}",
                        experiment.slug(),
                        variant.id
                    );
                }
            }
        }
    }
}
