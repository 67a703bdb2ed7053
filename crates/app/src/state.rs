//! The page's state and the actions that change it, as one reducer.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_engine::params::{self, Checked};
use interleave_engine::repetition::Repeat;
use interleave_engine::{Backend, ExperimentId, RunReport, RunRequest, budget};
use yew::Reducible;

use crate::environment::Environment;
use crate::go::{Mode, ProgramRun, Workspace};
use crate::live::{LiveRun, Measured};
use crate::matrix_run::MatrixRun;
use crate::sweep::{BatchStatus, Sweep};
use interleave_engine::embed::{EmbedOptions, HostCommand, TimelineView};
use interleave_engine::presets::Preset;
use interleave_engine::program::{Output, ProgramReport};
use interleave_engine::settings::Settings;
use interleave_engine::traps::TRAPS;

/// Where the current (or last) run is.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    /// Nothing has run yet.
    Idle,
    /// A run was submitted and the pool is running it.
    Running {
        /// The run's id (see [`PendingRun`]): events of any other run are ignored.
        run: u32,
        /// The worker count it runs with.
        workers: u32,
    },
    /// The run finished; its report is what the page shows.
    Done(Rc<RunReport>),
    /// A Go program's run ended (or it did not compile): its report and output.
    Exited(Rc<ProgramRun>),
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
    /// What the page is showing: the experiments, or a Go program.
    pub mode: Mode,
    /// The Go program being edited, and what its run has printed so far.
    pub program: Workspace,
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
    /// A run asked for (Run, the embedding page, `autorun`, a sweep or the matrix) and not
    /// yet submitted: the page submits it after the next render, unless a Stop took it
    /// back first.
    pub pending: Option<PendingRun>,
    /// The id the next run asked for gets; ids start at 1 and never repeat.
    pub next_run: u32,
    /// How many times the pool had to be torn down (a stop, a failure): each increase
    /// terminates the runtime worker and its pool. A count, so that no change between two
    /// renders is missed (a status could go from none to starting and back).
    pub teardowns: u32,
    /// The run in progress as far as it has come (the variants measured so far), shown
    /// until its report arrives, or, after a stop, until the next run starts.
    pub live: Option<Rc<LiveRun>>,
    /// The interview trap whose run was asked for last, with the learner's prediction;
    /// cleared by any other run.
    pub guess: Option<TrapGuess>,
}

/// A prediction made before a trap's run: the trap's index in [`TRAPS`] and the answer
/// picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrapGuess {
    /// The trap, by its index in [`TRAPS`].
    pub trap: usize,
    /// The answer the learner picked, by its index in the trap's answers.
    pub prediction: usize,
}

/// Something that happened on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The experiment picker changed.
    SetExperiment(String),
    /// The timeline's view was switched (by the reader or the host): links, the embed
    /// snippet and the next run keep it.
    SetView(TimelineView),
    /// The Workers slider moved (raw text of the control).
    SetWorkers(String),
    /// A parameter control changed (key, raw text).
    SetParam(String, String),
    /// A run was submitted to the pool.
    RunStarted {
        /// The run's id.
        run: u32,
        /// Its worker count.
        workers: u32,
    },
    /// A pool began starting.
    PoolStarting(u32),
    /// The pool is ready.
    PoolReady {
        /// Worker threads in the pool.
        workers: u32,
        /// Start-up time in milliseconds.
        start_ms: f64,
    },
    /// A variant of run `.0` was measured.
    VariantMeasured(u32, Measured),
    /// Run `.0` finished.
    RunFinished(u32, Rc<RunReport>),
    /// Run `.0` (or, with `None`, the pool itself) failed; the pool is torn down.
    Failed(Option<u32>, String),
    /// A sweep over 1..=the slider's maximum workers began.
    SweepStarted {
        /// The largest worker count to sweep.
        up_to: u32,
        /// Runs per worker count.
        reps: u32,
        /// `Date.now()` at the start, for the time-left estimate.
        now_ms: f64,
    },
    /// Run was asked for; ignored while a run or a batch is in progress or asked for.
    RunRequested,
    /// A sweep or the matrix asks for its next run; ignored while a run is in progress or
    /// asked for.
    BatchRunRequested(RunRequest),
    /// The embedding page sent a command (already validated).
    Host(HostCommand),
    /// Filling the decision matrix began, with this many runs per workload.
    MatrixStarted(u32),
    /// A lesson's run (the coffee shop, an interview trap's "Try it"): the preset's
    /// experiment, parameters and workers loaded into the controls and run, with the
    /// learner's prediction, for a trap, kept for when the report arrives.
    PresetRun(Preset, Option<TrapGuess>),
    /// The page switched between the experiments and a Go program.
    SetMode(Mode),
    /// The Go program's text changed (the editor, the embedding page).
    SetSource(String),
    /// A program of the gallery was picked, by slug.
    PickExample(String),
    /// "See it as Go": the experiment shown, as its Go program with the parameters as set,
    /// in Go mode; ignored while a run or a batch goes, or for an experiment without one.
    SeeAsGo,
    /// Run `.0`, a Go program, printed this.
    ProgramOutput(u32, Vec<Output>),
    /// Run `.0`, a Go program, ended (or did not compile).
    ProgramEnded(u32, Rc<ProgramReport>),
    /// The output pane shows (or stops showing) each line's goroutine and time.
    ShowOutputTimes(bool),
    /// The user or the host asked to stop (Stop, Escape, a `stop` message): the run in
    /// progress, or the one asked for and not yet submitted, is abandoned and the pool torn
    /// down; with nothing running, nothing happens.
    StopRequested,
}

