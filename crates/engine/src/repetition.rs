//! Measuring until the times can be trusted: a run repeats its variants in rounds until
//! their wall times agree, or a time budget is spent, and judges the claim on the
//! medians; when the repeats still disagree enough to change the verdict, it says the
//! machine was too noisy to judge instead of contradicting (or confirming) the claim on
//! numbers it cannot trust.
//!
//! A round runs every variant once, in the experiment's order, so a spell of background
//! load touches every variant alike rather than one. The first round is the one the page
//! draws while it goes (its spans are the timeline's); the later rounds only add wall
//! times. Each variant's reported wall time is then the median of its rounds', and the
//! verdict is reached over those medians by the experiment's own code, unchanged.
//!
//! How much the repeats disagree is their *spread*: the range of the middle repeats
//! (without the fastest and slowest quarter, once there are four or more) over the
//! median. Whether that is too much is a question of the verdict, not of a fixed bound:
//! a lock 200× slower than a loop is 200× slower whatever a 300 µs loop's repeats do. So
//! each variant is judged again at both ends of its middle range ([`qualify`]); only a
//! spread that changes the judgement makes a run too noisy. The rule is the same on both
//! backends and is written once, here.

use serde::{Deserialize, Serialize};

use crate::analysis::format_duration_ns;
use crate::experiment::{Judgement, VariantReport, Verdict};
use crate::measure::plural;
use crate::stats::Summary;

/// How a run measures its variants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Repeat the variants in rounds until their times settle or [`BUDGET_NS`] is spent:
    /// what a Run on the page does.
    #[default]
    UntilSettled,
    /// Measure each variant once: for callers that repeat whole runs themselves (a
    /// sweep over worker counts, the decision matrix) and judge their spread there.
    Once,
}

/// Rounds a run makes at least, time allowing: three times can show one outlier.
pub const MIN_ROUNDS: usize = 3;

/// Rounds a run makes at most, however much the times disagree.
pub const MAX_ROUNDS: usize = 9;

/// Repeats whose spread is at most this have settled: no more rounds are needed.
pub const SETTLED_SPREAD: f64 = 0.10;

/// The measuring time a run spends on its rounds at most: a round is not begun when, at
/// the pace of the rounds before it, it would end later than this after the first began.
pub const BUDGET_NS: u64 = 4_000_000_000;

/// How much repeated wall times disagree: the range of the middle ones (without the
/// fastest and the slowest quarter) over their median; `None` for fewer than two.
pub fn spread(walls_ns: &[u64]) -> Option<f64> {
    let (low, high) = middle_range(walls_ns)?;
    // Trimming a quarter from each end leaves the median where it was.
    let median = Summary::of(walls_ns)?.median_ns;
    Some(if median > 0.0 {
        (high - low) as f64 / median
    } else {
        0.0
    })
}

/// Whether a run should measure another round, given every variant's wall times so far
/// (one list per variant, one entry per round) and the time its rounds took.
pub fn another_round(repeat: Repeat, walls_ns: &[Vec<u64>], elapsed_ns: u64) -> bool {
    let rounds = walls_ns.iter().map(Vec::len).min().unwrap_or(0);
    if repeat == Repeat::Once || rounds == 0 || rounds >= MAX_ROUNDS {
        return false;
    }
    let next_ends_at = elapsed_ns.saturating_add(elapsed_ns / rounds as u64);
    if next_ends_at > BUDGET_NS {
        return false;
    }
    rounds < MIN_ROUNDS
        || walls_ns
            .iter()
            .any(|walls| spread(walls).is_some_and(|s| s > SETTLED_SPREAD))
}

/// Sets each variant's wall time to the median of its rounds' and keeps those rounds'
/// times with it (`walls_ns`); a variant with no times is left as it is.
pub fn take_medians(variants: &mut [VariantReport], walls_ns: Vec<Vec<u64>>) {
    for (variant, walls) in variants.iter_mut().zip(walls_ns) {
        if let Some(summary) = Summary::of(&walls) {
            variant.wall_ns = summary.median_ns.round() as u64;
            variant.walls_ns = walls;
        }
    }
}

/// A contradicting verdict made undecided when fewer cores than the run could use were
/// free: the measurement that explains it is shown instead of a false lesson.
fn busy_cores(verdict: Verdict, cores: Cores) -> Verdict {
    match cores.free {
        Some(free)
            if verdict.judgement == Judgement::Contradicts
                && free < f64::from(cores.usable) - BUSY_CORES =>
        {
            Verdict::undecided(format!(
                "Only {free:.1} of the {} were free while it ran (measured by having every \
                 worker spin over one window before each variant): something else on this \
                 machine had the rest, so the claim cannot be judged here. Close other \
                 programs and run again. The medians said: {}",
                plural(cores.usable, "core"),
                verdict.reasoning()
            ))
        }
        _ => verdict,
    }
}

