//! The catalogue of experiments and the request to run one: the [`ExperimentId`] every
//! boundary names an experiment by, and the [`RunRequest`] the UI sends.
//!
//! Each experiment lives in a file of `experiments/` and is listed here once, in the
//! [`catalogue!`] below, which makes the id, the list and the look-up from that one line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::experiment::{Experiment, Info, Setup};
use crate::experiments::{
    amdahl, bounded, cpu_bound, granularity, interleaving, io_bound, lock_contention, memory,
    mixed, oversubscription, pipeline, race, sum, throughput,
};
use crate::footprint::Footprint;
use crate::params::{self, Checked, ParamSpec};
use crate::repetition::Repeat;

/// Makes [`ExperimentId`], [`ExperimentId::ALL`] and [`ExperimentId::experiment`] from one
/// line per experiment.
macro_rules! catalogue {
    ($($(#[$doc:meta])* $id:ident => $experiment:expr,)*) => {
        /// The experiments the playground can run (numbered as in the catalogue).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ExperimentId {
            $($(#[$doc])* $id,)*
        }

        impl ExperimentId {
            /// Every experiment, in catalogue order.
            pub const ALL: &'static [ExperimentId] = &[$(ExperimentId::$id,)*];

            /// The experiment itself.
            pub fn experiment(self) -> &'static dyn Experiment {
                match self {
                    $(ExperimentId::$id => &$experiment,)*
                }
            }
        }
    };
}

catalogue! {
    /// 1. Sum: sequential, concurrent, parallel.
    Sum => sum::Sum,
    /// 2. CPU-bound tasks.
    CpuBound => cpu_bound::CpuBound,
    /// 3. I/O-bound tasks.
    IoBound => io_bound::IoBound,
    /// 4. Mixed I/O and CPU.
    Mixed => mixed::Mixed,
    /// 5. Lock contention.
    Lock => lock_contention::LockContention,
    /// 6. Task granularity.
    Granularity => granularity::Granularity,
    /// 7. Oversubscription.
    Oversubscription => oversubscription::Oversubscription,
    /// 8. Amdahl's law.
    Amdahl => amdahl::Amdahl,
    /// 9. Memory bandwidth.
    Memory => memory::Memory,
    /// 10. Bounded concurrency.
    Bounded => bounded::Bounded,
    /// 11. Producer, stages, consumer.
    Pipeline => pipeline::Pipeline,
    /// 12. Race on the last seat.
    Race => race::Race,
    /// 13. Interleaving on one worker.
    Interleaving => interleaving::Interleaving,
    /// 14. Throughput vs latency.
    Throughput => throughput::Throughput,
}

impl ExperimentId {
    /// What the experiment is.
    pub fn info(self) -> &'static Info {
        self.experiment().info()
    }

    /// The short name used in URLs and requests.
    pub fn slug(self) -> &'static str {
        self.info().slug
    }

    /// Finds an experiment by its slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.slug() == slug)
    }

    /// The title shown in the picker.
    pub fn title(self) -> &'static str {
        self.info().title
    }

    /// The claim the experiment tests, in one sentence.
    pub fn claim(self) -> &'static str {
        self.info().claim
    }

    /// A short explanation in plain words of what the run does.
    pub fn explanation(self) -> &'static str {
        self.info().explanation
    }

    /// The worker count a run of it starts with when none is asked for, on a machine
    /// reporting `cores` cores: the cores, or twice them for oversubscription.
    pub fn default_workers(self, cores: u32) -> u32 {
        let cores = params::reported_cores(cores);
        let (min, max) = params::worker_bounds(cores);
        self.experiment().default_workers(cores).clamp(min, max)
    }

    /// The parameters the experiment takes, with their bounds.
    pub fn params(self) -> &'static [ParamSpec] {
        self.info().params
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
    /// Whether the variants are repeated until their times settle (a Run on the page) or
    /// measured once (by a caller that repeats whole runs itself).
    #[serde(default, skip_serializing_if = "is_until_settled")]
    pub repeat: Repeat,
}

/// Whether a request repeats as a Run does by default, so that it is left out of the JSON.
fn is_until_settled(repeat: &Repeat) -> bool {
    *repeat == Repeat::UntilSettled
}

impl RunRequest {
    /// A request with every parameter at its default.
    pub fn new(experiment: ExperimentId, workers: u32, cores: u32) -> Self {
        Self {
            experiment,
            workers,
            cores,
            params: BTreeMap::new(),
            repeat: Repeat::UntilSettled,
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

    /// What the experiment sees of this request (clamped) on `workers` workers.
    pub fn setup_on(&self, workers: u32) -> Setup {
        let bounded = self.bounded();
        Setup {
            workers,
            cores: bounded.cores,
            params: bounded.params,
            tasks_migrate: true,
        }
    }

    /// What this request (already clamped) allocates at most: the experiment's shared
    /// array and each variant's declared load, read off its variants without running them.
    pub fn footprint(&self) -> Footprint {
        let setup = self.setup_on(self.workers);
        let experiment = self.experiment.experiment();
        Footprint {
            data_bytes: experiment.shared_array_len(&setup) * 8,
            variants: experiment
                .variants(&setup, &[])
                .iter()
                .map(|v| v.load)
                .collect(),
        }
    }

    /// How this request's variants are measured: as it asks, or once for an experiment
    /// whose verdict does not rest on times ([`Experiment::timed`]).
    pub fn measured(&self) -> Repeat {
        if self.experiment.experiment().timed() {
            self.repeat
        } else {
            Repeat::Once
        }
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
            repeat: self.repeat,
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
        assert_eq!(values["n"], sum::INFO.params[0].min);
        assert_eq!(notes.len(), 1);
        let (values, notes) = ExperimentId::Sum.check_params([]);
        assert_eq!(values["n"], sum::INFO.params[0].default);
        assert!(notes.is_empty());
    }

    #[test]
    fn bounded_clamps_workers_and_params() {
        let mut request = RunRequest::new(ExperimentId::Sum, 99, 2);
        request.params.insert("n".into(), u64::MAX);
        let bounded = request.bounded();
        assert_eq!(bounded.workers, 4);
        assert_eq!(bounded.params["n"], sum::INFO.params[0].max);
    }

    #[test]
    fn requests_round_trip_through_json() {
        let request = RunRequest::new(ExperimentId::Sum, 2, 2);
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<RunRequest>(&json).unwrap(), request);
        assert!(json.contains("\"experiment\":\"sum\""));
    }
}
