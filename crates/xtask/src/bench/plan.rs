//! What `cargo xtask bench` measures: the plan that the native program
//! (`crates/engine/benches/native.rs`) and the browser script (`tests/bench/browser.mjs`)
//! each carry out once a repeat, taking the runs of their own backends, with the Go
//! programs of `tests/bench/go` that the build tool runs itself (in Go and in the VM's
//! command line) and the browser script runs in the page, and the shapes of what they
//! print back, which add up over the repeats.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a run runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// OS threads, the engine built for this machine (release profile).
    Native,
    /// Headless Chromium, the shared-memory backend (an isolated page).
    Shared,
    /// Headless Chromium, the message-passing backend (`backend=message`).
    Message,
}

impl Backend {
    /// Every backend, in the table's order.
    pub const ALL: [Backend; 3] = [Backend::Native, Backend::Shared, Backend::Message];

    /// Its name in the table.
    pub fn label(self) -> &'static str {
        match self {
            Backend::Native => "native",
            Backend::Shared => "wasm, shared memory",
            Backend::Message => "wasm, message passing",
        }
    }
}

/// One experiment run, repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSpec {
    /// Where it runs.
    pub backend: Backend,
    /// The experiment's slug.
    pub experiment: String,
    /// The worker count.
    pub workers: u32,
    /// Its parameters (the others take their defaults).
    pub params: BTreeMap<String, u64>,
    /// Whether spans are recorded (only native runs can turn them off).
    pub spans: bool,
}

/// The task scheduler's measurement, native only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulerSpec {
    /// Tasks spawned in each run.
    pub tasks: u32,
    /// The worker counts.
    pub workers: Vec<u32>,
    /// How long each task parks in the parked-wait runs, in ns.
    pub park_ns: u64,
}

/// A Go program of `tests/bench/go`, each timing itself and printing its time in ns and
/// its answer on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Program {
    /// The split sum's inner loop on one goroutine: 0 to n-1 added up in a for loop.
    Loop,
    /// Recursive fib(n).
    Fib,
    /// The split-and-join sum: two goroutines each summing half of 0 to n-1, joined by a
    /// channel.
    Split,
    /// n goroutines each calling `wg.Done()`.
    Spawn,
    /// n goroutines each locking one mutex to add one to a counter, joined by a WaitGroup.
    Mutex,
}

impl Program {
    /// Its file's name without `.go`.
    pub fn name(self) -> &'static str {
        match self {
            Program::Loop => "loop",
            Program::Fib => "fib",
            Program::Split => "split",
            Program::Spawn => "spawn",
            Program::Mutex => "mutex",
        }
    }

    /// Its file in `tests/bench/go`, with the size it is run at by hand.
    fn file(self) -> &'static str {
        match self {
            Program::Loop => include_str!("../../../../tests/bench/go/loop.go"),
            Program::Fib => include_str!("../../../../tests/bench/go/fib.go"),
            Program::Split => include_str!("../../../../tests/bench/go/split.go"),
            Program::Spawn => include_str!("../../../../tests/bench/go/spawn.go"),
            Program::Mutex => include_str!("../../../../tests/bench/go/mutex.go"),
        }
    }

    /// Its source with its size set to `n` (the line `const n = ...` rewritten).
    pub fn source(self, n: u64) -> String {
        self.file()
            .lines()
            .map(|line| {
                if line.starts_with("const n = ") {
                    format!("const n = {n}\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect()
    }
}

/// What runs a Go program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Runner {
    /// Go itself, built by `go build`, at `GOMAXPROCS` = the run's workers.
    Go,
    /// Our VM natively: `interleave go FILE --workers K`, built in release.
    Vm,
    /// Our VM in headless Chromium: the page's Go mode (the runtime's `runProgram`) on an
    /// isolated page with the run's workers.
    Page,
}

impl Runner {
    /// Its name in the table.
    pub fn label(self) -> &'static str {
        match self {
            Runner::Go => "Go",
            Runner::Vm => "VM native",
            Runner::Page => "VM in the page",
        }
    }
}

/// One run of a Go program, repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoRunSpec {
    /// The program.
    pub program: Program,
    /// Its size.
    pub n: u64,
    /// What runs it.
    pub runner: Runner,
    /// Its GOMAXPROCS: the worker count.
    pub workers: u32,
    /// Its source with `n` set, which the page runs from its address.
    pub source: String,
}

