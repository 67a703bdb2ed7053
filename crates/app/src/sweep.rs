//! A sweep: the current experiment run for every worker count, repeated, so speedup and
//! its spread are measured rather than assumed.

use interleave_engine::repetition::Repeat;
use interleave_engine::stats::{SweepPoint, sweep_points};
use interleave_engine::{Backend, RunReport, RunRequest};

/// Where a batch of planned runs (a sweep, the decision matrix) is.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchStatus {
    /// Runs are still to come.
    Running,
    /// Every planned run finished.
    Done,
    /// The user stopped it; what was measured so far stays.
    Stopped,
    /// A run failed; the message says how.
    Failed(String),
}

/// A sweep's plan and the timings it has gathered so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// What is swept: the experiment and parameters as they were when the sweep began
    /// (changing the page's settings meanwhile changes no run of the sweep).
    pub base: RunRequest,
    /// The backend it runs on, for the table's machine facts.
    pub backend: Backend,
    /// The worker count of every planned run, in order (each count `reps` times in a row,
    /// so the pool is rebuilt once per count).
    pub plan: Vec<u32>,
    /// Repetitions per worker count.
    pub reps: u32,
    /// How many planned runs have been submitted.
    pub submitted: usize,
    /// Timings gathered per worker count, in nanoseconds.
    pub timings: Vec<(u32, Vec<u64>)>,
    /// The workers' mean utilisation in each run, per worker count, from 0 to 1.
    pub utilisation: Vec<(u32, Vec<f64>)>,
    /// When the sweep started (`Date.now()` milliseconds), for the time-left estimate.
    pub started_ms: f64,
    /// Where it is.
    pub status: BatchStatus,
}

impl Sweep {
    /// A sweep of `base` over 1..=`max_workers` workers on `backend`, `reps` runs each.
    pub fn new(
        base: RunRequest,
        backend: Backend,
        max_workers: u32,
        reps: u32,
        started_ms: f64,
    ) -> Self {
        let plan = (1..=max_workers)
            .flat_map(|k| std::iter::repeat_n(k, reps as usize))
            .collect();
        Self {
            base,
            backend,
            plan,
            reps,
            submitted: 0,
            timings: Vec::new(),
            utilisation: Vec::new(),
            started_ms,
            status: BatchStatus::Running,
        }
    }

    /// The next run to submit, if the sweep wants one: its experiment with the next
    /// worker count.
    pub fn next_request(&self) -> Option<RunRequest> {
        let workers = (self.status == BatchStatus::Running)
            .then(|| self.plan.get(self.submitted).copied())
            .flatten()?;
        // The sweep repeats whole runs and judges their spread itself.
        Some(RunRequest {
            workers,
            repeat: Repeat::Once,
            ..self.base.clone()
        })
    }

    /// How many runs have finished.
    pub fn finished(&self) -> usize {
        self.timings.iter().map(|(_, t)| t.len()).sum()
    }

    /// Records a finished run's time; ends the sweep after the last planned run.
    pub fn record(&mut self, report: &RunReport) {
        let Some(time) = report.sweep_time_ns() else {
            self.status = BatchStatus::Failed("this experiment has no single time to sweep".into());
            return;
        };
        push(&mut self.timings, report.workers, time);
        push(
            &mut self.utilisation,
            report.workers,
            report.sweep_utilisation().unwrap_or(0.0),
        );
        if self.finished() >= self.plan.len() {
            self.status = BatchStatus::Done;
        }
    }

    /// Estimated milliseconds left, from the time the finished runs took.
    pub fn time_left_ms(&self, now_ms: f64) -> Option<f64> {
        let done = self.finished();
        (done > 0 && self.status == BatchStatus::Running).then(|| {
            let per_run = (now_ms - self.started_ms) / done as f64;
            per_run * (self.plan.len() - done) as f64
        })
    }

    /// The median utilisation at `workers` workers, from 0 to 1.
    pub fn median_utilisation(&self, workers: u32) -> Option<f64> {
        let (_, shares) = self.utilisation.iter().find(|(k, _)| *k == workers)?;
        let mut shares = shares.clone();
        shares.sort_by(f64::total_cmp);
        shares.get(shares.len() / 2).copied()
    }

    /// The speedup points so far on a machine with `cores` cores, or why there are none.
    pub fn points(&self, cores: u32) -> Result<Vec<SweepPoint>, String> {
        sweep_points(&self.timings, cores)
    }
}

/// Appends `value` to the list for `workers`, starting one if needed.
fn push<T>(lists: &mut Vec<(u32, Vec<T>)>, workers: u32, value: T) {
    match lists.iter_mut().find(|(k, _)| *k == workers) {
        Some((_, values)) => values.push(value),
        None => lists.push((workers, vec![value])),
    }
}

/// Where and when a sweep was measured, carried by every export so a pasted table says
/// where its numbers come from.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineFacts {
    /// Cores as the page counts them (measured where it could be).
    pub cores: u32,
    /// How the page came by them: "2 cores measured (the browser reports 8)".
    pub cores_text: String,
    /// Whether the page was cross-origin isolated.
    pub isolated: bool,
    /// How the runs' workers worked together.
    pub backend: Backend,
    /// The timer step measured on the spot, in microseconds.
    pub timer_step_us: f64,
    /// Browser name and major version.
    pub browser: String,
    /// The date, as YYYY-MM-DD.
    pub date: String,
}

impl MachineFacts {
    /// One line for the page and the exports.
    pub fn line(&self) -> String {
        format!(
            "{}, {}, {} backend, timer step {:.0} µs, {}, {}",
            self.cores_text,
            if self.isolated {
                "cross-origin isolated"
            } else {
                "not isolated"
            },
            self.backend.label(),
            self.timer_step_us,
            self.browser,
            self.date
        )
    }
}

