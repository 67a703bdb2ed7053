//! A Go subset compiled to register bytecode and run by a VM whose goroutines are tasks
//! on the engine's M:N scheduler, on k real worker threads (issue 16).
//!
//! [`compile`] checks a program and compiles it; [`run`] runs it on the current rayon
//! pool. Shared variables live in relaxed atomic words, so races are real.
#![forbid(unsafe_code)]
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod ast;
pub mod bytecode;
pub mod check;
pub mod compile;
pub mod embed;
pub mod fmt;
pub mod lexer;
pub mod library;
pub mod parser;
pub mod procs;
pub mod runtime;
pub mod source;
pub mod value;
pub mod vm;

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex, OnceLock};

use interleave_engine::clock::RunClock;
use interleave_engine::tasks::{Recording, TaskRun, TaskRunConfig, run_tasks};

pub use source::MAX_SOURCE_BYTES;

/// A compile error at a line and byte column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Line, from 1.
    pub line: u32,
    /// Byte column, from 1.
    pub col: u32,
    /// Go's words for it.
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "prog.go:{}:{}: {}", self.line, self.col, self.message)
    }
}

/// A compiled program: bytecode, Send + Sync, runnable any number of times.
#[derive(Debug, Clone)]
pub struct Program {
    code: Arc<bytecode::Program>,
}

impl Program {
    /// The bytecode.
    pub fn bytecode(&self) -> &bytecode::Program {
        &self.code
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn programs_and_errors_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<super::Program>();
        send_sync::<super::CompileError>();
    }
}

/// Checks and compiles a program.
pub fn compile(source: &str) -> Result<Program, Vec<CompileError>> {
    source::check(source).map_err(|e| vec![e])?;
    let tokens = lexer::lex(source).map_err(|e| vec![e])?;
    let file = parser::parse(tokens).map_err(|e| vec![e])?;
    let code = compile::compile_file(&file)?;
    Ok(Program {
        code: Arc::new(code),
    })
}

/// What a run may use; exceeding one is a run-time error naming it (exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Live goroutines at once.
    pub max_goroutines: u32,
    /// Bytes allocated (slices, maps, strings; approximate).
    pub max_memory_bytes: u64,
    /// Run time in ns.
    pub max_run_ns: u64,
}

impl Default for Limits {
    /// 1,000,000 live goroutines (the seed texts' "million goroutines behind one mutex"
    /// runs unscaled; each costs the VM well under 1 KB while it waits), 1 GiB of slices,
    /// maps and strings as the VM stores them (16 bytes an element: a slice of 40 million
    /// ints fits), 60 s.
    fn default() -> Self {
        Limits {
            max_goroutines: 1_000_000,
            max_memory_bytes: 1 << 30,
            max_run_ns: 60_000_000_000,
        }
    }
}

/// How a program runs.
#[derive(Debug, Clone, Copy)]
pub struct GoRunConfig {
    /// Workers (GOMAXPROCS).
    pub workers: u32,
    /// Limits.
    pub limits: Limits,
    /// What the scheduler records.
    pub recording: Recording,
    /// What `runtime.NumCPU()` reads: the machine's logical CPUs as its host knows them
    /// (the CLI from the OS, the page from `navigator.hardwareConcurrency`).
    pub cpus: u32,
    /// The wall clock at the run's start, in ns since the Unix epoch (the host's:
    /// `SystemTime` natively, `Date.now()` in the page), from which `time.Now()` counts.
    pub epoch_ns: i64,
}

pub use interleave_engine::program::Stream;

/// The logical CPUs the operating system reports, for [`GoRunConfig::cpus`] on a native
/// host (1 where it cannot say, as on wasm, whose host asks the browser instead).
pub fn os_cpus() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// The wall clock now in ns since the Unix epoch, for [`GoRunConfig::epoch_ns`] on a
/// native host (wasm's host asks the browser instead: there `SystemTime` panics, which is
/// why it is disallowed elsewhere; the engine's clocks are monotonic, not wall clocks).
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods)]
pub fn os_epoch_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// Where a program's output goes, with the goroutine that wrote it and when.
pub trait Output: Send + Sync {
    /// Writes `text` (one call's output) to `stream`.
    fn write(&self, stream: Stream, goroutine: u32, at_ns: u64, text: &str);
}

