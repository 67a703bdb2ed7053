//! Repeated measurements: medians and spread, speedup curves and Amdahl's law fitted to
//! them. Every function says in words why it cannot answer, instead of returning NaN.

use serde::{Deserialize, Serialize};

use crate::analysis::{amdahl_bound, karp_flatt};

/// The median and range of repeated timings of one configuration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The middle timing (the mean of the two middle ones for an even count), in ns.
    pub median_ns: f64,
    /// The fastest timing, in ns.
    pub min_ns: u64,
    /// The slowest timing, in ns.
    pub max_ns: u64,
    /// How many timings there were.
    pub count: usize,
}

impl Summary {
    /// Summarises timings in nanoseconds; `None` when there are none.
    pub fn of(samples_ns: &[u64]) -> Option<Self> {
        let mut sorted = samples_ns.to_vec();
        sorted.sort_unstable();
        let count = sorted.len();
        let (&min_ns, &max_ns) = (sorted.first()?, sorted.last()?);
        let middle = count / 2;
        let median_ns = if count % 2 == 1 {
            sorted[middle] as f64
        } else {
            (sorted[middle - 1] as f64 + sorted[middle] as f64) / 2.0
        };
        Some(Self {
            median_ns,
            min_ns,
            max_ns,
            count,
        })
    }

    /// The range relative to the median: 0.1 means the runs spread over 10 % of it.
    pub fn relative_spread(&self) -> f64 {
        if self.median_ns > 0.0 {
            (self.max_ns - self.min_ns) as f64 / self.median_ns
        } else {
            0.0
        }
    }
}

/// Above this relative spread, a sweep warns that its numbers are too noisy to trust.
pub const NOISY_SPREAD: f64 = 0.25;

/// One worker count of a sweep: its timings and what they imply.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The worker count.
    pub workers: u32,
    /// The timings at this worker count.
    pub summary: Summary,
    /// Median speedup over the 1-worker median.
    pub speedup: f64,
    /// Speedup divided by the worker count.
    pub efficiency: f64,
    /// The serial fraction this speedup implies (Karp-Flatt), from 0 to 1; `None` for 1
    /// worker, and where the speedup implies none (more workers slower than one, or
    /// faster than linear), which a fraction outside 0-100 % would only hide.
    pub karp_flatt: Option<f64>,
}

/// The processors `workers` workers really have on a machine with `cores` cores: past the
/// core count, workers take turns, so Amdahl's law and Karp-Flatt count cores instead.
pub fn usable(workers: u32, cores: u32) -> u32 {
    workers.min(cores.max(1))
}

/// Turns per-worker-count timings into speedup points, the first entry being the
/// baseline (normally 1 worker), on a machine with `cores` cores.
pub fn sweep_points(timings: &[(u32, Vec<u64>)], cores: u32) -> Result<Vec<SweepPoint>, String> {
    let Some((base_workers, base_samples)) = timings.first() else {
        return Err("No measurements yet: run the sweep first.".into());
    };
    let base = Summary::of(base_samples)
        .ok_or_else(|| format!("No timings for {base_workers} worker(s)."))?;
    if base.median_ns <= 0.0 {
        return Err("The baseline took no measurable time; give the experiment more work.".into());
    }
    timings
        .iter()
        .map(|(workers, samples)| {
            let summary = Summary::of(samples)
                .ok_or_else(|| format!("No timings for {workers} worker(s)."))?;
            if summary.median_ns <= 0.0 {
                return Err(format!(
                    "{workers} worker(s) took no measurable time; give the experiment more work."
                ));
            }
            // Relative to the baseline's worker count, so a sweep starting at 1 reads plainly.
            let relative = f64::from(*workers) / f64::from((*base_workers).max(1));
            let speedup = base.median_ns / summary.median_ns;
            Ok(SweepPoint {
                workers: *workers,
                summary,
                speedup,
                efficiency: speedup / relative,
                karp_flatt: karp_flatt(speedup, usable(*workers, cores))
                    .filter(|fraction| (0.0..=1.0).contains(fraction)),
            })
        })
        .collect()
}

/// The serial fraction s for which Amdahl's law best fits measured speedups on a
/// machine with `cores` cores.
///
/// Amdahl's law says 1/S - 1/k = s (1 - 1/k): a line through the origin in these
/// coordinates, so s is the least-squares slope. It is clamped to 0..=1. Points for one
/// worker (or one core) carry no information and are skipped; k counts usable cores.
pub fn fit_amdahl(points: &[(u32, f64)], cores: u32) -> Result<f64, String> {
    let (mut xy, mut xx) = (0.0, 0.0);
    for &(workers, speedup) in points {
        if usable(workers, cores) < 2 {
            continue;
        }
        if !(speedup.is_finite() && speedup > 0.0) {
            return Err(format!(
                "The speedup on {workers} workers is not a positive number."
            ));
        }
        let k = f64::from(usable(workers, cores));
        let x = 1.0 - 1.0 / k;
        let y = 1.0 / speedup - 1.0 / k;
        xy += x * y;
        xx += x * x;
    }
    if xx == 0.0 {
        return Err(
            "Amdahl's law can only be fitted with measurements on 2 or more workers and cores."
                .into(),
        );
    }
    Ok((xy / xx).clamp(0.0, 1.0))
}

