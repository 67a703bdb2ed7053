//! The gallery: the Go programs of the seed texts (`crates/golang/gallery/*.go`), each
//! with what its header says (`// title:`, `// seed:`, `// shows:`, `// scaled:`,
//! `// note:`), and the experiments as Go programs (`gallery/experiments/<slug>.go`),
//! whose marked constants take the experiment's parameters.

use interleave_engine::ExperimentId;

/// The gallery's files as (slug, source), listed by `build.rs`.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/gallery.rs"));

/// The experiments' Go programs as (`experiments/<experiment slug>`, source), listed by
/// `build.rs`.
const EXPERIMENT_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/experiment_programs.rs"));

/// The experiments no program of the Go subset expresses with the same verdict shape,
/// each with why.
pub const NOT_EXPRESSIBLE: &[(ExperimentId, &str)] = &[(
    ExperimentId::Memory,
    "its verdict rests on the memory bus running out, and this Go runs each step of a scan \
     through its bytecode interpreter: one worker reads about 150 MB/s there (8,000,000 \
     numbers in about 400 ms), a small share of what the bus carries, so a scan in Go here \
     is limited by the interpreter and scales like the compute loop.",
)];

/// One program of the gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Its file name without `.go`.
    pub slug: &'static str,
    /// Its title (the slug where the header has none).
    pub title: &'static str,
    /// The seed text and section it is written after.
    pub seed: Option<&'static str>,
    /// What the text says it shows.
    pub shows: Option<&'static str>,
    /// How its sizes were scaled down, e.g. `1_000_000_000 -> 100_000_000`.
    pub scaled: Option<&'static str>,
    /// What was changed, e.g. `http.Get replaced by time.Sleep`.
    pub note: Option<&'static str>,
    /// The program.
    pub source: &'static str,
}

impl Example {
    /// Who says what it shows: the seed text, or, for an experiment's program, the
    /// experiment.
    pub fn whose(&self) -> &'static str {
        if self.slug.starts_with("experiments/") {
            "The experiment"
        } else {
            "The text"
        }
    }

    /// Reads the header comments at the top of `source`.
    fn read(slug: &'static str, source: &'static str) -> Self {
        let mut example = Example {
            slug,
            title: slug,
            seed: None,
            shows: None,
            scaled: None,
            note: None,
            source,
        };
        let header = source
            .lines()
            .map_while(|line| line.strip_prefix("//"))
            .filter_map(|line| line.trim().split_once(':'));
        for (key, value) in header {
            let value = value.trim();
            match key.trim() {
                "title" => example.title = value,
                "seed" => example.seed = Some(value),
                "shows" => example.shows = Some(value),
                "scaled" => example.scaled = Some(value),
                "note" => example.note = Some(value),
                _ => {}
            }
        }
        example
    }
}

/// Every program of the gallery, in file-name order.
pub fn examples() -> impl Iterator<Item = Example> {
    FILES
        .iter()
        .map(|&(slug, source)| Example::read(slug, source))
}

/// Every experiment's Go program, in file-name order.
pub fn experiment_programs() -> impl Iterator<Item = Example> {
    EXPERIMENT_FILES
        .iter()
        .map(|&(slug, source)| Example::read(slug, source))
}

/// How an experiment is shown as Go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsGo {
    /// As this program, which runs the experiment's variants itself.
    Program(Example),
    /// Not at all, for this reason.
    NotExpressible(&'static str),
}

/// Experiment `id` as Go: its program, or why it has none; `None` where it has neither
/// (which the tests forbid).
pub fn as_go(id: ExperimentId) -> Option<AsGo> {
    let slug = id.slug();
    experiment_programs()
        .find(|e| e.slug.strip_prefix("experiments/") == Some(slug))
        .map(AsGo::Program)
        .or_else(|| {
            NOT_EXPRESSIBLE
                .iter()
                .find(|(not, _)| *not == id)
                .map(|&(_, why)| AsGo::NotExpressible(why))
        })
}

