//! The seven sections of the results table, worked out from what the native program, the
//! Go programs and the browser script measured.

use super::plan::{
    Backend, BrowserOut, CPU_BOUND, FIB_N, GoMeasured, GoSample, Measured, NativeOut,
    OVERSUBSCRIBED, PAGE_GOROUTINES, PARK_NS, Program, Runner, SUM_N, Sample, SpanCost, TASKS,
};
use interleave_engine::analysis::format_count;

use super::report::{Row, Section, Spread, Target, Unit};
use super::stats::Stats;
use super::timeline::Redraws;

/// Go's cost of creating and running a goroutine, the anchor of the scheduler's rows:
/// `BenchmarkCreateGoroutines` (Go's `src/runtime/proc_test.go`) at 473 to 532 ns/op, as
/// published in Go commit eeca3ba (go-review.googlesource.com/22549).
const GO_SPAWN_NS: f64 = 500.0;
/// Go's cost of a goroutine blocking on a channel and being woken, the anchor of the
/// parked-wait rows: `BenchmarkChanSync`, 598 to 691 ns/op in the same commit.
const GO_PARK_NS: f64 = 600.0;

/// The most spawning and completing a task may cost at k = 2 over k = 1, natively.
const SPAWN_K2_OVER_K1: f64 = 1.2;
/// The most it may cost at [`OVERSUBSCRIBED`] workers over k = 2, natively.
const SPAWN_OVERSUBSCRIBED_OVER_K2: f64 = 1.5;
/// The most a one-number task of the granularity experiment may cost in the browser on
/// the shared-memory backend at k = 2, in ns.
const BROWSER_TASK_NS: f64 = 700.0;

/// What a browser row's efficiency must reach, as a share of the native one.
const OF_NATIVE: f64 = 0.95;
/// What the native efficiency must reach (ideal is 1).
const NATIVE_EFFICIENCY: f64 = 0.95;
/// The most wasm may take, as a multiple of the native time.
const WASM_OVER_NATIVE: f64 = 1.3;
/// The most tracing may add to the wall time, in per cent.
const TRACING_PERCENT: f64 = 2.0;
/// The longest the page may take to become interactive, in ms.
const INTERACTIVE_MS: f64 = 1_000.0;
/// The most the UI and runtime may weigh together, gzipped, in KB.
const DOWNLOAD_KB: f64 = 600.0;
/// The longest a pool rebuild may take, in ms.
const REBUILD_MS: f64 = 150.0;
/// The longest a full redraw of the timeline may take: one frame at 60 Hz, in ms.
const FRAME_MS: f64 = 1_000.0 / 60.0;
/// The most the VM may take on one goroutine's loop or calls, as a multiple of Go's time.
const VM_OVER_GO: f64 = 30.0;
/// What the VM's split sum's efficiency at k = 2 must reach, as a share of Go's.
const OF_GO_EFFICIENCY: f64 = 0.95;
/// The most spawning and completing a goroutine may cost in the VM in the page, in ns.
const PAGE_GOROUTINE_NS: f64 = 1_500.0;

/// Raw and gzipped size of one module's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// The module's folder under `target/web/pkg`.
    pub module: &'static str,
    /// Bytes on disk.
    pub raw: u64,
    /// Bytes after `gzip -9`.
    pub gzip: u64,
}

/// Everything measured, for the sections to read.
pub struct Measurements<'a> {
    /// The machine's cores, as the plan used them.
    pub cores: u32,
    /// Every run, native and in the browser.
    pub runs: Vec<&'a Measured>,
    /// The native program's output.
    pub native: &'a NativeOut,
    /// The browser script's output.
    pub browser: &'a BrowserOut,
    /// The modules' sizes.
    pub sizes: &'a [Size],
    /// The timeline benchmark's redraws.
    pub redraws: &'a [Redraws],
    /// The version of Go that ran the Go programs, where it is installed.
    pub go_version: Option<&'a str>,
    /// Every Go program's run: in Go and in the VM natively, and in the page.
    pub go_runs: Vec<&'a GoMeasured>,
}

