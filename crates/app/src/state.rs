//! The page's state and the actions that change it, as one reducer.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_engine::params::{self, Checked};
use interleave_engine::{Backend, ExperimentId, RunReport, RunRequest, budget};
use yew::Reducible;

use crate::environment::Environment;
use crate::live::{LiveRun, Measured};
use crate::matrix_run::MatrixRun;
use crate::sweep::{BatchStatus, Sweep};
use interleave_engine::embed::{EmbedOptions, HostCommand};
use interleave_engine::settings::Settings;

/// Where the current (or last) run is.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    /// Nothing has run yet.
    Idle,
    /// A run was submitted and the pool is running it.
    Running {
        /// The worker count it runs with.
        workers: u32,
    },
    /// The run finished; its report is what the page shows.
    Done(Rc<RunReport>),
    /// The user stopped the run; the pool was torn down.
    Stopped,
    /// The run or the pool failed; the message says how.
    Failed(String),
}

/// The runtime pool as the page knows it.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolStatus {
    /// No pool exists.
    None,
    /// A pool of this many workers is starting.
    Starting(u32),
    /// A pool is ready.
    Ready {
        /// How many worker threads it has.
        workers: u32,
        /// How long it took to start, in milliseconds.
        start_ms: f64,
    },
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What the browser offers.
    pub env: Environment,
    /// How the page is shown: on its own, or embedded in a tutorial.
    pub embed: EmbedOptions,
    /// The chosen experiment.
    pub experiment: ExperimentId,
    /// The Workers slider: how many threads the next run gets.
    pub workers: u32,
    /// Parameter values by key, always within bounds.
    pub params: BTreeMap<String, u64>,
    /// Notes on inputs that were clamped or replaced, by control (`workers`, a parameter
    /// key, or `url`).
    pub notes: BTreeMap<String, String>,
    /// The run.
    pub run: RunStatus,
    /// The pool.
    pub pool: PoolStatus,
    /// The current or last sweep over worker counts, if one was started.
    pub sweep: Option<Rc<Sweep>>,
    /// The decision matrix being filled, or last filled.
    pub matrix: Option<Rc<MatrixRun>>,
    /// How many runs have been asked for (Run, the embedding page, `autorun`): each
    /// increase submits one run, with the settings of the state that counted it.
    pub run_requests: u32,
    /// The run in progress as far as it has come (the variants measured so far), shown
    /// until its report arrives, or, after a stop, until the next run starts.
    pub live: Option<Rc<LiveRun>>,
}

/// Something that happened on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The experiment picker changed.
    SetExperiment(String),
    /// The Workers slider moved (raw text of the control).
    SetWorkers(String),
    /// A parameter control changed (key, raw text).
    SetParam(String, String),
    /// A run was submitted with this many workers.
    RunStarted(u32),
    /// A pool began starting.
    PoolStarting(u32),
    /// The pool is ready.
    PoolReady {
        /// Worker threads in the pool.
        workers: u32,
        /// Start-up time in milliseconds.
        start_ms: f64,
    },
    /// A variant of the run in progress was measured.
    VariantMeasured(Measured),
    /// The run finished.
    RunFinished(Rc<RunReport>),
    /// The run or pool failed; the pool is gone.
    Failed(String),
    /// A sweep over 1..=the slider's maximum workers began.
    SweepStarted {
        /// The largest worker count to sweep.
        up_to: u32,
        /// Runs per worker count.
        reps: u32,
        /// `Date.now()` at the start, for the time-left estimate.
        now_ms: f64,
    },
    /// Run was asked for; ignored while a run or a batch is in progress.
    RunRequested,
    /// The embedding page sent a command (already validated).
    Host(HostCommand),
    /// Filling the decision matrix began, with this many runs per workload.
    MatrixStarted(u32),
    /// The user asked to stop (Stop or Escape): a running run is abandoned and its pool
    /// torn down; with nothing running, nothing happens.
    StopRequested,
}

impl AppState {
    /// The initial state from the browser's facts and the URL's settings.
    pub fn new(env: Environment, url: Settings, embed: EmbedOptions) -> Self {
        let notes = if url.notes.is_empty() {
            BTreeMap::new()
        } else {
            BTreeMap::from([("url".to_owned(), url.notes.join(" "))])
        };
        Self {
            env,
            embed,
            experiment: url.experiment,
            workers: url.workers,
            params: url.params,
            notes,
            run: RunStatus::Idle,
            pool: PoolStatus::None,
            sweep: None,
            matrix: None,
            run_requests: 0,
            live: None,
        }
    }

    /// The run request the current settings describe, with `workers` workers.
    pub fn request(&self, workers: u32) -> RunRequest {
        RunRequest {
            experiment: self.experiment,
            workers,
            cores: self.env.cores,
            params: self.params.clone(),
        }
    }

    /// The next run a sweep or the matrix wants, when no run is in flight.
    pub fn batch_wants(&self) -> Option<RunRequest> {
        if self.running() {
            return None;
        }
        if let Some(workers) = self.sweep.as_ref().and_then(|s| s.next_workers()) {
            return Some(self.request(workers));
        }
        let cores = params::reported_cores(self.env.cores);
        self.matrix
            .as_ref()
            .and_then(|m| m.next_workload())
            .map(|workload| workload.request(cores, self.env.cores))
    }

    /// Whether a sweep or the matrix still has runs to come.
    pub fn batch_running(&self) -> bool {
        self.sweep
            .as_ref()
            .is_some_and(|s| s.status == BatchStatus::Running)
            || self
                .matrix
                .as_ref()
                .is_some_and(|m| m.status == BatchStatus::Running)
    }

