//! The sum experiment run natively on real OS threads.

use interleave_engine::native::run_on_threads;
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

#[test]
fn the_pool_has_exactly_the_requested_workers() {
    for workers in [1, 3] {
        let report = run_on_threads(&sum_request(workers, 100_000)).unwrap();
        assert_eq!(report.workers, workers);
        let parallel = &report.variants[2];
        assert_eq!(parallel.tasks, workers);
        assert_eq!(parallel.spans.len(), workers as usize);
        assert!(parallel.spans.iter().all(|s| s.worker < workers));
    }
}

#[test]
fn concurrent_tasks_take_turns_on_one_worker() {
    let report = run_on_threads(&sum_request(2, 1_000_000)).unwrap();
    let concurrent = &report.variants[1];
    let spans = &concurrent.spans;
    assert_eq!(spans.len(), 16);
    assert!(spans.iter().all(|s| s.worker == spans[0].worker));
    // Ordered by start, the tasks alternate and never overlap: turns, not parallelism.
    for pair in spans.windows(2) {
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
