//! The experiment catalogue, run requests and run reports: the engine's wire types.
//!
//! A run request names an experiment, the worker count and the parameters; the report
//! carries every variant's measurements and spans and the verdict. Both cross the
//! boundary between the UI and the runtime as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::budget::{self, Footprint};
use crate::clock::Clock;
use crate::experiments::{
    amdahl, bounded, cpu_bound, granularity, interleaving, io_bound, lock_contention, memory,
    mixed, oversubscription, pipeline, race, sum, throughput,
};
use crate::measure::{self, Recorder, prime_workers};
use crate::params::{self, Checked, ParamSpec};
use crate::tasks::TaskRecord;
use crate::trace::Span;

/// The sections of the experiment picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Sequential, concurrent, parallel: the words themselves.
    Basics,
    /// Tasks that wait (simulated I/O), parked or blocking.
    Waiting,
    /// Locks, channels, semaphores, races.
    Coordination,
    /// What caps speedup: serial parts, memory, oversubscription, task size.
    Limits,
}

impl Group {
    /// Every group, in picker order.
    pub const ALL: &'static [Group] = &[
        Group::Basics,
        Group::Waiting,
        Group::Coordination,
        Group::Limits,
    ];

    /// The group's heading in the picker.
    pub fn title(self) -> &'static str {
        match self {
            Group::Basics => "Basics",
            Group::Waiting => "Waiting",
            Group::Coordination => "Coordination",
            Group::Limits => "Limits",
        }
    }
}

/// What an experiment is: its names, claim, explanation and parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// The short name used in URLs and requests.
    pub slug: &'static str,
    /// Its number in the catalogue (`shared/experiments.md`).
    pub number: u8,
    /// Its section of the picker.
    pub group: Group,
    /// The title shown in the picker.
    pub title: &'static str,
    /// The claim it tests, in one sentence.
    pub claim: &'static str,
    /// A short explanation in plain words of what a run does.
    pub explanation: &'static str,
    /// Its parameters, with their bounds.
    pub params: &'static [ParamSpec],
    /// Whether its tasks share memory (a lock, a channel, one array), so it runs only on
    /// the shared-memory backend, which needs a cross-origin isolated page; the others
    /// also run on the message-passing backend.
    pub needs_shared_memory: bool,
    /// What each variant's value is, as the results table heads its column.
    pub value_name: &'static str,
    /// Which variant's wall time a sweep over worker counts measures.
    pub sweep: SweepMeasure,
}

/// The one time a sweep over worker counts records from each run of an experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepMeasure {
    /// The wall time of the variant with this id.
    Variant(&'static str),
    /// The wall time of the last variant (the one with the most workers).
    LastVariant,
    /// The experiment has no single time that depends on the worker count.
    None,
}

/// What an experiment's run produces, before the engine wraps it into a [`RunReport`].
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The variants, in the order they ran.
    pub variants: Vec<VariantReport>,
    /// The answer every variant should compute, when known in closed form.
    pub expected_value: Option<u64>,
    /// The verdict on the claim.
    pub verdict: Verdict,
}

/// The experiments the playground can run (numbered as in the catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExperimentId {
    /// 1. Sum: sequential, concurrent, parallel.
    Sum,
    /// 2. CPU-bound tasks.
    CpuBound,
    /// 3. I/O-bound tasks.
    IoBound,
    /// 4. Mixed I/O and CPU.
    Mixed,
    /// 5. Lock contention.
    Lock,
    /// 6. Task granularity.
    Granularity,
    /// 7. Oversubscription.
    Oversubscription,
    /// 8. Amdahl's law.
    Amdahl,
    /// 9. Memory bandwidth.
    Memory,
    /// 10. Bounded concurrency.
    Bounded,
    /// 11. Producer, stages, consumer.
    Pipeline,
    /// 12. Race on the last seat.
    Race,
    /// 13. Interleaving on one worker.
    Interleaving,
    /// 14. Throughput vs latency.
    Throughput,
}