/// A run asked for and not yet submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRun {
    /// The run's id: its events carry it, and a stop names the run it ended by it.
    pub id: u32,
    /// What to run, fixed when it was asked for.
    pub job: Job,
}

/// What a run carries out.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// An experiment, as the request says.
    Experiment(RunRequest),
    /// A Go program, on this many workers (its GOMAXPROCS).
    Program {
        /// The source.
        source: Rc<str>,
        /// The workers.
        workers: u32,
    },
}

impl Job {
    /// How many workers the run needs in its pool.
    pub fn workers(&self) -> u32 {
        match self {
            Job::Experiment(request) => request.workers,
            Job::Program { workers, .. } => *workers,
        }
    }
}

impl AppState {
    /// The initial state from the browser's facts and the URL's settings.
    pub fn new(env: Environment, url: Settings, embed: EmbedOptions, link: Workspace) -> Self {
        let notes = if url.notes.is_empty() {
            BTreeMap::new()
        } else {
            BTreeMap::from([("url".to_owned(), url.notes.join(" "))])
        };
        Self {
            env,
            embed,
            mode: if link.linked {
                Mode::Program
            } else {
                Mode::Experiments
            },
            program: link,
            experiment: url.experiment,
            workers: url.workers,
            params: url.params,
            notes,
            run: RunStatus::Idle,
            pool: PoolStatus::None,
            sweep: None,
            matrix: None,
            pending: None,
            next_run: 1,
            teardowns: 0,
            live: None,
            guess: None,
        }
    }

    /// The run request the current settings describe, with `workers` workers.
    pub fn request(&self, workers: u32) -> RunRequest {
        RunRequest {
            experiment: self.experiment,
            workers,
            cores: self.env.cores,
            params: self.params.clone(),
            repeat: Repeat::UntilSettled,
        }
    }

