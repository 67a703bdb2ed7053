//! Experiment 2, "CPU-bound tasks": equal CPU work per task, on one worker and on k.

use crate::analysis::{NO_GAIN, Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{Variant, jobs, on_one_worker};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "cpu-bound",
    number: 2,
    group: Group::Basics,
    title: "CPU-bound tasks",
    claim: "CPU-bound tasks gain nothing from concurrency on one worker; on k workers they \
            run up to k times faster, but never faster than the tasks allow.",
    explanation: "Each task computes Fibonacci numbers by naive recursion: pure CPU work with \
                  no waiting. The tasks run one after another, then taking turns on one worker, \
                  then spread over the pool's workers. Three tasks on two workers cannot beat \
                  1.5×: one worker has to run two of them.",
    params: &[
        ParamSpec {
            key: "tasks",
            label: "Tasks",
            help: "How many equal CPU-bound tasks to run.",
            min: 1,
            max: 64,
            default: 3,
            quick: 2,
        },
        ParamSpec {
            key: "rounds",
            label: "Work per task (rounds of fib(25))",
            help: "Each round computes fib(25) recursively, about 240,000 calls.",
            min: 1,
            max: 10_000,
            default: 100,
            quick: 4,
        },
    ],
    needs_shared_memory: false,
    value_name: "Sum of results",
    sweep: SweepMeasure::Variant("parallel"),
};

/// The Fibonacci number one round computes.
const ROUND_FIB: u32 = 25;

/// Into how many turns each task is cut when tasks take turns on one worker.
const TURNS_PER_TASK: u64 = 8;

/// `rounds` rounds of CPU work.
fn work(rounds: u64) -> u64 {
    (0..rounds).fold(0u64, |acc, _| acc.wrapping_add(fib(ROUND_FIB)))
}

/// All tasks on one worker, each finishing before the next starts.
fn sequential<'d>(tasks: u32, rounds: u64) -> Variant<'d> {
    let label = format!(
        "Sequential: {} one after another on 1 worker",
        plural(tasks, "task")
    );
    let step = on_one_worker(move |rec| {
        let mut buffer = SpanBuffer::with_capacity(tasks as usize);
        let value = (0..tasks).fold(0u64, |acc, task| {
            acc.wrapping_add(rec.span(task, SpanKind::Compute, &mut buffer, || work(rounds)))
        });
        (value, buffer.into_spans())
    });
    Variant::new(
        "sequential",
        label,
        (tasks, 1),
        VariantLoad::pooled(u64::from(tasks)),
        step,
    )
}

/// The rounds a task does in one turn when tasks take turns: about an eighth of its work.
fn turn_rounds(rounds: u64) -> u64 {
    rounds.div_ceil(TURNS_PER_TASK).max(1)
}

/// All tasks on one worker, taking turns as a preemptive scheduler would make them.
fn concurrent<'d>(tasks: u32, rounds: u64) -> Variant<'d> {
    let label = format!(
        "Concurrent: {} taking turns on 1 worker",
        plural(tasks, "task")
    );
    let step = on_one_worker(move |rec| {
        let turn = turn_rounds(rounds);
        let mut left = vec![rounds; tasks as usize];
        let mut buffer = SpanBuffer::with_capacity(tasks as usize * TURNS_PER_TASK as usize);
        let mut value = 0u64;
        while left.iter().any(|&l| l > 0) {
            for (task, left) in left.iter_mut().enumerate() {
                let now = turn.min(*left);
                if now == 0 {
                    continue;
                }
                *left -= now;
                let part = rec.span(task as u32, SpanKind::Compute, &mut buffer, || work(now));
                value = value.wrapping_add(part);
            }
        }
        (value, buffer.into_spans())
    });
    let turns = u64::from(tasks) * rounds.div_ceil(turn_rounds(rounds));
    Variant::new(
        "concurrent",
        label,
        (tasks, 1),
        VariantLoad::pooled(turns),
        step,
    )
}

