//! The decision matrix: which kind of workload gains from concurrency on one worker, and
//! which from parallelism on all of them, filled from runs on the visitor's machine.

use crate::catalogue::{ExperimentId, RunRequest};
use crate::repetition::Repeat;
use crate::report::RunReport;
use crate::stats::Summary;

/// One row of the matrix: a workload, the experiment that measures it, and what the
/// teaching material expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    /// The row's name, e.g. "I/O-bound".
    pub name: &'static str,
    /// The experiment run for it.
    pub experiment: ExperimentId,
    /// Parameters that keep a run short (about a second).
    pub params: &'static [(&'static str, u64)],
    /// The variant every speedup is measured against.
    pub baseline: &'static str,
    /// The variant of the workload on one worker.
    pub one_worker: &'static str,
    /// The variant of the workload on every worker.
    pub all_workers: &'static str,
    /// What the material expects on one worker and on all.
    pub expected: (Expected, Expected),
    /// Why, in the material's words: the matrix's last column.
    pub why: &'static str,
}

/// How a speedup reads in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gain {
    /// At least 1.5×.
    MuchFaster,
    /// From 1.1× to 1.5×.
    SomewhatFaster,
    /// From 0.9× to 1.1×.
    Same,
    /// Below 0.9×.
    Slower,
}

impl Gain {
    /// The band a measured speedup falls in.
    pub fn of(speedup: f64) -> Self {
        if speedup >= 1.5 {
            Gain::MuchFaster
        } else if speedup >= 1.1 {
            Gain::SomewhatFaster
        } else if speedup >= 0.9 {
            Gain::Same
        } else {
            Gain::Slower
        }
    }

    /// The words in the matrix.
    pub fn words(self) -> &'static str {
        match self {
            Gain::MuchFaster => "much faster",
            Gain::SomewhatFaster => "somewhat faster",
            Gain::Same => "same",
            Gain::Slower => "slower",
        }
    }
}

/// What the teaching material's decision matrix expects of a cell, in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// "Much faster": at least 1.5×.
    MuchFaster,
    /// "Faster": at least 1.1×.
    Faster,
    /// "Somewhat faster": from 1.1× to 1.5×.
    SomewhatFaster,
    /// "Same or slower": below 1.1×.
    SameOrSlower,
    /// "Slower": below 0.9×.
    Slower,
}

impl Expected {
    /// The material's words.
    pub fn words(self) -> &'static str {
        match self {
            Expected::MuchFaster => "much faster",
            Expected::Faster => "faster",
            Expected::SomewhatFaster => "somewhat faster",
            Expected::SameOrSlower => "same or slower",
            Expected::Slower => "slower",
        }
    }

    /// Whether a measured band is what the material says, band for band: a cell is
    /// ticked only when its measured band is one the words cover.
    pub fn admits(self, measured: Gain) -> bool {
        match self {
            Expected::MuchFaster => measured == Gain::MuchFaster,
            Expected::Faster => matches!(measured, Gain::SomewhatFaster | Gain::MuchFaster),
            Expected::SomewhatFaster => measured == Gain::SomewhatFaster,
            Expected::SameOrSlower => matches!(measured, Gain::Same | Gain::Slower),
            Expected::Slower => measured == Gain::Slower,
        }
    }
}

/// A measured speedup in words for the matrix: "2.04× much faster", "0.95× same", and
/// below a tenth, where two decimals would print "0.00×", how many times slower
/// ("466× slower").
pub fn speedup_words(speedup: f64) -> String {
    let band = Gain::of(speedup);
    if speedup > 0.0 && speedup < 0.1 {
        format!("{:.0}× slower", 1.0 / speedup)
    } else {
        format!("{speedup:.2}× {}", band.words())
    }
}

/// The rows of the matrix, as the catalogue's summary table has them.
pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "I/O-bound",
        experiment: ExperimentId::IoBound,
        params: &[("tasks", 4), ("wait_ms", 100)],
        baseline: "sequential",
        one_worker: "parked-1",
        all_workers: "parked-k",
        expected: (Expected::MuchFaster, Expected::MuchFaster),
        why: "Overlap wait times",
    },
    Workload {
        name: "CPU-bound",
        experiment: ExperimentId::CpuBound,
        params: &[("tasks", 4), ("rounds", 100)],
        baseline: "sequential",
        one_worker: "concurrent",
        all_workers: "parallel",
        expected: (Expected::SameOrSlower, Expected::Faster),
        why: "Needs parallel execution",
    },
    Workload {
        name: "mixed",
        experiment: ExperimentId::Mixed,
        params: &[("tasks", 8), ("wait_ms", 20), ("rounds", 30)],
        baseline: "sequential",
        one_worker: "concurrent",
        all_workers: "parallel",
        expected: (Expected::SomewhatFaster, Expected::MuchFaster),
        why: "Overlap I/O, parallelize CPU",
    },
    Workload {
        name: "coordination-heavy",
        experiment: ExperimentId::Lock,
        params: &[("items", 50_000)],
        baseline: "plain",
        one_worker: "locked-1",
        all_workers: "locked-k",
        expected: (Expected::Slower, Expected::Slower),
        why: "Synchronization overhead dominates",
    },
];

