//! What an experiment is: its description ([`Info`]), the [`Experiment`] trait every
//! experiment implements, and what its variants produce ([`VariantReport`], [`Verdict`]).
//!
//! An experiment is data and judgement, never control flow: it lists its variants
//! ([`crate::variant::Variant`]) for a backend to carry out, and judges the claim from the
//! measured reports. It does not know which backend runs it, or whether it is being run,
//! planned or costed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::params::ParamSpec;
use crate::tasks::TaskRecord;
use crate::trace::Span;
use crate::variant::Variant;

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

/// A run as an experiment sees it: the workers, the cores and the parameter values,
/// already checked against their bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// How many workers the run has: the page's GOMAXPROCS.
    pub workers: u32,
    /// The cores the browser or OS reports, for what speedup is possible at all.
    pub cores: u32,
    /// Every parameter of the experiment, by key, within its bounds.
    pub params: BTreeMap<String, u64>,
    /// Whether a task can move from one worker to another at its preemption points: so
    /// where the workers share memory; not on the message-passing backend, whose engines
    /// each run their own share of the tasks whole.
    pub tasks_migrate: bool,
}

impl Setup {
    /// The value of parameter `key`.
    ///
    /// # Panics
    ///
    /// When the experiment has no such parameter: a mistake in the experiment's code.
    pub fn param(&self, key: &str) -> u64 {
        *self
            .params
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not a parameter of this experiment"))
    }
}

/// One experiment of the catalogue: a claim, the variants that test it, and the verdict.
///
/// Adding one is a file in `experiments/` implementing this and a line in
/// [`crate::catalogue`].
pub trait Experiment: Sync {
    /// What the experiment is: names, claim, parameters.
    fn info(&self) -> &'static Info;

    /// The length of the array `0, 1, 2, ...` that its variants read, built once before
    /// they run and not timed (the memory experiment scans one); 0 for none.
    fn shared_array_len(&self, _setup: &Setup) -> u64 {
        0
    }

    /// The variants, in the order they run; `array` is the shared array (empty when the
    /// variants are only planned or costed, never run).
    fn variants<'d>(&self, setup: &Setup, array: &'d [u64]) -> Vec<Variant<'d>>;

    /// The worker count a run of it starts with on a machine with `cores` cores (already
    /// within [`crate::params::reported_cores`]): the cores, as GOMAXPROCS defaults to,
    /// unless the lesson needs more workers than cores (oversubscription).
    fn default_workers(&self, cores: u32) -> u32 {
        cores
    }

    /// Whether its verdict rests on the variants' wall times, so that a run repeats them
    /// until the times settle ([`crate::repetition`]); an experiment judged on what its
    /// variants counted or the order they ran in (the race, the interleaving) measures
    /// once.
    fn timed(&self) -> bool {
        true
    }

    /// The answer every variant should compute, when it is known in closed form.
    fn expected_value(&self, _setup: &Setup) -> Option<u64> {
        None
    }

    /// Fills in what can only be read off a whole measured variant, such as throughput's
    /// median latency from its spans; nothing for most experiments.
    fn settle(&self, _setup: &Setup, _variants: &mut [VariantReport]) {}

    /// The verdict on the claim, from the measured variants (as many as
    /// [`Experiment::variants`] listed, in that order).
    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict;
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
    /// How many trials it ran, for a variant that repeats a trial until a count or a time
    /// limit is reached (the race); 0 for the others.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub trials: u64,
    /// The id of the variant its speedup is measured against (its baseline), where its
    /// wall time is compared with another's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Its wall time in every round of a run that repeated its variants, in the order
    /// measured; `wall_ns` is then their median (see [`crate::repetition`]). Empty for a
    /// variant measured once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub walls_ns: Vec<u64>,
}

impl VariantReport {
    /// A variant that took `wall_ns` and recorded nothing else: what a verdict's unit
    /// test feeds it.
    #[cfg(test)]
    pub(crate) fn timed(wall_ns: u64) -> Self {
        Self {
            wall_ns,
            ..Self::default()
        }
    }

    /// How its time was measured, for the table beside it: "median of 5: 38.3 ms to 55.7
    /// ms" when it is the median of repeats; `None` for a variant measured once.
    pub fn repeats_text(&self) -> Option<String> {
        let walls = &self.walls_ns;
        match (walls.len(), walls.iter().min(), walls.iter().max()) {
            (2.., Some(&min), Some(&max)) => Some(format!(
                "median of {}: {} to {}",
                walls.len(),
                crate::analysis::format_duration_ns(min),
                crate::analysis::format_duration_ns(max)
            )),
            _ => None,
        }
    }

    /// The wall time of the round whose spans it carries (the first): what a timeline
    /// draws it over, where [`VariantReport::wall_ns`] may be the median of several.
    pub fn traced_wall_ns(&self) -> u64 {
        self.walls_ns.first().copied().unwrap_or(self.wall_ns)
    }
}