impl Measurements<'_> {
    /// The run of `program` by `runner` on `workers` workers (a runner runs each program
    /// at one size).
    fn go_run(&self, program: Program, runner: Runner, workers: u32) -> Option<&GoMeasured> {
        self.go_runs.iter().copied().find(|r| {
            let s = &r.spec;
            (s.program, s.runner, s.workers) == (program, runner, workers)
        })
    }

    /// Its repeats, none if it did not run.
    fn go(&self, program: Program, runner: Runner, workers: u32) -> &[GoSample] {
        self.go_run(program, runner, workers)
            .map_or(&[], |r| &r.samples)
    }

    /// The repeats of the run of `experiment` on `workers` workers.
    fn samples(&self, backend: Backend, experiment: &str, workers: u32, spans: bool) -> &[Sample] {
        self.runs
            .iter()
            .find(|r| {
                let s = &r.spec;
                (s.backend, s.experiment.as_str(), s.workers, s.spans)
                    == (backend, experiment, workers, spans)
            })
            .map_or(&[], |r| &r.samples)
    }

    /// `value` of each repeat of a run that has it.
    fn each(
        &self,
        (backend, experiment, workers): (Backend, &str, u32),
        value: impl Fn(&Sample) -> Option<f64>,
    ) -> Option<Stats> {
        let values: Vec<f64> = self
            .samples(backend, experiment, workers, true)
            .iter()
            .filter_map(value)
            .collect();
        Stats::of(&values)
    }

    /// The efficiency (speedup over k) of `experiment` on k workers, from each repeat:
    /// the sequential variant's time over the parallel one's, both from the same run
    /// (Amdahl's law: its 1-worker variant over its k-worker one, all in one run).
    fn efficiency(&self, backend: Backend, experiment: &str, k: u32) -> Option<Stats> {
        let (workers, base, variant) = if experiment == "amdahl" {
            (self.cores, "k1".to_owned(), format!("k{k}"))
        } else {
            (k, "sequential".to_owned(), "parallel".to_owned())
        };
        self.each((backend, experiment, workers), |s| {
            Some(wall(s, &base)? / wall(s, &variant)? / f64::from(k))
        })
    }

    /// The single-thread time of `experiment`: its one-worker variant, in ms.
    fn single_thread_ms(&self, backend: Backend, experiment: &str) -> Vec<f64> {
        let (workers, variant) = if experiment == "amdahl" {
            (self.cores, "k1")
        } else {
            (1, "sequential")
        };
        self.samples(backend, experiment, workers, true)
            .iter()
            .filter_map(|s| Some(wall(s, variant)? / 1e6))
            .collect()
    }
}

/// A variant's wall time in a repeat, in ns.
fn wall(sample: &Sample, variant: &str) -> Option<f64> {
    sample.walls.get(variant).map(|&ns| ns as f64)
}

/// Every variant's wall time in a repeat, added up, in ns.
fn total(sample: &Sample) -> f64 {
    sample.walls.values().map(|&ns| ns as f64).sum()
}

/// Section 1: speedup over k, natively and in the browser, for k = 1 to the cores.
fn efficiency(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    for experiment in CPU_BOUND {
        // Amdahl's 1-worker variant is its own base: its efficiency is 1 by definition.
        let first = if experiment == "amdahl" { 2 } else { 1 };
        for k in first..=m.cores {
            let native = m.efficiency(Backend::Native, experiment, k);
            for backend in Backend::ALL {
                let Some(stats) = m.efficiency(backend, experiment, k) else {
                    continue;
                };
                let target = match backend {
                    Backend::Native => Some(NATIVE_EFFICIENCY),
                    _ => native.map(|n| OF_NATIVE * n.median),
                };
                let row = Row::new(
                    format!("{experiment}, k = {k}, {}", backend.label()),
                    Unit::Efficiency,
                    stats,
                );
                rows.push(match target {
                    Some(t) => row.target(Target::AtLeast(t)),
                    None => row,
                });
            }
        }
    }
    Section {
        title: "1. Parallel efficiency",
        note: format!(
            "Efficiency is speedup ÷ k, 1 being ideal. Each repeat's speedup comes from one \
             run: the sum's and the CPU-bound tasks' sequential variant over their parallel \
             one on k workers (n = {n}; k tasks of {rounds} rounds of fib(25)), Amdahl's law \
             with s = 0 (n = {n}) its 1-worker variant over its k-worker one. Targets: native \
             at least {native} (within 5 % of ideal), the browser at least {of} × the native \
             median of the same k (within 5 % of native). The shared-memory backend runs on \
             an isolated page; the message-passing one on the same page with \
             `backend=message`.",
            n = format_count(super::plan::SUM_N),
            rounds = super::plan::CPU_ROUNDS,
            native = NATIVE_EFFICIENCY,
            of = OF_NATIVE,
        ),
        rows,
    }
}

/// Section 2: the same work on one worker, wasm against native.
fn single_thread(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    for experiment in CPU_BOUND {
        let Some(native) = Stats::of(&m.single_thread_ms(Backend::Native, experiment)) else {
            continue;
        };
        rows.push(Row::new(
            format!("{experiment}, 1 worker, native"),
            Unit::Ms,
            native,
        ));
        for backend in [Backend::Shared, Backend::Message] {
            let ratios: Vec<f64> = m
                .single_thread_ms(backend, experiment)
                .iter()
                .map(|ms| ms / native.median)
                .collect();
            if let Some(stats) = Stats::of(&ratios) {
                rows.push(
                    Row::new(
                        format!("{experiment}, 1 worker, {} ÷ native", backend.label()),
                        Unit::Times,
                        stats,
                    )
                    .target(Target::AtMost(WASM_OVER_NATIVE)),
                );
            }
        }
    }
    Section {
        title: "2. Single-thread speed",
        note: format!(
            "The one-worker variant of each workload (the sequential variant of the runs on \
             1 worker; Amdahl's 1-worker variant), wasm in headless Chromium against the same \
             engine built natively. Each browser repeat is divided by the native median. \
             Target: wasm at most {WASM_OVER_NATIVE}× the native time."
        ),
        rows,
    }
}