fn ms(ns: f64) -> String {
    format!("{:.2}", ns / 1e6)
}

fn karp_flatt_text(point: &SweepPoint) -> String {
    point
        .karp_flatt
        .map_or_else(String::new, |e| format!("{:.1} %", e * 100.0))
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(String::new, |u| format!("{:.0} %", u * 100.0))
}

/// The results as CSV: one row per worker count (with its median utilisation, from 0 to
/// 1), machine facts in a comment line.
pub fn to_csv(
    points: &[SweepPoint],
    utilisation: &[Option<f64>],
    experiment: &str,
    facts: &MachineFacts,
) -> String {
    let mut csv = format!(
        "# Interleave sweep of {experiment}; {}\n\
         workers,runs,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,utilisation\n",
        facts.line()
    );
    for (p, u) in points.iter().zip(utilisation) {
        csv += &format!(
            "{},{},{},{},{},{:.3},{:.3},{},{}\n",
            p.workers,
            p.summary.count,
            ms(p.summary.median_ns),
            ms(p.summary.min_ns as f64),
            ms(p.summary.max_ns as f64),
            p.speedup,
            p.efficiency,
            p.karp_flatt.map_or_else(String::new, |e| format!("{e:.4}")),
            u.map_or_else(String::new, |u| format!("{u:.3}")),
        );
    }
    csv
}

/// The results as a Markdown table for tutorial authors to paste.
pub fn to_markdown(
    points: &[SweepPoint],
    utilisation: &[Option<f64>],
    experiment: &str,
    facts: &MachineFacts,
) -> String {
    let mut md = String::from(
        "| workers | median (ms) | min (ms) | max (ms) | speedup | efficiency | serial fraction (Karp-Flatt) | utilisation |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (p, u) in points.iter().zip(utilisation) {
        md += &format!(
            "| {} | {} | {} | {} | {:.2}× | {:.0} % | {} | {} |\n",
            p.workers,
            ms(p.summary.median_ns),
            ms(p.summary.min_ns as f64),
            ms(p.summary.max_ns as f64),
            p.speedup,
            p.efficiency * 100.0,
            karp_flatt_text(p),
            percent(*u),
        );
    }
    md += &format!(
        "\n*{experiment}, measured with Interleave: {}; {} runs per worker count.*\n",
        facts.line(),
        points.first().map_or(0, |p| p.summary.count)
    );
    md
}

#[cfg(test)]
mod tests {
    use interleave_engine::{ExperimentId, VariantReport, Verdict};

    use super::*;

    /// A finished run of `experiment` on `workers` workers with these variants' walls.
    pub(crate) fn report(
        experiment: ExperimentId,
        workers: u32,
        walls: &[(&str, u64)],
    ) -> RunReport {
        RunReport {
            request: RunRequest::new(experiment, workers, 2),
            workers,
            backend: Backend::SharedMemory,
            variants: walls
                .iter()
                .map(|&(id, wall_ns)| VariantReport {
                    id: id.into(),
                    wall_ns,
                    ..VariantReport::default()
                })
                .collect(),
            expected_value: None,
            verdict: Verdict::undecided("synthetic".into()),
            free_cores: None,
            runtime_memory_bytes: None,
        }
    }

    #[test]
    fn a_sweep_plans_each_worker_count_in_a_row_and_ends_after_the_last_run() {
        let base = RunRequest::new(ExperimentId::Sum, 2, 2);
        let mut sweep = Sweep::new(base, Backend::SharedMemory, 3, 2, 0.0);
        assert_eq!(sweep.plan, [1, 1, 2, 2, 3, 3]);
        assert_eq!(sweep.next_request().unwrap().workers, 1);
        for (run, &workers) in sweep.plan.clone().iter().enumerate() {
            sweep.submitted = run + 1;
            assert_eq!(sweep.status, BatchStatus::Running);
            let parallel = 300_000_000 / u64::from(workers);
            sweep.record(&report(
                ExperimentId::Sum,
                workers,
                &[("sequential", 1), ("parallel", parallel)],
            ));
        }
        assert_eq!(sweep.status, BatchStatus::Done);
        assert_eq!(
            sweep.next_request(),
            None,
            "a finished sweep asks for nothing"
        );
        let points = sweep.points(4).unwrap();
        assert_eq!(points.len(), 3);
        assert!((points[2].speedup - 3.0).abs() < 1e-9);
        assert_eq!(sweep.time_left_ms(10.0), None);
    }

    #[test]
    fn a_sweep_of_an_experiment_without_one_time_fails_instead_of_guessing() {
        let base = RunRequest::new(ExperimentId::Race, 2, 2);
        let mut sweep = Sweep::new(base, Backend::SharedMemory, 2, 1, 0.0);
        sweep.record(&report(ExperimentId::Race, 1, &[("unsynchronised", 5)]));
        assert!(matches!(sweep.status, BatchStatus::Failed(_)));
        assert_eq!(sweep.next_request(), None);
    }

    #[test]
    fn time_left_scales_the_time_per_finished_run() {
        let base = RunRequest::new(ExperimentId::Sum, 2, 2);
        let mut sweep = Sweep::new(base, Backend::SharedMemory, 2, 2, 1_000.0);
        sweep.record(&report(ExperimentId::Sum, 1, &[("parallel", 10)]));
        assert_eq!(
            sweep.time_left_ms(1_500.0),
            Some(1_500.0),
            "500 ms a run, 3 to go"
        );
    }
}
