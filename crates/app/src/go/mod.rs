//! The page's Go mode: the program being edited (from a link, the gallery or the
//! embedding page), a program in a link, the gallery, and a run's output.

pub mod gallery;
pub mod link;
pub mod output;

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_engine::experiment::{Judgement, Verdict};
pub use interleave_engine::program::MAX_SOURCE_BYTES;
use interleave_engine::program::{Output, ProgramReport};
use interleave_engine::{Backend, ExperimentId, RunReport, RunRequest, VariantReport};

/// The program the editor opens with when the link carries none and the gallery is empty.
const STARTER: &str = include_str!("starter.go");

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The built-in experiments behind their forms.
    #[default]
    Experiments,
    /// A Go program in the editor.
    Program,
}

/// The Go program being edited, and what its current run has printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The program's text.
    pub source: Rc<str>,
    /// The gallery program it is, while it is unedited.
    pub example: Option<&'static str>,
    /// Why the link's program could not be read, if it could not.
    pub link_note: Option<String>,
    /// Whether the page was opened with a program in its link (`code=`), readable or not.
    pub linked: bool,
    /// What the run in progress, or the last, printed so far.
    pub output: Rc<Vec<Output>>,
    /// Whether the output shows each line's goroutine and time.
    pub times: bool,
}

impl Workspace {
    /// The program of a link's `code=` value, or, without one, the gallery's opening
    /// program (or a starter); a value that cannot be read leaves a note and the starter.
    pub fn from_link(code: Option<&str>) -> Self {
        let first = gallery::find(gallery::OPENING).or_else(|| gallery::examples().next());
        let mut workspace = Workspace {
            source: first.as_ref().map_or(STARTER, |e| e.source).into(),
            example: first.map(|e| e.slug),
            link_note: None,
            linked: code.is_some(),
            output: Rc::default(),
            times: false,
        };
        match code.map(link::decode) {
            Some(Ok(source)) => workspace.edit(source),
            Some(Err(note)) => workspace.link_note = Some(note),
            None => {}
        }
        workspace
    }

    /// The text changed.
    pub fn edit(&mut self, source: String) {
        if *self.source != *source {
            self.example = None;
            self.source = source.into();
        }
    }

    /// Loads the gallery's program `slug`, if there is one.
    pub fn pick(&mut self, slug: &str) {
        if let Some(example) = gallery::find(slug) {
            self.source = example.source.into();
            self.example = Some(example.slug);
        }
    }

    /// Loads experiment `id`'s Go program with `params`, the experiment's parameters as
    /// set, written into the constants marked with them; says whether it has one.
    pub fn see_as_go(&mut self, id: ExperimentId, params: &BTreeMap<String, u64>) -> bool {
        let Some(gallery::AsGo::Program(example)) = gallery::as_go(id) else {
            return false;
        };
        let source = gallery::set_constants(example.source, |mark| match mark {
            gallery::Mark::Param(key) => params.get(key).map(u64::to_string),
            gallery::Mark::Quick(_) => None,
        });
        self.source = source.into();
        self.example = Some(example.slug);
        true
    }
}

/// A Go program's run as the page keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramRun {
    /// How it ended.
    pub report: Rc<ProgramReport>,
    /// What it printed.
    pub output: Rc<Vec<Output>>,
    /// The run as the timeline, the span table and the trace read a run: one variant.
    pub shown: Rc<RunReport>,
}

impl ProgramRun {
    /// The run of `report` with its `output`, on a machine of `cores` cores.
    pub fn new(report: Rc<ProgramReport>, output: Rc<Vec<Output>>, cores: u32) -> Self {
        let shown = Rc::new(RunReport {
            // The timeline reads the workers and cores off the request; no experiment ran,
            // and none of the page's views of a program reads the experiment.
            request: RunRequest::new(ExperimentId::CpuBound, report.workers, cores),
            workers: report.workers,
            backend: Backend::SharedMemory,
            variants: vec![goroutines(&report.run)],
            expected_value: None,
            verdict: Verdict {
                judgement: Judgement::Undecided,
                text: format!("exit status {}", report.exit),
            },
            free_cores: None,
            runtime_memory_bytes: None,
        });
        Self {
            report,
            output,
            shown,
        }
    }
}

/// The program's run with each task named as Go names its goroutine, `g7 main.sumRange`
/// (goroutine numbers start at 1, for `main`, where task ids start at 0), so that the
/// timeline's bars and lanes read like a Go trace.
fn goroutines(run: &VariantReport) -> VariantReport {
    let mut named = run.clone();
    named.task_labels = run
        .task_records
        .iter()
        .map(|r| {
            let function = run
                .task_labels
                .get(r.label as usize)
                .map_or("", String::as_str);
            format!("g{} {function}", r.task + 1).trim_end().to_owned()
        })
        .collect();
    for (index, record) in named.task_records.iter_mut().enumerate() {
        record.label = index as u32;
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_are_named_as_go_names_goroutines() {
        let run = VariantReport {
            task_records: serde_json::from_value(serde_json::json!([
                { "task": 0, "label": 0, "created_ns": 0, "finished_ns": 9 },
                { "task": 6, "label": 1, "created_ns": 1, "finished_ns": 5 },
                { "task": 7, "label": 1, "created_ns": 1, "finished_ns": 5 },
            ]))
            .unwrap(),
            task_labels: vec!["main.main".into(), "main.sumRange".into()],
            ..VariantReport::default()
        };
        let named = goroutines(&run);
        let names: Vec<&str> = named
            .task_records
            .iter()
            .map(|r| named.task_labels[r.label as usize].as_str())
            .collect();
        assert_eq!(
            names,
            ["g1 main.main", "g7 main.sumRange", "g8 main.sumRange"]
        );
    }

    #[test]
    fn a_link_opens_its_program_or_says_why_it_cannot() {
        let opened = Workspace::from_link(Some(&link::encode("package main\n")));
        assert_eq!(&*opened.source, "package main\n");
        assert!(opened.linked && opened.link_note.is_none() && opened.example.is_none());
        let bad = Workspace::from_link(Some("%%%"));
        assert!(bad.linked);
        assert!(
            bad.link_note
                .as_deref()
                .is_some_and(|n| n.contains("base64url"))
        );
        assert!(!bad.source.is_empty(), "the editor still has a program");
        assert!(!Workspace::from_link(None).linked);
    }
}