impl ExperimentId {
    /// Every experiment, in catalogue order.
    pub const ALL: &'static [ExperimentId] = &[
        ExperimentId::Sum,
        ExperimentId::CpuBound,
        ExperimentId::IoBound,
        ExperimentId::Mixed,
        ExperimentId::Lock,
        ExperimentId::Granularity,
        ExperimentId::Oversubscription,
        ExperimentId::Amdahl,
        ExperimentId::Memory,
        ExperimentId::Bounded,
        ExperimentId::Pipeline,
        ExperimentId::Race,
        ExperimentId::Interleaving,
        ExperimentId::Throughput,
    ];

    /// What the experiment is.
    pub fn info(self) -> &'static Info {
        match self {
            ExperimentId::Sum => &sum::INFO,
            ExperimentId::CpuBound => &cpu_bound::INFO,
            ExperimentId::IoBound => &io_bound::INFO,
            ExperimentId::Lock => &lock_contention::INFO,
            ExperimentId::Interleaving => &interleaving::INFO,
            ExperimentId::Mixed => &mixed::INFO,
            ExperimentId::Granularity => &granularity::INFO,
            ExperimentId::Oversubscription => &oversubscription::INFO,
            ExperimentId::Bounded => &bounded::INFO,
            ExperimentId::Pipeline => &pipeline::INFO,
            ExperimentId::Throughput => &throughput::INFO,
            ExperimentId::Amdahl => &amdahl::INFO,
            ExperimentId::Memory => &memory::INFO,
            ExperimentId::Race => &race::INFO,
        }
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

    /// The parameters the experiment takes, with their bounds.
    pub fn params(self) -> &'static [ParamSpec] {
        self.info().params
    }

    /// Runs the experiment's variants with `rec` on `workers` workers.
    pub(crate) fn run(self, request: &RunRequest, workers: u32, rec: &Recorder) -> Outcome {
        match self {
            ExperimentId::Sum => sum::run(request, workers, rec),
            ExperimentId::CpuBound => cpu_bound::run(request, workers, rec),
            ExperimentId::IoBound => io_bound::run(request, workers, rec),
            ExperimentId::Lock => lock_contention::run(request, workers, rec),
            ExperimentId::Interleaving => interleaving::run(request, workers, rec),
            ExperimentId::Mixed => mixed::run(request, workers, rec),
            ExperimentId::Granularity => granularity::run(request, workers, rec),
            ExperimentId::Oversubscription => oversubscription::run(request, workers, rec),
            ExperimentId::Bounded => bounded::run(request, workers, rec),
            ExperimentId::Pipeline => pipeline::run(request, workers, rec),
            ExperimentId::Throughput => throughput::run(request, workers, rec),
            ExperimentId::Amdahl => amdahl::run(request, workers, rec),
            ExperimentId::Memory => memory::run(request, workers, rec),
            ExperimentId::Race => race::run(request, workers, rec),
        }
    }

    /// What a run of `request` (already clamped) allocates at most: the experiment's data
    /// and each variant's spans and tasks, for the memory [`budget`](crate::budget).
    pub fn footprint(self, request: &RunRequest) -> Footprint {
        match self {
            ExperimentId::Sum => sum::footprint(request),
            ExperimentId::CpuBound => cpu_bound::footprint(request),
            ExperimentId::IoBound => io_bound::footprint(request),
            ExperimentId::Lock => lock_contention::footprint(request),
            ExperimentId::Interleaving => interleaving::footprint(request),
            ExperimentId::Mixed => mixed::footprint(request),
            ExperimentId::Granularity => granularity::footprint(request),
            ExperimentId::Oversubscription => oversubscription::footprint(request),
            ExperimentId::Bounded => bounded::footprint(request),
            ExperimentId::Pipeline => pipeline::footprint(request),
            ExperimentId::Throughput => throughput::footprint(request),
            ExperimentId::Amdahl => amdahl::footprint(request),
            ExperimentId::Memory => memory::footprint(request),
            ExperimentId::Race => race::footprint(request),
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// When each task was created and finished, for the task view (variants run by the
    /// task scheduler with few enough tasks; empty otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task_records: Vec<TaskRecord>,
    /// The labels [`TaskRecord::label`] indexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task_labels: Vec<String>,
}

/// What a run says about its experiment's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// The measurements agree with the claim.
    Supports,
    /// The measurements disagree with the claim.
    Contradicts,
    /// The run cannot tell (one worker where the claim is about several, times too short).
    Undecided,
}

