//! The teaching material's interview traps as predict-then-run questions.
//!
//! Each trap is a belief a learner may hold ("my code has goroutines, so it's parallel"),
//! a question about one experiment's run that the belief answers wrongly, and the
//! answers to choose from. The learner picks one before the run; afterwards
//! [`Trap::outcome`] reads the answer the run supports off its measured times (the same
//! medians the table shows), so the page says what this machine measured, not what the
//! material expects. A run too noisy to judge settles nothing, and the outcome says so
//! instead of picking an answer.

use crate::ExperimentId;
use crate::analysis::{NO_GAIN, Ratio, format_duration_ns, speedup};
use crate::experiment::{Judgement, VariantReport};
use crate::presets::{Preset, PresetWorkers};
use crate::repetition::middle_range;
use crate::report::RunReport;

/// One interview trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trap {
    /// A stable identifier, for the page's markup.
    pub slug: &'static str,
    /// The belief, in the material's words.
    pub belief: &'static str,
    /// What the learner predicts, about the run the trap makes.
    pub question: &'static str,
    /// The answers to choose from.
    pub answers: &'static [&'static str],
    /// Why the belief fails, in the material's terms: the page's explanation after a run.
    pub why: &'static str,
    /// The run it makes: an experiment at its defaults.
    pub run: Preset,
    /// The variant the question is about, and the baseline it is compared with.
    pub compared: (&'static str, &'static str),
}

/// What a run showed about a trap's question.
#[derive(Debug, Clone, PartialEq)]
pub struct TrapOutcome {
    /// The answer the measured times support, or `None` when the run settles nothing.
    pub answer: Option<usize>,
    /// The measurement, in words ("“2 tasks … on 1 worker” took 364 ms against 367 ms for
    /// “Sequential: a plain loop”: no difference (1.00×).").
    pub measured: String,
}

/// Faster, about the same, slower: the answers of a speedup question.
const FASTER_SAME_SLOWER: &[&str] = &["Faster", "About as fast", "Slower"];

/// The four traps of the material, in its order.
pub const TRAPS: &[Trap] = &[
    Trap {
        slug: "goroutines-parallel",
        belief: "My code has goroutines, so it's parallel.",
        question: "The sum of 1 to n is split among tasks, one per core, and they run on one \
                   worker. Against a plain loop, they finish…",
        answers: FASTER_SAME_SLOWER,
        why: "Tasks make code concurrent; only several workers on several cores run it in \
              parallel. On one worker the tasks take turns.",
        run: Preset {
            experiment: ExperimentId::Sum,
            params: &[],
            workers: PresetWorkers::Cores,
        },
        compared: ("concurrent", "sequential"),
    },
    Trap {
        slug: "concurrency-faster",
        belief: "Concurrency always improves performance.",
        question: "100,000 tasks each add one number to a total behind one lock, on every \
                   worker. Against a plain loop, they finish…",
        answers: FASTER_SAME_SLOWER,
        why: "Concurrency costs scheduling and synchronisation; it pays only for waiting \
              work, or for CPU work that can run in parallel. Here every task queues for one \
              lock.",
        run: Preset {
            experiment: ExperimentId::Lock,
            params: &[],
            workers: PresetWorkers::Cores,
        },
        compared: ("locked-k", "plain"),
    },
    Trap {
        slug: "more-workers",
        belief: "Setting GOMAXPROCS(100) makes my program 100× faster.",
        question: "1,000 CPU-bound tasks run on twice as many workers as this machine has \
                   cores. Against one worker per core, they finish…",
        answers: FASTER_SAME_SLOWER,
        why: "Workers beyond the cores only take turns on them: GOMAXPROCS caps the threads \
              that run at once, it does not add cores.",
        run: Preset {
            experiment: ExperimentId::Oversubscription,
            params: &[],
            workers: PresetWorkers::TwiceCores,
        },
        compared: ("k-workers", "cores"),
    },
    Trap {
        slug: "parallel-better",
        belief: "Parallelism is always better than sequential.",
        question: "1,000,000 tasks of one number each are added up on every worker. Against \
                   one loop adding everything, they finish…",
        answers: FASTER_SAME_SLOWER,
        why: "Each task costs more to create and schedule than adding one number; parallel \
              work pays only when each task's work exceeds that cost.",
        run: Preset {
            experiment: ExperimentId::Granularity,
            params: &[],
            workers: PresetWorkers::Cores,
        },
        compared: ("size-1", "sequential"),
    },
];

impl Trap {
    /// What `report` showed about this trap's question, if it is a run of this trap's
    /// experiment with both compared variants.
    pub fn outcome(&self, report: &RunReport) -> Option<TrapOutcome> {
        if report.request.experiment != self.run.experiment {
            return None;
        }
        let find = |id: &str| report.variants.iter().find(|v| v.id == id);
        let (variant, baseline) = (find(self.compared.0)?, find(self.compared.1)?);
        Some(judge(variant, baseline, report.verdict.judgement))
    }
}

