//! Export of a run as Chrome trace-event JSON, which Perfetto UI and `chrome://tracing` open.
//!
//! Each variant is a process (named after the variant) and each worker a thread in it, so
//! the viewer shows the same lanes as the page; every span is a complete ("X") event with
//! microsecond `ts` and `dur`. Variants run by the task scheduler also get a process of
//! task tracks, the page's task view: one thread per task, its lifetime as an event with
//! its running and waiting spans nested inside.

use serde_json::{Value, json};

use crate::analysis::format_count;
use crate::experiment::VariantReport;
use crate::report::RunReport;
use crate::trace::Span;

/// Task-view processes are numbered from here, after the variants' worker processes.
const TASK_PIDS: usize = 1_000;

/// A complete event for `span` on thread `tid` of process `pid`.
fn complete(span: &Span, variant: &VariantReport, pid: usize, tid: u32) -> Value {
    let mut args = json!({ "task": span.task, "variant": variant.id, "worker": span.worker });
    if span.line > 0 {
        args["line"] = json!(span.line);
    }
    json!({
        "name": format!("task {}", span.task),
        "cat": span.kind,
        "ph": "X",
        "pid": pid,
        "tid": tid,
        "ts": span.start_ns as f64 / 1e3,
        "dur": span.duration_ns() as f64 / 1e3,
        "args": args,
    })
}

/// The task view of one variant: a process with a thread per recorded task.
fn task_tracks(variant: &VariantReport, index: usize, events: &mut Vec<Value>) {
    let pid = TASK_PIDS + index;
    events.push(json!({
        "name": "process_name", "ph": "M", "pid": pid, "tid": 0,
        "args": { "name": format!("tasks of {}", variant.id) },
    }));
    events.push(json!({
        "name": "process_sort_index", "ph": "M", "pid": pid, "tid": 0,
        "args": { "sort_index": TASK_PIDS + index },
    }));
    for record in &variant.task_records {
        let label = variant
            .task_labels
            .get(record.label as usize)
            .map_or("task", String::as_str);
        events.push(json!({
            "name": "thread_name", "ph": "M", "pid": pid, "tid": record.task,
            "args": { "name": format!("task {}: {label}", record.task) },
        }));
        events.push(json!({
            "name": label,
            "cat": "task",
            "ph": "X",
            "pid": pid,
            "tid": record.task,
            "ts": record.created_ns as f64 / 1e3,
            "dur": record.finished_ns.saturating_sub(record.created_ns) as f64 / 1e3,
            "args": { "task": record.task, "variant": variant.id },
        }));
    }
    for span in variant.spans.iter().filter(|s| {
        variant
            .task_records
            .binary_search_by_key(&s.task, |r| r.task)
            .is_ok()
    }) {
        events.push(complete(span, variant, pid, span.task));
    }
}

