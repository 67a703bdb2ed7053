//! Export of a run as Chrome trace-event JSON, which Perfetto UI and `chrome://tracing` open.
//!
//! Each variant is a process (named after the variant) and each worker a thread in it, so
//! the viewer shows the same lanes as the page; every span is a complete ("X") event with
//! microsecond `ts` and `dur`.

use serde_json::{Value, json};

use crate::analysis::format_count;
use crate::experiment::RunReport;

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
        for span in &variant.spans {
            events.push(json!({
                "name": format!("task {}", span.task),
                "cat": span.kind,
                "ph": "X",
                "pid": pid,
                "tid": span.worker,
                "ts": span.start_ns as f64 / 1e3,
                "dur": span.duration_ns() as f64 / 1e3,
                "args": { "task": span.task, "variant": variant.id },
            }));
        }
    }
    json!({
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "tool": "Interleave",
            "experiment": report.request.experiment.slug(),
            "workers": report.workers,
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
    use crate::experiment::{ExperimentId, Judgement, RunRequest, VariantReport, Verdict};
    use crate::trace::{Span, SpanKind};

    #[test]
    fn spans_become_complete_events_with_one_tid_per_worker() {
        let span = |worker, start_ns, end_ns| Span {
            worker,
            task: worker,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
        };
        let report = RunReport {
            request: RunRequest::new(ExperimentId::Sum, 2, 2),
            workers: 2,
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
}
