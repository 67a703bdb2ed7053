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