/// The speedup curve Amdahl's law predicts for serial fraction `serial`, for 1..=`max`.
pub fn amdahl_curve(serial: f64, max: u32) -> Vec<(u32, f64)> {
    (1..=max).map(|k| (k, amdahl_bound(serial, k))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic noise in -amplitude..=amplitude, from a small linear congruential
    /// generator, so the tests are repeatable.
    fn noise(seed: &mut u64, amplitude: f64) -> f64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let unit = (*seed >> 11) as f64 / (1u64 << 53) as f64;
        (unit * 2.0 - 1.0) * amplitude
    }

    /// Timings of `reps` runs for k = 1..=max of work with serial fraction s, with noise.
    fn synthetic(
        s: f64,
        max: u32,
        reps: usize,
        amplitude: f64,
        seed: &mut u64,
    ) -> Vec<(u32, Vec<u64>)> {
        (1..=max)
            .map(|k| {
                let ideal = 1e9 * (s + (1.0 - s) / f64::from(k));
                let samples = (0..reps)
                    .map(|_| (ideal * (1.0 + noise(seed, amplitude))) as u64)
                    .collect();
                (k, samples)
            })
            .collect()
    }

    #[test]
    fn medians_and_ranges() {
        let s = Summary::of(&[5, 1, 3]).unwrap();
        assert_eq!((s.median_ns, s.min_ns, s.max_ns, s.count), (3.0, 1, 5, 3));
        assert_eq!(Summary::of(&[4, 1, 3, 2]).unwrap().median_ns, 2.5);
        assert_eq!(Summary::of(&[7]).unwrap().median_ns, 7.0);
        assert_eq!(Summary::of(&[]), None);
        assert!((Summary::of(&[90, 100, 110]).unwrap().relative_spread() - 0.2).abs() < 1e-12);
        assert_eq!(Summary::of(&[0, 0]).unwrap().relative_spread(), 0.0);
    }

    #[test]
    fn the_fit_recovers_the_serial_fraction_from_noisy_timings() {
        let mut seed = 42;
        for s in [0.0, 0.1, 0.3, 0.5, 0.9] {
            for max in [2, 4, 16] {
                let points = sweep_points(&synthetic(s, max, 5, 0.03, &mut seed), max).unwrap();
                let speedups: Vec<(u32, f64)> =
                    points.iter().map(|p| (p.workers, p.speedup)).collect();
                let fitted = fit_amdahl(&speedups, max).unwrap();
                assert!(
                    (fitted - s).abs() < 0.05,
                    "s = {s}, max = {max}: fitted {fitted}"
                );
            }
        }
    }

    #[test]
    fn exact_amdahl_speedups_fit_exactly() {
        let points: Vec<(u32, f64)> = amdahl_curve(0.3, 8);
        assert!((fit_amdahl(&points, 8).unwrap() - 0.3).abs() < 1e-12);
    }

    #[test]
    fn workers_beyond_the_cores_do_not_count_as_a_serial_fraction() {
        // Perfectly parallel work on 2 cores: 4 workers are no faster than 2.
        let speedups = [(1, 1.0), (2, 2.0), (3, 2.0), (4, 2.0)];
        assert_eq!(fit_amdahl(&speedups, 2).unwrap(), 0.0);
        let points = sweep_points(&[(1, vec![100]), (4, vec![50])], 2).unwrap();
        assert_eq!(points[1].karp_flatt, Some(0.0));
        assert_eq!(
            points[1].efficiency, 0.5,
            "efficiency still divides by the workers"
        );
    }

    #[test]
    fn no_serial_fraction_outside_0_to_100_percent() {
        // Two workers slower than one, and faster than linear: no fraction is implied.
        let points = sweep_points(&[(1, vec![100]), (2, vec![150]), (4, vec![20])], 4).unwrap();
        assert_eq!(points[1].karp_flatt, None);
        assert_eq!(points[2].karp_flatt, None);
    }

    #[test]
    fn sweep_points_carry_speedup_efficiency_and_karp_flatt() {
        let points = sweep_points(&[(1, vec![100]), (2, vec![65]), (4, vec![50])], 4).unwrap();
        assert_eq!(points[0].speedup, 1.0);
        assert_eq!(points[0].karp_flatt, None);
        assert!((points[1].speedup - 100.0 / 65.0).abs() < 1e-12);
        assert!((points[2].efficiency - 0.5).abs() < 1e-12);
        let e = points[1].karp_flatt.unwrap();
        assert!((e - (65.0 / 100.0 - 0.5) / 0.5).abs() < 1e-12);
    }

    #[test]
    fn edge_cases_give_messages_not_nan() {
        assert!(
            sweep_points(&[], 2)
                .unwrap_err()
                .contains("No measurements")
        );
        assert!(
            sweep_points(&[(1, vec![0])], 2)
                .unwrap_err()
                .contains("no measurable time")
        );
        assert!(
            sweep_points(&[(1, vec![10]), (2, vec![])], 2)
                .unwrap_err()
                .contains("No timings")
        );
        assert!(
            fit_amdahl(&[(1, 1.0)], 2)
                .unwrap_err()
                .contains("2 or more workers")
        );
        assert!(
            fit_amdahl(&[(2, f64::NAN)], 2)
                .unwrap_err()
                .contains("not a positive number")
        );
        // One repetition is a valid sweep.
        assert_eq!(sweep_points(&[(1, vec![10])], 2).unwrap().len(), 1);
        // A slowdown beyond any serial fraction clamps to 1, a superlinear speedup to 0.
        assert_eq!(fit_amdahl(&[(2, 0.5)], 2).unwrap(), 1.0);
        assert_eq!(fit_amdahl(&[(2, 3.0)], 2).unwrap(), 0.0);
    }
}