/// Everything to measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The machine's cores: worker counts go from 1 to this.
    pub cores: u32,
    /// The experiment runs.
    pub runs: Vec<RunSpec>,
    /// The Go programs' runs, each VM run after the Go run it is compared with.
    pub go: Vec<GoRunSpec>,
    /// The task scheduler's measurement.
    pub scheduler: SchedulerSpec,
    /// Spans recorded (and not) in the measurement of one span's cost.
    pub span_calls: usize,
}

/// Numbers the sum and Amdahl's law add: about 0.2 s on one core natively.
pub const SUM_N: u64 = 100_000_000;
/// Rounds of fib(25) per CPU-bound task: about 0.1 s natively.
pub const CPU_ROUNDS: u64 = 300;
/// Tasks of the scheduler measurements, and of the granularity experiment's smallest size.
pub const TASKS: u32 = 1_000_000;
/// The worker count of the oversubscribed scheduler rows: more workers than a laptop has
/// cores, where a shared run queue's lock would show.
pub const OVERSUBSCRIBED: u32 = 8;
/// How long a task parks in the parked-wait measurement: long enough to really park.
pub const PARK_NS: u64 = 1_000;

/// The argument of the recursive fib program: about 20 ms in Go.
pub const FIB_N: u64 = 32;
/// Goroutines of the page's spawning program.
pub const PAGE_GOROUTINES: u64 = 100_000;

/// The experiments whose efficiency, single-thread speed and tracing cost are measured.
pub const CPU_BOUND: [&str; 3] = ["sum", "cpu-bound", "amdahl"];

/// The run of `experiment` on `workers` workers as the plan makes it.
pub fn run(backend: Backend, experiment: &str, workers: u32, spans: bool) -> RunSpec {
    let params: &[(&str, u64)] = match experiment {
        "sum" => &[("n", SUM_N)],
        "cpu-bound" => &[("tasks", u64::from(workers)), ("rounds", CPU_ROUNDS)],
        "amdahl" => &[("serial_percent", 0), ("n", SUM_N)],
        "granularity" => &[("n", u64::from(TASKS))],
        other => unreachable!("the plan has no workload for {other}"),
    };
    RunSpec {
        backend,
        experiment: experiment.to_owned(),
        workers,
        params: params.iter().map(|&(k, v)| (k.to_owned(), v)).collect(),
        spans,
    }
}

