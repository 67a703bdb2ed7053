//! The memory a run will need, estimated from its request before anything is allocated,
//! and the cap above which the engine refuses to start it.
//!
//! The threaded runtime runs every experiment in one shared wasm memory that can grow to
//! 1 GiB and never shrinks; a run that needs more aborts the whole pool. So each
//! experiment says what it allocates ([`Footprint`]: its own data, and for each variant
//! the spans, tasks and task records it records), [`estimate`] turns that into bytes at
//! the run's peak, and [`check`] refuses a run above [`CAP_BYTES`] with a sentence that
//! names the parameter to lower. The numbers err on the high side: a span is counted
//! even when a real run merges it into its neighbour, so a run it refuses might just have
//! fitted, but one it accepts fits.

use std::mem::size_of;

use crate::analysis::format_count;
use crate::experiment::RunRequest;
use crate::params::ParamSpec;
use crate::tasks::{Recording, TaskRecord};
use crate::trace::Span;

/// Bytes in a megabyte, as the page counts them (the memory experiment's "MB" too).
pub const MB: u64 = 1 << 20;

/// The most memory one run may need: 512 MB.
///
/// The threaded runtime's memory stops at 1 GiB (`--max-memory=1073741824` in the build),
/// and a run shares it with what the pool needs anyway: a 1 MB stack for each of up to
/// 256 workers, the code's data, and the copies the runtime makes to hand spans to the
/// page. Giving a run half of it leaves the other half for those.
pub const CAP_BYTES: u64 = 512 * MB;

/// Copies of what a variant records that it holds at most while it records: each
/// worker's buffer grows by doubling, so it has room for up to twice what it holds, and
/// while it grows it briefly holds its old room too (3 in all); merging the buffers into
/// the variant's list holds them (up to 2) and the list (1). The list is then sorted,
/// with scratch room for half of it, after the buffers are gone. Once merged, a variant
/// keeps one copy of its spans.
const RECORDING_COPIES: u64 = 3;

/// Bytes of one task alive on the task scheduler: its header, its boxed future and its
/// place in the ready queue. The experiments' tasks measure about 100 bytes natively
/// (less in wasm, whose pointers are half as wide); 256 leaves room for bigger futures.
const TASK_BYTES: u64 = 256;

/// What one variant of an experiment records while it runs, at most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VariantLoad {
    /// The spans it records.
    pub spans: u64,
    /// The tasks it spawns on the task scheduler; each leaves a task record.
    pub tasks: u64,
    /// The most of those tasks alive at once, each with its future.
    pub live_tasks: u64,
}

impl VariantLoad {
    /// A variant timed on the pool without the task scheduler, recording `spans` spans.
    pub fn pooled(spans: u64) -> Self {
        Self {
            spans,
            ..Self::default()
        }
    }

    /// A variant of `tasks` tasks on the task scheduler, all of which may be alive at once,
    /// recording `spans` spans between them.
    pub fn scheduled(tasks: u64, spans: u64) -> Self {
        Self {
            spans,
            tasks,
            live_tasks: tasks,
        }
    }
}

/// The spans a task on the task scheduler records at most, when it waits `waits` times
/// (parks, blocks, yields, or waits for a lock, a permit or a channel) and takes a lock
/// `locks` times.
///
/// Its turns on a worker alternate with its waits, so `waits` waits leave at most
/// `2 * waits + 1` spans; holding a lock splits a turn in three (before, held, after).
pub(crate) fn task_spans(waits: u64, locks: u64) -> u64 {
    2 * waits + 1 + 2 * locks
}

/// What a run allocates: the experiment's own data, alive for the whole run, and what
/// each of its variants records, in the order they run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes of the experiment's own data (the memory experiment's array).
    pub data_bytes: u64,
    /// One load per variant the run reports, in order.
    pub variants: Vec<VariantLoad>,
}

/// What a run is estimated to need, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Bytes allocated at the run's peak.
    pub bytes: u64,
    /// Spans its report carries.
    pub spans: u64,
}

