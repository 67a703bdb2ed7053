//! Experiment 9, "Memory bandwidth": scanning shared memory stops scaling before compute does.

use crate::analysis::{Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{MB, VariantLoad};
use crate::kernels::{scan, split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::variant::{Variant, jobs};

/// The scan "scaled worse" when its speedup is below this share of the compute loop's.
const SCALED_WORSE: f64 = 0.9;

/// A speedup above this many times the cores means caches, not the memory bus, set the
/// pace: k workers cannot fetch more than k times faster from the same memory.
const SUPERLINEAR: f64 = 1.1;

/// Cores too few to fill a memory bus: on them the scan may scale as well as compute
/// without contradicting the claim, which is about the bus's limit.
const FEW_CORES: u32 = 2;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "memory",
    number: 9,
    group: Group::Limits,
    title: "Memory bandwidth",
    claim: "Workers scanning one large shared array share the memory bus, so their speedup \
            flattens below k, while a compute-heavy loop of the same length keeps scaling.",
    explanation: "One array of 64-bit numbers lives in memory shared by all workers. The scan adds \
                  them up, which is little work per number fetched from memory; the compute loop \
                  does the same number of steps on numbers it makes itself, touching no memory. \
                  Each runs on 1 worker and split over every worker.",
    params: &[
        ParamSpec {
            key: "megabytes",
            label: "Array size (MB)",
            help: "The shared array's size; it should be much larger than the CPU caches.",
            min: 8,
            max: 256,
            default: 64,
            quick: 8,
        },
        ParamSpec {
            key: "passes",
            label: "Passes over the array",
            help: "How many times each variant reads the whole array.",
            min: 1,
            max: 20,
            default: 4,
            quick: 1,
        },
    ],
    needs_shared_memory: true,
    value_name: "Sum",
    sweep: SweepMeasure::Variant("scan-k"),
};

/// Reads the whole array `passes` times, split over `tasks` workers.
fn scan_variant<'d>(data: &'d [u64], passes: u64, tasks: u32, id: &str) -> Variant<'d> {
    let label = format!("Scan on {}", plural(tasks, "worker"));
    let ranges = split(data.len() as u64, u64::from(tasks));
    let step = jobs(ranges.len() as u32, 0, move |task| {
        let (lo, hi) = ranges[task];
        scan(&data[(lo - 1) as usize..(hi - 1) as usize], passes)
    });
    let load = VariantLoad::pooled(u64::from(tasks));
    Variant::new(id, label, (tasks, tasks), load, step)
}

/// Adds the same numbers without reading memory, split over `tasks` workers.
fn compute_variant<'d>(steps: u64, passes: u64, tasks: u32, id: &str) -> Variant<'d> {
    let label = format!("Compute on {}", plural(tasks, "worker"));
    let ranges = split(steps, u64::from(tasks));
    let step = jobs(ranges.len() as u32, 0, move |task| {
        let (lo, hi) = ranges[task];
        (0..passes).fold(0u64, |a, _| a.wrapping_add(sum_pieces(lo - 1, hi - 1)))
    });
    let load = VariantLoad::pooled(u64::from(tasks));
    Variant::new(id, label, (tasks, tasks), load, step)
}

/// The array's length in numbers.
fn len(setup: &Setup) -> u64 {
    setup.param("megabytes") * MB / 8
}

/// Experiment 9: scans of one array and a compute loop, on 1 worker and on all.
pub struct Memory;