/// Section 3: what recording spans costs, natively.
fn tracing(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    let per_span = span_cost(&m.native.span_cost);
    if let Some(cost) = per_span {
        rows.push(Row::new(
            "one recorded span (two clock reads and a push), native",
            Unit::Ns,
            cost,
        ));
    }
    for experiment in CPU_BOUND {
        let on = m.samples(Backend::Native, experiment, m.cores, true);
        let off = m.samples(Backend::Native, experiment, m.cores, false);
        // Repeats alternate, so each pair ran close together in time.
        let pairs: Vec<(&Sample, &Sample)> = on.iter().zip(off).collect();
        let overhead: Vec<f64> = pairs
            .iter()
            .map(|(on, off)| (total(on) / total(off) - 1.0) * 100.0)
            .collect();
        let spans: Vec<f64> = on
            .iter()
            .filter_map(|s| s.spans)
            .map(|n| n as f64)
            .collect();
        let (Some(overhead), Some(spans), Some(wall)) = (
            Stats::of(&overhead),
            Stats::of(&spans),
            Stats::of(&on.iter().map(total).collect::<Vec<_>>()),
        ) else {
            continue;
        };
        let name = format!(
            "{experiment}, k = {}, {:.0} spans a run",
            m.cores, spans.median
        );
        rows.push(
            Row::new(
                format!("{name}: wall with spans ÷ without − 1"),
                Unit::Percent,
                overhead,
            )
            .target(Target::AtMost(TRACING_PERCENT)),
        );
        if let Some(cost) = per_span {
            rows.push(
                Row::new(
                    format!("{name}: spans × cost of one span ÷ wall"),
                    Unit::Percent,
                    Stats::single(spans.median * cost.median / wall.median * 100.0),
                )
                .target(Target::AtMost(TRACING_PERCENT)),
            );
        }
    }
    Section {
        title: "3. Tracing overhead",
        note: format!(
            "Each CPU-bound workload on {cores} workers natively, with span recording on and \
             off (`interleave_engine::shared_memory::run_untraced`), the repeats alternating; \
             the wall is all variants' added up, each repeat compared with its neighbour. \
             These runs record a few long spans, so that difference is mostly noise, and \
             the cost per span comes from recording {calls} spans around no work against \
             running the same calls unrecorded; the rows that multiply the spans a run \
             records by it bound the overhead better. Target: under {TRACING_PERCENT} % \
             of the wall. The \
             page has no switch for span recording, so this is native only: a URL option \
             read by the app (e.g. `trace=off`) and passed to the runtime, which would wrap \
             its run through `run_untraced`, would let the browser measure it too.",
            cores = m.cores,
            calls = format_count(m.native.span_cost.calls),
        ),
        rows,
    }
}

/// The cost of one span from each repeat, in ns.
fn span_cost(cost: &SpanCost) -> Option<Stats> {
    let values: Vec<f64> = cost
        .on_ns
        .iter()
        .zip(&cost.off_ns)
        .map(|(&on, &off)| (on as f64 - off as f64) / cost.calls as f64)
        .collect();
    Stats::of(&values)
}

