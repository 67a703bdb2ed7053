//! The sum experiment run natively on real OS threads.

use interleave_engine::experiment::VariantReport;
use interleave_engine::native::run_on_threads;
use interleave_engine::trace::{Span, SpanKind};
use interleave_engine::{ExperimentId, RunRequest};

fn sum_request(workers: u32, n: u64) -> RunRequest {
    let mut request = RunRequest::new(ExperimentId::Sum, workers, 2);
    request.params.insert("n".into(), n);
    request
}

#[test]
fn every_variant_computes_the_right_sum() {
    let report = run_on_threads(&sum_request(2, 1_000_000)).unwrap();
    assert_eq!(report.expected_value, Some(500_000_500_000));
    assert!(report.values_correct(), "{:?}", report.variants);
    let ids: Vec<&str> = report.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["sequential", "concurrent", "parallel"]);
}

/// The spans of a variant's worker lanes in which a task computed, in time order.
fn turns(variant: &VariantReport) -> Vec<&Span> {
    let mut turns: Vec<&Span> = variant
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Compute)
        .collect();
    turns.sort_by_key(|s| s.start_ns);
    turns
}

#[test]
fn the_pool_has_exactly_the_requested_workers() {
    for workers in [1, 3] {
        let report = run_on_threads(&sum_request(workers, 100_000)).unwrap();
        assert_eq!(report.workers, workers);
        let parallel = &report.variants[2];
        // The program has a task per worker, and at least two.
        assert_eq!(parallel.tasks, workers.max(2));
        assert!(turns(parallel).iter().all(|s| s.worker < workers));
    }
}

#[test]
fn one_program_runs_on_one_worker_and_on_all() {
    let report = run_on_threads(&sum_request(2, 1_000_000)).unwrap();
    let (one, all) = (&report.variants[1], &report.variants[2]);
    assert_eq!((one.tasks, all.tasks), (2, 2));
    assert_eq!(report.variants[0].tasks, 1);
    // Each task has a preemption point after every eighth of its share: 8 turns each.
    assert_eq!(turns(one).len(), 16);
    assert!(turns(all).len() >= 16);
}

#[test]
fn on_one_worker_the_scheduler_interleaves_the_tasks() {
    let report = run_on_threads(&sum_request(2, 1_000_000)).unwrap();
    let turns = turns(&report.variants[1]);
    assert!(turns.iter().all(|s| s.worker == turns[0].worker));
    // Switched at every preemption point, the tasks alternate and never overlap: turns,
    // not parallelism.
    for pair in turns.windows(2) {
        assert_ne!(pair[0].task, pair[1].task);
        assert!(pair[0].end_ns <= pair[1].start_ns);
    }
}

#[test]
fn out_of_range_requests_are_clamped() {
    let report = run_on_threads(&sum_request(1_000, 1)).unwrap();
    assert_eq!(report.workers, 4, "2 cores allow at most 4 workers");
    assert_eq!(report.request.params["n"], 1_000);
}