/// The plan for a machine with `cores` cores.
///
/// On every backend: the sum and the CPU-bound tasks (one task per worker) on 1 to
/// `cores` workers, Amdahl's law with no serial part on `cores` (one run has every
/// worker count) and the granularity experiment (its smallest size is a million tasks)
/// on 1 and on `cores` workers. Natively each CPU-bound run on `cores` workers is followed by its twin
/// without spans, so that the two run close together in time.
///
/// The Go programs, each in Go and then in the VM: the loop (n = [`SUM_N`]) and fib
/// ([`FIB_N`]) on one worker natively and in the page; the split sum (n = [`SUM_N`]) and
/// the mutex ([`TASKS`] goroutines) natively on 1 and 2 workers; [`TASKS`] spawned
/// goroutines in Go on the scheduler's worker counts, and [`PAGE_GOROUTINES`] in the page
/// on 1 and `cores`.
pub fn plan(cores: u32) -> Plan {
    let mut runs = Vec::new();
    for backend in Backend::ALL {
        let mut push = |experiment: &str, workers: u32| {
            runs.push(run(backend, experiment, workers, true));
            if backend == Backend::Native && workers == cores && CPU_BOUND.contains(&experiment) {
                runs.push(run(backend, experiment, workers, false));
            }
        };
        for workers in 1..=cores {
            push("sum", workers);
            push("cpu-bound", workers);
        }
        push("amdahl", cores);
        push("granularity", 1);
        if cores > 1 {
            push("granularity", cores);
        }
    }
    let scheduler_workers = {
        let mut counts = vec![1, cores, OVERSUBSCRIBED.max(cores)];
        counts.dedup();
        counts
    };
    let parallel = if cores > 1 { vec![1, 2] } else { vec![1] };
    let mut page_workers = vec![1, cores];
    page_workers.dedup();
    let mut go = Vec::new();
    let mut push = |program: Program, n: u64, runners: &[Runner], workers: &[u32]| {
        for &k in workers {
            for &runner in runners {
                go.push(GoRunSpec {
                    program,
                    n,
                    runner,
                    workers: k,
                    source: program.source(n),
                });
            }
        }
    };
    use Runner::{Go, Page, Vm};
    push(Program::Loop, SUM_N, &[Go, Vm, Page], &[1]);
    push(Program::Fib, FIB_N, &[Go, Vm, Page], &[1]);
    push(Program::Split, SUM_N, &[Go, Vm], &parallel);
    push(Program::Spawn, u64::from(TASKS), &[Go], &scheduler_workers);
    push(Program::Spawn, PAGE_GOROUTINES, &[Page], &page_workers);
    push(Program::Mutex, u64::from(TASKS), &[Go, Vm], &parallel);
    Plan {
        cores,
        runs,
        go,
        scheduler: SchedulerSpec {
            tasks: TASKS,
            workers: scheduler_workers,
            park_ns: PARK_NS,
        },
        span_calls: TASKS as usize,
    }
}

/// One repeat of a run: each variant's wall time, and (natively) the spans recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Sample {
    /// Wall time of each variant by its id, in ns.
    pub walls: BTreeMap<String, u64>,
    /// Spans the run recorded (native runs only).
    #[serde(default)]
    pub spans: Option<u64>,
}

/// A run of the plan with what its repeats measured: an experiment's run, or a Go
/// program's ([`GoMeasured`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Measured<Spec = RunSpec, Repeat = Sample> {
    /// The run.
    #[serde(flatten)]
    pub spec: Spec,
    /// Its repeats, in order.
    pub samples: Vec<Repeat>,
}

/// What one repeat of a Go program printed, as it came, and its peak memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoOutput {
    /// Its stdout: its time in ns and its answer, on one line.
    pub output: String,
    /// Its peak resident memory in KiB, where it was measured (natively, with GNU time).
    #[serde(default)]
    pub peak_kb: Option<u64>,
}

/// One repeat of a Go program, read from its [`GoOutput`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "GoOutput")]
pub struct GoSample {
    /// Its time, as the program measured it with `time.Since`, in ns.
    pub ns: u64,
    /// What it computed, which must be the same in Go and in the VM.
    pub answer: String,
    /// Its peak resident memory in KiB, where it was measured.
    pub peak_kb: Option<u64>,
}

impl TryFrom<GoOutput> for GoSample {
    type Error = String;

    fn try_from(out: GoOutput) -> Result<GoSample, String> {
        let mut words = out.output.split_whitespace();
        match (words.next().map(str::parse), words.next(), words.next()) {
            (Some(Ok(ns)), Some(answer), None) => Ok(GoSample {
                ns,
                answer: answer.to_owned(),
                peak_kb: out.peak_kb,
            }),
            _ => Err(format!(
                "a Go program printed {:?}, not its time in ns and its answer",
                out.output
            )),
        }
    }
}

/// A Go program's run with what its repeats measured.
pub type GoMeasured = Measured<GoRunSpec, GoSample>;