/// Section 4: the task scheduler's cost per task and per parked wait.
fn scheduler(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    let tasks = f64::from(TASKS);
    for run in &m.native.scheduler {
        let spawn: Vec<f64> = run.spawn_ns.iter().map(|&ns| ns as f64 / tasks).collect();
        let park: Vec<f64> = run
            .park_ns
            .iter()
            .zip(&run.spawn_ns)
            .map(|(&park, &spawn)| (park as f64 - spawn as f64) / tasks)
            .collect();
        let k = run.workers;
        if let Some(stats) = Stats::of(&spawn) {
            rows.push(
                Row::new(
                    format!("spawn and complete an empty task, k = {k}, native"),
                    Unit::Ns,
                    stats,
                )
                .target(Target::AtMost(GO_SPAWN_NS)),
            );
        }
        if let Some(stats) = Stats::of(&park) {
            rows.push(
                Row::new(format!("one parked wait, k = {k}, native"), Unit::Ns, stats)
                    .target(Target::AtMost(GO_PARK_NS)),
            );
        }
    }
    let spawn_of = |k: u32| {
        m.native
            .scheduler
            .iter()
            .find(|run| run.workers == k)
            .map(|run| run.spawn_ns.as_slice())
    };
    let ratio = |over: &[u64], under: &[u64]| -> Option<Stats> {
        let values: Vec<f64> = over
            .iter()
            .zip(under)
            .map(|(&o, &u)| o as f64 / u.max(1) as f64)
            .collect();
        Stats::of(&values)
    };
    let pairs = [
        (2, 1, SPAWN_K2_OVER_K1),
        (OVERSUBSCRIBED, 2, SPAWN_OVERSUBSCRIBED_OVER_K2),
    ];
    for (over, under, most) in pairs {
        if let (Some(o), Some(u)) = (spawn_of(over), spawn_of(under))
            && let Some(stats) = ratio(o, u)
        {
            rows.push(
                Row::new(
                    format!("spawn and complete, k = {over} ÷ k = {under}, native"),
                    Unit::Times,
                    stats,
                )
                .target(Target::AtMost(most)),
            );
        }
    }
    let version = m.go_version.unwrap_or("");
    for k in m.native.scheduler.iter().map(|run| run.workers) {
        let Some(go) = m.go_run(Program::Spawn, Runner::Go, k) else {
            continue;
        };
        let go_ns: Vec<u64> = go.samples.iter().map(|s| s.ns).collect();
        let per: Vec<f64> = go_ns
            .iter()
            .map(|&ns| ns as f64 / go.spec.n as f64)
            .collect();
        if let Some(stats) = Stats::of(&per) {
            rows.push(Row::new(
                format!("Go {version}: a goroutine calling wg.Done(), GOMAXPROCS = {k}"),
                Unit::Ns,
                stats,
            ));
        }
        if let Some(stats) = spawn_of(k).and_then(|ours| ratio(ours, &go_ns)) {
            rows.push(Row::new(
                format!("engine task ÷ Go goroutine, k = {k}"),
                Unit::Times,
                stats,
            ));
        }
    }
    let mut counts = vec![1, m.cores];
    counts.dedup();
    for k in counts {
        for backend in Backend::ALL {
            let stats = m.each((backend, "granularity", k), |s| {
                Some(wall(s, "size-1")? / tasks)
            });
            if let Some(stats) = stats {
                rows.push(
                    Row::new(
                        format!(
                            "granularity's one-number tasks, k = {k}, {}",
                            backend.label()
                        ),
                        Unit::Ns,
                        stats,
                    )
                    .target(Target::AtMost(
                        if k == 2 && backend == Backend::Shared {
                            BROWSER_TASK_NS
                        } else {
                            GO_SPAWN_NS
                        },
                    )),
                );
            }
        }
    }
    Section {
        title: "4. Scheduler cost",
        note: format!(
            "Natively, {tasks} tasks on the engine's task scheduler, spawned by one feeder \
             task in batches of 1,024 as the granularity experiment does: the wall time over \
             the tasks when they do nothing, and the extra when each parks once for \
             {park} µs (timer, wake-up, second poll), each repeat against its neighbour. \
             In the browser the same count is reachable through the granularity experiment \
             (n = {tasks}): its smallest size runs {tasks} tasks that each add one number, \
             timed on every backend. Per-worker run queues with stealing must keep a task at \
             k = 2 within {k2}× its k = 1 cost and at k = {over} within {over_k2}× its k = 2 \
             cost, and a one-number task in the browser at k = 2 under {browser} ns. Where Go \
             is installed, {tasks} goroutines each calling `wg.Done()`, spawned by main \
             (`tests/bench/go/spawn.go`), are timed at the same GOMAXPROCS in each repeat, \
             with the engine's cost over Go's. \
             The other targets are anchors, not goals: Go creates and runs \
             a goroutine in a few hundred ns (`BenchmarkCreateGoroutines` in Go's \
             `src/runtime/proc_test.go`: 473–532 ns/op, and `BenchmarkChanSync`, a goroutine \
             blocked and woken on a channel, 598–691 ns/op, as published in Go commit \
             eeca3ba92fdb, go-review.googlesource.com/22549, on a 128-thread ppc64 \
             machine; other machines differ).",
            tasks = format_count(u64::from(TASKS)),
            park = PARK_NS / 1_000,
            k2 = SPAWN_K2_OVER_K1,
            over = OVERSUBSCRIBED,
            over_k2 = SPAWN_OVERSUBSCRIBED_OVER_K2,
            browser = BROWSER_TASK_NS,
        ),
        rows,
    }
}

/// Section 5: how soon the page is usable, what it downloads, how fast a pool rebuilds.
fn startup(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    let startup = &m.browser.startup;
    for (name, loads) in [
        (
            "first load in a new profile (cold caches)",
            &startup.cold_ms,
        ),
        ("second load, in a fresh tab", &startup.warm_ms),
    ] {
        if let Some(stats) = Stats::of(loads) {
            rows.push(
                Row::new(format!("navigation → interactive, {name}"), Unit::Ms, stats)
                    .target(Target::AtMost(INTERACTIVE_MS)),
            );
        }
    }
    let reported: Vec<f64> = startup.pool_start_ms.iter().flatten().copied().collect();
    if let Some(stats) = Stats::of(&reported) {
        rows.push(Row::new(
            format!(
                "pool start on load, as the page reports it (k = {})",
                m.cores
            ),
            Unit::Ms,
            stats,
        ));
    }
    for size in m.sizes {
        let kb = |bytes: u64| Stats::single(bytes as f64 / 1_000.0);
        rows.push(Row::new(
            format!("pkg/{}, raw", size.module),
            Unit::Kb,
            kb(size.raw),
        ));
        rows.push(Row::new(
            format!("pkg/{}, gzip -9", size.module),
            Unit::Kb,
            kb(size.gzip),
        ));
    }
    let download: u64 = m
        .sizes
        .iter()
        .filter(|s| s.module == "app" || s.module == "runtime")
        .map(|s| s.gzip)
        .sum();
    rows.push(
        Row::new(
            "UI + shared-memory runtime (pkg/app + pkg/runtime), gzip -9",
            Unit::Kb,
            Stats::single(download as f64 / 1_000.0),
        )
        .target(Target::AtMost(DOWNLOAD_KB)),
    );
    let rebuild = &m.browser.rebuild;
    if let Some(stats) = Stats::of(&rebuild.ms) {
        rows.push(
            Row::new(
                format!("pool rebuild to k = {}: Run pressed → ready", m.cores),
                Unit::Ms,
                stats,
            )
            .target(Target::AtMost(REBUILD_MS)),
        );
    }
    let reported: Vec<f64> = rebuild.reported_ms.iter().flatten().copied().collect();
    if let Some(stats) = Stats::of(&reported) {
        rows.push(Row::new(
            format!("pool rebuild to k = {}, as the page reports it", m.cores),
            Unit::Ms,
            stats,
        ));
    }
    Section {
        title: "5. Start-up",
        note: "Headless Chromium on localhost, the isolated page of the sum with the Workers \
               at the cores, loaded twice in each repeat's new browser profile, each time in \
               a fresh tab (so the first load has nothing cached). Interactive: Run enabled and the environment line saying the \
               pool is ready, timed by the page from navigation start. The page reports the \
               pool start from its runtime worker's own start (loading the runtime, starting \
               the threads, warming up) to ready; the rebuild is timed from pressing Run \
               after moving the Workers slider (from 1) until the page says the new pool is \
               ready. Sizes are of each module's folder (wasm, wasm-bindgen's JS and \
               snippets), as `cargo xtask build` writes it; 1 KB = 1,000 bytes. Targets: \
               interactive under 1 s, UI + runtime under 600 KB gzipped, rebuild under \
               150 ms."
            .into(),
        rows,
    }
}

