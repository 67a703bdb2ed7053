//! The experiment catalogue, run requests and run reports: the engine's wire types.
//!
//! A run request names an experiment, the worker count and the parameters; the report
//! carries every variant's measurements and spans and the verdict. Both cross the
//! boundary between the UI and the runtime as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::params::{self, Checked, ParamSpec};
use crate::sum;
use crate::trace::Span;

/// The experiments the playground can run (numbered as in the catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExperimentId {
    /// 1. Sum: sequential, concurrent, parallel.
    Sum,
}

impl ExperimentId {
    /// Every experiment, in catalogue order.
    pub const ALL: &'static [ExperimentId] = &[ExperimentId::Sum];

    /// The short name used in URLs and requests.
    pub fn slug(self) -> &'static str {
        match self {
            ExperimentId::Sum => "sum",
        }
    }

    /// Finds an experiment by its slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.slug() == slug)
    }

    /// The title shown in the picker.
    pub fn title(self) -> &'static str {
        match self {
            ExperimentId::Sum => "Sum: sequential, concurrent, parallel",
        }
    }

    /// The claim the experiment tests, in one sentence.
    pub fn claim(self) -> &'static str {
        match self {
            ExperimentId::Sum => {
                "Splitting CPU work into tasks on one worker buys nothing; \
                 spreading it over k workers makes it up to k times faster."
            }
        }
    }

    /// A short explanation in plain words of what the run does.
    pub fn explanation(self) -> &'static str {
        match self {
            ExperimentId::Sum => {
                "The page adds up the numbers 1 to n three times: once as one task, once as \
                 two tasks that take turns on a single worker (concurrency without \
                 parallelism), and once split into one task per worker, all running at the \
                 same time (parallelism)."
            }
        }
    }

    /// The parameters the experiment takes, with their bounds.
    pub fn params(self) -> &'static [ParamSpec] {
        match self {
            ExperimentId::Sum => sum::PARAMS,
        }
    }

    /// Checks raw parameter text (from a form or URL) against this experiment's bounds.
    ///
    /// Unknown keys are ignored and missing ones take their defaults; every adjustment
    /// comes back as a note.
    pub fn check_params<'a>(
        self,
        raw: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (BTreeMap<String, u64>, Vec<String>) {
        let raw: BTreeMap<&str, &str> = raw.into_iter().collect();
        let mut values = BTreeMap::new();
        let mut notes = Vec::new();
        for spec in self.params() {
            let Checked { value, note } = match raw.get(spec.key) {
                Some(text) => spec.parse(text),
                None => Checked {
                    value: spec.default,
                    note: None,
                },
            };
            values.insert(spec.key.to_owned(), value);
            notes.extend(note);
        }
        (values, notes)
    }
}

/// What the UI asks the runtime to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRequest {
    /// The experiment to run.
    pub experiment: ExperimentId,
    /// How many workers (threads) the run gets: the page's GOMAXPROCS.
    pub workers: u32,
    /// The cores the browser or OS reports; verdicts use it to know what speedup is
    /// possible at all.
    pub cores: u32,
    /// Parameter values by key; missing keys take their defaults.
    #[serde(default)]
    pub params: BTreeMap<String, u64>,
}

impl RunRequest {
    /// A request with every parameter at its default.
    pub fn new(experiment: ExperimentId, workers: u32, cores: u32) -> Self {
        Self {
            experiment,
            workers,
            cores,
            params: BTreeMap::new(),
        }
    }

    /// The value of parameter `key`, clamped to its bounds (its default when missing).
    ///
    /// Requests may come from anywhere, so the engine clamps again whatever the UI did.
    pub fn param(&self, key: &str) -> u64 {
        let spec = self
            .experiment
            .params()
            .iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("{key} is not a parameter of {:?}", self.experiment));
        self.params
            .get(key)
            .map_or(spec.default, |&v| spec.clamp(v).value)
    }

    /// The request with the worker count and every parameter clamped into bounds.
    pub fn bounded(&self) -> RunRequest {
        let (min, max) = params::worker_bounds(self.cores);
        RunRequest {
            experiment: self.experiment,
            workers: self.workers.clamp(min, max),
            cores: params::reported_cores(self.cores),
            params: self
                .experiment
                .params()
                .iter()
                .map(|spec| (spec.key.to_owned(), self.param(spec.key)))
                .collect(),
        }
    }
}