/// What a constant of an experiment's program is marked with, in the comment that ends
/// its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark<'a> {
    /// `// param: KEY`: the experiment's parameter KEY, in its units (the page writes the
    /// current value in).
    Param(&'a str),
    /// `// quick: VALUE`: a size scaled for the VM that the page leaves alone, and the
    /// small value the tests run the program with.
    Quick(&'a str),
}

/// `source` with the value of each marked line `const NAME = VALUE // MARK` replaced by
/// what `value` gives for its mark (left as it is where that is `None`).
pub fn set_constants(source: &str, value: impl Fn(Mark) -> Option<String>) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        out.push_str(&set_constant(line, &value).unwrap_or_else(|| line.to_owned()));
    }
    out
}

/// One line of [`set_constants`], `None` where it is not a marked constant or keeps its
/// value.
fn set_constant(line: &str, value: impl Fn(Mark) -> Option<String>) -> Option<String> {
    let (code, comment) = line.split_once("//")?;
    let (name, old) = code.split_once('=')?;
    if !name.trim_start().starts_with("const ") {
        return None;
    }
    let mark = match comment.trim().split_once(':')? {
        ("param", key) => Mark::Param(key.trim()),
        ("quick", v) => Mark::Quick(v.trim()),
        _ => return None,
    };
    let padding = &old[old.trim_end().len()..];
    Some(format!("{name}= {}{padding}//{comment}", value(mark)?))
}

/// The program Go mode opens on: the teaching material's first example (a sum split over
/// two goroutines and a channel), not the alphabetically first.
pub const OPENING: &str = "sum-two-goroutines";

