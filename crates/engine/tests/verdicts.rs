//! Every experiment's verdict over synthetic measurements: random wall times (each
//! variant repeated with noise, as a run repeats it) and values, judged by the
//! experiment's own code and qualified by the repeats, as a run does. Whatever the
//! numbers, a verdict must not contradict itself or its numbers: its opening matches its
//! judgement, it prints no NaN, no "0.00×" and no serial fraction outside 0-100 %, it gets
//! its plurals right, a judgement it gives holds at both ends of every variant's middle
//! repeats, it never contradicts a claim on cores that were not free, and the claims the
//! issue tracker caught lying (Amdahl "capped" above its bound, oversubscription
//! "supported" on cores that were not free) hold.

use std::cell::Cell;

use interleave_engine::analysis::amdahl_bound;
use interleave_engine::experiment::Setup;
use interleave_engine::repetition::{BUSY_CORES, Cores, Repeat, qualify, take_medians};
use interleave_engine::{ExperimentId, Judgement, RunRequest, VariantReport, Verdict};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRunner};

/// One synthetic run: the experiment, its setup, and each variant's repeated times and
/// value.
#[derive(Debug, Clone)]
struct Measured {
    experiment: ExperimentId,
    workers: u32,
    cores: u32,
    quick: bool,
    /// Per variant: a typical time in ns and the noise factors of its repeats.
    times: Vec<(u64, Vec<f64>)>,
    values: Vec<u64>,
    /// The share of the usable cores that was free while it ran.
    free_share: f64,
}

fn measured() -> impl Strategy<Value = Measured> {
    let time = (
        prop_oneof![
            1_000u64..1_000_000,
            1_000_000u64..100_000_000,
            100_000_000u64..10_000_000_000
        ],
        prop::collection::vec(prop_oneof![4 => 0.97f64..1.03, 1 => 0.4f64..2.5], 1..6),
    );
    (
        prop::sample::select(ExperimentId::ALL),
        1u32..=4,
        1u32..=4,
        any::<bool>(),
        prop::collection::vec(time, 16),
        prop::collection::vec(prop_oneof![Just(0u64), 0u64..5, 0u64..100_000], 16),
        prop_oneof![Just(1.0f64), 0.3f64..1.0],
    )
        .prop_map(
            |(experiment, workers, cores, quick, times, values, free_share)| Measured {
                experiment,
                workers,
                cores,
                quick,
                times,
                values,
                free_share,
            },
        )
}

/// The setup, and the verdict a run with these measurements reaches.
fn judged(m: &Measured) -> (Setup, Vec<VariantReport>, Verdict, Cores) {
    let mut request = RunRequest::new(m.experiment, m.workers, m.cores);
    for p in m.experiment.params() {
        request
            .params
            .insert(p.key.into(), if m.quick { p.quick } else { p.default });
    }
    let request = request.bounded();
    let setup = request.setup_on(request.workers);
    let experiment = m.experiment.experiment();
    let listed = experiment.variants(&setup, &[]);
    let mut variants: Vec<VariantReport> = listed
        .iter()
        .enumerate()
        .map(|(i, v)| VariantReport {
            id: v.id.clone(),
            label: v.label.clone(),
            tasks: v.tasks,
            value: m.values[i % m.values.len()],
            baseline: v.baseline.map(str::to_owned),
            ..VariantReport::default()
        })
        .collect();
    let walls: Vec<Vec<u64>> = (0..variants.len())
        .map(|i| {
            let (typical, noise) = &m.times[i % m.times.len()];
            noise
                .iter()
                .map(|f| ((*typical as f64) * f).max(1.0) as u64)
                .collect()
        })
        .collect();
    let repeat = request.measured();
    if repeat == Repeat::UntilSettled {
        take_medians(&mut variants, walls);
    } else {
        for (variant, walls) in variants.iter_mut().zip(walls) {
            variant.wall_ns = walls[0];
        }
    }
    experiment.settle(&setup, &mut variants);
    let usable = listed.iter().map(|v| v.workers).max().unwrap_or(1);
    let usable = usable.min(setup.cores).max(1);
    let cores = Cores {
        usable,
        free: Some(f64::from(usable) * m.free_share),
    };
    let judge = |variants: &[VariantReport]| experiment.verdict(&setup, variants);
    let verdict = qualify(&judge, &variants, repeat, cores);
    (setup, variants, verdict, cores)
}

/// The numbers right before `unit` in `text` ("30 %" gives 30 for " %").
fn numbers_before(text: &str, unit: &str) -> Vec<f64> {
    text.match_indices(unit)
        .filter_map(|(at, _)| {
            let before = &text[..at];
            let start = before
                .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))
                .map_or(0, |i| i + 1);
            before[start..].replace(',', "").parse().ok()
        })
        .collect()
}

