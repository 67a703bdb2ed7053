//! `interleave`: runs the playground's experiments natively, on real OS threads.
//!
//! `interleave list` prints the catalogue; `interleave run <experiment>` runs one on a pool
//! of exactly K threads and prints the numbers the page shows (or the whole report as
//! JSON), optionally writing the same Chrome trace the page downloads.

mod args;
mod go;
mod output;

use std::fs::File;
use std::io::Write;
use std::process::ExitCode;

use interleave_engine::budget;
use interleave_engine::chrome_trace::chrome_trace;
use interleave_engine::native::run_on_threads;

use crate::args::{Command, RunArgs};

/// The cores this machine offers the process (at least 1).
fn available_cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX))
}

/// Runs one experiment as `run` describes, printing notes and progress to stderr.
fn run(run: &RunArgs) -> Result<(), String> {
    let (request, notes) = run.request(available_cores());
    for note in &notes {
        eprintln!("note: {note}");
    }
    // A run the memory budget refuses fails before anything is printed or written.
    budget::check(&request)?;
    // Create the trace file first, so a bad path fails before a long run, not after it.
    let trace_file = match &run.trace {
        Some(path) => Some((
            path,
            File::create(path)
                .map_err(|e| format!("cannot write the trace to {}: {e}", path.display()))?,
        )),
        None => None,
    };
    if !run.json {
        println!("{}\n", output::heading(&request.bounded()));
    }
    let report = run_on_threads(&request)?;
    if run.json {
        let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        println!("{}", output::report(&report));
    }
    if let Some((path, mut file)) = trace_file {
        let trace = chrome_trace(&report).to_string();
        file.write_all(trace.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| format!("cannot write the trace to {}: {e}", path.display()))?;
        eprintln!("Trace written to {}.", path.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(error) => {
            // Help and version go to stdout with 0; a bad command line to stderr with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let result = match command {
        Command::List => {
            println!("{}", output::catalogue(available_cores()));
            Ok(())
        }
        Command::Run(args) => run(&args),
        Command::Go(file, workers) => {
            return go::run(&file, workers.unwrap_or_else(available_cores));
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("interleave: {message}");
            ExitCode::FAILURE
        }
    }
}