/// The tasks spread over the pool's workers.
fn parallel<'d>(tasks: u32, rounds: u64, workers: u32) -> Variant<'d> {
    let label = format!(
        "Parallel: {} on {}",
        plural(tasks, "task"),
        plural(workers, "worker")
    );
    Variant::new(
        "parallel",
        label,
        (tasks, workers),
        VariantLoad::pooled(u64::from(tasks)),
        jobs(tasks, 0, move |_| work(rounds)),
    )
}

/// Experiment 2: the three variants, judged against the bound the cores allow.
pub struct CpuBound;

impl Experiment for CpuBound {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let tasks = setup.param("tasks") as u32;
        let rounds = setup.param("rounds");
        vec![
            sequential(tasks, rounds),
            concurrent(tasks, rounds).against("sequential"),
            parallel(tasks, rounds, setup.workers).against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        let expected = fib(ROUND_FIB)
            .wrapping_mul(setup.param("rounds"))
            .wrapping_mul(setup.param("tasks"));
        Some(expected)
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let tasks = setup.param("tasks") as u32;
        verdict(variants, tasks, setup.workers, setup.cores)
    }
}

/// The best speedup `tasks` equal tasks can reach on `usable` cores: each round of the
/// schedule runs `usable` tasks at once.
pub fn task_bound(tasks: u32, usable: u32) -> f64 {
    let usable = usable.max(1).min(tasks.max(1));
    f64::from(tasks) / f64::from(tasks.div_ceil(usable))
}

fn verdict(variants: &[VariantReport], tasks: u32, workers: u32, cores: u32) -> Verdict {
    let [seq, conc, par] = variants else {
        unreachable!("this experiment always runs three variants")
    };
    let (Some(conc_x), Some(par_x)) = (
        speedup(seq.wall_ns, conc.wall_ns),
        speedup(seq.wall_ns, par.wall_ns),
    ) else {
        return Verdict::too_fast();
    };
    let usable = workers.min(cores).max(1);
    let bound = task_bound(tasks, usable);
    let conc_ok = conc_x < NO_GAIN;
    let mut text = format!(
        "Taking turns on 1 worker: {} against {} one after another ({conc_x}), {}. ",
        format_duration_ns(conc.wall_ns),
        format_duration_ns(seq.wall_ns),
        if conc_ok {
            "no gain, as the claim says"
        } else {
            "faster, which CPU-bound work should not be"
        },
        conc_x = Ratio(conc_x),
    );
    text += &format!(
        "On {}: {} ({par_x}). The best {} can do on {} is {bound}",
        plural(workers, "worker"),
        format_duration_ns(par.wall_ns),
        plural(tasks, "task"),
        plural(usable, "core"),
        par_x = Ratio(par_x),
        bound = Ratio(bound),
    );
    if !tasks.is_multiple_of(usable) && tasks > usable {
        text += &format!(
            ", because some worker must run {} of them",
            tasks.div_ceil(usable)
        );
    }
    text += ". ";
    // Reaching three quarters of the bound counts as "up to k times faster"; beating it
    // by more than noise would contradict the claim.
    let par_ok = if bound <= 1.0 {
        par_x < NO_GAIN
    } else {
        par_x >= 0.75 * bound && par_x <= bound * 1.1
    };
    text += match (bound <= 1.0, par_ok) {
        (true, true) => "With nothing to run in parallel, more workers gained nothing.",
        (true, false) => "Yet it ran faster, which the claim does not expect.",
        (false, true) => "The workers delivered close to that bound.",
        (false, false) if par_x > bound => "It beat the bound, which suggests noise in the timing.",
        (false, false) => "It fell well short of the bound: other load may have taken the cores.",
    };
    Verdict::judged(conc_ok && par_ok, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_bound_counts_schedule_rounds() {
        assert_eq!(task_bound(3, 2), 1.5);
        assert_eq!(task_bound(4, 2), 2.0);
        assert_eq!(task_bound(2, 8), 2.0);
        assert_eq!(task_bound(1, 4), 1.0);
        assert_eq!(task_bound(5, 1), 1.0);
    }
}