/// Checks what every verdict must get right.
fn check(m: &Measured) -> Result<(), TestCaseError> {
    let (setup, variants, verdict, cores) = judged(m);
    let text = verdict.text.as_str();
    let slug = m.experiment.slug();
    let opening = match verdict.judgement {
        Judgement::Supports => "This run supports the claim.",
        Judgement::Contradicts => "This run does not support the claim.",
        Judgement::Undecided => "This run cannot test the claim.",
        Judgement::TooNoisy => "Too noisy to judge.",
    };
    prop_assert!(text.starts_with(opening), "{slug}: {text}");
    for nonsense in ["NaN", "inf"] {
        prop_assert!(!text.contains(nonsense), "{slug}: {nonsense} in {text}");
    }
    for (at, _) in text.match_indices("0.00×") {
        let before = text[..at].chars().next_back();
        prop_assert!(
            before.is_some_and(|c| c.is_ascii_digit()),
            "{slug}: 0.00× in {text}"
        );
    }
    for (at, _) in text.match_indices("serial fraction of ") {
        let fraction = numbers_before(&text[at..], " %");
        prop_assert!(
            fraction.first().is_some_and(|f| (0.0..=100.0).contains(f)),
            "{slug}: {text}"
        );
    }
    for noun in [
        "tasks", "workers", "cores", "permits", "waits", "items", "trials", "bookings", "steps",
    ] {
        for (at, _) in text.match_indices(&format!("1 {noun}")) {
            // "11 tasks" and "1,001 tasks" are fine, and so is a rate ("1 items/s"); a
            // lone "1 tasks" is the slip.
            if text[at..].starts_with(&format!("1 {noun}/")) {
                continue;
            }
            let before = text[..at].chars().next_back();
            prop_assert!(
                before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.'),
                "{slug}: \"1 {noun}\" in {text}"
            );
        }
    }
    // A verdict that stands holds at both ends of every variant's middle repeats.
    if matches!(
        verdict.judgement,
        Judgement::Supports | Judgement::Contradicts
    ) {
        let experiment = m.experiment.experiment();
        for (index, variant) in variants.iter().enumerate() {
            let mut sorted = variant.walls_ns.clone();
            sorted.sort_unstable();
            let cut = sorted.len() / 4;
            for end in [
                sorted.get(cut),
                sorted
                    .len()
                    .checked_sub(cut + 1)
                    .and_then(|i| sorted.get(i)),
            ]
            .into_iter()
            .flatten()
            {
                let mut trial = variants.clone();
                trial[index].wall_ns = *end;
                let judged = experiment.verdict(&setup, &trial).judgement;
                prop_assert!(
                    judged == verdict.judgement,
                    "{slug}: judged {:?} on repeats whose end {} of {} makes it {judged:?}: {text}",
                    verdict.judgement,
                    end,
                    variant.id
                );
            }
        }
    }
    if cores
        .free
        .is_some_and(|free| free < f64::from(cores.usable) - BUSY_CORES)
    {
        prop_assert!(
            verdict.judgement != Judgement::Contradicts,
            "{slug}: contradicted on busy cores: {text}"
        );
    }
    match m.experiment {
        ExperimentId::Amdahl if variants.len() > 1 => {
            let serial = setup.param("serial_percent") as f64 / 100.0;
            let usable = (variants.len() as u32).min(setup.cores).max(1);
            let measured = variants[0].wall_ns as f64 / variants[variants.len() - 1].wall_ns as f64;
            if measured > amdahl_bound(serial, usable) * 1.03 {
                prop_assert!(!text.contains("capped"), "{text}");
                prop_assert!(verdict.judgement != Judgement::Supports, "{text}");
            }
        }
        ExperimentId::Oversubscription if setup.workers > setup.cores && setup.cores >= 2 => {
            let (one, at_cores) = (variants[0].wall_ns, variants[1].wall_ns);
            if at_cores as f64 > one as f64 * 1.1 {
                prop_assert!(
                    verdict.judgement != Judgement::Supports,
                    "one worker per core slower than one worker, yet: {text}"
                );
            }
        }
        _ => {}
    }
    Ok(())
}

#[test]
fn no_verdict_contradicts_itself_or_its_numbers() {
    let config = Config {
        cases: 4_000,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    };
    let ran = Cell::new(0u32);
    let result = TestRunner::new(config).run(&measured(), |m| {
        ran.set(ran.get() + 1);
        check(&m)
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    assert_eq!(ran.get(), 4_000);
}
