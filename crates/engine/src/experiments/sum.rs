//! Experiment 1, "Sum": the same CPU work run sequentially, as two tasks taking turns on
//! one worker, and split across every worker.

use crate::analysis::{NO_GAIN, Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::kernels::{split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{Variant, jobs, on_one_worker};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "sum",
    number: 1,
    group: Group::Basics,
    title: "Sum: sequential, concurrent, parallel",
    claim: "Splitting CPU work into tasks on one worker buys nothing; \
            spreading it over k workers makes it up to k times faster.",
    explanation: "The page adds up the numbers 1 to n three times: once as one task, once \
                  as two tasks that take turns on a single worker (concurrency without \
                  parallelism), and once split into one task per worker, all running at the \
                  same time (parallelism).",
    params: &[ParamSpec {
        key: "n",
        label: "Numbers to add (n)",
        help: "The sum adds 1 + 2 + ... + n; more numbers mean more CPU work per run.",
        min: 1_000,
        max: 4_000_000_000,
        default: 200_000_000,
        quick: 4_000_000,
    }],
    needs_shared_memory: false,
    value_name: "Sum",
    sweep: SweepMeasure::Variant("parallel"),
};

/// Into how many turns each task of the concurrent variant is cut, so the timeline shows
/// the two tasks taking turns on their one worker.
const TURNS_PER_TASK: u64 = 8;

/// How many tasks the concurrent variant splits the work into.
const CONCURRENT_TASKS: u64 = 2;

/// One task summing all numbers, on one worker of the pool.
fn sequential<'d>(n: u64) -> Variant<'d> {
    let step = on_one_worker(move |rec| {
        let mut buffer = SpanBuffer::with_capacity(1);
        let value = rec.span(0, SpanKind::Compute, &mut buffer, || sum_pieces(1, n + 1));
        (value, buffer.into_spans())
    });
    Variant::new(
        "sequential",
        "Sequential: 1 task on 1 worker",
        (1, 1),
        VariantLoad::pooled(1),
        step,
    )
}

/// Two tasks that take turns on a single worker: concurrency without parallelism.
fn concurrent<'d>(n: u64) -> Variant<'d> {
    let label = format!("Concurrent: {CONCURRENT_TASKS} tasks taking turns on 1 worker");
    let step = on_one_worker(move |rec| {
        // Both tasks live on this one worker; each turn runs the next slice of one task,
        // round robin, as a scheduler without parallelism would.
        let turns: Vec<Vec<(u64, u64)>> = split(n, CONCURRENT_TASKS)
            .into_iter()
            .map(|(lo, hi)| {
                split(hi - lo, TURNS_PER_TASK)
                    .into_iter()
                    .map(|(a, b)| (lo + a - 1, lo + b - 1))
                    .collect()
            })
            .collect();
        let mut buffer = SpanBuffer::with_capacity((CONCURRENT_TASKS * TURNS_PER_TASK) as usize);
        let mut value = 0u64;
        for turn in 0..TURNS_PER_TASK as usize {
            for (task, slices) in turns.iter().enumerate() {
                let (lo, hi) = slices[turn];
                let part = rec.span(task as u32, SpanKind::Compute, &mut buffer, || {
                    sum_pieces(lo, hi)
                });
                value = value.wrapping_add(part);
            }
        }
        (value, buffer.into_spans())
    });
    Variant::new(
        "concurrent",
        label,
        (CONCURRENT_TASKS as u32, 1),
        VariantLoad::pooled(CONCURRENT_TASKS * TURNS_PER_TASK),
        step,
    )
}

/// One task per worker, all running at once: parallelism.
fn parallel<'d>(n: u64, workers: u32) -> Variant<'d> {
    let label = format!(
        "Parallel: {} on {}",
        plural(workers, "task"),
        plural(workers, "worker")
    );
    let ranges = split(n, u64::from(workers));
    let step = jobs(ranges.len() as u32, 0, move |task| {
        sum_pieces(ranges[task].0, ranges[task].1)
    });
    Variant::new(
        "parallel",
        label,
        (workers, workers),
        VariantLoad::pooled(u64::from(workers)),
        step,
    )
}

/// Experiment 1: the three variants, judged from their wall times.
pub struct Sum;

impl Experiment for Sum {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let n = setup.param("n");
        vec![
            sequential(n),
            concurrent(n).against("sequential"),
            parallel(n, setup.workers).against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(triangular(setup.param("n")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers, setup.cores)
    }
}

/// Judges the claim: no gain from two tasks on one worker, and a gain from k workers of at
/// least half the ideal extra speed the cores allow.
fn verdict(variants: &[VariantReport], workers: u32, cores: u32) -> Verdict {
    let [seq, conc, par] = variants else {
        unreachable!("the sum always runs three variants")
    };
    let (Some(conc_x), Some(par_x)) = (
        speedup(seq.wall_ns, conc.wall_ns),
        speedup(seq.wall_ns, par.wall_ns),
    ) else {
        return Verdict::too_fast();
    };
    let usable = workers.min(cores).max(1);
    let wanted = 1.0 + 0.5 * f64::from(usable - 1);
    let mut text = format!(
        "{} tasks taking turns on 1 worker took {} against {} for one task ({conc_x}): ",
        conc.tasks,
        format_duration_ns(conc.wall_ns),
        format_duration_ns(seq.wall_ns),
        conc_x = Ratio(conc_x),
    );
    let conc_ok = conc_x < NO_GAIN;
    text += if conc_ok {
        "taking turns on one worker bought nothing, as the claim says. "
    } else {
        "taking turns on one worker was faster, which the claim does not expect for CPU work. "
    };
    let par_ok = if workers == 1 {
        text += &format!(
            "With 1 worker there is no parallelism to gain: {} ({par_x}). Give the run more workers to see it.",
            format_duration_ns(par.wall_ns),
            par_x = Ratio(par_x),
        );
        par_x < NO_GAIN
    } else {
        text += &format!(
            "Split across {workers} workers it took {} ({par_x} faster; ideal {usable}×",
            format_duration_ns(par.wall_ns),
            par_x = Ratio(par_x),
        );
        if workers > cores {
            text += &format!(", since {workers} workers share {}", plural(cores, "core"));
        }
        text += "). ";
        if usable < 2 {
            return Verdict::undecided(format!(
                "{text}With 1 core the workers can only take turns, so no parallel speedup can \
                 be shown on this machine."
            ));
        }
        let ok = par_x >= wanted;
        text += if ok {
            "Parallel workers did speed it up."
        } else {
            "That is less gain than the claim expects: other load on the machine may have taken the cores."
        };
        ok
    };
    Verdict::judged(conc_ok && par_ok, text)
}
