//! Experiment 11, "Producer, stages, consumer": a pipeline of stages joined by bounded
//! channels.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::analysis::{NO_GAIN, format_count, format_duration_ns, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::tasks::{Recording, channel};
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "pipeline",
    number: 11,
    group: Group::Coordination,
    title: "Producer, stages, consumer",
    claim: "In a pipeline of stages joined by bounded channels the stages overlap in time, a \
            slow stage makes the others wait (back-pressure), and the slowest stage sets the \
            throughput.",
    explanation: "Each item is read (a parked wait), transformed (computing) and written (a \
                  parked wait). One task can do all three for each item in turn; a pipeline runs \
                  a reader, a transformer and a writer as three tasks passing items through \
                  channels of a few slots, first on one worker, then unchanged on every \
                  worker. The last variant makes the transform four times slower.",
    params: &[
        ParamSpec {
            key: "items",
            label: "Items",
            help: "How many items go through the pipeline.",
            min: 1,
            max: 10_000,
            default: 50,
            quick: 5,
        },
        ParamSpec {
            key: "stage_ms",
            label: "Read and write wait (ms)",
            help: "How long reading and writing one item waits.",
            min: 1,
            max: 100,
            default: 4,
            quick: 1,
        },
        ParamSpec {
            key: "rounds",
            label: "Transform work (rounds of fib(25))",
            help: "How much transforming one item computes.",
            min: 1,
            max: 100,
            default: 4,
            quick: 1,
        },
        ParamSpec {
            key: "capacity",
            label: "Channel capacity",
            help: "How many items each channel holds before the sender waits.",
            min: 1,
            max: 64,
            default: 2,
            quick: 2,
        },
    ],
    needs_shared_memory: true,
    value_name: "Items written",
    sweep: SweepMeasure::None,
};

fn transform(item: u64, rounds: u64) -> u64 {
    (0..rounds).fold(item, |a, _| {
        a.wrapping_add(std::hint::black_box(fib(25)) & 1)
    })
}

/// Settings of one pipeline run.
#[derive(Clone, Copy)]
struct Load {
    items: u64,
    wait_ns: u64,
    rounds: u64,
    capacity: usize,
}

/// Three stage tasks joined by bounded channels: the reader parks and may wait to send;
/// the others may wait to receive (once more, to see the channel closed) and to send or
/// park.
fn pipelined<'d>(id: &str, label: String, workers: u32, load: Load) -> Variant<'d> {
    let items = load.items;
    let stages = task_spans(2 * items, 0) + 2 * task_spans(2 * items + 1, 0);
    let spans = VariantLoad::scheduled(3, stages);
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), spans),
        move |spawner| {
            let (to_transform, from_reader) = channel::<u64>(load.capacity);
            let (to_writer, from_transform) = channel::<u64>(load.capacity);
            let written = Arc::new(AtomicU64::new(0));
            spawner.spawn("read", move |ctx| async move {
                for item in 0..load.items {
                    ctx.park(load.wait_ns).await;
                    to_transform.send(&ctx, item).await;
                }
            });
            spawner.spawn("transform", move |ctx| async move {
                while let Some(item) = from_reader.recv(&ctx).await {
                    to_writer.send(&ctx, transform(item, load.rounds)).await;
                }
            });
            let count = Arc::clone(&written);
            spawner.spawn("write", move |ctx| async move {
                while from_transform.recv(&ctx).await.is_some() {
                    ctx.park(load.wait_ns).await;
                    count.fetch_add(1, Relaxed);
                }
            });
            Box::new(move || written.load(Relaxed))
        },
    )
}

/// One task that reads, transforms and writes each item: it waits twice per item.
fn sequential<'d>(load: Load) -> Variant<'d> {
    let spans = VariantLoad::scheduled(1, task_spans(2 * load.items, 0));
    Variant::tasks(
        "sequential",
        "Sequential: 1 task reads, transforms, writes each item",
        1,
        (Recording::default(), spans),
        move |spawner| {
            let written = Arc::new(AtomicU64::new(0));
            let count = Arc::clone(&written);
            spawner.spawn("all stages", move |ctx| async move {
                for item in 0..load.items {
                    ctx.park(load.wait_ns).await;
                    std::hint::black_box(transform(item, load.rounds));
                    ctx.park(load.wait_ns).await;
                    count.fetch_add(1, Relaxed);
                }
            });
            Box::new(move || written.load(Relaxed))
        },
    )
}

