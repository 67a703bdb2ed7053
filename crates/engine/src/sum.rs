//! Experiment 1, "Sum": the same CPU work run sequentially, as two tasks taking turns on
//! one worker, and split across every worker.

use std::hint::black_box;

use crate::analysis::{format_duration_ns, speedup};
use crate::clock::Clock;
use crate::experiment::{RunReport, RunRequest, VariantReport, Verdict};
use crate::params::ParamSpec;
use crate::trace::{self, Span, SpanBuffer, SpanKind};

/// The parameters of the sum.
pub const PARAMS: &[ParamSpec] = &[ParamSpec {
    key: "n",
    label: "Numbers to add (n)",
    help: "The sum adds 1 + 2 + ... + n; more numbers mean more CPU work per run.",
    min: 1_000,
    max: 4_000_000_000,
    default: 200_000_000,
    warm_up: 4_000_000,
}];

/// Into how many turns each task of the concurrent variant is cut, so the timeline shows
/// the two tasks taking turns on their one worker.
const TURNS_PER_TASK: u64 = 8;

/// How many tasks the concurrent variant splits the work into.
const CONCURRENT_TASKS: u64 = 2;

/// Adds the numbers `lo..hi` one at a time.
///
/// `black_box` on the running total stops the compiler from replacing the loop by the
/// closed form or vectorising it away: the point is to do the CPU work, not to skip it.
fn sum_range(lo: u64, hi: u64) -> u64 {
    let mut total = 0u64;
    for i in lo..hi {
        total = black_box(total.wrapping_add(i));
    }
    total
}

/// How many numbers one call of the kernel adds at most. Every variant feeds the kernel
/// pieces of this size, so all of them run the same code the same way, and the only
/// difference between variants is how the work is split into tasks and workers.
const PIECE: u64 = 1 << 20;

/// Adds the numbers `lo..hi` in pieces of at most [`PIECE`].
fn sum_pieces(lo: u64, hi: u64) -> u64 {
    let mut total = 0u64;
    let mut start = lo;
    while start < hi {
        let end = hi.min(start.saturating_add(PIECE));
        total = total.wrapping_add(sum_range(start, end));
        start = end;
    }
    total
}

/// `1 + 2 + ... + n`, in closed form.
fn expected(n: u64) -> u64 {
    let n = u128::from(n);
    // n <= 4e9 keeps this below 2^64.
    u64::try_from(n * (n + 1) / 2).unwrap_or(u64::MAX)
}

/// Splits `1..=n` into `parts` contiguous ranges of nearly equal length.
fn split(n: u64, parts: u64) -> Vec<(u64, u64)> {
    let parts = parts.max(1);
    (0..parts)
        .map(|p| (1 + n * p / parts, 1 + n * (p + 1) / parts))
        .collect()
}

/// The index of the worker the caller runs on.
fn worker_index() -> u32 {
    rayon::current_thread_index()
        .and_then(|i| u32::try_from(i).ok())
        .unwrap_or(0)
}

/// Times a call and records it as a compute span of `task`.
struct Recorder<'a> {
    clock: &'a dyn Clock,
    origin: u64,
}

impl Recorder<'_> {
    fn now(&self) -> u64 {
        self.clock.now_ns().saturating_sub(self.origin)
    }

    /// Runs `lo..hi` as one span of `task` on the current worker.
    fn sum_span(&self, task: u32, lo: u64, hi: u64, buffer: &mut SpanBuffer) -> u64 {
        let start_ns = self.now();
        let value = sum_pieces(lo, hi);
        let end_ns = self.now();
        buffer.push(Span {
            worker: worker_index(),
            task,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
        });
        value
    }

    /// Measures one variant: `body` returns the answer and the spans of its tasks.
    fn variant(
        &self,
        id: &str,
        label: String,
        tasks: u32,
        body: impl FnOnce() -> (u64, Vec<Vec<Span>>),
    ) -> VariantReport {
        let start_ns = self.now();
        let (value, buffers) = body();
        let end_ns = self.now();
        VariantReport {
            id: id.to_owned(),
            label,
            tasks,
            start_ns,
            wall_ns: end_ns.saturating_sub(start_ns),
            value,
            spans: trace::merge(buffers),
        }
    }
}

/// One task summing all numbers, on one worker of the pool.
fn sequential(rec: &Recorder, n: u64) -> VariantReport {
    rec.variant("sequential", "1 task on 1 worker".into(), 1, || {
        let mut out = (0, Vec::new());
        rayon::scope(|s| {
            s.spawn(|_| {
                let mut buffer = SpanBuffer::with_capacity(1);
                let value = rec.sum_span(0, 1, n + 1, &mut buffer);
                out = (value, vec![buffer.into_spans()]);
            });
        });
        out
    })
}

