//! A stop asked for from outside ends a long run's work early (`interleave_engine::stop`).
//!
//! In a test binary of its own: the flag is process-wide, and setting it in the test
//! binary of the other experiments would end their runs too.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use interleave_engine::native::run_on_threads;
use interleave_engine::{ExperimentId, RunRequest, stop};

#[test]
fn a_stop_ends_every_variant_of_a_long_sum_at_its_next_piece() {
    // The largest sum: three variants of 4 billion numbers, several seconds each.
    let mut request = RunRequest::new(ExperimentId::Sum, 2, 2);
    request.params.insert("n".into(), 4_000_000_000);
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(run_on_threads(&request));
    });
    thread::sleep(Duration::from_millis(50));
    stop::request();
    // A run that ignored the stop would take many seconds and compute the right sums; one
    // that honours it returns at once with sums cut short. The generous limit only keeps a
    // broken build from hanging the suite.
    let report = finished
        .recv_timeout(Duration::from_secs(60))
        .expect("the run ended")
        .expect("the run was accepted");
    assert!(
        !report.values_correct(),
        "the stopped run added every number"
    );
    assert!(stop::requested());
}
