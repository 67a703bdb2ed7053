//! Experiment 8, "Amdahl's law": a serial part caps the speedup of the rest.

use crate::analysis::{Ratio, amdahl_bound, format_duration_ns, karp_flatt, speedup};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::kernels::{split, sum_pieces, triangular};
use crate::measure::plural;
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{Variant, jobs, on_one_worker};

/// A measured speedup of at least this share of Amdahl's bound reaches the cap.
const NEAR_BOUND: f64 = 0.85;

/// How far above the bound a speedup may be and still count as the bound, for the
/// clock's and the repeats' own error (medians of repeats agree within a few per cent);
/// beyond it the law is broken, which only disturbed times can do.
const TIMING_SLACK: f64 = 1.03;

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
fn with_workers<'d>(n: u64, serial_end: u64, workers: u32) -> Variant<'d> {
    let label = if workers == 1 {
        "1 worker: serial part, then the rest on the same worker".to_owned()
    } else {
        format!("{workers} workers: serial part, then the rest split {workers} ways")
    };
    let serial = on_one_worker(move |rec| {
        let mut buffer = SpanBuffer::with_capacity(1);
        let value = rec.span(0, SpanKind::Compute, &mut buffer, || {
            sum_pieces(1, serial_end)
        });
        (value, buffer.into_spans())
    });
    let ranges: Vec<(u64, u64)> = split(n + 1 - serial_end, u64::from(workers))
        .into_iter()
        .map(|(lo, hi)| (lo + serial_end - 1, hi + serial_end - 1))
        .collect();
    let rest = jobs(ranges.len() as u32, 1, move |task| {
        sum_pieces(ranges[task].0, ranges[task].1)
    });
    Variant::new(
        format!("k{workers}"),
        label,
        (workers + 1, workers),
        VariantLoad::pooled(u64::from(workers) + 1),
        serial,
    )
    .then(rest)
}

/// Experiment 8: one variant per worker count from 1 to the pool's size.
pub struct Amdahl;

impl Experiment for Amdahl {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let n = setup.param("n");
        let serial_end = 1 + n * setup.param("serial_percent") / 100;
        (1..=setup.workers)
            .map(|k| {
                let variant = with_workers(n, serial_end, k);
                if k == 1 {
                    variant
                } else {
                    variant.against("k1")
                }
            })
            .collect()
    }

    fn expected_value(&self, setup: &Setup) -> Option<u64> {
        Some(triangular(setup.param("n")))
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        let serial = setup.param("serial_percent") as f64 / 100.0;
        verdict(variants, serial, setup.cores)
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
        "With s = {:.0} %, {} took {} against {} on 1 worker: {measured}, where Amdahl's bound \
         for {} is {bound}",
        serial * 100.0,
        plural(k, "worker"),
        format_duration_ns(last.wall_ns),
        format_duration_ns(base.wall_ns),
        plural(usable, "core"),
        measured = Ratio(measured),
        bound = Ratio(bound),
    );
    match karp_flatt(measured, usable) {
        Some(implied) if (0.0..=1.0).contains(&implied) => {
            text += &format!(
                "; the measurements imply a serial fraction of {:.0} % (Karp-Flatt)",
                implied * 100.0
            );
        }
        // Outside 0-100 % the Karp-Flatt fraction means nothing: say why instead.
        Some(implied) if implied > 1.0 => {
            text += "; more workers were slower than one, so no serial fraction can be implied";
        }
        Some(_) => text += "; it beat linear speedup, so no serial fraction can be implied",
        None => {}
    }
    text += ". ";
    let ratio = measured / bound;
    let ok = (NEAR_BOUND..=TIMING_SLACK).contains(&ratio);
    text += &if ratio <= 1.0 && ok {
        "The speedup is capped where the law says.".to_owned()
    } else if ok {
        "That is just above the bound, within what the clock and the repeats can tell \
         apart: the speedup reached the cap and went no further."
            .to_owned()
    } else if ratio > TIMING_SLACK {
        "That beats the bound, which the law does not allow: the times were disturbed (the \
         1-worker run slowed, or other load came and went)."
            .to_owned()
    } else {
        "It fell short of the bound: overheads or other load on the machine cost more.".to_owned()
    };
    text += &format!(" {}", law_table(serial));
    Verdict::judged(ok, text)
}

/// What the law predicts for this serial fraction at the worker counts the teaching
/// material tabulates, and its limit: "The law for s = 30 %: 1.54× on 2 workers, 2.11×
/// on 4, 2.58× on 8, 2.91× on 16, and never more than 3.33×."
fn law_table(serial: f64) -> String {
    let at = |k: u32| format!("{}", Ratio(amdahl_bound(serial, k)));
    let limit = if serial > 0.0 {
        format!(", and never more than {}", Ratio(1.0 / serial))
    } else {
        ", and without a serial part no limit".to_owned()
    };
    format!(
        "The law for s = {:.0} %: {} on 2 workers, {} on 4, {} on 8, {} on 16{limit}.",
        serial * 100.0,
        at(2),
        at(4),
        at(8),
        at(16)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number printed as a percentage in `text`.
    fn percentages(text: &str) -> Vec<f64> {
        let words: Vec<&str> = text.split_whitespace().collect();
        words
            .windows(2)
            .filter(|pair| pair[1].starts_with('%'))
            .filter_map(|pair| pair[0].parse().ok())
            .collect()
    }

    #[test]
    fn the_verdict_ends_with_the_laws_table_of_the_teaching_material() {
        let text = verdict(
            &[VariantReport::timed(100), VariantReport::timed(65)],
            0.3,
            2,
        )
        .text;
        assert!(
            text.ends_with(
                "The law for s = 30 %: 1.54× on 2 workers, 2.11× on 4, 2.58× on 8, 2.91× on \
                 16, and never more than 3.33×."
            ),
            "{text}"
        );
    }

    #[test]
    fn the_serial_fraction_is_printed_only_between_0_and_100_percent() {
        // Two workers slower than one: Karp-Flatt would say 296 %.
        let slower = verdict(
            &[VariantReport::timed(100), VariantReport::timed(198)],
            0.3,
            2,
        );
        assert!(
            slower.text.contains("more workers were slower"),
            "{}",
            slower.text
        );
        assert!(!slower.text.contains("Karp-Flatt"), "{}", slower.text);
        let fine = verdict(
            &[VariantReport::timed(100), VariantReport::timed(65)],
            0.3,
            2,
        );
        assert!(
            fine.text.contains("serial fraction of 30 %"),
            "{}",
            fine.text
        );
        for two in [20, 40, 50, 65, 100, 198, 1_000] {
            let text = verdict(
                &[VariantReport::timed(100), VariantReport::timed(two)],
                0.3,
                2,
            )
            .text;
            let serial_and_fraction = percentages(&text);
            assert!(!serial_and_fraction.is_empty(), "{text}");
            assert!(
                serial_and_fraction
                    .iter()
                    .all(|p| (0.0..=100.0).contains(p)),
                "{text}"
            );
        }
    }
}
