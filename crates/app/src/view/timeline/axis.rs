//! The time axis: tick positions and labels whose unit (ns, µs, ms, s) and precision follow
//! the visible range, so the labels stay short and distinct at every zoom.

use interleave_engine::analysis::{self, format_duration_ns};

/// A time unit for labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds.
    Ns,
    /// Microseconds.
    Us,
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
}

impl Unit {
    /// The unit that reads best for times up to `max_ns`.
    pub fn for_magnitude(max_ns: f64) -> Self {
        match max_ns.abs() {
            m if m < 1e3 => Unit::Ns,
            m if m < 1e6 => Unit::Us,
            m if m < 1e9 => Unit::Ms,
            _ => Unit::S,
        }
    }

    /// Nanoseconds in one unit.
    pub fn ns(self) -> f64 {
        match self {
            Unit::Ns => 1.0,
            Unit::Us => 1e3,
            Unit::Ms => 1e6,
            Unit::S => 1e9,
        }
    }

    /// The unit's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Ns => "ns",
            Unit::Us => "µs",
            Unit::Ms => "ms",
            Unit::S => "s",
        }
    }
}

/// One labelled tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Where, in nanoseconds from the variant's start.
    pub ns: f64,
    /// Its label, e.g. "1.25 ms".
    pub label: String,
}

/// A tick step in nanoseconds: 1, 2 or 5 times a power of ten, at least `raw` and at
/// least 1 ns (the engine's rule, shared with the sweep charts).
pub fn nice_step(raw: f64) -> f64 {
    analysis::nice_step(raw.max(1.0))
}

/// Decimals needed to tell apart values `resolution_ns` apart, written in `unit`.
fn decimals(unit: Unit, resolution_ns: f64) -> usize {
    let digits = (unit.ns() / resolution_ns).log10().ceil();
    digits.clamp(0.0, 9.0) as usize
}

/// `ns` written in `unit` with `decimals` decimals, e.g. "1.25 ms".
pub fn format_in(ns: f64, unit: Unit, decimals: usize) -> String {
    format!("{:.*} {}", decimals, ns / unit.ns(), unit.symbol())
}

/// The ticks for `start_ns..end_ns` drawn `width_px` wide, at least `min_gap_px` apart.
pub fn ticks(start_ns: f64, end_ns: f64, width_px: f64, min_gap_px: f64) -> Vec<Tick> {
    let range = (end_ns - start_ns).max(1.0);
    let fitting = (width_px / min_gap_px).floor().max(1.0);
    let step = nice_step(range / fitting);
    let unit = Unit::for_magnitude(end_ns);
    let decimals = decimals(unit, step);
    let first = (start_ns / step).ceil() as i64;
    let last = (end_ns / step).floor() as i64;
    (first..=last)
        .map(|i| {
            let ns = i as f64 * step;
            Tick {
                ns,
                label: format_in(ns, unit, decimals),
            }
        })
        .collect()
}

/// The visible range in words, precise enough to tell its ends apart:
/// "1.200 ms – 1.350 ms (150 µs)".
pub fn range_label(start_ns: f64, end_ns: f64) -> String {
    let unit = Unit::for_magnitude(end_ns);
    let decimals = decimals(unit, (end_ns - start_ns).max(1.0) / 100.0);
    format!(
        "{} – {} ({})",
        format_in(start_ns, unit, decimals),
        format_in(end_ns, unit, decimals),
        format_duration_ns((end_ns - start_ns).max(0.0).round() as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(0.3), 1.0);
        assert_eq!(nice_step(13.0), 20.0);
        assert_eq!(nice_step(420.0), 500.0);
        assert_eq!(nice_step(7_000_000.0), 10_000_000.0);
    }

    #[test]
    fn a_whole_second_run_is_labelled_in_seconds() {
        let t = ticks(0.0, 1.2e9, 900.0, 90.0);
        assert_eq!(
            labels(&t),
            [
                "0.0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1.0 s", "1.2 s"
            ]
        );
    }

    #[test]
    fn zooming_in_changes_unit_and_precision() {
        let t = ticks(1_200_000.0, 1_350_000.0, 600.0, 90.0);
        assert_eq!(t.first().unwrap().label, "1.20 ms");
        assert_eq!(t[1].label, "1.25 ms");
        let t = ticks(400.0, 900.0, 600.0, 90.0);
        assert_eq!(
            labels(&t),
            ["400 ns", "500 ns", "600 ns", "700 ns", "800 ns", "900 ns"]
        );
        let t = ticks(0.0, 40_000.0, 400.0, 90.0);
        assert_eq!(labels(&t), ["0 µs", "10 µs", "20 µs", "30 µs", "40 µs"]);
    }

    #[test]
    fn deep_zoom_into_a_long_run_keeps_ticks_distinct() {
        let t = ticks(1.5e9, 1.5e9 + 3_000.0, 300.0, 90.0);
        assert!(t.len() >= 2);
        assert_ne!(t[0].label, t[1].label);
        assert_eq!(t[0].label, "1.500000 s");
    }

    #[test]
    fn a_narrow_plot_still_gets_a_tick() {
        assert!(!ticks(0.0, 5e6, 40.0, 90.0).is_empty());
    }

    #[test]
    fn range_labels_tell_both_ends_apart() {
        assert_eq!(range_label(0.0, 1.2e9), "0.00 s – 1.20 s (1.20 s)");
        assert_eq!(
            range_label(1_200_000.0, 1_350_000.0),
            "1.200 ms – 1.350 ms (150 µs)"
        );
    }
}