impl Experiment for Memory {
    fn info(&self) -> &'static Info {
        &INFO
    }

    // The array holds 0, 1, 2, ...: its sum is known, and a compute step adds the same
    // numbers, so every variant must give the same answer.
    fn shared_array_len(&self, setup: &Setup) -> u64 {
        len(setup)
    }

    fn variants<'d>(&self, setup: &Setup, array: &'d [u64]) -> Vec<Variant<'d>> {
        let (len, passes, workers) = (len(setup), setup.param("passes"), setup.workers);
        vec![
            scan_variant(array, passes, 1, "scan-1"),
            scan_variant(array, passes, workers, "scan-k").against("scan-1"),
            compute_variant(len, passes, 1, "compute-1"),
            compute_variant(len, passes, workers, "compute-k").against("compute-1"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(triangular(len(setup) - 1).wrapping_mul(setup.param("passes")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers, setup.cores)
    }
}

fn verdict(variants: &[VariantReport], workers: u32, cores: u32) -> Verdict {
    let [scan1, scank, comp1, compk] = variants else {
        unreachable!("four variants")
    };
    let usable = workers.min(cores).max(1);
    if usable < 2 {
        return Verdict::undecided(format!(
            "With {} there is no parallel speedup to compare: the scan took {}, the compute loop \
             {}. Move the Workers slider to 2 or more.",
            plural(usable, "usable core"),
            format_duration_ns(scan1.wall_ns),
            format_duration_ns(comp1.wall_ns),
        ));
    }
    let (Some(scan_x), Some(comp_x)) = (
        speedup(scan1.wall_ns, scank.wall_ns),
        speedup(comp1.wall_ns, compk.wall_ns),
    ) else {
        return Verdict::too_fast();
    };
    let text = format!(
        "On {}, the scan ran {scan_x} faster ({} → {}) and the compute loop {comp_x} \
         ({} → {}). ",
        plural(workers, "worker"),
        format_duration_ns(scan1.wall_ns),
        format_duration_ns(scank.wall_ns),
        format_duration_ns(comp1.wall_ns),
        format_duration_ns(compk.wall_ns),
        scan_x = Ratio(scan_x),
        comp_x = Ratio(comp_x),
    );
    if scan_x < SCALED_WORSE * comp_x {
        return Verdict::judged(
            true,
            text + "The scan scaled worse: the workers waited on the shared memory bus.",
        );
    }
    if scan_x > f64::from(usable) * SUPERLINEAR {
        return Verdict::undecided(format!(
            "{text}The scan ran more than {usable}× faster on {}: each worker's share of the \
             array fits in the caches better than the whole did, so this run measured the \
             caches, not the memory bus. Make the array larger (up to 256 MB).",
            plural(usable, "core")
        ));
    }
    if usable <= FEW_CORES {
        return Verdict::undecided(format!(
            "{text}The scan scaled as well as the compute loop: {} do not fetch enough to \
             fill this machine's memory bus, so the limit the claim is about cannot be \
             reached here. It shows on machines with more cores.",
            plural(usable, "core")
        ));
    }
    Verdict::judged(
        false,
        text + &format!(
            "The scan scaled as well as the compute loop: {} do not saturate this \
             machine's memory bandwidth.",
            plural(usable, "core")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Judgement;

    fn timed(walls: [u64; 4]) -> Vec<VariantReport> {
        walls.into_iter().map(VariantReport::timed).collect()
    }

    #[test]
    fn caches_and_too_few_cores_are_named_instead_of_contradicting_the_bus() {
        // The scan scaled worse than compute: the bus.
        let bus = verdict(&timed([100, 80, 100, 50]), 2, 2);
        assert_eq!(bus.judgement, Judgement::Supports);
        // More than 2× on 2 cores: the halves fit the caches.
        let cached = verdict(&timed([100, 29, 100, 50]), 2, 2);
        assert_eq!(cached.judgement, Judgement::Undecided);
        assert!(
            cached.text.contains("measured the caches"),
            "{}",
            cached.text
        );
        // As good as compute on 2 cores: the bus is not reached; on 8 it would be.
        let few = verdict(&timed([100, 50, 100, 50]), 2, 2);
        assert_eq!(few.judgement, Judgement::Undecided);
        let many = verdict(&timed([100, 13, 100, 13]), 8, 8);
        assert_eq!(many.judgement, Judgement::Contradicts);
    }
}
