//! Turning measurements into the numbers the page shows: speedups, utilisation, overlap.

use crate::trace::Span;

/// How many times faster `time_ns` is than `baseline_ns`; `None` when either is zero,
/// so the page never shows an infinite or NaN speedup.
pub fn speedup(baseline_ns: u64, time_ns: u64) -> Option<f64> {
    (baseline_ns > 0 && time_ns > 0).then(|| baseline_ns as f64 / time_ns as f64)
}

/// Whether spans on two different workers ran at the same instant: the visible proof of
/// parallelism.
pub fn workers_overlap(spans: &[Span]) -> bool {
    spans.iter().enumerate().any(|(i, a)| {
        spans[i + 1..]
            .iter()
            .any(|b| a.worker != b.worker && a.overlaps(b))
    })
}

/// The share of `wall_ns` each of `workers` workers spent in spans, from 0 to 1.
pub fn utilisation(spans: &[Span], workers: u32, wall_ns: u64) -> Vec<f64> {
    let mut busy = vec![0u64; workers as usize];
    for span in spans {
        if let Some(b) = busy.get_mut(span.worker as usize) {
            *b += span.duration_ns();
        }
    }
    busy.into_iter()
        .map(|b| {
            if wall_ns == 0 {
                0.0
            } else {
                (b as f64 / wall_ns as f64).min(1.0)
            }
        })
        .collect()
}

/// A duration in the unit that suits it: "420 ns", "12.5 µs", "205 ms", "1.23 s".
pub fn format_duration_ns(ns: u64) -> String {
    let ns_f = ns as f64;
    let (value, unit) = if ns < 1_000 {
        return format!("{ns} ns");
    } else if ns < 1_000_000 {
        (ns_f / 1e3, "µs")
    } else if ns < 1_000_000_000 {
        (ns_f / 1e6, "ms")
    } else {
        (ns_f / 1e9, "s")
    };
    if value < 10.0 {
        format!("{value:.2} {unit}")
    } else if value < 100.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// A whole number with thousands separators: 200000000 -> "200,000,000".
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::SpanKind;

    fn span(worker: u32, start_ns: u64, end_ns: u64) -> Span {
        Span {
            worker,
            task: worker,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
        }
    }

    #[test]
    fn speedup_refuses_zero_times() {
        assert_eq!(speedup(200, 100), Some(2.0));
        assert_eq!(speedup(0, 100), None);
        assert_eq!(speedup(100, 0), None);
    }

    #[test]
    fn overlap_needs_two_workers_at_once() {
        assert!(workers_overlap(&[span(0, 0, 10), span(1, 5, 20)]));
        assert!(!workers_overlap(&[span(0, 0, 10), span(1, 10, 20)]));
        // The same worker cannot overlap itself in a way that proves parallelism.
        assert!(!workers_overlap(&[span(0, 0, 10), span(0, 5, 20)]));
    }

    #[test]
    fn utilisation_is_busy_share_per_worker() {
        let u = utilisation(&[span(0, 0, 50), span(1, 0, 100)], 3, 100);
        assert_eq!(u, vec![0.5, 1.0, 0.0]);
        assert_eq!(utilisation(&[span(0, 0, 5)], 1, 0), vec![0.0]);
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(format_duration_ns(420), "420 ns");
        assert_eq!(format_duration_ns(12_500), "12.5 µs");
        assert_eq!(format_duration_ns(205_000_000), "205 ms");
        assert_eq!(format_duration_ns(1_234_000_000), "1.23 s");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000), "1,000");
        assert_eq!(format_count(200_000_000), "200,000,000");
    }
}