/// The memory `request` (after clamping) needs at its peak.
///
/// The peak is while some variant records: the experiment's data, the spans and the
/// task records kept by the variants before it, and that variant's own spans, records
/// and live tasks with the room their buffers take while they grow.
pub fn estimate(request: &RunRequest) -> Estimate {
    let request = request.bounded();
    let footprint = request.experiment.footprint(&request);
    let span = size_of::<Span>() as u64;
    let record = size_of::<TaskRecord>() as u64;
    let kept_records = Recording::default().max_task_records as u64;
    let mut kept = 0;
    let mut peak = 0;
    let mut spans = 0;
    for load in &footprint.variants {
        let recording = RECORDING_COPIES * load.spans * span
            + RECORDING_COPIES * load.tasks * record
            + load.live_tasks * TASK_BYTES;
        peak = peak.max(kept + recording);
        let records = if load.tasks <= kept_records {
            load.tasks
        } else {
            0
        };
        kept += load.spans * span + records * record;
        spans += load.spans;
    }
    Estimate {
        bytes: footprint.data_bytes + peak.max(kept),
        spans,
    }
}

/// Whether `request` (after clamping) fits under [`CAP_BYTES`]: its estimate if so, else
/// a sentence for the page saying what was asked, what it would need, the cap, and which
/// parameter to lower to what.
///
/// Every entry point calls it before a run: the engine's [`run`](crate::run) and the
/// native runner refuse a request it refuses.
pub fn check(request: &RunRequest) -> Result<Estimate, String> {
    check_against(&request.bounded(), CAP_BYTES)
}

/// [`check`] against any cap, so tests can reach the refusal with small requests.
fn check_against(request: &RunRequest, cap: u64) -> Result<Estimate, String> {
    let estimate = estimate(request);
    if estimate.bytes <= cap {
        return Ok(estimate);
    }
    let asked = request
        .params
        .iter()
        .map(|(key, value)| format!("{key} = {}", format_count(*value)))
        .collect::<Vec<_>>()
        .join(", ");
    let advice = match parameter_to_lower(request, cap) {
        Some((spec, value)) => format!(
            "Lower \"{}\" ({}) to {} or less.",
            spec.label,
            spec.key,
            format_count(value)
        ),
        None => "Lower its parameters or the worker count.".to_owned(),
    };
    Err(format!(
        "{} with {asked} on {} worker{} would need about {} MB of memory, more than the {} MB \
         a run may use. {advice}",
        request.experiment.title(),
        request.workers,
        if request.workers == 1 { "" } else { "s" },
        format_count(estimate.bytes.div_ceil(MB)),
        cap / MB,
    ))
}

/// The parameter to lower so that `request` fits under `cap`, and its largest value that
/// does (rounded down to two significant digits): the first parameter, in the order the
/// page shows them, that can make it fit alone.
fn parameter_to_lower(request: &RunRequest, cap: u64) -> Option<(&'static ParamSpec, u64)> {
    let fits = |key: &str, value: u64| {
        let mut lowered = request.clone();
        lowered.params.insert(key.to_owned(), value);
        estimate(&lowered).bytes <= cap
    };
    request.experiment.params().iter().find_map(|spec| {
        if !fits(spec.key, spec.min) {
            return None;
        }
        // Bisect for the largest value that fits: `low` always does, `high` never.
        let (mut low, mut high) = (spec.min, request.param(spec.key));
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if fits(spec.key, middle) {
                low = middle;
            } else {
                high = middle;
            }
        }
        Some((spec, round_down(low).max(spec.min)))
    })
}