/// The measurements of one variant of an experiment, such as "sequential".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantReport {
    /// A stable identifier, e.g. `sequential`, `concurrent`, `parallel`.
    pub id: String,
    /// What the variant is, in words for the page, e.g. "2 tasks on 1 worker".
    pub label: String,
    /// How many tasks the variant submitted.
    pub tasks: u32,
    /// When the variant started, in nanoseconds since the run's origin.
    pub start_ns: u64,
    /// Wall time from submitting the first task to the last task finishing.
    pub wall_ns: u64,
    /// The variant's computed answer, so the page can show that all variants agree.
    pub value: u64,
    /// Every span the variant's tasks recorded.
    pub spans: Vec<Span>,
}

/// The judgement of a run against the experiment's claim, computed from its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether this run's measurements support the claim.
    pub supports_claim: bool,
    /// The reasoning, with the measured numbers.
    pub text: String,
}

/// Everything a run measured: what the page shows and the trace export is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The request as it was run, after clamping.
    pub request: RunRequest,
    /// The number of worker threads the pool really had.
    pub workers: u32,
    /// The variants, in the order they ran.
    pub variants: Vec<VariantReport>,
    /// The expected answer, when the experiment knows it in closed form.
    pub expected_value: Option<u64>,
    /// The verdict on the claim.
    pub verdict: Verdict,
}

impl RunReport {
    /// Whether every variant computed the expected answer.
    pub fn values_correct(&self) -> bool {
        self.variants
            .iter()
            .all(|v| self.expected_value.is_none_or(|e| e == v.value))
    }
}

/// Runs an experiment on the current rayon pool, whose threads are the run's workers.
///
/// Call it from inside the pool (`ThreadPool::install`) natively, or with the global pool
/// that wasm-bindgen-rayon built in the browser. The request is clamped first.
pub fn run(request: &RunRequest, clock: &dyn Clock) -> RunReport {
    let request = request.bounded();
    let workers = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    match request.experiment {
        ExperimentId::Sum => sum::run(request, workers, clock),
    }
}

/// Runs every experiment once on small inputs and throws the reports away.
///
/// A browser first runs wasm in a quick baseline tier and optimises a function only once
/// it is hot; without this, the first run a visitor makes measures the compiler, not the
/// claim. The runtime calls it as soon as its pool is up.
pub fn warm_up(workers: u32, clock: &dyn Clock) {
    for &experiment in ExperimentId::ALL {
        let mut request = RunRequest::new(experiment, workers, workers);
        request.params = experiment
            .params()
            .iter()
            .map(|spec| (spec.key.to_owned(), spec.warm_up))
            .collect();
        for _ in 0..2 {
            std::hint::black_box(run(&request, clock));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for &e in ExperimentId::ALL {
            assert_eq!(ExperimentId::from_slug(e.slug()), Some(e));
        }
        assert_eq!(ExperimentId::from_slug("nope"), None);
    }

    #[test]
    fn check_params_fills_defaults_and_clamps() {
        let (values, notes) = ExperimentId::Sum.check_params([("n", "0"), ("bogus", "1")]);
        assert_eq!(values["n"], sum::PARAMS[0].min);
        assert_eq!(notes.len(), 1);
        let (values, notes) = ExperimentId::Sum.check_params([]);
        assert_eq!(values["n"], sum::PARAMS[0].default);
        assert!(notes.is_empty());
    }

    #[test]
    fn bounded_clamps_workers_and_params() {
        let mut request = RunRequest::new(ExperimentId::Sum, 99, 2);
        request.params.insert("n".into(), u64::MAX);
        let bounded = request.bounded();
        assert_eq!(bounded.workers, 4);
        assert_eq!(bounded.params["n"], sum::PARAMS[0].max);
    }

    #[test]
    fn requests_round_trip_through_json() {
        let request = RunRequest::new(ExperimentId::Sum, 2, 2);
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<RunRequest>(&json).unwrap(), request);
        assert!(json.contains("\"experiment\":\"sum\""));
    }
}