/// The Go runs of `measured` whose answers differ from those of the same program at the
/// same size, as a sentence; `Ok` when they all agree.
pub fn answers_agree(measured: &[&GoMeasured]) -> Result<(), String> {
    let mut answers: BTreeMap<(Program, u64), (&str, &GoMeasured)> = BTreeMap::new();
    for &run in measured {
        for sample in &run.samples {
            let key = (run.spec.program, run.spec.n);
            let (first, by) = *answers.entry(key).or_insert((&sample.answer, run));
            if first != sample.answer {
                return Err(format!(
                    "{} (n = {}) answered {} in {} at k = {} but {} in {} at k = {}",
                    run.spec.program.name(),
                    run.spec.n,
                    first,
                    by.spec.runner.label(),
                    by.spec.workers,
                    sample.answer,
                    run.spec.runner.label(),
                    run.spec.workers,
                ));
            }
        }
    }
    Ok(())
}

/// The scheduler's measurements on one worker count.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SchedulerMeasured {
    /// The worker count.
    pub workers: u32,
    /// Wall times of the runs of empty tasks, in ns, one a repeat.
    pub spawn_ns: Vec<u64>,
    /// Wall times of the runs whose tasks park once, in ns, one a repeat.
    pub park_ns: Vec<u64>,
}

/// The cost of recording spans: the same calls with recording on and off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SpanCost {
    /// Spans per measurement.
    pub calls: u64,
    /// Time of the calls recording, in ns, one a repeat.
    pub on_ns: Vec<u64>,
    /// Time of the calls not recording, in ns, one a repeat.
    pub off_ns: Vec<u64>,
}

/// What the native program prints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NativeOut {
    /// The native runs.
    pub runs: Vec<Measured>,
    /// The task scheduler, per worker count.
    pub scheduler: Vec<SchedulerMeasured>,
    /// The cost of one span.
    pub span_cost: SpanCost,
}

/// Page loads timed by the browser script, from navigation to an interactive page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Startup {
    /// Ms of each first load in a new browser profile.
    pub cold_ms: Vec<f64>,
    /// Ms of each load after it, in a fresh tab.
    pub warm_ms: Vec<f64>,
    /// The pool start each load's page reported, in ms.
    pub pool_start_ms: Vec<Option<f64>>,
}

/// Pool rebuilds timed by the browser script.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Rebuild {
    /// Ms from pressing Run to the page saying the new pool is ready.
    pub ms: Vec<f64>,
    /// The pool start the page reported for each.
    pub reported_ms: Vec<Option<f64>>,
}

/// What the browser script prints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BrowserOut {
    /// The browser runs.
    pub runs: Vec<Measured>,
    /// The Go programs' runs in the page.
    pub go: Vec<GoMeasured>,
    /// Page loads.
    pub startup: Startup,
    /// Pool rebuilds.
    pub rebuild: Rebuild,
    /// The browser's user agent.
    pub user_agent: String,
}

/// Adds the samples of `more`, the same runs measured again, to those of `runs`.
pub fn absorb_runs<Spec: PartialEq + std::fmt::Debug, Repeat>(
    runs: &mut [Measured<Spec, Repeat>],
    more: Vec<Measured<Spec, Repeat>>,
) -> Result<(), String> {
    if runs.len() != more.len() {
        return Err("a repeat measured other runs than the first".into());
    }
    for (run, again) in runs.iter_mut().zip(more) {
        if run.spec != again.spec {
            return Err(format!(
                "a repeat measured {:?} for {:?}",
                again.spec, run.spec
            ));
        }
        run.samples.extend(again.samples);
    }
    Ok(())
}

impl NativeOut {
    /// Adds another repeat's measurements to these.
    pub fn absorb(&mut self, more: NativeOut) -> Result<(), String> {
        absorb_runs(&mut self.runs, more.runs)?;
        for (run, again) in self.scheduler.iter_mut().zip(more.scheduler) {
            run.spawn_ns.extend(again.spawn_ns);
            run.park_ns.extend(again.park_ns);
        }
        self.span_cost.on_ns.extend(more.span_cost.on_ns);
        self.span_cost.off_ns.extend(more.span_cost.off_ns);
        Ok(())
    }
}