/// `value` rounded down to two significant digits (615,412 to 610,000), for advice.
fn round_down(value: u64) -> u64 {
    let mut unit = 1;
    while value / unit >= 100 {
        unit *= 10;
    }
    value / unit * unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExperimentId;
    use crate::native::run_on_threads;

    /// A request for `experiment` on `workers` workers with every parameter at the value
    /// `pick` chooses from its bounds.
    fn request_with(
        experiment: ExperimentId,
        workers: u32,
        pick: impl Fn(&ParamSpec) -> u64,
    ) -> RunRequest {
        let mut request = RunRequest::new(experiment, workers, 128);
        request.params = experiment
            .params()
            .iter()
            .map(|spec| (spec.key.to_owned(), pick(spec)))
            .collect();
        request
    }

    #[test]
    fn the_memory_experiment_is_estimated_close_to_what_it_holds() {
        let request = request_with(ExperimentId::Memory, 2, |spec| spec.quick);
        let report = run_on_threads(&request).unwrap();
        // The array it scans, and the spans of the report.
        let array = request.param("megabytes") * MB;
        let spans: usize = report.variants.iter().map(|v| v.spans.len()).sum();
        let held = array + (spans * size_of::<Span>()) as u64;
        let estimated = estimate(&request).bytes;
        assert!(
            (held..=held + held / 10).contains(&estimated),
            "{estimated} estimated, {held} held"
        );
    }

    #[test]
    fn defaults_and_quick_values_always_fit() {
        let picks: [fn(&ParamSpec) -> u64; 2] = [|spec| spec.default, |spec| spec.quick];
        for &experiment in ExperimentId::ALL {
            for workers in [1, 256] {
                for pick in picks {
                    let request = request_with(experiment, workers, pick);
                    assert!(check(&request).is_ok(), "{:?}", check(&request));
                }
            }
        }
    }

    #[test]
    fn every_experiment_at_its_bounds_fits_or_is_refused() {
        for &experiment in ExperimentId::ALL {
            let specs = experiment.params();
            for corner in 0..1u32 << specs.len() {
                for workers in [1, 256] {
                    let request = request_with(experiment, workers, |spec| {
                        let i = specs.iter().position(|s| s == spec).unwrap();
                        if corner & (1 << i) == 0 {
                            spec.min
                        } else {
                            spec.max
                        }
                    });
                    match check(&request) {
                        Ok(estimate) => assert!(estimate.bytes <= CAP_BYTES),
                        Err(refusal) => {
                            assert!(estimate(&request).bytes > CAP_BYTES);
                            assert!(refusal.contains("512 MB"), "{refusal}");
                            // The README's Limits paragraph names the one experiment.
                            assert_eq!(experiment, ExperimentId::Lock, "{refusal}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_memory_experiments_array_is_half_the_cap_at_its_largest() {
        let memory = request_with(ExperimentId::Memory, 256, |spec| spec.max);
        assert!((256 * MB..CAP_BYTES).contains(&estimate(&memory).bytes));
    }

    #[test]
    fn experiments_that_run_by_message_passing_fit_at_every_bound() {
        for &experiment in ExperimentId::ALL {
            if experiment.info().needs_shared_memory {
                continue;
            }
            let request = request_with(experiment, 256, |spec| spec.max);
            assert!(check(&request).is_ok(), "{:?}", check(&request));
        }
    }

    #[test]
    fn a_refusal_says_what_was_asked_and_what_to_lower_so_it_fits() {
        let request = request_with(ExperimentId::Lock, 4, |spec| spec.max);
        let refusal = check(&request).unwrap_err();
        assert!(
            refusal.starts_with(
                "Lock contention with items = 1,000,000 on 4 workers would need about"
            ),
            "{refusal}"
        );
        assert!(
            refusal.contains("more than the 512 MB a run may use"),
            "{refusal}"
        );
        let (_, advice) = refusal
            .split_once("Lower \"Numbers to add (n)\" (items) to ")
            .unwrap();
        let value: u64 = advice
            .trim_end_matches(" or less.")
            .replace(',', "")
            .parse()
            .unwrap();
        // The README's Limits paragraph quotes it.
        assert_eq!(value, 550_000);
        let mut lowered = request.clone();
        lowered.params.insert("items".into(), value);
        assert!(check(&lowered).is_ok(), "{value} should fit");
        lowered.params.insert("items".into(), value * 11 / 10);
        assert!(
            check(&lowered).is_err(),
            "{value} should be close to the largest that fits"
        );
    }

    #[test]
    fn the_native_runner_refuses_what_check_refuses() {
        let request = request_with(ExperimentId::Lock, 2, |spec| spec.max);
        assert_eq!(
            run_on_threads(&request).unwrap_err(),
            check(&request).unwrap_err()
        );
    }

    #[test]
    fn the_advice_names_a_parameter_that_can_make_the_run_fit() {
        // Fewer passes over the array cannot make the memory experiment fit; a smaller
        // array can.
        let request = request_with(ExperimentId::Memory, 2, |spec| spec.max);
        let refusal = check_against(&request, 100 * MB).unwrap_err();
        assert!(
            refusal.contains("Lower \"Array size (MB)\" (megabytes) to 99 or less."),
            "{refusal}"
        );
        // Below the data of the smallest array nothing fits.
        let refusal = check_against(&request, MB).unwrap_err();
        assert!(
            refusal.ends_with("Lower its parameters or the worker count."),
            "{refusal}"
        );
    }

    #[test]
    fn advice_is_rounded_down_to_two_digits() {
        assert_eq!(round_down(615_412), 610_000);
        assert_eq!(round_down(99), 99);
        assert_eq!(round_down(1_050), 1_000);
        assert_eq!(round_down(0), 0);
    }

    #[test]
    fn task_spans_count_turns_waits_and_held_locks() {
        assert_eq!(task_spans(0, 0), 1);
        assert_eq!(task_spans(1, 0), 3);
        assert_eq!(task_spans(1, 1), 5);
    }
}