/// The judgement of a run against the experiment's claim, computed from its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// What the run says about the claim.
    pub judgement: Judgement,
    /// The reasoning, with the measured numbers.
    pub text: String,
}

impl Verdict {
    /// A verdict whose text opens by saying whether the run supports the claim.
    pub fn judged(supports_claim: bool, reasoning: String) -> Self {
        let (judgement, opening) = if supports_claim {
            (Judgement::Supports, "This run supports the claim.")
        } else {
            (
                Judgement::Contradicts,
                "This run does not support the claim.",
            )
        };
        Self {
            judgement,
            text: format!("{opening} {reasoning}"),
        }
    }

    /// A verdict for a run that cannot test the claim, saying why.
    pub fn undecided(reasoning: String) -> Self {
        Self {
            judgement: Judgement::Undecided,
            text: format!("This run cannot test the claim. {reasoning}"),
        }
    }

    /// The verdict when a variant took no measurable time, so no ratio can be formed.
    pub fn too_fast() -> Self {
        Self::undecided(
            "A variant finished in zero measurable time, so no speedup can be computed; \
             give it more work."
                .into(),
        )
    }
}

/// How the workers of a run worked together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// Threads over one shared memory: a rayon pool of OS threads natively, of Web
    /// Workers over a shared wasm memory in a cross-origin isolated page.
    #[default]
    SharedMemory,
    /// Separate Web Workers, each with its own engine and memory, given work and
    /// returning spans by message: what a page without cross-origin isolation can have.
    MessagePassing,
}

impl Backend {
    /// Its name in URLs, file names and exports (`shared-memory`, `message-passing`), the
    /// same as in the wire types.
    pub fn slug(self) -> &'static str {
        match self {
            Backend::SharedMemory => "shared-memory",
            Backend::MessagePassing => "message-passing",
        }
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Backend::SharedMemory => "shared memory",
            Backend::MessagePassing => "message passing",
        }
    }
}

/// Everything a run measured: what the page shows and the trace export is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The request as it was run, after clamping.
    pub request: RunRequest,
    /// The number of worker threads the pool really had.
    pub workers: u32,
    /// How the workers worked together.
    #[serde(default)]
    pub backend: Backend,
    /// The variants, in the order they ran.
    pub variants: Vec<VariantReport>,
    /// The expected answer, when the experiment knows it in closed form.
    pub expected_value: Option<u64>,
    /// The verdict on the claim.
    pub verdict: Verdict,
    /// Bytes of wasm memory the runtime's instance held after the run, where it runs in
    /// one (the page shows it, and a test checks that runs do not make it grow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_memory_bytes: Option<u64>,
}

impl RunReport {
    /// The variant whose wall time a sweep records, if the experiment has one.
    pub fn sweep_variant(&self) -> Option<&VariantReport> {
        match self.request.experiment.info().sweep {
            SweepMeasure::Variant(id) => self.variants.iter().find(|v| v.id == id),
            SweepMeasure::LastVariant => self.variants.last(),
            SweepMeasure::None => None,
        }
    }

    /// The wall time a sweep records for this run, if the experiment has one.
    pub fn sweep_time_ns(&self) -> Option<u64> {
        self.sweep_variant().map(|v| v.wall_ns)
    }

