//! Experiment 14, "Throughput vs latency": more workers serve more requests per second,
//! while each request takes as long as before.

use std::collections::BTreeMap;

use crate::analysis::{Ratio, format_count, format_duration_ns};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::kernels::fib;
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::stats::Summary;
use crate::tasks::Recording;
use crate::variant::Variant;

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "throughput",
    number: 14,
    group: Group::Limits,
    title: "Throughput vs latency",
    claim: "Serving requests on k workers instead of one raises throughput (requests per \
            second) while the latency of each request stays about the same.",
    explanation: "Each request waits (blocking its worker, as a thread-per-request server does \
                  on a database call) and then computes a little. The same requests are served \
                  by 1 worker, then by every worker. Latency is the time from a request's start \
                  to its end; throughput is requests per second over the whole run.",
    params: &[
        ParamSpec {
            key: "requests",
            label: "Requests",
            help: "How many requests are served.",
            min: 2,
            max: 2_000,
            default: 40,
            quick: 4,
        },
        ParamSpec {
            key: "wait_ms",
            label: "Wait per request (ms)",
            help: "The blocking wait of each request.",
            min: 1,
            max: 500,
            default: 10,
            quick: 1,
        },
        ParamSpec {
            key: "rounds",
            label: "Work per request (rounds of fib(25))",
            help: "The computing of each request.",
            min: 1,
            max: 100,
            default: 4,
            quick: 1,
        },
    ],
    needs_shared_memory: false,
    value_name: "Median latency (µs)",
    sweep: SweepMeasure::Variant("k-workers"),
};

/// Serves every request on `workers` workers, all alive at once, each recording its
/// blocking wait and the turns around it; the value is set to the median latency
/// afterwards, by [`median_latency_us`].
fn serve<'d>(id: &str, workers: u32, (requests, wait_ns, rounds): (u32, u64, u64)) -> Variant<'d> {
    let label = format!(
        "{} served by {}",
        plural(requests, "request"),
        plural(workers, "worker")
    );
    let load = VariantLoad::scheduled_each(requests, task_spans(1, 0));
    Variant::tasks(
        id,
        label,
        workers,
        (Recording::default(), load),
        move |spawner| {
            for _ in spawner.shard().share(requests) {
                spawner.spawn("request", move |ctx| async move {
                    ctx.block(wait_ns);
                    for _ in 0..rounds {
                        std::hint::black_box(fib(25));
                    }
                });
            }
            Box::new(|| 0)
        },
    )
}

/// The median time from a request's first span to its last, in µs: read from the trace,
/// so it holds however many engines served the requests.
fn median_latency_us(variant: &VariantReport) -> u64 {
    let mut by_task: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for span in &variant.spans {
        let (start, end) = by_task
            .entry(span.task)
            .or_insert((span.start_ns, span.end_ns));
        *start = (*start).min(span.start_ns);
        *end = (*end).max(span.end_ns);
    }
    let latencies: Vec<u64> = by_task.values().map(|(start, end)| end - start).collect();
    Summary::of(&latencies).map_or(0, |s| (s.median_ns / 1e3) as u64)
}

/// Experiment 14: the requests served with 1 worker, then with all of them.
pub struct Throughput;

impl Experiment for Throughput {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let load = (
            setup.param("requests") as u32,
            setup.param("wait_ms") * 1_000_000,
            setup.param("rounds"),
        );
        vec![
            serve("one-worker", 1, load),
            serve("k-workers", setup.workers, load).against("one-worker"),
        ]
    }

    fn settle(&self, _: &Setup, variants: &mut [VariantReport]) {
        for variant in variants {
            variant.value = median_latency_us(variant);
        }
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.param("requests") as u32, setup.workers)
    }
}

fn verdict(variants: &[VariantReport], requests: u32, workers: u32) -> Verdict {
    let [one, all] = variants else {
        unreachable!("two variants")
    };
    let per_second = |v: &VariantReport| f64::from(requests) / (v.wall_ns.max(1) as f64 / 1e9);
    let (t1, tk) = (per_second(one), per_second(all));
    let text = format!(
        "1 worker served {} requests per second with a median latency of {}; {} served {} \
         per second ({}) with a median latency of {}.",
        format_count(t1.round() as u64),
        format_duration_ns(one.value * 1_000),
        plural(workers, "worker"),
        format_count(tk.round() as u64),
        Ratio(tk / t1),
        format_duration_ns(all.value * 1_000),
    );
    if workers < 2 {
        return Verdict::undecided(format!("{text} Move the Workers slider up to compare."));
    }
    let latency_ratio = all.value as f64 / one.value.max(1) as f64;
    Verdict::judged(tk > 1.3 * t1 && latency_ratio < 1.5, text)
}