/// Section 6: full redraws of the timeline, from the timeline benchmark.
fn timeline(m: &Measurements) -> Section {
    let rows: Vec<Row> = m
        .redraws
        .iter()
        .map(|r| Row {
            name: format!("{} spans, {}", format_count(r.spans), r.phase),
            unit: Unit::Ms,
            median: r.median_ms,
            spread: Some(Spread::P95Max(r.p95_ms, r.max_ms)),
            n: r.n,
            target: Some(Target::AtMost(FRAME_MS)),
        })
        .collect();
    Section {
        title: "6. Timeline rendering",
        note: "Full redraws of the timeline, timed by the page itself (User Timing), from \
               `tests/bench/timeline.mjs`: a run whose spans are replaced by synthetic ones \
               in the browser, then redraws while hovering at fit, zooming with the wheel, \
               dragging at 16× zoom and hovering in the task view. The range column gives \
               the 95th percentile and the longest. Target (set here, none was given): a \
               redraw within one frame at 60 Hz."
            .to_owned()
            + if rows.is_empty() {
                " Its output had no redraw times this time: it is in latest.json (raw.timeline)."
            } else {
                ""
            },
        rows,
    }
}

/// Each repeat's ratio of `over`'s time to `under`'s, the repeats paired in order (each
/// pair ran in the same repeat of the bench).
fn go_ratio(over: &[GoSample], under: &[GoSample]) -> Option<Stats> {
    let ratios: Vec<f64> = over
        .iter()
        .zip(under)
        .map(|(o, u)| o.ns as f64 / u.ns.max(1) as f64)
        .collect();
    Stats::of(&ratios)
}

/// `value` of each repeat of some Go runs.
fn go_each(samples: &[GoSample], value: impl Fn(&GoSample) -> Option<f64>) -> Option<Stats> {
    Stats::of(&samples.iter().filter_map(value).collect::<Vec<_>>())
}

