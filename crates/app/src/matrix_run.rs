//! Filling the decision matrix: each workload run a few times on every core, medians kept.

use interleave_engine::RunReport;
use interleave_engine::matrix::{WORKLOADS, Workload};

use crate::sweep::BatchStatus;

/// The decision matrix being filled: the plan of runs and the speedups measured so far.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRun {
    /// The workload (index into [`WORKLOADS`]) of every planned run, in order.
    pub plan: Vec<usize>,
    /// How many planned runs have been submitted.
    pub submitted: usize,
    /// Per workload, the (1 worker, all workers) speedups of each finished run.
    pub speedups: Vec<Vec<(f64, f64)>>,
    /// Where it is.
    pub status: BatchStatus,
}

impl MatrixRun {
    /// A matrix filled from `reps` runs of each workload.
    pub fn new(reps: u32) -> Self {
        let plan = (0..WORKLOADS.len())
            .flat_map(|w| std::iter::repeat_n(w, reps as usize))
            .collect();
        Self {
            plan,
            submitted: 0,
            speedups: vec![Vec::new(); WORKLOADS.len()],
            status: BatchStatus::Running,
        }
    }

    /// The workload of the next run to submit, if the matrix wants one.
    pub fn next_workload(&self) -> Option<&'static Workload> {
        (self.status == BatchStatus::Running)
            .then(|| self.plan.get(self.submitted).map(|&w| &WORKLOADS[w]))
            .flatten()
    }

    /// How many runs have finished.
    pub fn finished(&self) -> usize {
        self.speedups.iter().map(Vec::len).sum()
    }

    /// Records a finished run; ends the matrix after the last planned run.
    pub fn record(&mut self, report: &RunReport) {
        let Some(index) = WORKLOADS
            .iter()
            .position(|w| w.experiment == report.request.experiment)
        else {
            return;
        };
        match WORKLOADS[index].speedups(report) {
            Some(speedups) => self.speedups[index].push(speedups),
            None => {
                self.status =
                    BatchStatus::Failed("a run lacked the variants the matrix needs".into());
                return;
            }
        }
        if self.finished() >= self.plan.len() {
            self.status = BatchStatus::Done;
        }
    }
}

#[cfg(test)]
mod tests {
    use interleave_engine::{Backend, RunRequest, VariantReport, Verdict};

    use super::*;

    /// A finished run of `workload` whose one-worker and all-worker variants took
    /// `base / one` and `base / all`.
    fn run_of(workload: &Workload, (one, all): (f64, f64)) -> RunReport {
        let base = 1_000_000.0;
        let variant = |id: &str, wall: f64| VariantReport {
            id: id.into(),
            wall_ns: wall as u64,
            ..VariantReport::default()
        };
        RunReport {
            request: RunRequest::new(workload.experiment, 2, 2),
            workers: 2,
            backend: Backend::SharedMemory,
            variants: vec![
                variant(workload.baseline, base),
                variant(workload.one_worker, base / one),
                variant(workload.all_workers, base / all),
            ],
            expected_value: None,
            verdict: Verdict::undecided("synthetic".into()),
            free_cores: None,
            runtime_memory_bytes: None,
        }
    }

    #[test]
    fn the_matrix_runs_every_workload_reps_times_and_keeps_each_speedup() {
        let mut matrix = MatrixRun::new(2);
        assert_eq!(matrix.plan.len(), 2 * WORKLOADS.len());
        let mut seen = Vec::new();
        while let Some(workload) = matrix.next_workload() {
            seen.push(workload.name);
            matrix.submitted += 1;
            matrix.record(&run_of(workload, (2.0, 4.0)));
        }
        assert_eq!(matrix.status, BatchStatus::Done);
        assert_eq!(seen.len(), 2 * WORKLOADS.len());
        assert_eq!(seen[0], seen[1], "each workload's runs come in a row");
        for speedups in &matrix.speedups {
            assert_eq!(speedups.len(), 2);
            assert!(
                speedups
                    .iter()
                    .all(|&(one, all)| (one - 2.0).abs() < 1e-3 && (all - 4.0).abs() < 1e-3)
            );
        }
    }

    #[test]
    fn a_run_without_the_variants_the_matrix_needs_fails_it() {
        let mut matrix = MatrixRun::new(1);
        let mut broken = run_of(&WORKLOADS[0], (2.0, 2.0));
        broken.variants.pop();
        matrix.record(&broken);
        assert!(matches!(matrix.status, BatchStatus::Failed(_)));
        assert_eq!(matrix.next_workload(), None);
    }
}
