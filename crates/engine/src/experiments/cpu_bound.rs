//! Experiment 2, "CPU-bound tasks": calls of equal CPU work made one after another, then
//! one concurrent program (a task per call) run on one worker and on k.

use crate::analysis::{NO_GAIN, Ratio, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::kernels::{fib, part};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{SLICES_PER_TASK, Variant, computing_tasks, on_one_worker};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "cpu-bound",
    number: 2,
    group: Group::Basics,
    title: "CPU-bound tasks",
    claim: "CPU-bound tasks gain nothing from concurrency on one worker; the same tasks on \
            k workers run up to k times faster, but never faster than the tasks allow.",
    explanation: "Each call computes Fibonacci numbers by naive recursion: pure CPU work with \
                  no waiting. The calls run one after another; then one concurrent program \
                  makes each call a task and runs, unchanged, on one worker and on every \
                  worker. Each task has a preemption point after every eighth of its work, \
                  where the scheduler may switch to another task or move it to an idle \
                  worker, as Go's does. The structure is the same; the execution differs.",
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
            default: 300,
            quick: 4,
        },
    ],
    needs_shared_memory: false,
    value_name: "Sum of results",
    sweep: SweepMeasure::Variant("parallel"),
};

/// The Fibonacci number one round computes.
const ROUND_FIB: u32 = 25;

/// `rounds` rounds of CPU work.
fn work(rounds: u64) -> u64 {
    (0..rounds).fold(0u64, |acc, _| acc.wrapping_add(fib(ROUND_FIB)))
}

/// The program without tasks: one loop calling the work once per task, each call
/// finishing before the next starts.
fn sequential<'d>(tasks: u32, rounds: u64) -> Variant<'d> {
    let label = format!("Sequential: {} one after another", plural(tasks, "call"));
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

/// Between how many preemption points a task's rounds are cut: eight, or one per round
/// when it has fewer.
fn slices(rounds: u64) -> u64 {
    rounds.clamp(1, SLICES_PER_TASK)
}

/// The concurrent program, one task per call, each with a preemption point after every
/// slice of its rounds, run on `workers` workers.
fn on_workers<'d>(id: &str, (tasks, rounds): (u32, u64), workers: u32) -> Variant<'d> {
    let label = format!(
        "{} computing, on {}",
        plural(tasks, "task"),
        plural(workers, "worker")
    );
    let slices = slices(rounds);
    computing_tasks(
        (id, label),
        workers,
        ("compute", tasks, slices),
        move |_, i| {
            let (lo, hi) = part((0, rounds), i, slices);
            work(hi - lo)
        },
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
            on_workers("concurrent", (tasks, rounds), 1).against("sequential"),
            on_workers("parallel", (tasks, rounds), setup.workers).against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        let expected = fib(ROUND_FIB)
            .wrapping_mul(setup.param("rounds"))
            .wrapping_mul(setup.param("tasks"));
        Some(expected)
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let shape = (
            setup.param("tasks") as u32,
            slices(setup.param("rounds")),
            setup.tasks_migrate,
        );
        verdict(variants, shape, setup.workers, setup.cores)
    }
}

/// The best speedup `tasks` equal tasks of `slices` slices each can reach on `usable`
/// cores, a slice being what a task runs between two preemption points: at such a point
/// a task can move to a worker that ran out of work, so the cores share all the slices,
/// but no task runs faster than its own slices one after another. Tasks without
/// preemption points (one slice) are run whole: 3 of them on 2 cores reach only 1.5×.
pub fn task_bound(tasks: u32, slices: u64, usable: u32) -> f64 {
    let tasks = u64::from(tasks.max(1));
    let all = tasks * slices.max(1);
    let per_core = all.div_ceil(u64::from(usable.max(1)));
    (all as f64 / per_core as f64).min(tasks as f64)
}

/// Judges the claim for `shape`: the task count, the slices of each, and whether a task
/// can move to another worker at its preemption points.
fn verdict(
    variants: &[VariantReport],
    shape: (u32, u64, bool),
    workers: u32,
    cores: u32,
) -> Verdict {
    let (tasks, slices, migrate) = shape;
    // Tasks that cannot move run whole: one slice each, as far as the bound goes.
    let slices = if migrate { slices } else { 1 };
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
    let bound = task_bound(tasks, slices, usable);
    let conc_ok = conc_x < NO_GAIN;
    let mut text = format!(
        "On 1 worker the tasks took {} against {} for the calls one after another \
         ({conc_x}): {}. ",
        format_duration_ns(conc.wall_ns),
        format_duration_ns(seq.wall_ns),
        if conc_ok {
            "they could only take turns, which gained nothing, as the claim says"
        } else {
            "faster, which CPU-bound work should not be"
        },
        conc_x = Ratio(conc_x),
    );
    text += &format!(
        "The same tasks on {}: {} ({par_x}). The best {} can do on {} is {bound}",
        plural(workers, "worker"),
        format_duration_ns(par.wall_ns),
        plural(tasks, "task"),
        plural(usable, "core"),
        par_x = Ratio(par_x),
        bound = Ratio(bound),
    );
    if !tasks.is_multiple_of(usable) && tasks > usable {
        text += &if slices > 1 {
            format!(
                ", because at their preemption points a task can move to a worker that ran \
                 out of work (without those points some worker would run {} whole tasks)",
                tasks.div_ceil(usable)
            )
        } else {
            format!(
                ", because {}, so some worker must run {} of them",
                if migrate {
                    "a task without a preemption point runs whole"
                } else {
                    "each engine runs its own share of the tasks whole (they share no memory)"
                },
                tasks.div_ceil(usable)
            )
        };
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
    use crate::experiment::Judgement;

    #[test]
    fn engines_that_share_no_memory_are_held_to_the_bound_of_whole_tasks() {
        let times = [
            VariantReport::timed(300),
            VariantReport::timed(300),
            VariantReport::timed(200),
        ];
        let apart = verdict(&times, (3, 8, false), 2, 2);
        assert_eq!(apart.judgement, Judgement::Supports, "{}", apart.text);
        assert!(apart.text.contains("is 1.50×"), "{}", apart.text);
        assert!(apart.text.contains("share no memory"), "{}", apart.text);
        // Where tasks can move, 1.5× is three quarters of the 2× they allow.
        let shared = verdict(&times, (3, 8, true), 2, 2);
        assert!(shared.text.contains("is 2.00×"), "{}", shared.text);
    }

    #[test]
    fn task_bound_counts_schedule_rounds() {
        // Tasks run whole.
        assert_eq!(task_bound(3, 1, 2), 1.5);
        assert_eq!(task_bound(4, 1, 2), 2.0);
        assert_eq!(task_bound(2, 1, 8), 2.0);
        assert_eq!(task_bound(1, 1, 4), 1.0);
        assert_eq!(task_bound(5, 1, 1), 1.0);
        // Tasks that can move at preemption points share the cores.
        assert_eq!(task_bound(3, 8, 2), 2.0);
        assert_eq!(task_bound(3, 8, 4), 3.0);
        assert_eq!(task_bound(1, 8, 4), 1.0);
        assert_eq!(task_bound(5, 3, 4), 15.0 / 4.0);
    }
}