/// Section 7: Go programs in our VM beside the same programs in Go.
fn go_programs(m: &Measurements) -> Section {
    let mut rows = Vec::new();
    let version = m.go_version.unwrap_or("");
    let ms = |s: &GoSample| Some(s.ns as f64 / 1e6);
    for (program, what) in [
        (Program::Loop, "the loop (0 to n-1 added up)"),
        (Program::Fib, "recursive fib(n)"),
    ] {
        let go = m.go(program, Runner::Go, 1);
        if let Some(stats) = go_each(go, ms) {
            rows.push(Row::new(format!("{what}, Go {version}"), Unit::Ms, stats));
        }
        for runner in [Runner::Vm, Runner::Page] {
            let ours = m.go(program, runner, 1);
            if let Some(stats) = go_each(ours, ms) {
                rows.push(Row::new(
                    format!("{what}, {}", runner.label()),
                    Unit::Ms,
                    stats,
                ));
            }
            if let Some(stats) = go_ratio(ours, go) {
                rows.push(
                    Row::new(
                        format!("{what}, {} ÷ Go", runner.label()),
                        Unit::Times,
                        stats,
                    )
                    .target(Target::AtMost(VM_OVER_GO)),
                );
            }
        }
    }
    let split_efficiency = |runner| {
        let k1 = m.go(Program::Split, runner, 1);
        let k2 = m.go(Program::Split, runner, 2);
        go_ratio(k1, k2).map(|speedup| Stats {
            median: speedup.median / 2.0,
            min: speedup.min / 2.0,
            max: speedup.max / 2.0,
            ..speedup
        })
    };
    let go_efficiency = split_efficiency(Runner::Go);
    if let Some(stats) = go_efficiency {
        rows.push(Row::new(
            format!("the split sum, k = 2: efficiency, Go {version}"),
            Unit::Efficiency,
            stats,
        ));
    }
    if let Some(stats) = split_efficiency(Runner::Vm) {
        let row = Row::new(
            "the split sum, k = 2: efficiency, VM native",
            Unit::Efficiency,
            stats,
        );
        rows.push(match go_efficiency {
            Some(go) => row.target(Target::AtLeast(OF_GO_EFFICIENCY * go.median)),
            None => row,
        });
    }
    let mut page_workers = vec![1, m.cores];
    page_workers.dedup();
    for k in page_workers {
        let Some(ours) = m.go_run(Program::Spawn, Runner::Page, k) else {
            continue;
        };
        let per = |s: &GoSample| Some(s.ns as f64 / ours.spec.n as f64);
        if let Some(stats) = go_each(&ours.samples, per) {
            rows.push(
                Row::new(
                    format!("a goroutine calling wg.Done(), k = {k}, VM in the page"),
                    Unit::Ns,
                    stats,
                )
                .target(Target::AtMost(PAGE_GOROUTINE_NS)),
            );
        }
    }
    let mb = |s: &GoSample| Some(s.peak_kb? as f64 * 1_024.0 / 1e6);
    for k in [1, 2] {
        let go = m.go(Program::Mutex, Runner::Go, k);
        let ours = m.go(Program::Mutex, Runner::Vm, k);
        let name = |what: &str| format!("a million goroutines, one mutex, k = {k}: {what}");
        let measures = [
            (
                format!("Go {version}"),
                go,
                Unit::Ms,
                ms as fn(&GoSample) -> Option<f64>,
            ),
            ("VM native".into(), ours, Unit::Ms, ms),
            (format!("Go {version}, peak memory"), go, Unit::Mb, mb),
            ("VM native, peak memory".into(), ours, Unit::Mb, mb),
        ];
        for (what, samples, unit, value) in measures {
            if let Some(stats) = go_each(samples, value) {
                rows.push(Row::new(name(&what), unit, stats));
            }
        }
        if let Some(stats) = go_ratio(ours, go) {
            rows.push(Row::new(name("VM native ÷ Go"), Unit::Times, stats));
        }
    }
    Section {
        title: "7. Go programs: the VM beside Go",
        note: format!(
            "The Go programs of `tests/bench/go`, each timing itself (`time.Now` to \
             `time.Since`, printed with its answer, which must be the same everywhere): in \
             Go {version} (`go build`, `GOMAXPROCS` = k), in our VM natively \
             (`interleave go FILE --workers k`, the release build) and in the VM in the page \
             (the Go mode of the isolated page with `workers=k`, through the runtime's \
             `runProgram`). Natively each VM run comes right after its Go run, in the page \
             in the browser half of the same repeat, and each ratio is a repeat's VM time \
             over the same repeat's Go time. The loop adds up 0 to \
             n-1 in a for loop (n = {sum}), the split sum's inner loop; fib is recursive \
             fib({fib}); both on one worker, target: the VM within {VM_OVER_GO}× Go. The \
             split sum is the seeds' split and join, two goroutines each adding up half of \
             0 to n-1 (n = {sum}) and sending it on a channel: efficiency is the speedup \
             from k = 1 to k = 2 over 2, each repeat's from its own two runs; target: the \
             VM's at least {OF_GO_EFFICIENCY} × Go's median. In the page {page} goroutines \
             each calling `wg.Done()` are spawned by main; target: at most {PAGE_GOROUTINE_NS} \
             ns a goroutine. The seeds' million goroutines each lock one mutex to add one to \
             a counter, joined by a WaitGroup, with each process's peak resident memory \
             (GNU time's `%M`; 1 MB = 1,000,000 bytes); no target is set for it, Go's \
             numbers are its yardstick.",
            sum = format_count(SUM_N),
            fib = FIB_N,
            page = format_count(PAGE_GOROUTINES),
        ),
        rows,
    }
}

