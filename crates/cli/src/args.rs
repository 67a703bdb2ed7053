//! The command line: a small hand-written parser for the two commands and their flags.
//!
//! Only the shape of the command line is checked here (known flags, values present, a
//! known experiment and parameter keys). Numbers are left as text: they are parsed and
//! clamped by the engine's own validation in [`RunArgs::request`], as the page does.

use std::fmt;
use std::path::PathBuf;

use interleave_engine::params::{parse_workers, reported_cores};
use interleave_engine::{ExperimentId, RunRequest};

/// The usage text that `--help` prints.
pub const USAGE: &str = "\
usage: interleave <command> [options]

commands:
  list                        every experiment: slug, title, claim, parameters with
                              bounds and defaults
  run <experiment> [options]  run an experiment natively on real OS threads and print
                              each variant's wall time, speedup and value, and the verdict

options of run:
  --workers K        worker threads the run gets (default: the available parallelism;
                     bounds: 1 to 2 x cores); out-of-range values are clamped with a note
  --param KEY=VALUE  set one of the experiment's parameters (repeatable); values are
                     clamped to their bounds with a note, as on the page
  --trace FILE       also write the run as Chrome trace-event JSON (open in ui.perfetto.dev)
  --json             print the whole run report as JSON instead of the table
  -h, --help         print this help

Options also take the form --workers=K. Notes about clamped values go to stderr.
Exit codes: 0 the run finished, 1 it could not run or the trace could not be written,
2 bad command line.";

/// A command line that cannot be run: the message says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage text.
    Help,
    /// List every experiment.
    List,
    /// Run one experiment.
    Run(RunArgs),
}

/// The arguments of `run`, as given: numbers are still text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunArgs {
    /// The experiment to run.
    pub experiment: ExperimentId,
    /// The `--workers` value as given; `None` means the machine's available parallelism.
    pub workers: Option<String>,
    /// The `--param` pairs in the order given; a later value for a key wins.
    pub params: Vec<(String, String)>,
    /// Where to write the Chrome trace, if anywhere.
    pub trace: Option<PathBuf>,
    /// Whether to print the report as JSON instead of the table.
    pub json: bool,
}

