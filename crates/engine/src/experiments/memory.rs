//! Experiment 9, "Memory bandwidth": scanning shared memory stops scaling before compute does.

use crate::analysis::{format_duration_ns, speedup};
use crate::budget::{Footprint, MB, VariantLoad};
use crate::experiment::{Group, Info, Outcome, RunRequest, SweepMeasure, VariantReport, Verdict};
use crate::kernels::{scan, split, sum_pieces, triangular};
use crate::measure::{Recorder, plural};
use crate::params::ParamSpec;

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

/// The scan of `0..len` split into `tasks` tasks over the pool.
fn scan_variant(rec: &Recorder, data: &[u64], passes: u64, tasks: u32, id: &str) -> VariantReport {
    let label = format!("Scan on {}", plural(tasks, "worker"));
    rec.variant(id, label, (tasks, tasks), || {
        let ranges = split(data.len() as u64, u64::from(tasks));
        rec.pool_tasks(ranges.len(), 0, |task| {
            let (lo, hi) = ranges[task];
            scan(&data[(lo - 1) as usize..(hi - 1) as usize], passes)
        })
    })
}

/// The same number of steps as the scan, on numbers made in registers.
fn compute_variant(rec: &Recorder, steps: u64, passes: u64, tasks: u32, id: &str) -> VariantReport {
    let label = format!("Compute on {}", plural(tasks, "worker"));
    rec.variant(id, label, (tasks, tasks), || {
        let ranges = split(steps, u64::from(tasks));
        rec.pool_tasks(ranges.len(), 0, |task| {
            let (lo, hi) = ranges[task];
            (0..passes).fold(0u64, |a, _| a.wrapping_add(sum_pieces(lo - 1, hi - 1)))
        })
    })
}

/// Runs the scan and the compute loop on 1 worker and on all of them.
pub fn run(request: &RunRequest, workers: u32, rec: &Recorder) -> Outcome {
    let len = request.param("megabytes") * MB / 8;
    let passes = request.param("passes");
    // The array holds 0, 1, 2, ...: its sum is known, and a compute step adds the same
    // numbers, so every variant must give the same answer.
    let data: Vec<u64> = (0..len).collect();
    let variants = vec![
        scan_variant(rec, &data, passes, 1, "scan-1"),
        scan_variant(rec, &data, passes, workers, "scan-k"),
        compute_variant(rec, len, passes, 1, "compute-1"),
        compute_variant(rec, len, passes, workers, "compute-k"),
    ];
    drop(data);
    let verdict = verdict(&variants, workers, request.cores);
    Outcome {
        variants,
        expected_value: Some(triangular(len - 1).wrapping_mul(passes)),
        verdict,
    }
}

/// What a run allocates: the shared array, and a span per worker's share of it.
pub fn footprint(request: &RunRequest) -> Footprint {
    let workers = u64::from(request.workers);
    Footprint {
        data_bytes: request.param("megabytes") * MB,
        variants: vec![
            VariantLoad::pooled(1),
            VariantLoad::pooled(workers),
            VariantLoad::pooled(1),
            VariantLoad::pooled(workers),
        ],
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
        "On {}, the scan ran {scan_x:.2}× faster ({} → {}) and the compute loop {comp_x:.2}× \
         ({} → {}). ",
        plural(workers, "worker"),
        format_duration_ns(scan1.wall_ns),
        format_duration_ns(scank.wall_ns),
        format_duration_ns(comp1.wall_ns),
        format_duration_ns(compk.wall_ns),
    );
    if scan_x < 0.9 * comp_x {
        Verdict::judged(
            true,
            text + "The scan scaled worse: the workers waited on the shared memory bus.",
        )
    } else {
        Verdict::judged(
            false,
            text + &format!(
                "The scan scaled as well as the compute loop: {usable} cores do not saturate \
                 this machine's memory bandwidth, or the array fits in its caches."
            ),
        )
    }
}
