//! Turning measurements into the numbers the page shows: speedups, utilisation, overlap.

use crate::trace::Span;

/// How many times faster `time_ns` is than `baseline_ns`; `None` when either is zero,
/// so the page never shows an infinite or NaN speedup.
pub fn speedup(baseline_ns: u64, time_ns: u64) -> Option<f64> {
    (baseline_ns > 0 && time_ns > 0).then(|| baseline_ns as f64 / time_ns as f64)
}

/// A ratio of two times as the page prints it, with its "×": two decimals, or as many
/// more as a ratio far below 1 needs to show its first two digits (never "0.00×").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio(pub f64);

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        let decimals = if x > 0.0 && x < 0.1 {
            (1.0 - x.log10().floor()) as usize
        } else if x >= 100.0 {
            0
        } else {
            2
        };
        write!(f, "{x:.decimals$}×")
    }
}

/// Below this speedup, a variant "bought nothing" over its baseline: timings on a shared
/// machine wobble by several per cent, so 1.0 itself would be too strict.
pub const NO_GAIN: f64 = 1.15;

/// Amdahl's bound on speedup with `workers` workers when a fraction `serial` (0 to 1) of
/// the work cannot be parallelised: 1 / (s + (1 - s) / k).
pub fn amdahl_bound(serial: f64, workers: u32) -> f64 {
    let serial = serial.clamp(0.0, 1.0);
    1.0 / (serial + (1.0 - serial) / f64::from(workers.max(1)))
}

/// The Karp-Flatt metric: the serial fraction that a measured `speedup` on `workers`
/// workers implies, e = (1/S - 1/k) / (1 - 1/k). `None` for one worker or no speedup.
pub fn karp_flatt(speedup: f64, workers: u32) -> Option<f64> {
    if workers < 2 || !(speedup.is_finite() && speedup > 0.0) {
        return None;
    }
    let k = f64::from(workers);
    Some((1.0 / speedup - 1.0 / k) / (1.0 - 1.0 / k))
}

/// Whether spans on two different workers ran at the same instant: the visible proof of
/// parallelism.
pub fn workers_overlap(spans: &[Span]) -> bool {
    let busy: Vec<&Span> = spans.iter().filter(|s| s.kind.occupies_worker()).collect();
    busy.iter().enumerate().any(|(i, a)| {
        busy[i + 1..]
            .iter()
            .any(|b| a.worker != b.worker && a.overlaps(b))
    })
}

/// The share of `wall_ns` each of `workers` workers spent busy (in spans that occupy the
/// worker), from 0 to 1.
pub fn utilisation(spans: &[Span], workers: u32, wall_ns: u64) -> Vec<f64> {
    let mut busy = vec![0u64; workers as usize];
    for span in spans.iter().filter(|s| s.kind.occupies_worker()) {
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

/// A step for axis ticks: 1, 2 or 5 times a power of ten, at least `raw`, so that
/// tick labels stay round at any scale.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let residual = raw / magnitude;
    let nice = if residual <= 1.0 {
        1.0
    } else if residual <= 2.0 {
        2.0
    } else if residual <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
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
            line: 0,
        }
    }

    #[test]
    fn ratios_never_print_as_zero() {
        let shown = |x| Ratio(x).to_string();
        assert_eq!(shown(1.234), "1.23×");
        assert_eq!(shown(0.0024), "0.0024×");
        assert_eq!(shown(0.05), "0.050×");
        assert_eq!(shown(4_560.0), "4560×");
        assert_eq!(shown(0.0), "0.00×");
    }

    #[test]
    fn speedup_refuses_zero_times() {
        assert_eq!(speedup(200, 100), Some(2.0));
        assert_eq!(speedup(0, 100), None);
        assert_eq!(speedup(100, 0), None);
    }

    #[test]
    fn amdahl_bound_matches_the_formula() {
        assert!((amdahl_bound(0.3, 2) - 1.0 / 0.65).abs() < 1e-12);
        assert_eq!(amdahl_bound(0.0, 4), 4.0);
        assert_eq!(amdahl_bound(1.0, 8), 1.0);
        assert_eq!(amdahl_bound(0.5, 1), 1.0);
    }

    #[test]
    fn karp_flatt_recovers_the_serial_fraction_of_an_amdahl_speedup() {
        for s in [0.0, 0.1, 0.3, 0.75] {
            for k in [2, 3, 8] {
                let implied = karp_flatt(amdahl_bound(s, k), k).unwrap();
                assert!((implied - s).abs() < 1e-9, "s={s} k={k}: {implied}");
            }
        }
        assert_eq!(karp_flatt(1.5, 1), None);
        assert_eq!(karp_flatt(0.0, 2), None);
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
    fn nice_steps_are_round() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(230.0), 500.0);
        assert!((nice_step(0.013) - 0.02).abs() < 1e-12);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
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
