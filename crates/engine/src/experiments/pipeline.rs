//! Experiment 11, "Producer, stages, consumer": a pipeline of stages joined by bounded
//! channels.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::analysis::format_duration_ns;
use crate::budget::{Footprint, VariantLoad, task_spans};
use crate::experiment::{Group, Info, Outcome, RunRequest, SweepMeasure, VariantReport, Verdict};
use crate::kernels::fib;
use crate::measure::{Recorder, plural};
use crate::params::ParamSpec;
use crate::tasks::{Recording, channel};

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
                  channels of a few slots. The last variant makes the transform four times \
                  slower.",
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

fn pipelined(rec: &Recorder, id: &str, label: String, workers: u32, load: Load) -> VariantReport {
    rec.task_variant(id, label, workers, Recording::default(), |spawner| {
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
        move || written.load(Relaxed)
    })
}

/// Runs the items through one task, a pipeline, and a pipeline with a slow stage.
pub fn run(request: &RunRequest, workers: u32, rec: &Recorder) -> Outcome {
    let load = Load {
        items: request.param("items"),
        wait_ns: request.param("stage_ms") * 1_000_000,
        rounds: request.param("rounds"),
        capacity: request.param("capacity") as usize,
    };
    let sequential = rec.task_variant(
        "sequential",
        "Sequential: 1 task reads, transforms, writes each item".into(),
        1,
        Recording::default(),
        |spawner| {
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
            move || written.load(Relaxed)
        },
    );
    let k = plural(workers, "worker");
    let pipeline = pipelined(
        rec,
        "pipeline",
        format!("Pipeline: 3 stages on {k}"),
        workers,
        load,
    );
    let slow = Load {
        rounds: load.rounds * 4,
        ..load
    };
    let slowed = pipelined(
        rec,
        "slow-stage",
        format!("Pipeline with a 4× slower transform, on {k}"),
        workers,
        slow,
    );
    let variants = vec![sequential, pipeline, slowed];
    let verdict = verdict(&variants, load.items);
    Outcome {
        variants,
        expected_value: Some(load.items),
        verdict,
    }
}

/// What a run allocates: one task that waits twice per item, then, twice, a pipeline of
/// three tasks that each wait up to twice per item (their own wait and their channel).
pub fn footprint(request: &RunRequest) -> Footprint {
    let items = request.param("items");
    // The reader parks and may wait to send; the others may wait to receive (once more,
    // to see the channel closed) and to send or park.
    let stages = task_spans(2 * items, 0) + 2 * task_spans(2 * items + 1, 0);
    let pipelined = VariantLoad::scheduled(3, stages);
    Footprint {
        data_bytes: 0,
        variants: vec![
            VariantLoad::scheduled(1, task_spans(2 * items, 0)),
            pipelined,
            pipelined,
        ],
    }
}

fn verdict(variants: &[VariantReport], items: u64) -> Verdict {
    let [seq, pipe, slow] = variants else {
        unreachable!("three variants")
    };
    let d = format_duration_ns;
    let rate = |v: &VariantReport| items as f64 / (v.wall_ns.max(1) as f64 / 1e9);
    let text = format!(
        "One task took {} ({:.0} items/s). The pipeline took {} ({:.0} items/s): its stages \
         overlapped. With a 4× slower transform it took {} ({:.0} items/s): the reader waited \
         on a full channel and the slow stage set the pace.",
        d(seq.wall_ns),
        rate(seq),
        d(pipe.wall_ns),
        rate(pipe),
        d(slow.wall_ns),
        rate(slow),
    );
    if items < 3 {
        return Verdict::undecided(format!(
            "{text} With so few items the stages barely overlap."
        ));
    }
    Verdict::judged(
        pipe.wall_ns < seq.wall_ns && slow.wall_ns > pipe.wall_ns,
        text,
    )
}