/// The middle of a variant's repeats, as [`spread`] counts them: its fastest and slowest
/// time without the fastest and slowest quarter.
pub fn middle_range(walls_ns: &[u64]) -> Option<(u64, u64)> {
    if walls_ns.len() < 2 {
        return None;
    }
    let mut sorted = walls_ns.to_vec();
    sorted.sort_unstable();
    let cut = sorted.len() / 4;
    Some((sorted[cut], sorted[sorted.len() - 1 - cut]))
}

/// The first variant whose repeats could change the judgement: judged with that
/// variant's time at either end of its middle range (the others at their medians), the
/// verdict differs from the one over the medians. Its index and that range.
fn deciding_noise(
    judge: &dyn Fn(&[VariantReport]) -> Verdict,
    variants: &[VariantReport],
    judgement: Judgement,
) -> Option<(usize, (u64, u64))> {
    let mut trial = variants.to_vec();
    for (index, variant) in variants.iter().enumerate() {
        let Some((low, high)) = middle_range(&variant.walls_ns) else {
            continue;
        };
        for end in [low, high] {
            trial[index].wall_ns = end;
            if judge(&trial).judgement != judgement {
                return Some((index, (low, high)));
            }
        }
        trial[index].wall_ns = variant.wall_ns;
    }
    None
}

/// A run's cores: how many its workers could use, and how many were free while it ran
/// ([`crate::measure::free_cores`], before each of its variants), where that was measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cores {
    /// The workers the run's busiest variant has, up to the machine's cores.
    pub usable: u32,
    /// The cores its workers really had at once, measured before each variant.
    pub free: Option<f64>,
}

impl Cores {
    /// The cores of a run whose workers could use `usable` and whose probes before its
    /// variants read `readings` free: those of its busiest quarter, the lower quartile of
    /// the readings. A load that comes and goes (50 ms on, 50 ms off) leaves some readings
    /// free and some busy; the variants live through both, and a mean of the readings let
    /// three of ten sums under such a load contradict their claim on "1.8 free cores". One
    /// reading disturbed by the page settling after a load does not decide it either.
    ///
    /// With more workers than cores a worker that starts late is excused its wait, so a
    /// reading can add up to more than the cores: no more than `usable` count as free.
    /// No readings: not measured.
    pub fn from_probes(usable: u32, readings: &mut [f64]) -> Self {
        readings.sort_by(f64::total_cmp);
        Self {
            usable,
            free: readings
                .get(readings.len() / 4)
                .map(|&free| free.min(f64::from(usable))),
        }
    }
}

/// Fewer free cores than the usable ones by more than this (a quarter of a core) is a
/// busy machine, on which a claim about those cores cannot be tested.
pub const BUSY_CORES: f64 = 0.25;