    /// The next run a sweep or the matrix wants, when no run is in flight or asked for.
    pub fn batch_wants(&self) -> Option<RunRequest> {
        if self.busy() {
            return None;
        }
        if let Some(request) = self.sweep.as_ref().and_then(|s| s.next_request()) {
            return Some(request);
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

    /// The id of the run in progress, if one is.
    pub fn running_id(&self) -> Option<u32> {
        match self.run {
            RunStatus::Running { run, .. } => Some(run),
            _ => None,
        }
    }

    /// Whether a run is in progress or asked for: another must wait.
    pub fn busy(&self) -> bool {
        self.running() || self.pending.is_some()
    }

    /// Asks for `job` to run, with the next id.
    fn ask(&mut self, job: Job) {
        self.pending = Some(PendingRun {
            id: self.next_run,
            job,
        });
        self.next_run += 1;
    }

    /// Ends the pool: the runtime worker is terminated after the next render.
    fn tear_down(&mut self) {
        self.pool = PoolStatus::None;
        self.teardowns += 1;
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
                    // The slider follows an experiment's own default (oversubscription
                    // starts above the cores) unless the reader moved it.
                    let cores = next.env.cores;
                    let (was, now) = (
                        self.experiment.default_workers(cores),
                        experiment.default_workers(cores),
                    );
                    if next.workers == was {
                        next.workers = now;
                    }
                    next.experiment = experiment;
                    next.params = experiment.check_params([]).0;
                }
            }
            Action::SetView(view) => next.embed.view = view,
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
            Action::RunStarted { run, workers } => {
                if self.pending.as_ref().map(|p| p.id) != Some(run) {
                    return self;
                }
                next.pending = None;
                next.run = RunStatus::Running { run, workers };
                next.live = None;
                next.program.output = Rc::default();
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
                let base = self.request(up_to);
                next.sweep = Some(Rc::new(Sweep::new(
                    base,
                    self.backend(),
                    up_to,
                    reps,
                    now_ms,
                )));
            }
            Action::BatchRunRequested(request) => {
                if self.busy() || !self.batch_running() {
                    return self;
                }
                next.guess = None;
                next.ask(Job::Experiment(request));
            }
            Action::PresetRun(preset, guess) => {
                let unknown_trap = guess.is_some_and(|g| g.trap >= TRAPS.len());
                if self.busy() || self.batch_running() || unknown_trap {
                    return self;
                }
                let slug = preset.experiment.slug().to_owned();
                let mut set = (*self.reduce(Action::SetExperiment(slug))).clone();
                // A lesson's run is an experiment's: the page shows the experiments.
                set.mode = Mode::Experiments;
                set.params = preset.checked_params().0;
                set.workers = preset.workers.on(set.env.cores);
                let mut asked = (*Rc::new(set).reduce(Action::RunRequested)).clone();
                if asked.pending.is_some() {
                    asked.guess = guess;
                }
                return Rc::new(asked);
            }
            Action::RunRequested if self.mode == Mode::Program => {
                if self.busy() || self.batch_running() {
                    return self;
                }
                next.guess = None;
                next.ask(Job::Program {
                    source: next.program.source.clone(),
                    workers: self.workers,
                });
            }
            Action::RunRequested => {
                if self.busy() || self.batch_running() {
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
                next.guess = None;
                next.ask(Job::Experiment(self.request(self.workers)));
            }
            Action::Host(command) => {
                return match command {
                    HostCommand::Hello | HostCommand::GetState => self,
                    HostCommand::SetExperiment(slug) => {
                        if self.busy() || self.batch_running() {
                            return self;
                        }
                        self.reduce(Action::SetExperiment(slug))
                    }
                    HostCommand::SetView(view) => self.reduce(Action::SetView(view)),
                    HostCommand::SetTheme(theme) => {
                        next.embed.theme = theme;
                        Rc::new(next)
                    }
                    HostCommand::Run => self.reduce(Action::RunRequested),
                    HostCommand::Stop => self.reduce(Action::StopRequested),
                    HostCommand::SetWorkers(raw) => self.reduce(Action::SetWorkers(raw)),
                    HostCommand::SetCode(code) => {
                        if self.busy() {
                            return self;
                        }
                        let shown = self.reduce(Action::SetMode(Mode::Program));
                        shown.reduce(Action::SetSource(code))
                    }
                    HostCommand::SetParams(params) => {
                        params.into_iter().fold(self, |state, (key, raw)| {
                            state.reduce(Action::SetParam(key, raw))
                        })
                    }
                };
            }
            Action::SetMode(mode) => {
                if self.busy() || self.batch_running() {
                    return self;
                }
                next.mode = mode;
            }
            Action::SetSource(source) => next.program.edit(source),
            Action::PickExample(slug) => {
                if self.busy() {
                    return self;
                }
                next.program.pick(&slug);
            }
            Action::SeeAsGo => {
                if self.busy() || self.batch_running() {
                    return self;
                }
                if next.program.see_as_go(self.experiment, &self.params) {
                    next.mode = Mode::Program;
                }
            }
            Action::ShowOutputTimes(on) => next.program.times = on,
            Action::ProgramOutput(run, pieces) => {
                if self.running_id() != Some(run) {
                    return self;
                }
                Rc::make_mut(&mut next.program.output).extend(pieces);
            }
            Action::ProgramEnded(run, report) => {
                if self.running_id() != Some(run) {
                    return self;
                }
                next.run = RunStatus::Exited(Rc::new(ProgramRun::new(
                    report,
                    next.program.output.clone(),
                    self.env.cores,
                )));
            }
            Action::MatrixStarted(reps) => next.matrix = Some(Rc::new(MatrixRun::new(reps))),
            Action::PoolStarting(workers) => next.pool = PoolStatus::Starting(workers),
            Action::PoolReady { workers, start_ms } => {
                next.pool = PoolStatus::Ready { workers, start_ms };
            }
            Action::VariantMeasured(run, measured) => {
                if self.running_id() != Some(run) {
                    return self;
                }
                LiveRun::add(&mut next.live, measured);
            }
            Action::RunFinished(run, report) => {
                if self.running_id() != Some(run) {
                    return self;
                }
                next.live = None;
                next.update_batch(|s| s.record(&report), |m| m.record(&report));
                next.run = RunStatus::Done(report);
            }
            Action::Failed(run, message) => {
                if run.is_some() && run != self.running_id() {
                    return self; // A run that already ended, one way or another.
                }
                let failed = BatchStatus::Failed(message.clone());
                next.update_batch(|s| s.status = failed.clone(), |m| m.status = failed.clone());
                next.run = RunStatus::Failed(message);
                next.pending = None;
                next.tear_down();
                next.live = None;
            }
            Action::StopRequested => {
                if !self.busy() {
                    return self;
                }
                next.update_batch(
                    |s| s.status = BatchStatus::Stopped,
                    |m| m.status = BatchStatus::Stopped,
                );
                // What was measured before the stop stays on the page (`live`), marked as
                // stopped, until the next run starts.
                next.run = RunStatus::Stopped;
                next.pending = None;
                next.tear_down();
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_engine::presets::COFFEE_SHOP;
    use interleave_engine::settings;

    fn page() -> Rc<AppState> {
        let env = Environment {
            isolated: true,
            shared_memory: true,
            cores: 2,
            reported_cores: 2,
            cores_measured: true,
            cores_free: None,
            framed: false,
            timer_step_us: 5.0,
        };
        let url = settings::from_pairs([("experiment", "sum"), ("n", "1000")], env.cores);
        let embed = interleave_engine::embed::options([]).0;
        Rc::new(AppState::new(env, url, embed, Workspace::from_link(None)))
    }

    #[test]
    fn a_trap_runs_its_experiment_on_its_workers_and_keeps_the_prediction() {
        let guess = TrapGuess {
            trap: 2,
            prediction: 1,
        };
        let asked = page().reduce(Action::PresetRun(TRAPS[2].run, Some(guess)));
        assert_eq!(asked.experiment, ExperimentId::Oversubscription);
        assert_eq!(asked.workers, 4, "twice the 2 cores");
        assert_eq!(
            asked.params,
            ExperimentId::Oversubscription.check_params([]).0
        );
        assert!(asked.pending.is_some(), "the run is asked for");
        assert_eq!(asked.guess, Some(guess));
        // The next run of the learner's own forgets the prediction.
        let own = started(asked)
            .reduce(Action::StopRequested)
            .reduce(Action::RunRequested);
        assert_eq!(own.guess, None);
        // No trap past the list, and none while a run is going.
        let unknown = TrapGuess {
            trap: TRAPS.len(),
            prediction: 0,
        };
        let none = page().reduce(Action::PresetRun(TRAPS[0].run, Some(unknown)));
        assert!(none.pending.is_none());
        let busy = started(page().reduce(Action::RunRequested));
        let again = busy.reduce(Action::PresetRun(TRAPS[2].run, Some(guess)));
        assert_eq!(again.guess, None);
    }

    #[test]
    fn the_coffee_shop_loads_its_orders_into_the_controls_and_runs() {
        let asked = page().reduce(Action::PresetRun(COFFEE_SHOP, None));
        assert_eq!(asked.experiment, ExperimentId::Mixed);
        assert_eq!(asked.params["tasks"], 4);
        assert_eq!(asked.params["wait_ms"], 60);
        assert_eq!(asked.workers, 2, "a barista per core");
        let pending = asked.pending.as_ref().expect("the run is asked for");
        let Job::Experiment(request) = &pending.job else {
            panic!("the coffee shop is an experiment");
        };
        assert_eq!(request.params, asked.params);
        assert_eq!(asked.guess, None);
    }

    fn started(state: Rc<AppState>) -> Rc<AppState> {
        let id = state.pending.as_ref().expect("a run was asked for").id;
        state.reduce(Action::RunStarted {
            run: id,
            workers: 2,
        })
    }

    #[test]
    fn the_slider_follows_an_experiments_default_unless_the_reader_moved_it() {
        let over = page().reduce(Action::SetExperiment("oversubscription".into()));
        assert_eq!(over.workers, 4, "twice the 2 cores");
        let back = over.reduce(Action::SetExperiment("sum".into()));
        assert_eq!(back.workers, 2);
        let moved = page()
            .reduce(Action::SetWorkers("1".into()))
            .reduce(Action::SetExperiment("oversubscription".into()));
        assert_eq!(moved.workers, 1, "the reader's choice stays");
    }

    #[test]
    fn a_stop_before_the_run_is_submitted_takes_it_back() {
        let asked = page().reduce(Action::RunRequested);
        let id = asked.pending.as_ref().map(|p| p.id);
        assert_eq!(id, Some(1));
        let stopped = asked.clone().reduce(Action::StopRequested);
        assert_eq!(stopped.pending, None);
        assert_eq!(stopped.run, RunStatus::Stopped);
        assert_eq!(stopped.teardowns, asked.teardowns + 1);
        // The submitting effect then finds nothing to submit; a late RunStarted is ignored.
        let late = stopped
            .clone()
            .reduce(Action::RunStarted { run: 1, workers: 2 });
        assert!(Rc::ptr_eq(&late, &stopped));
    }

    #[test]
    fn one_run_at_a_time_whatever_arrives_between_renders() {
        let asked = page().reduce(Action::RunRequested);
        let again = asked.clone().reduce(Action::RunRequested);
        assert!(
            Rc::ptr_eq(&again, &asked),
            "a second run while one is asked for"
        );
        let running = started(asked);
        let third = running.clone().reduce(Action::RunRequested);
        assert!(
            Rc::ptr_eq(&third, &running),
            "a run while one is in progress"
        );
        let batch = running
            .clone()
            .reduce(Action::BatchRunRequested(running.request(1)));
        assert!(Rc::ptr_eq(&batch, &running));
    }

    #[test]
    fn run_stop_run_submits_the_last_run_on_a_fresh_pool() {
        let running = started(page().reduce(Action::RunRequested));
        let stopped = running.reduce(Action::StopRequested);
        let teardowns = stopped.teardowns;
        let asked = stopped.reduce(Action::RunRequested);
        assert_eq!(asked.pending.as_ref().map(|p| p.id), Some(2));
        assert_eq!(
            asked.teardowns, teardowns,
            "asking does not tear down again"
        );
    }

    #[test]
    fn events_of_a_run_that_ended_are_ignored() {
        let running = started(page().reduce(Action::RunRequested));
        let stopped = running.reduce(Action::StopRequested);
        let report =
            Rc::new(interleave_engine::native::run_on_threads(&stopped.request(1)).unwrap());
        let late = stopped
            .clone()
            .reduce(Action::RunFinished(1, report.clone()));
        assert_eq!(
            late.run,
            RunStatus::Stopped,
            "a stopped run's result stays stopped"
        );
        let failed = stopped
            .clone()
            .reduce(Action::Failed(Some(1), "late".into()));
        assert!(Rc::ptr_eq(&failed, &stopped));
        // The next run's own result is taken.
        let next = started(stopped.reduce(Action::RunRequested));
        let done = next.reduce(Action::RunFinished(2, report));
        assert!(matches!(done.run, RunStatus::Done(_)));
    }

    #[test]
    fn a_stop_with_nothing_running_changes_nothing() {
        let idle = page();
        assert!(Rc::ptr_eq(
            &idle.clone().reduce(Action::StopRequested),
            &idle
        ));
    }

    #[test]
    fn see_it_as_go_opens_the_experiments_program_with_its_parameters_as_set() {
        let cpu = page()
            .reduce(Action::SetExperiment("cpu-bound".into()))
            .reduce(Action::SetParam("tasks".into(), "5".into()));
        let shown = cpu.reduce(Action::SeeAsGo);
        assert_eq!(shown.mode, Mode::Program);
        assert_eq!(shown.program.example, Some("experiments/cpu-bound"));
        assert!(shown.program.source.contains("const tasks = 5 "));
        // Run then runs that program.
        let asked = shown.reduce(Action::RunRequested);
        assert!(matches!(
            asked.pending.as_ref().map(|p| &p.job),
            Some(Job::Program { source, .. }) if source.contains("const tasks = 5 ")
        ));
        // The memory experiment has no program: the page stays on it.
        let memory = page()
            .reduce(Action::SetExperiment("memory".into()))
            .reduce(Action::SeeAsGo);
        assert_eq!(memory.mode, Mode::Experiments);
        // Nor does it switch while a run goes.
        let running = page().reduce(Action::RunRequested).reduce(Action::SeeAsGo);
        assert_eq!(running.mode, Mode::Experiments);
    }

    fn in_go_mode(state: Rc<AppState>) -> Rc<AppState> {
        state.reduce(Action::SetMode(Mode::Program))
    }

    #[test]
    fn a_go_program_runs_as_a_job_of_its_own_and_ends_with_its_output() {
        let asked = in_go_mode(page())
            .reduce(Action::SetSource("package main\n".into()))
            .reduce(Action::RunRequested);
        let pending = asked.pending.clone().expect("the program is asked for");
        assert_eq!(
            pending.job,
            Job::Program {
                source: "package main\n".into(),
                workers: 2
            }
        );
        let running = started(asked);
        let piece = |text: &str| Output {
            stream: interleave_engine::program::Stream::Stdout,
            goroutine: 1,
            at_ns: 5,
            text: text.into(),
        };
        let printed = running
            .reduce(Action::ProgramOutput(pending.id, vec![piece("a\n")]))
            .reduce(Action::ProgramOutput(pending.id + 1, vec![piece("late\n")]))
            .reduce(Action::ProgramOutput(pending.id, vec![piece("b\n")]));
        assert_eq!(
            printed.program.output.len(),
            2,
            "another run's output is not this one's"
        );
        let ended = printed.reduce(Action::ProgramEnded(
            pending.id,
            Rc::new(ProgramReport::ran(0, 2, Default::default())),
        ));
        let RunStatus::Exited(run) = &ended.run else {
            panic!("the program exited: {:?}", ended.run);
        };
        assert_eq!((run.report.exit, run.output.len()), (0, 2));
        // The next run starts with an empty pane.
        let again = started(ended.reduce(Action::RunRequested));
        assert!(again.program.output.is_empty());
    }

    #[test]
    fn a_go_program_runs_on_the_message_passing_backend_too() {
        let mut state = (*page()).clone();
        state.embed.backend = Some(Backend::MessagePassing);
        let asked = in_go_mode(Rc::new(state)).reduce(Action::RunRequested);
        assert!(matches!(
            asked.pending.as_ref().map(|p| &p.job),
            Some(Job::Program { .. })
        ));
    }

    #[test]
    fn the_host_sets_a_program_only_between_runs_and_a_lesson_shows_the_experiments() {
        let set = page().reduce(Action::Host(HostCommand::SetCode("package main".into())));
        assert_eq!(
            (set.mode, &*set.program.source),
            (Mode::Program, "package main")
        );
        let busy = started(set.clone().reduce(Action::RunRequested));
        let ignored = busy
            .clone()
            .reduce(Action::Host(HostCommand::SetCode("other".into())));
        assert!(Rc::ptr_eq(&ignored, &busy));
        let lesson = set.reduce(Action::PresetRun(COFFEE_SHOP, None));
        assert_eq!(lesson.mode, Mode::Experiments);
        assert!(lesson.pending.is_some());
    }

    #[test]
    fn a_failure_of_the_pool_itself_always_tears_it_down() {
        let idle = page();
        let failed = idle
            .clone()
            .reduce(Action::Failed(None, "no worker".into()));
        assert_eq!(failed.teardowns, idle.teardowns + 1);
        assert_eq!(failed.pool, PoolStatus::None);
    }
}
