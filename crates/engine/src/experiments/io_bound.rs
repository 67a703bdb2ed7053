//! Experiment 3, "I/O-bound tasks": waits overlap even on one worker, if they park.

use crate::analysis::format_duration_ns;
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::Recording;
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "io-bound",
    number: 3,
    group: Group::Waiting,
    title: "I/O-bound tasks",
    claim: "Tasks that mostly wait finish together even on one worker, as long as waiting \
            parks them; if a wait blocks its worker, the time is ceil(N / k) waits.",
    explanation: "Each task waits, as a request to a disk or a server would. One task doing all \
                  the waits in a row is the sequential baseline. A parked wait hands the worker \
                  to other tasks, like a goroutine waiting on the network; a blocking wait keeps \
                  the worker idle for the whole wait, like a thread stuck in a system call.",
    params: &[
        ParamSpec {
            key: "tasks",
            label: "Tasks (N)",
            help: "How many tasks wait.",
            min: 1,
            max: 1_000,
            default: 4,
            quick: 3,
        },
        ParamSpec {
            key: "wait_ms",
            label: "Wait per task (ms)",
            help: "How long each task waits.",
            min: 1,
            max: 5_000,
            default: 500,
            quick: 10,
        },
    ],
    needs_shared_memory: false,
    value_name: "Waits done",
    sweep: SweepMeasure::Variant("blocking-k"),
};

/// `tasks` tasks each waiting `wait_ns`, on `workers` workers, parked or blocking; every
/// task is alive at once, each recording its wait and the turns around it.
fn waits<'d>(
    (id, label): (&str, String),
    tasks: u32,
    wait_ns: u64,
    workers: u32,
    parked: bool,
) -> Variant<'d> {
    let load = VariantLoad::scheduled_each(tasks, task_spans(1, 0));
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), load),
        move |spawner| {
            let mine = spawner.shard().share(tasks).count() as u64;
            for _ in 0..mine {
                spawner.spawn(
                    if parked { "parked" } else { "blocking" },
                    move |ctx| async move {
                        if parked {
                            ctx.park(wait_ns).await;
                        } else {
                            ctx.block(wait_ns);
                        }
                    },
                );
            }
            Box::new(move || mine)
        },
    )
}

/// One task doing every wait in a row, parked.
fn sequential<'d>(tasks: u32, wait_ns: u64) -> Variant<'d> {
    let load = VariantLoad::scheduled(1, task_spans(u64::from(tasks), 0));
    Variant::tasks(
        "sequential",
        format!(
            "Sequential: 1 task doing {} in a row",
            plural(tasks, "wait")
        ),
        1,
        (Recording::default(), load),
        move |spawner| {
            spawner.spawn("sequential", move |ctx| async move {
                for _ in 0..tasks {
                    ctx.park(wait_ns).await;
                }
            });
            Box::new(move || u64::from(tasks))
        },
    )
}

/// Experiment 3: the sequential baseline and the parked and blocking variants.
pub struct IoBound;

impl Experiment for IoBound {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let tasks = setup.param("tasks") as u32;
        let wait_ns = setup.param("wait_ms") * 1_000_000;
        let workers = setup.workers;
        let n = plural(tasks, "task");
        let k = plural(workers, "worker");
        vec![
            sequential(tasks, wait_ns),
            waits(
                ("parked-1", format!("Parked: {n} on 1 worker")),
                tasks,
                wait_ns,
                1,
                true,
            )
            .against("sequential"),
            waits(
                ("blocking-1", format!("Blocking: {n} on 1 worker")),
                tasks,
                wait_ns,
                1,
                false,
            )
            .against("sequential"),
            waits(
                ("blocking-k", format!("Blocking: {n} on {k}")),
                tasks,
                wait_ns,
                workers,
                false,
            )
            .against("sequential"),
            waits(
                ("parked-k", format!("Parked: {n} on {k}")),
                tasks,
                wait_ns,
                workers,
                true,
            )
            .against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(setup.param("tasks"))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let tasks = setup.param("tasks") as u32;
        verdict(
            variants,
            tasks,
            setup.param("wait_ms") * 1_000_000,
            setup.workers,
        )
    }
}

fn verdict(variants: &[VariantReport], tasks: u32, wait_ns: u64, workers: u32) -> Verdict {
    let [seq, parked1, blocking1, blocking_k, _] = variants else {
        unreachable!("five variants")
    };
    let d = format_duration_ns;
    let rounds = u64::from(tasks.div_ceil(workers));
    let text = format!(
        "{} of {} took {} in a row. Parked on 1 worker they took {}: the waits \
         overlapped. Blocking on 1 worker they took {}, and blocking on {} {} (about {rounds} \
         wait{} each, since a blocked worker runs nothing else).",
        plural(tasks, "wait"),
        d(wait_ns),
        d(seq.wall_ns),
        d(parked1.wall_ns),
        d(blocking1.wall_ns),
        plural(workers, "worker"),
        d(blocking_k.wall_ns),
        if rounds == 1 { "" } else { "s" },
    );
    if tasks < 2 {
        return Verdict::undecided(format!("{text} With one task there is nothing to overlap."));
    }
    // Parked waits overlap: well under the sequential time. Blocking waits on one worker
    // do not: close to the sequential time.
    let overlapped = (parked1.wall_ns as f64) < 0.6 * seq.wall_ns as f64;
    let serialised = (blocking1.wall_ns as f64) > 0.8 * (u64::from(tasks) * wait_ns) as f64;
    Verdict::judged(overlapped && serialised, text)
}