/// Experiment 11: the items through one task, a pipeline on one worker and on all, and
/// a pipeline with a slow stage.
pub struct Pipeline;

impl Experiment for Pipeline {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let load = Load {
            items: setup.param("items"),
            wait_ns: setup.param("stage_ms") * 1_000_000,
            rounds: setup.param("rounds"),
            capacity: setup.param("capacity") as usize,
        };
        let k = plural(setup.workers, "worker");
        let slow = Load {
            rounds: load.rounds * 4,
            ..load
        };
        vec![
            sequential(load),
            pipelined(
                "pipeline-1",
                "Pipeline: 3 stages on 1 worker".to_owned(),
                1,
                load,
            )
            .against("sequential"),
            pipelined(
                "pipeline",
                format!("Pipeline: 3 stages on {k}"),
                setup.workers,
                load,
            )
            .against("sequential"),
            pipelined(
                "slow-stage",
                format!("Pipeline with a 4× slower transform, on {k}"),
                setup.workers,
                slow,
            )
            .against("sequential"),
        ]
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(setup.param("items"))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.param("items"), setup.workers)
    }
}

/// How much slower the pipeline with the slow stage must be before the page says that
/// stage set the pace.
const PACE_SET: f64 = 1.2;

fn verdict(variants: &[VariantReport], items: u64, workers: u32) -> Verdict {
    let [seq, one, pipe, slow] = variants else {
        unreachable!("four variants")
    };
    let d = format_duration_ns;
    let rate = |v: &VariantReport| {
        format_count((items as f64 / (v.wall_ns.max(1) as f64 / 1e9)).round() as u64)
    };
    let overlapped = pipe.wall_ns < seq.wall_ns;
    let paced = slow.wall_ns as f64 > PACE_SET * pipe.wall_ns as f64;
    let text = format!(
        "One task took {} ({} items/s). The pipeline on 1 worker took {} ({} items/s){}. \
         The same pipeline on {} took {} ({} items/s){}. With a 4× slower transform it took {} \
         ({} items/s){}",
        d(seq.wall_ns),
        rate(seq),
        d(one.wall_ns),
        rate(one),
        if speedup(seq.wall_ns, one.wall_ns).is_some_and(|x| x >= NO_GAIN) {
            ": one stage's waits overlapped another's work even there"
        } else {
            ": on one worker it gained nothing"
        },
        plural(workers, "worker"),
        d(pipe.wall_ns),
        rate(pipe),
        if overlapped {
            ": its stages overlapped"
        } else {
            ": its stages did not gain by overlapping"
        },
        d(slow.wall_ns),
        rate(slow),
        if paced {
            ": the reader waited on a full channel and the slow stage set the pace."
        } else {
            ", within a fifth of the plain pipeline: the other stages' waits still set the \
             pace, not the transform."
        },
    );
    if items < 3 {
        return Verdict::undecided(format!(
            "{text} With so few items the stages barely overlap."
        ));
    }
    Verdict::judged(overlapped && slow.wall_ns > pipe.wall_ns, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slow_stage_is_said_to_set_the_pace_only_when_it_did() {
        let paced = verdict(&[300, 200, 120, 400].map(VariantReport::timed), 10, 2);
        assert!(
            paced.text.contains("the slow stage set the pace"),
            "{}",
            paced.text
        );
        let not = verdict(&[300, 200, 120, 125].map(VariantReport::timed), 10, 2);
        assert!(
            !not.text.contains("the slow stage set the pace"),
            "{}",
            not.text
        );
        let none = verdict(&[100, 110, 120, 400].map(VariantReport::timed), 10, 2);
        assert!(none.text.contains("did not gain"), "{}", none.text);
    }
}
