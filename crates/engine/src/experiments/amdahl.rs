//! Experiment 8, "Amdahl's law": a serial part caps the speedup of the rest.

use crate::analysis::{amdahl_bound, format_duration_ns, karp_flatt, speedup};
use crate::budget::{Footprint, VariantLoad};
use crate::experiment::{Group, Info, Outcome, RunRequest, SweepMeasure, VariantReport, Verdict};
use crate::kernels::{split, sum_pieces, triangular};
use crate::measure::{Recorder, on_one_worker, plural};
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "amdahl",
    number: 8,
    group: Group::Limits,
    title: "Amdahl's law",
    claim: "If a fraction s of the work is serial, no number of workers k can make it faster \
            than 1 / (s + (1 - s) / k).",
    explanation: "The work is a sum of n numbers. The first s per cent of them are added by one \
                  task alone (the serial part); the rest are split evenly over 1, 2, ... k \
                  workers. Each worker count is one variant; the speedups are compared with \
                  Amdahl's bound, and the Karp-Flatt metric estimates the serial fraction the \
                  measurements imply.",
    params: &[
        ParamSpec {
            key: "serial_percent",
            label: "Serial part (%)",
            help: "The share of the work that only one task can do.",
            min: 0,
            max: 100,
            default: 30,
            quick: 30,
        },
        ParamSpec {
            key: "n",
            label: "Numbers to add (n)",
            help: "The total work: the sum 1 + 2 + ... + n.",
            min: 1_000,
            max: 4_000_000_000,
            default: 200_000_000,
            quick: 2_000_000,
        },
    ],
    needs_shared_memory: false,
    value_name: "Sum",
    sweep: SweepMeasure::LastVariant,
};

/// The serial part on one worker, then the rest split over `workers` tasks.
fn with_workers(rec: &Recorder, n: u64, serial_end: u64, workers: u32) -> VariantReport {
    let id = format!("k{workers}");
    let label = format!(
        "{}: serial part, then the rest split {workers} ways",
        plural(workers, "worker")
    );
    rec.variant(&id, label, (workers + 1, workers), || {
        let (serial, serial_spans) = on_one_worker(|| {
            let mut buffer = SpanBuffer::with_capacity(1);
            let value = rec.span(0, SpanKind::Compute, &mut buffer, || {
                sum_pieces(1, serial_end)
            });
            (value, buffer.into_spans())
        });
        let rest = n + 1 - serial_end;
        let ranges: Vec<(u64, u64)> = split(rest, u64::from(workers))
            .into_iter()
            .map(|(lo, hi)| (lo + serial_end - 1, hi + serial_end - 1))
            .collect();
        let (rest, mut spans) = rec.pool_tasks(ranges.len(), 1, |task| {
            sum_pieces(ranges[task].0, ranges[task].1)
        });
        spans.push(serial_spans);
        (serial.wrapping_add(rest), spans)
    })
}

/// Runs one variant per worker count from 1 to the pool's size.
pub fn run(request: &RunRequest, workers: u32, rec: &Recorder) -> Outcome {
    let n = request.param("n");
    let percent = request.param("serial_percent");
    let serial_end = 1 + n * percent / 100;
    let variants: Vec<VariantReport> = (1..=workers)
        .map(|k| with_workers(rec, n, serial_end, k))
        .collect();
    let verdict = verdict(&variants, percent as f64 / 100.0, request.cores);
    Outcome {
        variants,
        expected_value: Some(triangular(n)),
        verdict,
    }
}

/// What a run allocates: for k = 1 to the worker count, the serial part and k tasks.
pub fn footprint(request: &RunRequest) -> Footprint {
    Footprint {
        data_bytes: 0,
        variants: (1..=u64::from(request.workers))
            .map(|k| VariantLoad::pooled(k + 1))
            .collect(),
    }
}

fn verdict(variants: &[VariantReport], serial: f64, cores: u32) -> Verdict {
    let Some(base) = variants.first() else {
        unreachable!("there is always a 1-worker variant")
    };
    let Some(last) = variants.last().filter(|_| variants.len() > 1) else {
        return Verdict::undecided(format!(
            "With 1 worker there is nothing to compare: it took {}. Move the Workers slider up \
             to measure the speedup against Amdahl's bound.",
            format_duration_ns(base.wall_ns)
        ));
    };
    let k = variants.len() as u32;
    let usable = k.min(cores).max(1);
    let Some(measured) = speedup(base.wall_ns, last.wall_ns) else {
        return Verdict::too_fast();
    };
    let bound = amdahl_bound(serial, usable);
    let mut text = format!(
        "With s = {:.0} %, {} took {} against {} on 1 worker: {measured:.2}×, where Amdahl's bound \
         for {} is {bound:.2}×",
        serial * 100.0,
        plural(k, "worker"),
        format_duration_ns(last.wall_ns),
        format_duration_ns(base.wall_ns),
        plural(usable, "core"),
    );
    if let Some(implied) = speedup(base.wall_ns, last.wall_ns).and_then(|x| karp_flatt(x, usable)) {
        text += &format!(
            "; the measurements imply a serial fraction of {:.0} % (Karp-Flatt)",
            implied * 100.0
        );
    }
    text += ". ";
    let ratio = measured / bound;
    let ok = (0.85..=1.1).contains(&ratio);
    text += if ok {
        "The speedup is capped where the law says."
    } else if ratio > 1.1 {
        "It beat the bound, which suggests noise in the timing."
    } else {
        "It fell short of the bound: overheads or other load on the machine cost more."
    };
    Verdict::judged(ok, text)
}