    /// How busy the workers were during the swept variant, from 0 to 1: the mean over the
    /// pool's workers of the share of its wall time each spent in busy spans.
    pub fn sweep_utilisation(&self) -> Option<f64> {
        let variant = self.sweep_variant()?;
        let shares = crate::analysis::utilisation(&variant.spans, self.workers, variant.wall_ns);
        (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
    }

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
///
/// # Panics
///
/// When the run would need more memory than [`budget::CAP_BYTES`]: callers refuse such a
/// request with [`budget::check`]'s message first, and this stops any that slips past
/// before it allocates.
pub fn run(request: &RunRequest, clock: &'static dyn Clock) -> RunReport {
    run_with(request, clock, |_| {})
}

/// Runs an experiment as [`run`] does, handing each variant to `on_variant` as soon as
/// it is measured, so that a page can draw the run while it goes.
///
/// `on_variant` sees the variants in the order they ran, as they were measured: an
/// experiment may still adjust a variant's value from the others (throughput reports
/// latencies), and the report it returns is what counts. It is called on the thread
/// that called this function, between two variants, so it adds nothing to the times.
///
/// # Panics
///
/// As [`run`] does, when the run would need more memory than the cap.
pub fn run_with(
    request: &RunRequest,
    clock: &'static dyn Clock,
    on_variant: impl FnMut(&VariantReport) + 'static,
) -> RunReport {
    let request = request.bounded();
    if let Err(refusal) = budget::check(&request) {
        panic!("{refusal}");
    }
    let workers = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    let rec = Recorder::new(clock);
    prime_workers();
    let Outcome {
        variants,
        expected_value,
        verdict,
    } = measure::reporting_variants(Box::new(on_variant), || {
        request.experiment.run(&request, workers, &rec)
    });
    RunReport {
        request,
        workers,
        backend: Backend::SharedMemory,
        variants,
        expected_value,
        verdict,
        runtime_memory_bytes: None,
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
    fn run_with_tells_of_every_variant_as_measured_in_the_plans_number() {
        use std::sync::{Arc, Mutex};
        for &experiment in ExperimentId::ALL {
            let mut request = RunRequest::new(experiment, 2, 2);
            for p in experiment.params() {
                request.params.insert(p.key.into(), p.quick);
            }
            let seen = Arc::new(Mutex::new(Vec::new()));
            let told = Arc::clone(&seen);
            let report = crate::native::pool(2).unwrap().install(|| {
                run_with(&request, crate::native::clock(), move |v| {
                    told.lock().unwrap().push(v.clone());
                })
            });
            let seen = std::mem::take(&mut *seen.lock().unwrap());
            let slug = experiment.slug();
            assert_eq!(seen.len(), report.variants.len(), "{slug}");
            assert_eq!(
                seen.len(),
                crate::distributed::plan(&request).len(),
                "{slug}: the plan counts the variants"
            );
            for (told, kept) in seen.iter().zip(&report.variants) {
                // Throughput's value is a latency, worked out from the spans afterwards.
                let value = if slug == "throughput" {
                    told.value
                } else {
                    kept.value
                };
                assert_eq!(
                    told,
                    &VariantReport {
                        value,
                        ..kept.clone()
                    },
                    "{slug}"
                );
            }
        }
    }

    #[test]
    #[should_panic(expected = "more than the 512 MB a run may use")]
    fn run_refuses_a_request_above_the_memory_cap() {
        let mut request = RunRequest::new(ExperimentId::Lock, 2, 2);
        request.params.insert("items".into(), 1_000_000);
        crate::native::pool(2)
            .unwrap()
            .install(|| run(&request, crate::native::clock()));
    }

    #[test]
    fn requests_round_trip_through_json() {
        let request = RunRequest::new(ExperimentId::Sum, 2, 2);
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<RunRequest>(&json).unwrap(), request);
        assert!(json.contains("\"experiment\":\"sum\""));
    }
}