/// The answer of [`FASTER_SAME_SLOWER`] a speedup of `x` supports: faster or slower by
/// more than [`NO_GAIN`], else about as fast.
fn band(x: f64) -> usize {
    if x >= NO_GAIN {
        0
    } else if x > 1.0 / NO_GAIN {
        1
    } else {
        2
    }
}

/// A variant's time at either end of the middle of its repeats, or its one time.
fn ends(variant: &VariantReport) -> [u64; 2] {
    middle_range(&variant.walls_ns).map_or([variant.wall_ns; 2], |(low, high)| [low, high])
}

/// What `variant` against `baseline` says of a trap's question: the answer its medians
/// support, unless the run's own verdict was too noisy to judge or the answer would
/// differ with either time at either end of the middle of its repeats (the same test
/// [`crate::repetition::qualify`] makes of a verdict).
fn judge(variant: &VariantReport, baseline: &VariantReport, judgement: Judgement) -> TrapOutcome {
    let Some(x) = speedup(baseline.wall_ns, variant.wall_ns) else {
        return TrapOutcome {
            answer: None,
            measured: "The run was too short to time.".to_owned(),
        };
    };
    let answer = band(x);
    let ratio = if (x - 1.0).abs() < 0.005 {
        "no difference (1.00×)".to_owned()
    } else if x > 1.0 {
        format!("{} faster", Ratio(x))
    } else {
        format!("{} slower", Ratio(1.0 / x))
    };
    let within = if answer == 1 && (x - 1.0).abs() >= 0.005 {
        ", within the noise"
    } else {
        ""
    };
    let measured = format!(
        "“{}” took {} against {} for “{}”: {ratio}{within}.",
        variant.label,
        format_duration_ns(variant.wall_ns),
        format_duration_ns(baseline.wall_ns),
        baseline.label,
    );
    let steady = ends(variant).iter().all(|&v| {
        ends(baseline)
            .iter()
            .all(|&b| speedup(b, v).map(band) == Some(answer))
    });
    TrapOutcome {
        answer: (judgement != Judgement::TooNoisy && steady).then_some(answer),
        measured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(id: &str, label: &str, wall_ns: u64) -> VariantReport {
        VariantReport {
            id: id.into(),
            label: label.into(),
            ..VariantReport::timed(wall_ns)
        }
    }

    #[test]
    fn every_trap_compares_variants_its_experiment_runs() {
        for trap in TRAPS {
            let setup = crate::catalogue::RunRequest::new(trap.run.experiment, 4, 2).setup_on(4);
            let ids: Vec<String> = trap
                .run
                .experiment
                .experiment()
                .variants(&setup, &[])
                .into_iter()
                .map(|v| v.id)
                .collect();
            for id in [trap.compared.0, trap.compared.1] {
                assert!(
                    ids.iter().any(|i| i == id),
                    "{}: no variant {id}",
                    trap.slug
                );
            }
        }
    }

    #[test]
    fn the_answer_follows_the_measured_ratio() {
        let base = timed("b", "Plain loop", 100_000_000);
        let answer = |wall| judge(&timed("v", "Tasks", wall), &base, Judgement::Supports).answer;
        assert_eq!(answer(50_000_000), Some(0), "twice as fast");
        assert_eq!(answer(105_000_000), Some(1), "within the noise");
        assert_eq!(answer(95_000_000), Some(1), "within the noise");
        assert_eq!(answer(400_000_000), Some(2), "four times slower");
        let even = judge(
            &timed("v", "Tasks", 100_300_000),
            &base,
            Judgement::Supports,
        );
        assert!(
            even.measured.ends_with(": no difference (1.00×)."),
            "{}",
            even.measured
        );
        let slow = judge(
            &timed("v", "Tasks", 400_000_000),
            &base,
            Judgement::Supports,
        );
        assert_eq!(
            slow.measured,
            "“Tasks” took 400 ms against 100 ms for “Plain loop”: 4.00× slower."
        );
    }

    #[test]
    fn repeats_that_could_change_the_answer_settle_nothing() {
        let base = timed("b", "B", 100_000_000);
        let mut near = timed("v", "V", 88_000_000);
        // 1.14× at its median, but its middle repeats reach 1.18×: faster or not?
        near.walls_ns = [84, 85, 86, 88, 88, 90, 91, 92]
            .map(|ms| ms * 1_000_000)
            .to_vec();
        assert_eq!(judge(&near, &base, Judgement::Supports).answer, None);
        near.walls_ns = vec![87_500_000, 88_000_000, 88_000_000, 88_500_000];
        assert_eq!(judge(&near, &base, Judgement::Supports).answer, Some(1));
    }

    #[test]
    fn a_run_too_noisy_to_judge_settles_nothing() {
        let (base, fast) = (timed("b", "B", 100), timed("v", "V", 50));
        assert_eq!(judge(&fast, &base, Judgement::TooNoisy).answer, None);
        for judgement in [
            Judgement::Supports,
            Judgement::Undecided,
            Judgement::Contradicts,
        ] {
            assert_eq!(judge(&fast, &base, judgement).answer, Some(0));
        }
    }
}