/// Two tasks that take turns on a single worker: concurrency without parallelism.
fn concurrent(rec: &Recorder, n: u64) -> VariantReport {
    let label = format!("{CONCURRENT_TASKS} tasks on 1 worker, taking turns");
    rec.variant("concurrent", label, CONCURRENT_TASKS as u32, || {
        let mut out = (0, Vec::new());
        rayon::scope(|s| {
            s.spawn(|_| {
                // Both tasks live on this one worker; each turn runs the next slice of one
                // task, round robin, as a scheduler without parallelism would.
                let turns: Vec<Vec<(u64, u64)>> = split(n, CONCURRENT_TASKS)
                    .into_iter()
                    .map(|(lo, hi)| {
                        split(hi - lo, TURNS_PER_TASK)
                            .into_iter()
                            .map(|(a, b)| (lo + a - 1, lo + b - 1))
                            .collect()
                    })
                    .collect();
                let mut buffer =
                    SpanBuffer::with_capacity((CONCURRENT_TASKS * TURNS_PER_TASK) as usize);
                let mut value = 0u64;
                for turn in 0..TURNS_PER_TASK as usize {
                    for (task, slices) in turns.iter().enumerate() {
                        let (lo, hi) = slices[turn];
                        value = value.wrapping_add(rec.sum_span(task as u32, lo, hi, &mut buffer));
                    }
                }
                out = (value, vec![buffer.into_spans()]);
            });
        });
        out
    })
}

/// One task per worker, all running at once: parallelism.
fn parallel(rec: &Recorder, n: u64, workers: u32) -> VariantReport {
    let label = format!(
        "{workers} task{s} on {workers} worker{s}",
        s = if workers == 1 { "" } else { "s" }
    );
    rec.variant("parallel", label, workers, || {
        let ranges = split(n, u64::from(workers));
        let mut results: Vec<(u64, Vec<Span>)> = vec![(0, Vec::new()); ranges.len()];
        rayon::scope(|s| {
            for (task, (slot, &(lo, hi))) in results.iter_mut().zip(&ranges).enumerate() {
                s.spawn(move |_| {
                    let mut buffer = SpanBuffer::with_capacity(1);
                    let value = rec.sum_span(task as u32, lo, hi, &mut buffer);
                    *slot = (value, buffer.into_spans());
                });
            }
        });
        let value = results.iter().fold(0u64, |acc, r| acc.wrapping_add(r.0));
        (value, results.into_iter().map(|r| r.1).collect())
    })
}

/// Numbers each worker adds, unmeasured, just before a run.
const PRIME_ITEMS: u64 = 8 * PIECE;

/// Gets every worker busy for a few milliseconds before the measured variants.
///
/// Idle workers sleep, and an idle core may be clocked down or handed to another virtual
/// machine; without this, whichever variant runs first pays for waking them up (about
/// 10 % of a 100 ms variant in Chromium on a 2-core machine).
fn prime_workers() {
    rayon::broadcast(|_| black_box(sum_pieces(1, PRIME_ITEMS + 1)));
}

/// Runs the three variants and judges the claim from their wall times.
pub(crate) fn run(request: RunRequest, workers: u32, clock: &dyn Clock) -> RunReport {
    let n = request.param("n");
    let rec = Recorder {
        clock,
        origin: clock.now_ns(),
    };
    prime_workers();
    let variants = vec![
        sequential(&rec, n),
        concurrent(&rec, n),
        parallel(&rec, n, workers),
    ];
    let verdict = verdict(&variants, workers, request.cores);
    RunReport {
        request,
        workers,
        variants,
        expected_value: Some(expected(n)),
        verdict,
    }
}

/// Below this speedup, splitting into tasks on one worker "bought nothing".
const NO_GAIN: f64 = 1.15;

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
        return Verdict {
            supports_claim: false,
            text: "A variant finished in zero measurable time; use a larger n to measure.".into(),
        };
    };
    let usable = workers.min(cores).max(1);
    let wanted = 1.0 + 0.5 * f64::from(usable - 1);
    let mut text = format!(
        "{} tasks taking turns on 1 worker took {} against {} for one task ({conc_x:.2}×): ",
        conc.tasks,
        format_duration_ns(conc.wall_ns),
        format_duration_ns(seq.wall_ns),
    );
    let conc_ok = conc_x < NO_GAIN;
    text += if conc_ok {
        "taking turns on one worker bought nothing, as the claim says. "
    } else {
        "taking turns on one worker was faster, which the claim does not expect for CPU work. "
    };
    let par_ok = if workers == 1 {
        text += &format!(
            "With 1 worker there is no parallelism to gain: {} ({par_x:.2}×). Move the Workers slider up to see it.",
            format_duration_ns(par.wall_ns)
        );
        par_x < NO_GAIN
    } else {
        text += &format!(
            "Split across {workers} workers it took {} ({par_x:.2}× faster; ideal {usable}×",
            format_duration_ns(par.wall_ns)
        );
        if workers > cores {
            text += &format!(", since {workers} workers share {cores} cores");
        }
        text += "). ";
        let ok = par_x >= wanted;
        text += if ok {
            "Parallel workers did speed it up."
        } else {
            "That is less gain than the claim expects: other load on the machine may have taken the cores."
        };
        ok
    };
    let supports_claim = conc_ok && par_ok;
    text = format!(
        "{} {text}",
        if supports_claim {
            "This run supports the claim."
        } else {
            "This run does not support the claim."
        }
    );
    Verdict {
        supports_claim,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_covers_the_range_exactly() {
        for (n, parts) in [(10, 3), (1, 4), (1_000_001, 7), (5, 1)] {
            let ranges = split(n, parts);
            assert_eq!(ranges.len() as u64, parts);
            assert_eq!(ranges[0].0, 1);
            assert_eq!(ranges.last().unwrap().1, n + 1);
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1, pair[1].0);
            }
        }
    }

    #[test]
    fn sum_range_matches_closed_form() {
        assert_eq!(sum_range(1, 101), expected(100));
        assert_eq!(expected(4_000_000_000), 8_000_000_002_000_000_000);
    }
}