/// Output kept in memory, stdout and stderr apart: for the tests and tools that compare
/// what a program printed.
#[derive(Debug, Default)]
pub struct Captured(Mutex<(String, String)>);

impl Captured {
    /// Everything written so far, as (stdout, stderr).
    pub fn take(&self) -> (String, String) {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Output for Captured {
    fn write(&self, stream: Stream, _goroutine: u32, _at_ns: u64, text: &str) {
        let mut o = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match stream {
            Stream::Stdout => o.0.push_str(text),
            Stream::Stderr => o.1.push_str(text),
        }
    }
}

/// What a run gave.
#[derive(Debug, Clone)]
pub struct GoRun {
    /// Exit status: 0, or 2 for a panic, a deadlock or a limit.
    pub exit: i32,
    /// What the scheduler recorded.
    pub tasks: TaskRun,
}

/// Runs a program on the current rayon pool; returns when main returns, a goroutine
/// panics, every goroutine waits (deadlock), or a limit is reached.
///
/// Goroutines write to `out` as they print, from whichever worker runs them, so a caller
/// polling it (the page) or writing it through (the CLI) shows output as it comes.
pub fn run(program: &Program, clock: RunClock, config: GoRunConfig, out: Arc<dyn Output>) -> GoRun {
    let prog = program.code.clone();
    let globals: Box<[Arc<value::Slot>]> = prog
        .globals
        .iter()
        .map(|t| Arc::new(value::Slot::new(vm::zero(&prog, *t))))
        .collect();
    let state = Arc::new(vm::RunState {
        prog: prog.clone(),
        globals,
        out: out.clone(),
        exit: AtomicI32::new(0),
        main_done: AtomicBool::new(false),
        live: AtomicU32::new(1),
        limits: config.limits,
        // The workers the run really gets: run_tasks takes at most the pool's threads.
        procs: procs::Procs::new(
            config
                .workers
                .clamp(1, rayon::current_num_threads().max(1) as u32),
        ),
        labels: prog.funcs.iter().map(|_| OnceLock::new()).collect(),
        rng: AtomicU64::new(clock.now() ^ 0x2545_F491_4F6C_DD1D),
        memory: AtomicU64::new(0),
        stopped: AtomicBool::new(false),
        cpus: config.cpus.max(1),
        epoch_ns: config.epoch_ns,
        spares: vm::Spares::default(),
    });
    let task_config = TaskRunConfig {
        recording: config.recording,
        ..TaskRunConfig::on(config.workers.max(1))
    };
    let st = state.clone();
    let tasks = run_tasks(clock, task_config, move |spawner| {
        let label = spawner.label("main.main");
        let (init, main) = (st.prog.init, st.prog.main);
        spawner.spawn_labelled(label, move |ctx| {
            let st2 = st.clone();
            async move {
                // init first (globals), then main, in the main goroutine.
                let g = vm::Goroutine::new(
                    st2.clone(),
                    ctx.clone(),
                    value::Value::Nil,
                    init,
                    Vec::new(),
                    false,
                );
                g.await;
                st2.live.fetch_add(1, SeqCst);
                if st2.exit.load(SeqCst) == 0 {
                    vm::Goroutine::new(st2, ctx, value::Value::Nil, main, Vec::new(), true).await;
                }
            }
        });
    });
    let mut exit = state.exit.load(SeqCst);
    if exit == 0
        && !state.main_done.load(SeqCst)
        && !state.stopped.load(SeqCst)
        && tasks.unfinished > 0
    {
        out.write(Stream::Stderr, 1, tasks.wall_ns, "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n");
        exit = 2;
    }
    GoRun { exit, tasks }
}