/// The run as a Chrome trace-event JSON document.
pub fn chrome_trace(report: &RunReport) -> Value {
    let mut events = Vec::new();
    for (index, variant) in report.variants.iter().enumerate() {
        let pid = index + 1;
        events.push(json!({
            "name": "process_name", "ph": "M", "pid": pid, "tid": 0,
            "args": { "name": format!("{}: {}", variant.id, variant.label) },
        }));
        events.push(json!({
            "name": "process_sort_index", "ph": "M", "pid": pid, "tid": 0,
            "args": { "sort_index": index },
        }));
        for worker in 0..report.workers {
            events.push(json!({
                "name": "thread_name", "ph": "M", "pid": pid, "tid": worker,
                "args": { "name": format!("worker {worker}") },
            }));
        }
        // Worker threads carry what kept them busy; parked waits go to the task tracks.
        for span in variant.spans.iter().filter(|s| s.kind.occupies_worker()) {
            events.push(complete(span, variant, pid, span.worker));
        }
        if !variant.task_records.is_empty() {
            task_tracks(variant, index, &mut events);
        }
    }
    json!({
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "tool": "Interleave",
            "experiment": report.request.experiment.slug(),
            "workers": report.workers,
            "backend": report.backend.slug(),
            "cores": report.request.cores,
            "params": report.request.params.iter()
                .map(|(k, v)| (k.clone(), Value::String(format_count(*v))))
                .collect::<serde_json::Map<_, _>>(),
            "verdict": report.verdict.text,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{ExperimentId, RunRequest};
    use crate::experiment::{Judgement, VariantReport, Verdict};
    use crate::trace::{Span, SpanKind};

    #[test]
    fn spans_become_complete_events_with_one_tid_per_worker() {
        let span = |worker, start_ns, end_ns| Span {
            worker,
            task: worker,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
            line: 0,
        };
        let report = RunReport {
            request: RunRequest::new(ExperimentId::Sum, 2, 2),
            workers: 2,
            backend: Default::default(),
            free_cores: None,
            runtime_memory_bytes: None,
            variants: vec![VariantReport {
                id: "parallel".into(),
                label: "2 tasks on 2 workers".into(),
                tasks: 2,
                start_ns: 0,
                wall_ns: 3_000,
                value: 3,
                spans: vec![span(0, 0, 2_000), span(1, 500, 3_000)],
                task_records: Vec::new(),
                task_labels: Vec::new(),
                trials: 0,
                walls_ns: Vec::new(),
                baseline: None,
            }],
            expected_value: Some(3),
            verdict: Verdict {
                judgement: Judgement::Supports,
                text: "ok".into(),
            },
        };
        let trace = chrome_trace(&report);
        let events = trace["traceEvents"].as_array().unwrap();
        let complete: Vec<&Value> = events.iter().filter(|e| e["ph"] == "X").collect();
        assert_eq!(complete.len(), 2);
        assert_eq!(complete[1]["tid"], 1);
        assert_eq!(complete[1]["ts"], 0.5);
        assert_eq!(complete[1]["dur"], 2.5);
        let names: Vec<&Value> = events
            .iter()
            .filter(|e| e["name"] == "thread_name")
            .map(|e| &e["args"]["name"])
            .collect();
        assert_eq!(names, vec!["worker 0", "worker 1"]);
    }

    #[test]
    fn scheduler_variants_get_task_tracks_with_waits_nested_in_lifetimes() {
        use crate::tasks::TaskRecord;
        let span = |task, kind, start_ns, end_ns| Span {
            worker: 0,
            task,
            kind,
            start_ns,
            end_ns,
            line: 0,
        };
        let report = RunReport {
            request: RunRequest::new(ExperimentId::IoBound, 1, 2),
            workers: 1,
            backend: Default::default(),
            free_cores: None,
            runtime_memory_bytes: None,
            variants: vec![VariantReport {
                id: "parked-1".into(),
                label: "Parked".into(),
                tasks: 2,
                start_ns: 0,
                wall_ns: 10_000,
                value: 2,
                spans: vec![
                    span(0, SpanKind::Compute, 0, 1_000),
                    span(0, SpanKind::ParkedWait, 1_000, 9_000),
                    span(1, SpanKind::ParkedWait, 1_000, 9_500),
                ],
                task_records: vec![
                    TaskRecord {
                        task: 0,
                        label: 0,
                        created_ns: 0,
                        finished_ns: 9_200,
                    },
                    TaskRecord {
                        task: 1,
                        label: 0,
                        created_ns: 0,
                        finished_ns: 9_800,
                    },
                ],
                task_labels: vec!["parked".into()],
                trials: 0,
                walls_ns: Vec::new(),
                baseline: None,
            }],
            expected_value: Some(2),
            verdict: Verdict::undecided("test".into()),
        };
        let trace = chrome_trace(&report);
        let events = trace["traceEvents"].as_array().unwrap();
        let on = |pid: usize| -> Vec<&Value> {
            events
                .iter()
                .filter(|e| e["ph"] == "X" && e["pid"] == pid)
                .collect()
        };
        // The worker track has only the span that occupied the worker.
        assert_eq!(on(1).len(), 1);
        // The task tracks: two lifetimes and all three spans, each inside its lifetime.
        let tasks = on(TASK_PIDS);
        assert_eq!(tasks.len(), 5);
        for event in tasks.iter().filter(|e| e["cat"] != "task") {
            let life = tasks
                .iter()
                .find(|l| l["cat"] == "task" && l["tid"] == event["tid"])
                .unwrap();
            let (ts, dur) = (
                event["ts"].as_f64().unwrap(),
                event["dur"].as_f64().unwrap(),
            );
            let (lts, ldur) = (life["ts"].as_f64().unwrap(), life["dur"].as_f64().unwrap());
            assert!(
                ts >= lts && ts + dur <= lts + ldur,
                "{event} outside {life}"
            );
        }
        let names: Vec<&Value> = events
            .iter()
            .filter(|e| e["name"] == "thread_name" && e["pid"] == TASK_PIDS)
            .map(|e| &e["args"]["name"])
            .collect();
        assert_eq!(names, vec!["task 0: parked", "task 1: parked"]);
    }
}
