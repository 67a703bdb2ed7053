//! The memory a run will need, estimated from its request before anything is allocated,
//! and the cap above which the engine refuses to start it.
//!
//! The threaded runtime runs every experiment in one shared wasm memory that can grow to
//! 1 GiB and never shrinks; a run that needs more aborts the whole pool. So each
//! experiment says what it allocates ([`Footprint`](crate::footprint::Footprint): its own data, and for each variant
//! the spans, tasks and task records it records), [`estimate`] turns that into bytes at
//! the run's peak, and [`check`] refuses a run above [`CAP_BYTES`] with a sentence that
//! names the parameter to lower. The numbers err on the high side: a span is counted
//! even when a real run merges it into its neighbour, so a run it refuses might just have
//! fitted, but one it accepts fits.

use crate::analysis::format_count;
use crate::catalogue::RunRequest;
pub use crate::footprint::{Estimate, MB};
use crate::params::ParamSpec;

/// The most memory one run may need: 512 MB.
///
/// The threaded runtime's memory stops at 1 GiB (`--max-memory=1073741824` in the build),
/// and a run shares it with what the pool needs anyway: a 1 MB stack for each of up to
/// 256 workers, the code's data, and the copies the runtime makes to hand spans to the
/// page. Giving a run half of it leaves the other half for those.
pub const CAP_BYTES: u64 = 512 * MB;

/// The memory `request` (after clamping) needs at its peak: its experiment's
/// [`Footprint`](crate::footprint::Footprint), read off its variants.
pub fn estimate(request: &RunRequest) -> Estimate {
    request.bounded().footprint().estimate()
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
    use crate::trace::Span;
    use std::mem::size_of;

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
    fn every_experiment_fits_at_every_corner_of_its_bounds() {
        // Since the lock's million tasks record coarsely, the cap refuses nothing the
        // bounds allow: it stays as the guard for bounds that grow.
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
                    let estimate = check(&request).unwrap_or_else(|refusal| panic!("{refusal}"));
                    assert!(estimate.bytes <= CAP_BYTES);
                }
            }
        }
    }

    #[test]
    fn the_lock_at_its_largest_fine_recording_fits() {
        // Every span of 200,000 tasks: the most the lock records before it turns coarse.
        let fine = crate::experiments::lock_contention::FINE_ITEMS;
        for workers in [1, 256] {
            let request = request_with(ExperimentId::Lock, workers, |_| fine);
            assert!(check(&request).is_ok(), "{:?}", check(&request));
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
        let request = request_with(ExperimentId::Memory, 4, |spec| spec.max);
        let cap = 100 * MB;
        let refusal = check_against(&request, cap).unwrap_err();
        assert!(
            refusal.starts_with(
                "Memory bandwidth with megabytes = 256, passes = 20 on 4 workers would need about"
            ),
            "{refusal}"
        );
        assert!(
            refusal.contains("more than the 100 MB a run may use"),
            "{refusal}"
        );
        let (_, advice) = refusal
            .split_once("Lower \"Array size (MB)\" (megabytes) to ")
            .unwrap();
        let value: u64 = advice
            .trim_end_matches(" or less.")
            .replace(',', "")
            .parse()
            .unwrap();
        let mut lowered = request.clone();
        lowered.params.insert("megabytes".into(), value);
        assert!(check_against(&lowered, cap).is_ok(), "{value} should fit");
        lowered.params.insert("megabytes".into(), value * 11 / 10);
        assert!(
            check_against(&lowered, cap).is_err(),
            "{value} should be close to the largest that fits"
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
}
