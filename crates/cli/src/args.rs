//! The command line, read by clap: the two commands and their flags.
//!
//! Only the shape of the command line is checked here (known flags, values present, a
//! known experiment and parameter keys). Numbers are left as text: they are parsed and
//! clamped by the engine's own validation in [`RunArgs::request`], as the page does, so a
//! value out of bounds runs with a note instead of failing.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use interleave_engine::params::parse_workers;
use interleave_engine::repetition::Repeat;
use interleave_engine::{ExperimentId, RunRequest};

/// `interleave`: the playground's experiments, run natively on real OS threads.
#[derive(Debug, Parser)]
#[command(
    name = "interleave",
    version,
    after_help = "Notes about clamped values go to stderr. Exit codes: 0 the run finished, \
                  1 it could not run or the trace could not be written, 2 bad command line."
)]
struct Cli {
    #[command(subcommand)]
    command: CliCommand,
}

/// The commands as clap reads them; `run`'s text is checked after, by [`parse`], so that
/// an error shows only a stub of hostile input (clap would echo it whole).
#[derive(Debug, Subcommand)]
enum CliCommand {
    /// Every experiment: slug, title, claim, parameters with bounds and defaults.
    List,
    /// Run an experiment natively on real OS threads and print each variant's wall time,
    /// speedup and value, and the verdict.
    Run {
        /// The experiment to run, by its slug (`interleave list` shows them).
        experiment: String,
        /// Worker threads the run gets (default: the available parallelism, twice it for
        /// oversubscription; bounds: 1 to 2 x cores); out-of-range values are clamped
        /// with a note.
        #[arg(long, value_name = "K")]
        workers: Option<String>,
        /// Set one of the experiment's parameters (repeatable; a later value for a key
        /// wins); values are clamped to their bounds with a note, as on the page.
        #[arg(long = "param", value_name = "KEY=VALUE")]
        params: Vec<String>,
        /// Also write the run as Chrome trace-event JSON (open it in ui.perfetto.dev).
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
        /// Print the whole run report as JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// Measure each variant once, instead of repeating the variants until their times
        /// agree (as a Run on the page does).
        #[arg(long)]
        once: bool,
    },
    /// Run a Go program (the playground's Go subset) with its goroutines on K worker
    /// threads; exits with the program's status (1 for a compile error, 2 for a panic).
    Go {
        /// The program's source file.
        file: PathBuf,
        /// Worker threads (GOMAXPROCS; default: the available parallelism).
        #[arg(long, value_name = "K")]
        workers: Option<u32>,
    },
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// List every experiment.
    List,
    /// Run one experiment.
    Run(RunArgs),
    /// Run a Go program: its file and worker count.
    Go(PathBuf, Option<u32>),
}

/// The arguments of `run`, checked: numbers are still text.
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
    /// Whether to measure each variant once instead of until the times settle.
    pub once: bool,
}

impl RunArgs {
    /// The run request for a machine with `cores` cores, with the worker count and every
    /// parameter parsed and clamped by the engine, and the notes saying what was changed.
    pub fn request(&self, cores: u32) -> (RunRequest, Vec<String>) {
        let mut notes = Vec::new();
        let workers = match &self.workers {
            None => self.experiment.default_workers(cores),
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
            repeat: if self.once {
                Repeat::Once
            } else {
                Repeat::UntilSettled
            },
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

/// A bad command line, as clap reports one (exit code 2).
fn usage_error(message: String) -> clap::Error {
    clap::Error::raw(clap::error::ErrorKind::InvalidValue, message + "\n")
}

/// A `KEY=VALUE` pair; the value stays text for the engine to check.
fn pair(text: &str) -> Result<(String, String), clap::Error> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(usage_error(format!(
            "--param expects KEY=VALUE, got \"{}\"",
            shown(text)
        ))),
    }
}

/// Parses the arguments after the program name: `Err` is clap's error, which prints the
/// message (or the help) and knows its exit code.
pub fn parse<I>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString> + Clone,
{
    let program = std::iter::once(std::ffi::OsString::from("interleave"));
    let cli = Cli::try_parse_from(program.chain(args.into_iter().map(Into::into)))?;
    let (slug, workers, params, trace, json, once) = match cli.command {
        CliCommand::List => return Ok(Command::List),
        CliCommand::Go { file, workers } => return Ok(Command::Go(file, workers)),
        CliCommand::Run {
            experiment,
            workers,
            params,
            trace,
            json,
            once,
        } => (experiment, workers, params, trace, json, once),
    };
    let experiment = ExperimentId::from_slug(&slug).ok_or_else(|| {
        usage_error(format!(
            "unknown experiment \"{}\"; the experiments are: {}",
            shown(&slug),
            slugs()
        ))
    })?;
    let params = params
        .iter()
        .map(|text| pair(text))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((key, _)) = params
        .iter()
        .find(|(key, _)| !experiment.params().iter().any(|spec| spec.key == key))
    {
        let keys: Vec<&str> = experiment.params().iter().map(|spec| spec.key).collect();
        return Err(usage_error(format!(
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
        once,
    }))
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;

    use super::*;

    fn run_args(args: &[&str]) -> RunArgs {
        match parse(args.iter().copied()) {
            Ok(Command::Run(run)) => run,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    fn error(args: &[&str]) -> String {
        match parse(args.iter().copied()) {
            Err(error) => error.to_string(),
            other => panic!("{args:?} should fail but gave {other:?}"),
        }
    }

    #[test]
    fn help_and_list() {
        for args in [
            &["--help"][..],
            &["list", "--help"],
            &["run", "sum", "--help"],
        ] {
            let kind = parse(args.iter().copied()).unwrap_err().kind();
            assert_eq!(kind, ErrorKind::DisplayHelp, "{args:?}");
        }
        let help = error(&["run", "--help"]);
        for flag in ["--workers", "--param", "--trace", "--json"] {
            assert!(help.contains(flag), "{help}");
        }
        assert_eq!(parse(["list"]).unwrap(), Command::List);
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
                once: false,
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
    fn bad_commands_and_options() {
        for args in [
            &[][..],
            &["walk"],
            &["list", "sum"],
            &["run", "sum", "--fast"],
            &["run", "sum", "-w", "2"],
            &["run", "sum", "--json=yes"],
            &["run", "sum", "race"],
            &["run", "sum", "--workers"],
            &["run", "sum", "--trace"],
            &["run", "sum", "--workers", "1", "--workers", "2"],
        ] {
            let error = parse(args.iter().copied()).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn unknown_or_missing_experiments_list_the_slugs() {
        let message = error(&["run", "nope"]);
        for &e in ExperimentId::ALL {
            assert!(message.contains(e.slug()), "{message}");
        }
        assert!(message.contains("unknown experiment \"nope\""), "{message}");
        assert!(error(&["run"]).contains("<EXPERIMENT>"));
        assert!(error(&["run", "sum", "--param", &"y".repeat(5_000)]).len() < 800);
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
        assert!(
            message.contains("sum has no parameter \"m\"; its parameters are: n"),
            "{message}"
        );
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