impl RunArgs {
    /// The run request for a machine with `cores` cores, with the worker count and every
    /// parameter parsed and clamped by the engine, and the notes saying what was changed.
    pub fn request(&self, cores: u32) -> (RunRequest, Vec<String>) {
        let mut notes = Vec::new();
        let workers = match &self.workers {
            None => reported_cores(cores),
            Some(raw) => {
                let checked = parse_workers(raw, cores);
                notes.extend(checked.note);
                checked.value
            }
        };
        let (params, param_notes) = self
            .experiment
            .check_params(self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        notes.extend(param_notes);
        let request = RunRequest {
            experiment: self.experiment,
            workers,
            cores,
            params,
        };
        (request, notes)
    }
}

/// Every experiment's slug, comma-separated, for error messages.
fn slugs() -> String {
    ExperimentId::ALL
        .iter()
        .map(|e| e.slug())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text from the command line, cut to a length that is safe to show in an error.
fn shown(text: &str) -> String {
    let mut cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Parses the arguments after the program name.
pub fn parse<I>(args: I) -> Result<Command, UsageError>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    let mut args = args.into_iter().map(Into::into);
    match args.next().as_deref() {
        None => Err(UsageError(
            "no command given; expected `list` or `run <experiment>`".into(),
        )),
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("list") => match args.next() {
            None => Ok(Command::List),
            Some(arg) if matches!(arg.as_str(), "-h" | "--help") => Ok(Command::Help),
            Some(arg) => Err(UsageError(format!(
                "`list` takes no arguments, got \"{}\"",
                shown(&arg)
            ))),
        },
        Some("run") => parse_run(args),
        Some(other) => Err(UsageError(format!(
            "unknown command \"{}\"; expected `list` or `run <experiment>`",
            shown(other)
        ))),
    }
}

/// Parses the arguments after `run`.
fn parse_run(mut args: impl Iterator<Item = String>) -> Result<Command, UsageError> {
    let mut slug: Option<String> = None;
    let mut workers = None;
    let mut params = Vec::new();
    let mut trace = None;
    let mut json = false;
    while let Some(arg) = args.next() {
        // `--flag=value` and `--flag value` are the same.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-h" | "--help" if inline.is_none() => return Ok(Command::Help),
            "--json" => {
                if inline.is_some() {
                    return Err(UsageError("--json takes no value".into()));
                }
                json = true;
            }
            "--workers" => {
                if workers.is_some() {
                    return Err(UsageError("--workers is given more than once".into()));
                }
                workers = Some(value(flag, inline, &mut args)?);
            }
            "--trace" => {
                if trace.is_some() {
                    return Err(UsageError("--trace is given more than once".into()));
                }
                trace = Some(PathBuf::from(value(flag, inline, &mut args)?));
            }
            "--param" => {
                let pair = value(flag, inline, &mut args)?;
                match pair.split_once('=') {
                    Some((key, value)) if !key.trim().is_empty() => {
                        params.push((key.trim().to_owned(), value.to_owned()));
                    }
                    _ => {
                        return Err(UsageError(format!(
                            "--param expects KEY=VALUE, got \"{}\"",
                            shown(&pair)
                        )));
                    }
                }
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {
                return Err(UsageError(format!("unknown option \"{}\"", shown(flag))));
            }
            _ if slug.is_none() => slug = Some(arg),
            _ => {
                return Err(UsageError(format!(
                    "unexpected argument \"{}\": `run` takes one experiment",
                    shown(&arg)
                )));
            }
        }
    }
    let Some(slug) = slug else {
        return Err(UsageError(format!(
            "`run` needs an experiment, one of: {}",
            slugs()
        )));
    };
    let Some(experiment) = ExperimentId::from_slug(&slug) else {
        return Err(UsageError(format!(
            "unknown experiment \"{}\"; the experiments are: {}",
            shown(&slug),
            slugs()
        )));
    };
    if let Some((key, _)) = params
        .iter()
        .find(|(key, _)| !experiment.params().iter().any(|spec| spec.key == key))
    {
        let keys: Vec<&str> = experiment.params().iter().map(|spec| spec.key).collect();
        return Err(UsageError(format!(
            "{} has no parameter \"{}\"; its parameters are: {}",
            experiment.slug(),
            shown(key),
            keys.join(", ")
        )));
    }
    Ok(Command::Run(RunArgs {
        experiment,
        workers,
        params,
        trace,
        json,
    }))
}

/// The value of `flag`: given inline (`--flag=value`) or as the next argument.
fn value(
    flag: &str,
    inline: Option<String>,
    args: &mut impl Iterator<Item = String>,
) -> Result<String, UsageError> {
    let value = match inline {
        Some(value) => Some(value),
        // A following option is not a value: `--workers --json` forgot the number.
        None => args.next().filter(|next| !next.starts_with("--")),
    };
    match value {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(UsageError(format!("{flag} needs a value"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> RunArgs {
        match parse(args.iter().copied()) {
            Ok(Command::Run(run)) => run,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    fn error(args: &[&str]) -> String {
        match parse(args.iter().copied()) {
            Err(UsageError(message)) => message,
            other => panic!("{args:?} should fail but gave {other:?}"),
        }
    }

    #[test]
    fn help_and_list() {
        for args in [
            &["--help"][..],
            &["-h"],
            &["help"],
            &["list", "--help"],
            &["run", "sum", "--help"],
            &["run", "--workers", "2", "-h"],
        ] {
            assert_eq!(parse(args.iter().copied()), Ok(Command::Help), "{args:?}");
        }
        assert_eq!(parse(["list"]), Ok(Command::List));
    }

    #[test]
    fn run_with_defaults() {
        let run = run_args(&["run", "sum"]);
        assert_eq!(
            run,
            RunArgs {
                experiment: ExperimentId::Sum,
                workers: None,
                params: vec![],
                trace: None,
                json: false,
            }
        );
        let (request, notes) = run.request(8);
        assert_eq!(request.workers, 8);
        assert_eq!(request.cores, 8);
        assert_eq!(request.params, ExperimentId::Sum.check_params([]).0);
        assert!(notes.is_empty());
    }

    #[test]
    fn run_with_every_option_in_both_forms() {
        let spaced = run_args(&[
            "run",
            "--workers",
            "2",
            "sum",
            "--param",
            "n=1_000_000",
            "--trace",
            "out.json",
            "--json",
        ]);
        let inline = run_args(&[
            "run",
            "sum",
            "--workers=2",
            "--param=n=1_000_000",
            "--trace=out.json",
            "--json",
        ]);
        assert_eq!(spaced, inline);
        assert_eq!(spaced.experiment, ExperimentId::Sum);
        assert_eq!(spaced.workers.as_deref(), Some("2"));
        assert_eq!(spaced.params, vec![("n".into(), "1_000_000".into())]);
        assert_eq!(spaced.trace, Some(PathBuf::from("out.json")));
        assert!(spaced.json);
        let (request, notes) = spaced.request(4);
        assert_eq!(request.workers, 2);
        assert_eq!(request.params["n"], 1_000_000);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn several_params_and_the_last_value_wins() {
        let run = run_args(&[
            "run",
            "race",
            "--param",
            "trials=100",
            "--param",
            "window=0",
            "--param",
            "trials=200",
        ]);
        let (request, notes) = run.request(2);
        assert_eq!(request.params["trials"], 200);
        assert_eq!(request.params["window"], 0);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn out_of_range_values_are_clamped_by_the_engine_with_notes() {
        let run = run_args(&["run", "sum", "--workers", "99", "--param", "n=5"]);
        let (request, notes) = run.request(2);
        assert_eq!(request.workers, 4);
        assert_eq!(request.params["n"], ExperimentId::Sum.params()[0].min);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("workers"), "{notes:?}");
        assert!(notes[1].contains("below the minimum"), "{notes:?}");
    }

    #[test]
    fn values_that_are_not_numbers_fall_back_with_notes_as_on_the_page() {
        let run = run_args(&["run", "sum", "--workers", "many", "--param", "n=lots"]);
        let (request, notes) = run.request(3);
        assert_eq!(request.workers, 3);
        assert_eq!(request.params["n"], ExperimentId::Sum.params()[0].default);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|n| n.contains("not a whole number")));
    }

    #[test]
    fn bad_commands() {
        assert!(error(&[]).contains("no command"));
        assert!(error(&["walk"]).contains("unknown command \"walk\""));
        assert!(error(&["list", "sum"]).contains("takes no arguments"));
    }

    #[test]
    fn unknown_or_missing_experiments_list_the_slugs() {
        for message in [error(&["run", "nope"]), error(&["run"])] {
            for &e in ExperimentId::ALL {
                assert!(message.contains(e.slug()), "{message}");
            }
        }
        assert!(error(&["run", "nope"]).contains("unknown experiment \"nope\""));
        assert!(error(&["run", "sum", "race"]).contains("unexpected argument \"race\""));
    }

    #[test]
    fn bad_options() {
        assert!(error(&["run", "sum", "--fast"]).contains("unknown option \"--fast\""));
        assert!(error(&["run", "sum", "-w", "2"]).contains("unknown option \"-w\""));
        assert!(error(&["run", "sum", "--json=yes"]).contains("--json takes no value"));
        assert!(error(&["run", "sum", "--help=1"]).contains("unknown option"));
    }

    #[test]
    fn missing_values() {
        assert_eq!(
            error(&["run", "sum", "--workers"]),
            "--workers needs a value"
        );
        assert_eq!(
            error(&["run", "sum", "--workers", "--json"]),
            "--workers needs a value"
        );
        assert_eq!(
            error(&["run", "sum", "--workers="]),
            "--workers needs a value"
        );
        assert_eq!(error(&["run", "sum", "--trace"]), "--trace needs a value");
        assert_eq!(error(&["run", "sum", "--param"]), "--param needs a value");
    }

    #[test]
    fn repeated_options() {
        assert!(
            error(&["run", "sum", "--workers", "1", "--workers", "2"]).contains("more than once")
        );
        assert!(error(&["run", "sum", "--trace", "a", "--trace", "b"]).contains("more than once"));
    }

    #[test]
    fn malformed_or_unknown_params() {
        for pair in ["n", "=5", " =5"] {
            assert!(
                error(&["run", "sum", "--param", pair]).contains("expects KEY=VALUE"),
                "{pair}"
            );
        }
        let message = error(&["run", "sum", "--param", "m=5"]);
        assert_eq!(message, "sum has no parameter \"m\"; its parameters are: n");
    }

    #[test]
    fn long_hostile_text_is_cut_in_errors() {
        let slug = "x".repeat(10_000);
        let message = error(&["run", slug.as_str()]);
        // The message names the valid experiments, but shows only a stub of the input.
        assert!(!message.contains(&"x".repeat(100)), "{message}");
        assert!(message.len() < 600, "{message}");
    }
}