/// The verdict as the repeats and the cores allow it, reached by `judge` (the
/// experiment's own verdict) over the variants' medians:
///
/// - when it would contradict the claim on a machine whose cores were not free, an
///   undecided verdict that says how many were;
/// - when some variant's repeats spread enough to change it (judged with that variant's
///   time at either end of the middle of its repeats, the judgement differs), a
///   [`Judgement::TooNoisy`] verdict that says so and still shows what the medians said;
/// - otherwise the verdict over the medians, saying how many repeats they are and how
///   much the noisiest spread.
///
/// `repeat` is how the run measured: nothing is said of the repeats of a run that
/// measured once by request.
pub fn qualify(
    judge: &dyn Fn(&[VariantReport]) -> Verdict,
    variants: &[VariantReport],
    repeat: Repeat,
    cores: Cores,
) -> Verdict {
    let verdict = judge(variants);
    if verdict.judgement == Judgement::Undecided {
        return verdict;
    }
    let verdict = busy_cores(verdict, cores);
    if verdict.judgement == Judgement::Undecided || repeat == Repeat::Once {
        return verdict;
    }
    let rounds = variants.iter().map(|v| v.walls_ns.len()).max().unwrap_or(0);
    if let Some((index, (low, high))) = deciding_noise(judge, variants, verdict.judgement) {
        let variant = &variants[index];
        return Verdict::too_noisy(format!(
            "The {rounds} repeats of “{}” spread {:.0} % (the middle ones from {} to {}), \
             and at either end of that range the verdict would differ; close other tabs \
             and programs and run again. The medians said: {}",
            variant.label,
            spread(&variant.walls_ns).unwrap_or(0.0) * 100.0,
            format_duration_ns(low),
            format_duration_ns(high),
            verdict.reasoning()
        ));
    }
    let noisiest = variants
        .iter()
        .filter_map(|v| spread(&v.walls_ns))
        .reduce(f64::max);
    match noisiest {
        Some(spread) => Verdict {
            text: format!(
                "{} Each time is the median of {rounds} repeats, which agreed within {:.0} %{}.",
                verdict.text,
                spread * 100.0,
                if spread > SETTLED_SPREAD {
                    ", not enough to change the verdict"
                } else {
                    ""
                }
            ),
            ..verdict
        },
        None if rounds == 1 => {
            let round_ns: u64 = variants.iter().map(|v| v.wall_ns).sum();
            let why = if round_ns.saturating_mul(2) > BUDGET_NS {
                format!(
                    ": a round took {}, too long to repeat within the {} a run spends on \
                     repeats",
                    format_duration_ns(round_ns),
                    format_duration_ns(BUDGET_NS)
                )
            } else {
                String::new()
            };
            Verdict {
                text: format!(
                    "{} Each variant was measured once{why}, so how much the times vary is \
                     not known.",
                    verdict.text
                ),
                ..verdict
            }
        }
        None => verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runs_free_cores_are_its_busiest_quarters_at_most_the_usable_ones() {
        let cores =
            |usable, readings: &[f64]| Cores::from_probes(usable, &mut readings.to_vec()).free;
        assert_eq!(cores(2, &[2.0, 1.0, 1.9, 2.0]), Some(1.9));
        // Two busy readings of eight are not a quarter; three are.
        assert_eq!(
            cores(2, &[1.1, 2.0, 2.0, 2.0, 1.0, 2.0, 2.0, 2.0]),
            Some(2.0)
        );
        assert_eq!(
            cores(2, &[1.1, 2.0, 1.2, 2.0, 1.0, 2.0, 2.0, 2.0]),
            Some(1.2)
        );
        assert_eq!(
            cores(2, &[2.4]),
            Some(2.0),
            "a late start excused reads above the cores"
        );
        assert_eq!(cores(2, &[]), None, "not measured");
    }

    fn variant(label: &str, walls_ns: &[u64]) -> VariantReport {
        let mut report = VariantReport {
            label: label.into(),
            ..VariantReport::default()
        };
        take_medians(std::slice::from_mut(&mut report), vec![walls_ns.to_vec()]);
        report
    }

    #[test]
    fn the_spread_leaves_out_the_fastest_and_slowest_quarter() {
        assert_eq!(spread(&[100]), None);
        assert_eq!(spread(&[]), None);
        assert!((spread(&[90, 100, 110]).unwrap() - 0.2).abs() < 1e-12);
        // Eight repeats: the two fastest and two slowest are left out.
        let walls = [10, 95, 100, 100, 105, 105, 300, 900];
        assert!((spread(&walls).unwrap() - 5.0 / 102.5).abs() < 1e-12);
    }

    #[test]
    fn rounds_go_on_until_the_times_settle_or_the_budget_is_spent() {
        let ms = 1_000_000;
        let once = vec![vec![100 * ms]];
        assert!(another_round(Repeat::UntilSettled, &once, 100 * ms));
        assert!(!another_round(Repeat::Once, &once, 100 * ms));
        let settled = vec![vec![100 * ms, 101 * ms, 99 * ms], vec![5 * ms; 3]];
        assert!(!another_round(Repeat::UntilSettled, &settled, 315 * ms));
        let noisy = vec![vec![100 * ms, 150 * ms, 99 * ms], vec![5 * ms; 3]];
        assert!(another_round(Repeat::UntilSettled, &noisy, 365 * ms));
        // A round would end past the budget: no more, however noisy.
        assert!(!another_round(Repeat::UntilSettled, &noisy, BUDGET_NS - ms));
        let long = vec![vec![BUDGET_NS / 2 + ms]];
        assert!(!another_round(
            Repeat::UntilSettled,
            &long,
            BUDGET_NS / 2 + ms
        ));
        let most: Vec<u64> = (0..MAX_ROUNDS as u64)
            .map(|i| if i % 2 == 0 { ms } else { 9 * ms })
            .collect();
        assert_eq!(most.len(), MAX_ROUNDS);
        assert!(!another_round(Repeat::UntilSettled, &[most], 50 * ms));
    }

    #[test]
    fn medians_replace_the_first_rounds_time() {
        let v = variant("a", &[300, 100, 110]);
        assert_eq!(v.wall_ns, 110);
        assert_eq!(v.walls_ns, [300, 100, 110]);
    }

    /// "Faster" when the second variant took less than `share` of the first's time.
    fn faster_than(share: f64) -> impl Fn(&[VariantReport]) -> Verdict {
        move |v: &[VariantReport]| {
            let faster = (v[1].wall_ns as f64) < share * v[0].wall_ns as f64;
            Verdict::judged(faster, format!("2 workers took {}.", v[1].wall_ns))
        }
    }

    #[test]
    fn repeats_that_could_change_the_verdict_are_too_noisy_to_judge() {
        let noisy = [
            variant("1 worker", &[100, 101, 99]),
            variant("2 workers", &[50, 90, 60]),
        ];
        // At 60 % of the time the medians (60) are on the line: 50 and 90 either side.
        let qualified = qualify(&faster_than(0.7), &noisy, Repeat::UntilSettled, FREE);
        assert_eq!(qualified.judgement, Judgement::TooNoisy);
        assert!(
            qualified
                .text
                .contains("“2 workers” spread 67 % (the middle ones from 50 ns to 90 ns)"),
            "{}",
            qualified.text
        );
        assert!(!qualified.text.contains("supports"), "{}", qualified.text);
        // The same spread far from the line changes nothing: the verdict stands.
        let clear = qualify(&faster_than(0.95), &noisy, Repeat::UntilSettled, FREE);
        assert_eq!(clear.judgement, Judgement::Supports);
        assert!(
            clear
                .text
                .ends_with("agreed within 67 %, not enough to change the verdict."),
            "{}",
            clear.text
        );
    }

    #[test]
    fn settled_repeats_keep_the_judgement_and_say_how_well_they_agreed() {
        let calm = [
            variant("1 worker", &[100, 101, 99]),
            variant("2 workers", &[50, 52, 51]),
        ];
        let qualified = qualify(&faster_than(0.9), &calm, Repeat::UntilSettled, FREE);
        assert_eq!(qualified.judgement, Judgement::Supports);
        assert!(
            qualified
                .text
                .ends_with("median of 3 repeats, which agreed within 4 %.")
        );
        let once = [variant("1 worker", &[100])];
        let said = Verdict::judged(true, "Fine.".into());
        let fine = |_: &[VariantReport]| said.clone();
        assert_eq!(qualify(&fine, &once, Repeat::Once, FREE), said);
        assert!(
            qualify(&fine, &once, Repeat::UntilSettled, FREE)
                .text
                .contains("measured once")
        );
        let undecided = Verdict::undecided("One worker.".into());
        let cannot = |_: &[VariantReport]| undecided.clone();
        assert_eq!(
            qualify(&cannot, &noisy_pair(), Repeat::UntilSettled, FREE),
            undecided
        );
    }

    #[test]
    fn a_contradiction_on_busy_cores_is_undecided_and_says_how_many_were_free() {
        let calm = [
            variant("1 worker", &[100, 101, 99]),
            variant("2 workers", &[90, 91, 90]),
        ];
        let busy = Cores {
            usable: 2,
            free: Some(1.4),
        };
        // 90 is not under half of 100: "not faster", on busy cores.
        let qualified = qualify(&faster_than(0.5), &calm, Repeat::UntilSettled, busy);
        assert_eq!(qualified.judgement, Judgement::Undecided);
        assert!(qualified.text.contains("Only 1.4 of the 2 cores were free"));
        assert!(
            qualified.text.ends_with("2 workers took 90."),
            "{}",
            qualified.text
        );
        let supported = qualify(&faster_than(0.95), &calm, Repeat::UntilSettled, busy);
        assert_eq!(
            supported.judgement,
            Judgement::Supports,
            "only a contradiction is explained away"
        );
        let free = qualify(&faster_than(0.5), &calm, Repeat::UntilSettled, FREE);
        assert_eq!(free.judgement, Judgement::Contradicts);
    }

    /// Two cores, both free.
    const FREE: Cores = Cores {
        usable: 2,
        free: Some(2.0),
    };

    fn noisy_pair() -> [VariantReport; 2] {
        [variant("a", &[100, 300, 50]), variant("b", &[10, 10, 10])]
    }
}
