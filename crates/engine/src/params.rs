//! Parameters with documented bounds, and the clamping that keeps every input inside them.
//!
//! Values arrive from sliders, fields, the URL and (later) an embedding page. None of them
//! is trusted: each is parsed and clamped to its bounds here, and whatever was changed is
//! reported as a note the page shows next to the control.

use serde::{Deserialize, Serialize};

use crate::analysis::format_count;

/// The most key-value pairs read from one source (an address, an embedding page's
/// message); the rest are ignored, so a huge query string cannot make the page do
/// unbounded work.
pub const MAX_PAIRS: usize = 64;

/// The largest core count the page believes a browser reports; beyond it the report is
/// treated as noise, so a hostile or buggy `hardwareConcurrency` cannot ask for
/// thousands of workers.
pub const MAX_REPORTED_CORES: u32 = 128;

/// One numeric parameter of an experiment: its name, meaning and hard bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamSpec {
    /// The key used in requests and URLs, e.g. `n`.
    pub key: &'static str,
    /// The label shown next to the control.
    pub label: &'static str,
    /// One sentence on what the parameter changes.
    pub help: &'static str,
    /// The smallest accepted value.
    pub min: u64,
    /// The largest accepted value.
    pub max: u64,
    /// The value used when none is given.
    pub default: u64,
    /// A small value that still exercises every code path: quick runs in tests.
    pub quick: u64,
}

/// A value after validation, and the note to show when the input was not taken as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked<T> {
    /// The value to use: always inside the bounds.
    pub value: T,
    /// Why the input was changed, in words for the page; `None` when it was taken as is.
    pub note: Option<String>,
}

impl<T> Checked<T> {
    fn exact(value: T) -> Self {
        Self { value, note: None }
    }
}

/// Clamps `value` into `min..=max`, with a note naming `what` when it had to move.
pub fn clamp(what: &str, value: u64, min: u64, max: u64) -> Checked<u64> {
    if value < min {
        Checked {
            value: min,
            note: Some(format!(
                "{what} = {} is below the minimum; using {}.",
                format_count(value),
                format_count(min)
            )),
        }
    } else if value > max {
        Checked {
            value: max,
            note: Some(format!(
                "{what} = {} is above the maximum; using {}.",
                format_count(value),
                format_count(max)
            )),
        }
    } else {
        Checked::exact(value)
    }
}

/// Parses text from a control or URL into a value within the bounds.
///
/// Underscores, commas and spaces between digits are accepted ("100_000_000"). Text that
/// is not a whole number falls back to `default` with a note; numbers out of range are
/// clamped with a note.
pub fn parse_bounded(what: &str, raw: &str, min: u64, max: u64, default: u64) -> Checked<u64> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | ',' | ' '))
        .collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: only overflow can fail, and an overflowing number is above any max;
        // the note quotes what was typed, not the largest number that fits.
        return match digits.parse::<u64>() {
            Ok(value) => clamp(what, value, min, max),
            Err(_) => {
                let mut shown: String = digits.chars().take(24).collect();
                if digits.len() > shown.len() {
                    shown.push('…');
                }
                Checked {
                    value: max,
                    note: Some(format!(
                        "{what} = {shown} is above the maximum; using {}.",
                        format_count(max)
                    )),
                }
            }
        };
    }
    let shown: String = raw.chars().take(24).collect();
    Checked {
        value: default,
        note: Some(format!(
            "{what} = \"{shown}\" is not a whole number; using {}.",
            format_count(default)
        )),
    }
}

impl ParamSpec {
    /// Parses and clamps raw text for this parameter.
    pub fn parse(&self, raw: &str) -> Checked<u64> {
        parse_bounded(self.key, raw, self.min, self.max, self.default)
    }

    /// Clamps a number for this parameter.
    pub fn clamp(&self, value: u64) -> Checked<u64> {
        clamp(self.key, value, self.min, self.max)
    }
}

/// The core count to believe, from what the browser or OS reports.
pub fn reported_cores(reported: u32) -> u32 {
    reported.clamp(1, MAX_REPORTED_CORES)
}

/// The bounds of the Workers control: 1 up to twice the cores, so oversubscription can be
/// tried but not taken to absurd lengths.
pub fn worker_bounds(cores: u32) -> (u32, u32) {
    (1, 2 * reported_cores(cores))
}

/// Parses and clamps a worker count for a machine with `cores` cores; the default is the
/// core count, as GOMAXPROCS defaults to it.
pub fn parse_workers(raw: &str, cores: u32) -> Checked<u32> {
    let (min, max) = worker_bounds(cores);
    let checked = parse_bounded(
        "workers",
        raw,
        u64::from(min),
        u64::from(max),
        u64::from(reported_cores(cores)),
    );
    Checked {
        // The bounds are u32, so the clamped value fits.
        value: u32::try_from(checked.value).unwrap_or(max),
        note: checked.note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_values_pass_without_note() {
        assert_eq!(parse_bounded("n", "42", 1, 100, 7), Checked::exact(42));
        assert_eq!(
            parse_bounded("n", " 1_000,000 ", 1, u64::MAX, 7).value,
            1_000_000
        );
    }

    #[test]
    fn out_of_range_values_are_clamped_with_a_note() {
        let low = parse_bounded("n", "0", 1, 100, 7);
        assert_eq!(low.value, 1);
        assert!(low.note.unwrap().contains("below the minimum"));
        let high = parse_bounded("n", "99999999999999999999999", 1, 100, 7);
        assert_eq!(high.value, 100);
        assert!(high.note.unwrap().contains("above the maximum"));
    }

    #[test]
    fn garbage_falls_back_to_default_with_a_note() {
        for raw in ["", "-3", "1e9", "abc", "4.5", "<script>"] {
            let checked = parse_bounded("n", raw, 1, 100, 7);
            assert_eq!(checked.value, 7, "{raw}");
            assert!(
                checked.note.unwrap().contains("not a whole number"),
                "{raw}"
            );
        }
    }

    #[test]
    fn long_garbage_is_shortened_in_the_note() {
        let raw = "x".repeat(10_000);
        let note = parse_bounded("n", &raw, 1, 100, 7).note.unwrap();
        assert!(note.len() < 100);
    }

    #[test]
    fn workers_are_bounded_by_twice_the_cores() {
        assert_eq!(worker_bounds(2), (1, 4));
        assert_eq!(parse_workers("3", 2), Checked::exact(3));
        assert_eq!(parse_workers("9", 2).value, 4);
        assert_eq!(parse_workers("0", 2).value, 1);
        assert_eq!(parse_workers("many", 2).value, 2);
        // A browser that reports 0 or absurd core counts is bounded too.
        assert_eq!(worker_bounds(0), (1, 2));
        assert_eq!(worker_bounds(100_000), (1, 2 * MAX_REPORTED_CORES));
    }
}