impl BrowserOut {
    /// Adds another repeat's measurements to these.
    pub fn absorb(&mut self, more: BrowserOut) -> Result<(), String> {
        absorb_runs(&mut self.runs, more.runs)?;
        absorb_runs(&mut self.go, more.go)?;
        self.startup.cold_ms.extend(more.startup.cold_ms);
        self.startup.warm_ms.extend(more.startup.warm_ms);
        self.startup
            .pool_start_ms
            .extend(more.startup.pool_start_ms);
        self.rebuild.ms.extend(more.rebuild.ms);
        self.rebuild.reported_ms.extend(more.rebuild.reported_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_backend_runs_every_worker_count_and_native_also_runs_without_spans() {
        let plan = plan(2);
        for backend in Backend::ALL {
            let runs: Vec<_> = plan.runs.iter().filter(|r| r.backend == backend).collect();
            let count = |e: &str, k: u32| {
                runs.iter()
                    .filter(|r| r.experiment == e && r.workers == k && r.spans)
                    .count()
            };
            assert_eq!((count("sum", 1), count("sum", 2)), (1, 1));
            assert_eq!((count("cpu-bound", 1), count("cpu-bound", 2)), (1, 1));
            assert_eq!((count("amdahl", 2), count("granularity", 2)), (1, 1));
            assert_eq!(count("granularity", 1), 1);
        }
        let untraced: Vec<usize> = (0..plan.runs.len())
            .filter(|&i| !plan.runs[i].spans)
            .collect();
        assert_eq!(untraced.len(), 3);
        for i in untraced {
            let (twin, run) = (&plan.runs[i - 1], &plan.runs[i]);
            assert_eq!((run.backend, run.workers), (Backend::Native, 2));
            assert_eq!(
                (twin, twin.spans),
                (
                    &RunSpec {
                        spans: true,
                        ..run.clone()
                    },
                    true
                )
            );
        }
        assert_eq!(plan.scheduler.workers, vec![1, 2, 8]);
    }

    #[test]
    fn cpu_bound_runs_one_task_per_worker_and_amdahl_has_no_serial_part() {
        assert_eq!(
            run(Backend::Shared, "cpu-bound", 3, true).params["tasks"],
            3
        );
        assert_eq!(
            run(Backend::Native, "amdahl", 2, true).params["serial_percent"],
            0
        );
    }

    #[test]
    fn the_plan_travels_as_json_with_lowercase_backends() {
        let json = serde_json::to_string(&plan(1)).unwrap();
        assert!(json.contains("\"backend\":\"message\""));
        assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan(1));
    }

    #[test]
    fn measured_runs_read_back_with_their_spec() {
        let json = r#"{"backend":"native","experiment":"sum","workers":2,"params":{"n":5},
            "spans":true,"samples":[{"walls":{"sequential":10,"parallel":5},"spans":19}]}"#;
        let measured: Measured = serde_json::from_str(json).unwrap();
        assert_eq!(measured.spec.params["n"], 5);
        assert_eq!(measured.samples[0].walls["parallel"], 5);
        assert_eq!(measured.samples[0].spans, Some(19));
    }

    #[test]
    fn repeats_add_up_run_by_run() {
        let out = |ns: u64| NativeOut {
            runs: vec![Measured {
                spec: run(Backend::Native, "sum", 1, true),
                samples: vec![Sample {
                    walls: [("sequential".to_owned(), ns)].into(),
                    spans: Some(19),
                }],
            }],
            scheduler: vec![SchedulerMeasured {
                workers: 1,
                spawn_ns: vec![ns],
                park_ns: vec![ns],
            }],
            span_cost: SpanCost {
                calls: 10,
                on_ns: vec![ns],
                off_ns: vec![ns],
            },
        };
        let mut first = out(1);
        first.absorb(out(2)).unwrap();
        assert_eq!(first.runs[0].samples.len(), 2);
        assert_eq!(first.runs[0].samples[1].walls["sequential"], 2);
        assert_eq!(first.scheduler[0].park_ns, vec![1, 2]);
        assert_eq!(first.span_cost.off_ns, vec![1, 2]);
        let mut other = out(3);
        other.runs[0].spec.workers = 2;
        assert!(first.absorb(other).is_err());
    }