/// The gallery's program `slug` (an experiment's is `experiments/<its slug>`), if there
/// is one.
pub fn find(slug: &str) -> Option<Example> {
    examples()
        .chain(experiment_programs())
        .find(|e| e.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_up_to_the_first_line_that_is_not_a_comment() {
        let source = "// title: Summing with two goroutines\n// seed: concurrency.md, \"Channels\"\n\
                      // shows: total around 1 second\n// scaled: 1_000_000_000 -> 100_000_000\n\
                      package main\n// note: not in the header\n";
        let example = Example::read("sum", source);
        assert_eq!(example.title, "Summing with two goroutines");
        assert_eq!(example.seed, Some("concurrency.md, \"Channels\""));
        assert_eq!(example.shows, Some("total around 1 second"));
        assert_eq!(example.scaled, Some("1_000_000_000 -> 100_000_000"));
        assert_eq!(example.note, None);
        assert_eq!(Example::read("bare", "package main\n").title, "bare");
    }

    #[test]
    fn go_mode_opens_on_a_program_the_gallery_has() {
        assert_eq!(find(OPENING).map(|e| e.slug), Some(OPENING));
    }

    #[test]
    fn every_gallery_program_has_a_title_and_says_what_it_shows() {
        for example in examples() {
            assert_ne!(example.title, example.slug, "{} has no title", example.slug);
            assert!(
                example.shows.is_some(),
                "{} says nothing it shows",
                example.slug
            );
        }
    }

    #[test]
    fn a_marked_constant_takes_its_value_and_the_rest_of_the_line_stays() {
        let source = "// shows: tasks = 3 // param: tasks\nconst tasks = 3  // param: tasks\n\
                      const n = 10_000_000 // quick: 100_000\nconst other = 4 // param: gone\n\
                      x := 1 // param: tasks\n";
        let set = set_constants(source, |mark| match mark {
            Mark::Param("tasks") => Some("12".to_owned()),
            Mark::Param(_) => None,
            Mark::Quick(v) => Some(v.to_owned()),
        });
        assert_eq!(
            set,
            "// shows: tasks = 3 // param: tasks\nconst tasks = 12  // param: tasks\n\
             const n = 100_000 // quick: 100_000\nconst other = 4 // param: gone\n\
             x := 1 // param: tasks\n"
        );
    }

    #[test]
    fn every_experiment_has_a_go_program_or_says_why_not_and_never_both() {
        for &id in ExperimentId::ALL {
            let program = experiment_programs()
                .any(|e| e.slug.strip_prefix("experiments/") == Some(id.slug()));
            let why = NOT_EXPRESSIBLE.iter().find(|(not, _)| *not == id);
            assert!(
                program != why.is_some(),
                "{}: a program {program}, a reason {why:?}",
                id.slug()
            );
            assert!(as_go(id).is_some());
        }
        for example in experiment_programs() {
            let slug = example
                .slug
                .strip_prefix("experiments/")
                .unwrap_or_default();
            assert!(
                ExperimentId::from_slug(slug).is_some(),
                "{} is no experiment's",
                example.slug
            );
        }
    }

    /// The parameter keys the constants of `source` are marked with.
    fn param_keys(source: &str) -> Vec<String> {
        let keys = std::cell::RefCell::new(Vec::new());
        set_constants(source, |mark| {
            if let Mark::Param(key) = mark {
                keys.borrow_mut().push(key.to_owned());
            }
            None
        });
        keys.into_inner()
    }

    #[test]
    fn an_experiment_programs_marked_constants_are_its_experiments_parameters() {
        for example in experiment_programs() {
            let slug = example.slug.trim_start_matches("experiments/");
            let id = ExperimentId::from_slug(slug).expect("an experiment's program");
            for key in param_keys(example.source) {
                assert!(
                    id.params().iter().any(|p| p.key == key),
                    "{slug} marks {key}, which is no parameter of the experiment"
                );
            }
        }
        let program = match as_go(ExperimentId::CpuBound) {
            Some(AsGo::Program(program)) => program,
            other => panic!("the CPU-bound experiment has a program, not {other:?}"),
        };
        assert_eq!(param_keys(program.source), ["tasks"]);
    }

    /// Runs `source` natively on `workers` workers: (stdout, stderr, exit status).
    fn run_natively(source: &str, workers: u32) -> (String, String, i32) {
        let program = interleave_golang::compile(source).unwrap_or_else(|errors| {
            panic!("does not compile: {}", errors[0]);
        });
        let pool = interleave_engine::native::pool(workers).expect("a pool of OS threads");
        let printed = std::sync::Arc::new(interleave_golang::Captured::default());
        let config = interleave_golang::GoRunConfig {
            workers,
            limits: interleave_golang::Limits::default(),
            recording: interleave_engine::tasks::Recording::default(),
            cpus: interleave_golang::os_cpus(),
            epoch_ns: interleave_golang::os_epoch_ns(),
        };
        let clock =
            interleave_engine::clock::RunClock::starting_now(interleave_engine::native::clock());
        let exit = pool
            .install(|| interleave_golang::run(&program, clock, config, printed.clone()))
            .exit;
        let (stdout, stderr) = printed.take();
        (stdout, stderr, exit)
    }

    #[test]
    fn every_experiment_program_runs_its_variants_on_1_and_2_workers_at_quick_sizes() {
        for example in experiment_programs() {
            let slug = example.slug.trim_start_matches("experiments/");
            let id = ExperimentId::from_slug(slug).expect("an experiment's program");
            let quick = set_constants(example.source, |mark| match mark {
                Mark::Param(key) => id
                    .params()
                    .iter()
                    .find(|p| p.key == key)
                    .map(|p| p.quick.to_string()),
                Mark::Quick(value) => Some(value.to_owned()),
            });
            for workers in [1, 2] {
                let (stdout, stderr, exit) = run_natively(&quick, workers);
                assert_eq!(
                    (exit, stderr.as_str()),
                    (0, ""),
                    "{slug} on {workers} workers"
                );
                // Each runs its program's variants itself, the last on every P of the run.
                assert!(
                    stdout.contains(&format!("GOMAXPROCS({workers})")),
                    "{slug} on {workers} workers printed {stdout}"
                );
            }
        }
    }
}