    /// Applies `sweep` to a running sweep and `matrix` to a running matrix.
    fn update_batch(
        &mut self,
        sweep: impl FnOnce(&mut Sweep),
        matrix: impl FnOnce(&mut MatrixRun),
    ) {
        if let Some(s) = &mut self.sweep
            && s.status == BatchStatus::Running
        {
            sweep(Rc::make_mut(s));
        }
        if let Some(m) = &mut self.matrix
            && m.status == BatchStatus::Running
        {
            matrix(Rc::make_mut(m));
        }
    }

    /// How the workers of the next run work together: over shared memory where the page
    /// has it (unless the URL asked for message passing), else by message between
    /// separate workers.
    pub fn backend(&self) -> Backend {
        match (self.env.shared_memory, self.embed.backend) {
            (true, Some(backend)) => backend,
            (true, None) => Backend::SharedMemory,
            (false, _) => Backend::MessagePassing,
        }
    }

    /// Whether `experiment` can run on this page's backend: only experiments whose tasks
    /// share nothing run by message passing.
    pub fn can_run(&self, experiment: ExperimentId) -> bool {
        self.backend() == Backend::SharedMemory || !experiment.info().needs_shared_memory
    }

    /// Why the next run would be refused for the memory it needs (the engine's estimate
    /// against its cap), if it would be.
    pub fn over_budget(&self) -> Option<String> {
        budget::check(&self.request(self.workers)).err()
    }

    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        matches!(self.run, RunStatus::Running { .. })
    }

    fn note(&mut self, key: &str, note: Option<String>) {
        match note {
            Some(note) => self.notes.insert(key.to_owned(), note),
            None => self.notes.remove(key),
        };
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetExperiment(slug) => {
                if let Some(experiment) = ExperimentId::from_slug(&slug) {
                    next.experiment = experiment;
                    next.params = experiment.check_params([]).0;
                }
            }
            Action::SetWorkers(raw) => {
                let Checked { value, note } = params::parse_workers(&raw, next.env.cores);
                next.workers = value;
                next.note("workers", note);
            }
            Action::SetParam(key, raw) => {
                if let Some(spec) = next.experiment.params().iter().find(|p| p.key == key) {
                    let Checked { value, note } = spec.parse(&raw);
                    next.params.insert(key.clone(), value);
                    next.note(&key, note);
                }
            }
            Action::RunStarted(workers) => {
                next.run = RunStatus::Running { workers };
                next.live = None;
                next.update_batch(|s| s.submitted += 1, |m| m.submitted += 1);
            }
            Action::SweepStarted {
                up_to,
                reps,
                now_ms,
            } => {
                let max = params::worker_bounds(next.env.cores).1;
                let up_to = up_to.clamp(1, max);
                if let Err(refusal) = budget::check(&self.request(up_to)) {
                    next.run = RunStatus::Failed(refusal);
                    return Rc::new(next);
                }
                next.sweep = Some(Rc::new(Sweep::new(up_to, reps, now_ms)));
            }
            Action::RunRequested => {
                if self.running() || self.batch_running() {
                    return self;
                }
                if !self.can_run(self.experiment) {
                    // Only a host page or autorun can ask: the Run button is disabled.
                    next.run = RunStatus::Failed(format!(
                        "{} needs shared memory, which this page does not have.",
                        self.experiment.title()
                    ));
                    return Rc::new(next);
                }
                if let Some(refusal) = self.over_budget() {
                    // Only a host page or autorun can ask: the Run button is disabled.
                    next.run = RunStatus::Failed(refusal);
                    return Rc::new(next);
                }
                next.run_requests += 1;
            }
            Action::Host(command) => {
                return match command {
                    HostCommand::Run => self.reduce(Action::RunRequested),
                    HostCommand::Stop => self.reduce(Action::StopRequested),
                    HostCommand::SetWorkers(raw) => self.reduce(Action::SetWorkers(raw)),
                    HostCommand::SetParams(params) => {
                        params.into_iter().fold(self, |state, (key, raw)| {
                            state.reduce(Action::SetParam(key, raw))
                        })
                    }
                };
            }
            Action::MatrixStarted(reps) => next.matrix = Some(Rc::new(MatrixRun::new(reps))),
            Action::PoolStarting(workers) => next.pool = PoolStatus::Starting(workers),
            Action::PoolReady { workers, start_ms } => {
                next.pool = PoolStatus::Ready { workers, start_ms };
            }
            Action::VariantMeasured(measured) => {
                if !self.running() {
                    return self;
                }
                LiveRun::add(&mut next.live, measured);
            }
            Action::RunFinished(report) => {
                next.live = None;
                next.update_batch(|s| s.record(&report), |m| m.record(&report));
                next.run = RunStatus::Done(report);
            }
            Action::Failed(message) => {
                let failed = BatchStatus::Failed(message.clone());
                next.update_batch(|s| s.status = failed.clone(), |m| m.status = failed.clone());
                next.run = RunStatus::Failed(message);
                next.pool = PoolStatus::None;
                next.live = None;
            }
            Action::StopRequested => {
                if !self.running() {
                    return self;
                }
                next.update_batch(
                    |s| s.status = BatchStatus::Stopped,
                    |m| m.status = BatchStatus::Stopped,
                );
                // What was measured before the stop stays on the page (`live`), marked as
                // stopped, until the next run starts.
                next.run = RunStatus::Stopped;
                next.pool = PoolStatus::None;
            }
        }
        Rc::new(next)
    }
}