/// The speedup of `variants[index]` over its own baseline, and the baseline's index: the
/// one number every table and export shows for it, so that a row is never compared with
/// a row it does not belong with.
pub fn speedup_over_baseline(variants: &[&VariantReport], index: usize) -> Option<(f64, usize)> {
    let variant = variants.get(index)?;
    let baseline = variant.baseline.as_deref()?;
    let at = variants.iter().position(|v| v.id == baseline)?;
    crate::analysis::speedup(variants[at].wall_ns, variant.wall_ns).map(|x| (x, at))
}

/// What a table's speedup cell says of `variants[index]`: its speedup over its baseline
/// and which row that is ("1.95× vs row 1"), "baseline" for a row others are compared
/// with, and "–" for a row compared with none (the race's bookings).
pub fn speedup_text(variants: &[&VariantReport], index: usize) -> String {
    if let Some((x, at)) = speedup_over_baseline(variants, index) {
        return format!("{} vs row {}", crate::analysis::Ratio(x), at + 1);
    }
    let id = variants.get(index).map(|v| v.id.as_str());
    let compared = variants
        .iter()
        .any(|v| v.baseline.is_some() && v.baseline.as_deref() == id);
    if compared { "baseline" } else { "–" }.to_owned()
}

/// Whether a count is zero, so that it is left out of the JSON.
fn is_zero(count: &u64) -> bool {
    *count == 0
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
    /// The repeated times disagreed too much to judge the claim on (a busy machine).
    TooNoisy,
}

impl Judgement {
    /// Its name in the page's markup and the exports (`supports`, `too_noisy`, ...), the
    /// same as in the JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Judgement::Supports => "supports",
            Judgement::Contradicts => "contradicts",
            Judgement::Undecided => "undecided",
            Judgement::TooNoisy => "too_noisy",
        }
    }
}

/// How a verdict's text opens, for each judgement: the reasoning follows.
const OPENINGS: [(Judgement, &str); 4] = [
    (Judgement::Supports, "This run supports the claim."),
    (
        Judgement::Contradicts,
        "This run does not support the claim.",
    ),
    (Judgement::Undecided, "This run cannot test the claim."),
    (Judgement::TooNoisy, "Too noisy to judge."),
];

/// The opening of a verdict with this judgement.
fn opening(judgement: Judgement) -> &'static str {
    OPENINGS
        .iter()
        .find(|(j, _)| *j == judgement)
        .map_or("", |(_, text)| text)
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
        let judgement = if supports_claim {
            Judgement::Supports
        } else {
            Judgement::Contradicts
        };
        Self::opened(judgement, &reasoning)
    }

    /// A verdict for a run that cannot test the claim, saying why.
    pub fn undecided(reasoning: String) -> Self {
        Self::opened(Judgement::Undecided, &reasoning)
    }

    /// A verdict for a run whose repeated times disagreed too much to judge on, saying
    /// how much.
    pub fn too_noisy(reasoning: String) -> Self {
        Self::opened(Judgement::TooNoisy, &reasoning)
    }

    /// A verdict whose text is the opening for `judgement`, then `reasoning`.
    fn opened(judgement: Judgement, reasoning: &str) -> Self {
        Self {
            judgement,
            text: format!("{} {reasoning}", opening(judgement)),
        }
    }

    /// The text without its opening sentence: the reasoning and the numbers.
    pub fn reasoning(&self) -> &str {
        let text = self.text.as_str();
        text.strip_prefix(opening(self.judgement))
            .map_or(text, str::trim_start)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(id: &str, wall_ns: u64, baseline: Option<&str>) -> VariantReport {
        VariantReport {
            id: id.into(),
            wall_ns,
            baseline: baseline.map(String::from),
            ..VariantReport::default()
        }
    }

    #[test]
    fn each_row_is_compared_with_its_own_baseline() {
        // Memory's layout: the compute rows are compared with compute-1, not with scan-1.
        let rows = [
            variant("scan-1", 400, None),
            variant("scan-k", 320, Some("scan-1")),
            variant("compute-1", 200, None),
            variant("compute-k", 100, Some("compute-1")),
        ];
        let rows: Vec<&VariantReport> = rows.iter().collect();
        assert_eq!(speedup_text(&rows, 1), "1.25× vs row 1");
        assert_eq!(speedup_text(&rows, 3), "2.00× vs row 3");
        assert_eq!(speedup_text(&rows, 0), "baseline");
        let racy = variant("unsynchronised", 10, None);
        assert_eq!(speedup_text(&[&racy], 0), "–");
        let orphan = variant("k", 10, Some("missing"));
        assert_eq!(speedup_over_baseline(&[&orphan], 0), None);
    }
}
