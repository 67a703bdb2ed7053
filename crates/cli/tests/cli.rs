//! The built `interleave` binary, run as a user or a script would run it.

use std::process::{Command, Output};

use interleave_engine::RunReport;

fn interleave(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interleave"))
        .args(args)
        .output()
        .expect("the interleave binary runs")
}

#[test]
fn run_sum_as_json() {
    let output = interleave(&[
        "run",
        "sum",
        "--workers",
        "2",
        "--param",
        "n=1000000",
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: RunReport = serde_json::from_slice(&output.stdout).expect("stdout is a report");
    assert_eq!(report.workers, 2);
    assert_eq!(report.request.params["n"], 1_000_000);
    assert_eq!(report.variants.len(), 3);
    assert!(report.values_correct(), "{:?}", report.variants);
    assert!(
        stderr.is_empty(),
        "nothing was clamped, so no notes: {stderr}"
    );
}

#[test]
fn unknown_experiment_exits_with_2_and_names_the_experiments() {
    let output = interleave(&["run", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown experiment \"nope\""), "{stderr}");
    assert!(stderr.contains("sum"), "{stderr}");
}

#[test]
fn table_notes_and_trace() {
    let trace = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-sum-trace.json");
    let _ = std::fs::remove_file(&trace);
    let output = interleave(&[
        "run",
        "sum",
        "--workers=1",
        "--param=n=5",
        "--trace",
        trace.to_str().expect("a UTF-8 temporary path"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: n = 5 is below the minimum"),
        "{stderr}"
    );
    assert!(stdout.contains("Wall time"), "{stdout}");
    assert!(stdout.contains("Values: correct"), "{stdout}");
    assert!(stdout.contains("Verdict ("), "{stdout}");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&trace).expect("the trace was written"))
            .expect("the trace is JSON");
    assert_eq!(written["otherData"]["experiment"], "sum");
    assert!(
        written["traceEvents"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
}

#[test]
fn the_teaching_texts_million_lock_tasks_run_within_the_memory_cap() {
    let output = interleave(&[
        "run",
        "lock",
        "--workers=2",
        "--param=items=1000000",
        "--once",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Locked: 1,000,000 tasks, one lock, on 2 workers"),
        "{stdout}"
    );
    assert!(stdout.contains("Values: correct"), "{stdout}");
}
