//! Every experiment of the catalogue, run natively on small inputs with 1 and 2 workers.

use interleave_engine::budget;
use interleave_engine::native::run_on_threads;
use interleave_engine::repetition::Repeat;
use interleave_engine::tasks::COARSE_SPANS;
use interleave_engine::{ExperimentId, RunReport, RunRequest};

/// A request with every parameter at its quick (small) value.
fn small_request(experiment: ExperimentId, workers: u32) -> RunRequest {
    let mut request = RunRequest::new(experiment, workers, 2);
    request.params = experiment
        .params()
        .iter()
        .map(|spec| (spec.key.to_owned(), spec.quick))
        .collect();
    request
}

fn check_report(report: &RunReport, workers: u32) {
    let name = report.request.experiment.slug();
    assert_eq!(report.workers, workers, "{name}");
    assert!(!report.variants.is_empty(), "{name}");
    assert!(report.values_correct(), "{name}: {:?}", report.variants);
    assert!(
        report.verdict.text.len() > 40,
        "{name}: {}",
        report.verdict.text
    );
    let mut previous_end = 0;
    for variant in &report.variants {
        assert!(
            variant.start_ns >= previous_end,
            "{name}: variants run one after another"
        );
        let end = variant.start_ns + variant.traced_wall_ns();
        assert!(!variant.spans.is_empty(), "{name}/{}", variant.id);
        for span in &variant.spans {
            assert!(span.worker < workers, "{name}/{}", variant.id);
            assert!(span.start_ns >= variant.start_ns && span.end_ns <= end);
            assert!(span.start_ns <= span.end_ns);
        }
        previous_end = end;
    }
    check_footprint(report);
}

/// Checks that the memory budget's footprint of the run bounds what it recorded: one load
/// per variant, at least as many spans, and as many tasks.
fn check_footprint(report: &RunReport) {
    let name = report.request.experiment.slug();
    let footprint = report.request.footprint();
    assert_eq!(footprint.variants.len(), report.variants.len(), "{name}");
    for (load, variant) in footprint.variants.iter().zip(&report.variants) {
        let recorded = variant.spans.len() as u64;
        assert!(
            recorded <= load.spans,
            "{name}/{}: {recorded} spans recorded, {} in the footprint",
            variant.id,
            load.spans
        );
        if load.tasks > 0 {
            assert_eq!(
                u64::from(variant.tasks),
                load.tasks,
                "{name}/{}",
                variant.id
            );
        }
    }
    // Jobs timed on the pool record exactly one span each: the count is exact.
    if footprint.variants.iter().all(|load| load.tasks == 0) {
        let recorded: usize = report.variants.iter().map(|v| v.spans.len()).sum();
        assert_eq!(
            recorded as u64,
            budget::estimate(&report.request).spans,
            "{name}"
        );
    }
}

#[test]
fn every_experiment_runs_on_one_and_two_workers() {
    for &experiment in ExperimentId::ALL {
        for workers in [1, 2] {
            let report = run_on_threads(&small_request(experiment, workers)).unwrap();
            check_report(&report, workers);
        }
    }
}

#[test]
fn variant_ids_are_unique_within_a_run() {
    for &experiment in ExperimentId::ALL {
        let report = run_on_threads(&small_request(experiment, 3)).unwrap();
        let mut ids: Vec<&str> = report.variants.iter().map(|v| v.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), report.variants.len(), "{}", experiment.slug());
    }
}

#[test]
fn amdahl_runs_one_variant_per_worker_count() {
    let report = run_on_threads(&small_request(ExperimentId::Amdahl, 3)).unwrap();
    let ids: Vec<&str> = report.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["k1", "k2", "k3"]);
    // The serial part is one task on one worker; the rest is split into k tasks.
    assert_eq!(report.variants[2].spans.len(), 4);
}

#[test]
fn cpu_bound_tasks_take_turns_in_the_concurrent_variant() {
    let report = run_on_threads(&small_request(ExperimentId::CpuBound, 2)).unwrap();
    let concurrent = &report.variants[1];
    assert!(
        concurrent
            .spans
            .iter()
            .all(|s| s.worker == concurrent.spans[0].worker)
    );
    for pair in concurrent.spans.windows(2) {
        assert_ne!(pair[0].task, pair[1].task, "turns alternate between tasks");
    }
}

#[test]
fn lock_contention_runs_the_teaching_texts_million_tasks_in_bounded_memory() {
    let mut request = RunRequest::new(ExperimentId::Lock, 2, 2);
    request.params.insert("items".into(), 1_000_000);
    request.repeat = Repeat::Once;
    let report = run_on_threads(&request).unwrap();
    assert!(report.values_correct(), "{:?}", report.variants);
    let locked = &report.variants[2];
    assert_eq!(locked.tasks, 1_000_001, "a task per number, and the feeder");
    // Recorded coarsely: when each worker was busy, not a span per task.
    assert!(locked.spans.len() <= COARSE_SPANS, "{}", locked.spans.len());
    assert!(locked.task_records.is_empty());
    check_footprint(&report);
}
