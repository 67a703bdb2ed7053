//! Experiment 1, "Sum": a plain loop, then one concurrent program (the numbers split
//! among tasks, their results joined) run on one worker and on every worker.

use crate::analysis::{NO_GAIN, Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::kernels::{part, split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{SLICES_PER_TASK, Variant, computing_tasks, on_one_worker};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "sum",
    number: 1,
    group: Group::Basics,
    title: "Sum: sequential, concurrent, parallel",
    claim: "CPU work split into tasks gains nothing on one worker; the same tasks on \
            k workers finish up to k times faster.",
    explanation: "The page adds up the numbers 1 to n with a plain loop, then with one \
                  concurrent program: the numbers split among tasks (one per worker, at \
                  least two), each adding its share, their results joined. That program runs \
                  twice, unchanged: on one worker, where the scheduler can only switch \
                  between the tasks (concurrency without parallelism), and on every worker, \
                  where they also run at the same time (parallelism). The structure is the \
                  same; the execution differs.",
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

/// One task summing all numbers, on one worker of the pool: the program without tasks.
fn sequential<'d>(n: u64) -> Variant<'d> {
    let step = on_one_worker(move |rec| {
        let mut buffer = SpanBuffer::with_capacity(1);
        let value = rec.span(0, SpanKind::Compute, &mut buffer, || sum_pieces(1, n + 1));
        (value, buffer.into_spans())
    });
    Variant::new(
        "sequential",
        "Sequential: a plain loop",
        (1, 1),
        VariantLoad::pooled(1),
        step,
    )
}

/// How many tasks the concurrent program splits the sum into on `workers` workers: one
/// per worker, and at least two, so that even a 1-worker run has tasks to interleave.
pub fn parts(workers: u32) -> u32 {
    workers.max(2)
}

/// The concurrent program: `parts` tasks, each adding its share of the numbers with a
/// preemption point after every eighth of it, the results joined; run on `workers`
/// workers. The variants on one worker and on k run this same program.
fn split_sum<'d>(id: &str, n: u64, parts: u32, workers: u32) -> Variant<'d> {
    let label = format!(
        "{} adding a share each, on {}",
        plural(parts, "task"),
        plural(workers, "worker")
    );
    let shares = split(n, u64::from(parts));
    computing_tasks(
        (id, label),
        workers,
        ("add a share", parts, SLICES_PER_TASK),
        move |task, i| {
            let (lo, hi) = part(shares[task as usize], i, SLICES_PER_TASK);
            sum_pieces(lo, hi)
        },
    )
}

/// Experiment 1: the three variants, judged from their wall times.
pub struct Sum;

impl Experiment for Sum {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let (n, parts) = (setup.param("n"), parts(setup.workers));
        vec![
            sequential(n),
            split_sum("concurrent", n, parts, 1).against("sequential"),
            split_sum("parallel", n, parts, setup.workers).against("sequential"),
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
        "On 1 worker the {} took {} against {} for the plain loop ({conc_x}): ",
        plural(conc.tasks, "task"),
        format_duration_ns(conc.wall_ns),
        format_duration_ns(seq.wall_ns),
        conc_x = Ratio(conc_x),
    );
    let conc_ok = conc_x < NO_GAIN;
    text += if conc_ok {
        "they could only take turns, which bought nothing, as the claim says. "
    } else {
        "taking turns was faster than the loop, which the claim does not expect for CPU work. "
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
            "The same tasks on {workers} workers took {} ({par_x} faster; ideal {usable}×",
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
            "The program was the same; its execution on parallel workers sped it up."
        } else {
            "That is less gain than the claim expects: other load on the machine may have taken the cores."
        };
        ok
    };
    Verdict::judged(conc_ok && par_ok, text)
}