impl Workload {
    /// The request that measures this workload with `workers` workers.
    pub fn request(&self, workers: u32, cores: u32) -> RunRequest {
        RunRequest {
            experiment: self.experiment,
            workers,
            cores,
            params: self
                .params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), *v))
                .collect(),
            repeat: Repeat::UntilSettled,
        }
    }

    /// The speedups over the baseline on one worker and on all, from one run.
    pub fn speedups(&self, report: &RunReport) -> Option<(f64, f64)> {
        let wall = |id: &str| {
            report
                .variants
                .iter()
                .find(|v| v.id == id)
                .map(|v| v.wall_ns.max(1) as f64)
        };
        let base = wall(self.baseline)?;
        Some((
            base / wall(self.one_worker)?,
            base / wall(self.all_workers)?,
        ))
    }
}

/// The median of repeated speedups, and their range, as the matrix shows them.
pub fn median_speedup(speedups: &[f64]) -> Option<(f64, f64, f64)> {
    // Summary works on integers: keep three decimals.
    let scaled: Vec<u64> = speedups.iter().map(|s| (s * 1000.0) as u64).collect();
    Summary::of(&scaled).map(|s| {
        (
            s.median_ns / 1000.0,
            s.min_ns as f64 / 1000.0,
            s.max_ns as f64 / 1000.0,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gains_fall_in_bands() {
        assert_eq!(Gain::of(4.0), Gain::MuchFaster);
        assert_eq!(Gain::of(1.3), Gain::SomewhatFaster);
        assert_eq!(Gain::of(1.0), Gain::Same);
        assert_eq!(Gain::of(0.02), Gain::Slower);
        assert!(Expected::SameOrSlower.admits(Gain::Slower));
        assert!(Expected::Faster.admits(Gain::MuchFaster));
        assert!(!Expected::MuchFaster.admits(Gain::SomewhatFaster));
        assert!(!Expected::Slower.admits(Gain::Same));
    }

    #[test]
    fn a_cell_is_ticked_only_in_a_band_its_words_cover() {
        // "2.04x much faster (expected: somewhat faster)" was ticked; it is not now.
        assert!(!Expected::SomewhatFaster.admits(Gain::of(2.04)));
        assert!(Expected::SomewhatFaster.admits(Gain::of(1.3)));
        for x in [0.01, 0.5, 0.95, 1.05, 1.2, 1.49, 1.5, 3.0] {
            let band = Gain::of(x);
            for expected in [
                Expected::MuchFaster,
                Expected::Faster,
                Expected::SomewhatFaster,
                Expected::SameOrSlower,
                Expected::Slower,
            ] {
                let words = expected.words();
                let ticked = expected.admits(band);
                let said = speedup_words(x);
                // A tick never joins words that say the opposite of the number.
                if ticked && words.contains("faster") {
                    assert!(x >= 1.1, "{said} ticked as {words}");
                }
                if ticked && words.contains("slower") {
                    assert!(x < 1.1, "{said} ticked as {words}");
                }
            }
        }
    }

    #[test]
    fn tiny_speedups_say_how_many_times_slower() {
        assert_eq!(speedup_words(0.002), "500× slower");
        assert_eq!(speedup_words(2.044), "2.04× much faster");
        assert_eq!(speedup_words(0.95), "0.95× same");
        assert!(!speedup_words(0.001).contains("0.00"));
    }

    #[test]
    fn every_workload_names_variants_its_experiment_has() {
        for workload in WORKLOADS {
            let report = crate::native::run_on_threads(&{
                let mut request = workload.request(2, 2);
                for spec in workload.experiment.params() {
                    request.params.insert(spec.key.to_owned(), spec.quick);
                }
                request
            })
            .unwrap();
            assert!(workload.speedups(&report).is_some(), "{}", workload.name);
        }
    }

    #[test]
    fn medians_of_speedups() {
        assert_eq!(median_speedup(&[1.0, 3.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(median_speedup(&[]), None);
    }
}