    #[test]
    fn every_go_program_has_its_size_on_one_line() {
        for program in [
            Program::Loop,
            Program::Fib,
            Program::Split,
            Program::Spawn,
            Program::Mutex,
        ] {
            let source = program.source(7);
            let sized: Vec<&str> = source
                .lines()
                .filter(|l| l.starts_with("const n = "))
                .collect();
            assert_eq!(sized, ["const n = 7"], "{}", program.name());
            assert_eq!(source.lines().count(), program.file().lines().count());
        }
    }

    #[test]
    fn the_go_runs_pair_each_vm_run_with_go_and_the_page_runs_carry_their_source() {
        let two_cores = plan(2);
        let runs = |program: Program, runner: Runner| -> Vec<u32> {
            two_cores
                .go
                .iter()
                .filter(|r| r.program == program && r.runner == runner)
                .map(|r| r.workers)
                .collect()
        };
        for program in [Program::Loop, Program::Fib] {
            assert_eq!(runs(program, Runner::Go), [1]);
            assert_eq!(runs(program, Runner::Vm), [1]);
            assert_eq!(runs(program, Runner::Page), [1]);
        }
        assert_eq!(runs(Program::Split, Runner::Vm), [1, 2]);
        assert_eq!(runs(Program::Mutex, Runner::Go), [1, 2]);
        assert_eq!(runs(Program::Spawn, Runner::Go), [1, 2, 8]);
        assert_eq!(runs(Program::Spawn, Runner::Page), [1, 2]);
        let page = two_cores
            .go
            .iter()
            .find(|r| r.runner == Runner::Page)
            .unwrap();
        assert!(page.source.contains(&format!("const n = {}\n", page.n)));
        // On one core only Go's spawning runs on more workers (the oversubscribed count).
        let one_core = plan(1);
        assert!(
            one_core
                .go
                .iter()
                .all(|r| r.workers == 1 || (r.program, r.runner) == (Program::Spawn, Runner::Go))
        );
    }

    #[test]
    fn a_go_sample_reads_its_time_and_answer_and_answers_must_agree() {
        let read = |output: &str| {
            GoSample::try_from(GoOutput {
                output: output.into(),
                peak_kb: Some(9),
            })
        };
        let sample = read("1200 4999999950000000\n").unwrap();
        assert_eq!(
            (sample.ns, sample.answer.as_str()),
            (1200, "4999999950000000")
        );
        assert_eq!(sample.peak_kb, Some(9));
        assert!(read("soon 1\n").is_err());
        assert!(read("12\n").is_err());
        assert!(read("12 1\n13 1\n").is_err());
        let run = |runner, answer: &str| GoMeasured {
            spec: GoRunSpec {
                program: Program::Fib,
                n: 32,
                runner,
                workers: 1,
                source: String::new(),
            },
            samples: vec![read(&format!("5 {answer}")).unwrap()],
        };
        let (go, vm, wrong) = (
            run(Runner::Go, "8"),
            run(Runner::Vm, "8"),
            run(Runner::Page, "9"),
        );
        assert_eq!(answers_agree(&[&go, &vm]), Ok(()));
        let why = answers_agree(&[&go, &vm, &wrong]).unwrap_err();
        assert!(
            why.contains("answered 8 in Go at k = 1 but 9 in VM in the page"),
            "{why}"
        );
        let json = r#"{"program":"fib","n":32,"runner":"page","workers":2,"source":"",
            "samples":[{"output":"17 2178309\n"}]}"#;
        let measured: GoMeasured = serde_json::from_str(json).unwrap();
        assert_eq!((measured.samples[0].ns, measured.spec.workers), (17, 2));
        assert_eq!(measured.samples[0].peak_kb, None);
    }
}
