//! A program's run as it crosses boundaries (a Go program of the page's Go mode): what it
//! printed, line by line with the goroutine that printed it and when, the errors that kept it
//! from running, its exit status, and its tasks' spans as one variant, so the timeline,
//! the span table and the trace show a program as they show an experiment.

use serde::{Deserialize, Serialize};

use crate::experiment::VariantReport;
use crate::tasks::TaskRun;

/// The largest program taken, in bytes of UTF-8 source, wherever it comes from (a link,
/// the embedding page, the editor).
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// Where a program wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error (a panic's message, `println`).
    Stderr,
}

/// One piece of a program's output: what one write printed, up to and with its first
/// newline (a write of several lines makes several pieces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Where it went.
    pub stream: Stream,
    /// The goroutine that wrote it, by its number in the program (1 is `main`'s).
    pub goroutine: u32,
    /// When, in ns since the run's origin.
    pub at_ns: u64,
    /// The text.
    pub text: String,
}

impl Output {
    /// The pieces of one write of `text`, split after each newline.
    pub fn pieces(
        stream: Stream,
        goroutine: u32,
        at_ns: u64,
        text: &str,
    ) -> impl Iterator<Item = Output> {
        text.split_inclusive('\n').map(move |line| Output {
            stream,
            goroutine,
            at_ns,
            text: line.to_owned(),
        })
    }
}

/// An error that kept a program from running, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The line.
    pub line: u32,
    /// The column, in characters.
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

/// How a program's run ended.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramReport {
    /// The exit status, as `go run` gives it: 0; 1 when it did not compile; 2 for a
    /// panic, a deadlock or a limit.
    pub exit: i32,
    /// Workers the run had.
    pub workers: u32,
    /// Why it did not compile (then nothing ran).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Diagnostic>,
    /// Tasks that were still running or blocked when the run ended.
    #[serde(default)]
    pub unfinished: u32,
    /// Its tasks as one variant: spans, task records and labels.
    pub run: VariantReport,
}

impl ProgramReport {
    /// The report of a program that ran on `workers` workers, its tasks' run being `tasks`.
    pub fn ran(exit: i32, workers: u32, tasks: TaskRun) -> Self {
        Self {
            exit,
            workers,
            errors: Vec::new(),
            unfinished: tasks.unfinished,
            run: VariantReport {
                id: "program".into(),
                label: format!(
                    "the program on {}",
                    crate::measure::plural(workers, "worker")
                ),
                tasks: tasks.spawned,
                start_ns: tasks.start_ns,
                wall_ns: tasks.wall_ns,
                spans: tasks.spans,
                task_records: tasks.tasks,
                task_labels: tasks.labels,
                ..VariantReport::default()
            },
        }
    }

    /// The report of a program that did not compile: exit status 1.
    pub fn refused(workers: u32, errors: Vec<Diagnostic>) -> Self {
        Self {
            exit: 1,
            workers,
            errors,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_of_several_lines_makes_a_piece_a_line() {
        let pieces: Vec<String> = Output::pieces(Stream::Stdout, 3, 7, "a\nb\nc")
            .map(|p| p.text)
            .collect();
        assert_eq!(pieces, ["a\n", "b\n", "c"]);
        assert_eq!(Output::pieces(Stream::Stderr, 0, 0, "").count(), 0);
    }

    #[test]
    fn a_report_reads_back_as_it_was_written() {
        let report = ProgramReport::refused(
            2,
            vec![Diagnostic {
                line: 3,
                col: 5,
                message: "x".into(),
            }],
        );
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(
            serde_json::from_str::<ProgramReport>(&json).unwrap(),
            report
        );
    }
}