/// Every section, in order.
pub fn sections(m: &Measurements) -> Vec<Section> {
    vec![
        efficiency(m),
        single_thread(m),
        tracing(m),
        scheduler(m),
        startup(m),
        timeline(m),
        go_programs(m),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::plan::{self, Rebuild, SchedulerMeasured, Startup};

    fn sample(walls: &[(&str, u64)], spans: Option<u64>) -> Sample {
        Sample {
            walls: walls.iter().map(|&(id, ns)| (id.to_owned(), ns)).collect(),
            spans,
        }
    }

    fn measured(backend: Backend, experiment: &str, k: u32, spans: bool, s: Sample) -> Measured {
        Measured {
            spec: plan::run(backend, experiment, k, spans),
            samples: vec![s.clone(), s],
        }
    }

    fn native() -> NativeOut {
        let sum = |parallel| {
            sample(
                &[
                    ("sequential", 200),
                    ("concurrent", 200),
                    ("parallel", parallel),
                ],
                Some(19),
            )
        };
        NativeOut {
            runs: vec![
                measured(Backend::Native, "sum", 1, true, sum(200)),
                measured(Backend::Native, "sum", 2, true, sum(100)),
                measured(
                    Backend::Native,
                    "sum",
                    2,
                    false,
                    sample(
                        &[("sequential", 198), ("concurrent", 198), ("parallel", 98)],
                        Some(0),
                    ),
                ),
            ],
            scheduler: vec![SchedulerMeasured {
                workers: 1,
                spawn_ns: vec![300_000_000; 2],
                park_ns: vec![500_000_000; 2],
            }],
            span_cost: SpanCost {
                calls: 1_000,
                on_ns: vec![30_000, 30_000],
                off_ns: vec![1_000, 1_000],
            },
        }
    }

    fn browser() -> BrowserOut {
        let sum = |sequential, parallel| {
            sample(
                &[
                    ("sequential", sequential),
                    ("concurrent", sequential),
                    ("parallel", parallel),
                ],
                None,
            )
        };
        BrowserOut {
            runs: vec![
                measured(Backend::Shared, "sum", 1, true, sum(260, 260)),
                measured(Backend::Shared, "sum", 2, true, sum(260, 150)),
            ],
            startup: Startup {
                cold_ms: vec![1_200.0],
                warm_ms: vec![400.0, 500.0],
                pool_start_ms: vec![Some(90.0), Some(80.0), None],
            },
            rebuild: Rebuild {
                ms: vec![120.0, 140.0],
                reported_ms: vec![Some(60.0), Some(70.0)],
            },
            user_agent: "HeadlessChrome".into(),
            go: Vec::new(),
        }
    }

    fn go_run(program: Program, n: u64, runner: Runner, k: u32, ns: &[u64]) -> GoMeasured {
        Measured {
            spec: plan::GoRunSpec {
                program,
                n,
                runner,
                workers: k,
                source: String::new(),
            },
            samples: ns
                .iter()
                .map(|&ns| GoSample {
                    ns,
                    answer: "1".into(),
                    peak_kb: Some(20_000),
                })
                .collect(),
        }
    }

    fn row<'a>(sections: &'a [Section], name: &str) -> &'a Row {
        sections
            .iter()
            .flat_map(|s| &s.rows)
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}"))
    }

    #[test]
    fn every_section_reads_its_measurements() {
        let (native, browser) = (native(), browser());
        let sizes = [
            Size {
                module: "app",
                raw: 1_000_000,
                gzip: 400_000,
            },
            Size {
                module: "runtime",
                raw: 500_000,
                gzip: 150_000,
            },
            Size {
                module: "message-passing",
                raw: 500_000,
                gzip: 150_000,
            },
        ];
        let redraws = [Redraws {
            spans: 100_000,
            phase: "fit".into(),
            n: 40,
            median_ms: 3.0,
            p95_ms: 4.0,
            max_ms: 20.0,
        }];
        let m = Measurements {
            cores: 2,
            runs: native.runs.iter().chain(&browser.runs).collect(),
            native: &native,
            browser: &browser,
            sizes: &sizes,
            redraws: &redraws,
            go_version: None,
            go_runs: Vec::new(),
        };
        let s = sections(&m);
        assert_eq!(s.len(), 7);

        let native_k2 = row(&s, "sum, k = 2, native");
        assert_eq!((native_k2.median, native_k2.met()), (1.0, Some(true)));
        // 260 / 150 / 2 = 0.867, short of 95 % of the native 1.0.
        let shared_k2 = row(&s, "sum, k = 2, wasm, shared memory");
        assert!((shared_k2.median - 260.0 / 150.0 / 2.0).abs() < 1e-9);
        assert_eq!(shared_k2.target, Some(Target::AtLeast(0.95)));
        assert_eq!(shared_k2.met(), Some(false));

        let ratio = row(&s, "sum, 1 worker, wasm, shared memory ÷ native");
        assert!((ratio.median - 1.3).abs() < 1e-9);
        assert_eq!(ratio.met(), Some(true));

        assert_eq!(
            row(&s, "one recorded span (two clock reads and a push), native").median,
            29.0
        );
        let overhead = row(
            &s,
            "sum, k = 2, 19 spans a run: wall with spans ÷ without − 1",
        );
        assert!((overhead.median - (500.0 / 494.0 - 1.0) * 100.0).abs() < 1e-9);
        let implied = row(
            &s,
            "sum, k = 2, 19 spans a run: spans × cost of one span ÷ wall",
        );
        assert!((implied.median - 19.0 * 29.0 / 500.0 * 100.0).abs() < 1e-9);

        assert_eq!(
            row(&s, "spawn and complete an empty task, k = 1, native").median,
            300.0
        );
        assert_eq!(row(&s, "one parked wait, k = 1, native").median, 200.0);

        let cold = row(
            &s,
            "navigation → interactive, first load in a new profile (cold caches)",
        );
        assert_eq!((cold.median, cold.met()), (1_200.0, Some(false)));
        let warm = row(&s, "navigation → interactive, second load, in a fresh tab");
        assert_eq!(warm.median, 450.0);
        let download = row(
            &s,
            "UI + shared-memory runtime (pkg/app + pkg/runtime), gzip -9",
        );
        assert_eq!((download.median, download.met()), (550.0, Some(true)));
        assert_eq!(
            row(&s, "pool rebuild to k = 2: Run pressed → ready").median,
            130.0
        );

        let fit = row(&s, "100,000 spans, fit");
        assert_eq!(fit.spread, Some(Spread::P95Max(4.0, 20.0)));
        assert_eq!(fit.met(), Some(true));
    }

    #[test]
    fn the_scheduler_rows_compare_worker_counts_and_go() {
        let mut native = native();
        native.scheduler = [(1, 300_000_000), (2, 330_000_000), (8, 600_000_000)]
            .into_iter()
            .map(|(workers, ns)| SchedulerMeasured {
                workers,
                spawn_ns: vec![ns; 2],
                park_ns: vec![ns * 2; 2],
            })
            .collect();
        let browser = browser();
        let go = [
            go_run(
                Program::Spawn,
                u64::from(TASKS),
                Runner::Go,
                1,
                &[150_000_000; 2],
            ),
            go_run(
                Program::Spawn,
                u64::from(TASKS),
                Runner::Go,
                2,
                &[165_000_000; 2],
            ),
        ];
        let m = Measurements {
            cores: 2,
            runs: native.runs.iter().chain(&browser.runs).collect(),
            native: &native,
            browser: &browser,
            sizes: &[],
            redraws: &[],
            go_version: Some("go1.19.8"),
            go_runs: go.iter().collect(),
        };
        let s = sections(&m);
        let k2 = row(&s, "spawn and complete, k = 2 ÷ k = 1, native");
        assert!((k2.median - 1.1).abs() < 1e-9);
        assert_eq!(k2.met(), Some(true));
        let k8 = row(&s, "spawn and complete, k = 8 ÷ k = 2, native");
        assert_eq!(k8.met(), Some(false), "600 / 330 is over 1.5");
        let go1 = row(
            &s,
            "Go go1.19.8: a goroutine calling wg.Done(), GOMAXPROCS = 1",
        );
        assert!((go1.median - 150.0).abs() < 1e-9);
        assert!((row(&s, "engine task ÷ Go goroutine, k = 2").median - 2.0).abs() < 1e-9);
    }

    #[test]
    fn the_go_rows_compare_the_vm_with_go_repeat_by_repeat() {
        let (native, browser) = (native(), browser());
        let million = u64::from(TASKS);
        let go = [
            go_run(
                Program::Loop,
                SUM_N,
                Runner::Go,
                1,
                &[40_000_000, 50_000_000],
            ),
            go_run(
                Program::Loop,
                SUM_N,
                Runner::Vm,
                1,
                &[800_000_000, 2_000_000_000],
            ),
            go_run(Program::Loop, SUM_N, Runner::Page, 1, &[1_500_000_000; 2]),
            go_run(Program::Split, SUM_N, Runner::Go, 1, &[40_000_000; 2]),
            go_run(Program::Split, SUM_N, Runner::Go, 2, &[20_000_000; 2]),
            go_run(Program::Split, SUM_N, Runner::Vm, 1, &[900_000_000; 2]),
            go_run(Program::Split, SUM_N, Runner::Vm, 2, &[500_000_000; 2]),
            go_run(
                Program::Spawn,
                PAGE_GOROUTINES,
                Runner::Page,
                2,
                &[200_000_000; 2],
            ),
            go_run(Program::Mutex, million, Runner::Go, 1, &[300_000_000; 2]),
            go_run(Program::Mutex, million, Runner::Vm, 1, &[900_000_000; 2]),
        ];
        let m = Measurements {
            cores: 2,
            runs: native.runs.iter().chain(&browser.runs).collect(),
            native: &native,
            browser: &browser,
            sizes: &[],
            redraws: &[],
            go_version: Some("go1.19.8"),
            go_runs: go.iter().collect(),
        };
        let s = sections(&m);
        assert_eq!(s.len(), 7);
        let what = "the loop (0 to n-1 added up)";
        assert_eq!(row(&s, &format!("{what}, Go go1.19.8")).median, 45.0);
        // Each repeat against its own: 800 / 40 = 20 and 2000 / 50 = 40.
        let native_ratio = row(&s, &format!("{what}, VM native ÷ Go"));
        assert_eq!(native_ratio.median, 30.0);
        assert_eq!(native_ratio.spread, Some(Spread::Range(20.0, 40.0)));
        assert_eq!(native_ratio.met(), Some(true));
        let page_ratio = row(&s, &format!("{what}, VM in the page ÷ Go"));
        assert_eq!(
            page_ratio.met(),
            Some(false),
            "1500 / 50 and 1500 / 40 are over 30"
        );
        assert!(s[6].rows.iter().all(|r| !r.name.starts_with("recursive")));

        let go_split = row(&s, "the split sum, k = 2: efficiency, Go go1.19.8");
        assert_eq!(go_split.median, 1.0);
        let vm_split = row(&s, "the split sum, k = 2: efficiency, VM native");
        assert_eq!(vm_split.median, 0.9);
        assert_eq!(vm_split.target, Some(Target::AtLeast(0.95)));

        let page = row(&s, "a goroutine calling wg.Done(), k = 2, VM in the page");
        assert_eq!((page.median, page.met()), (2_000.0, Some(false)));

        let mutex = |what: &str| {
            row(
                &s,
                &format!("a million goroutines, one mutex, k = 1: {what}"),
            )
        };
        assert_eq!(mutex("VM native").median, 900.0);
        assert_eq!(mutex("VM native ÷ Go").median, 3.0);
        assert_eq!(mutex("VM native, peak memory").median, 20.48);
        assert_eq!(mutex("VM native, peak memory").target, None);
    }
}
