//! Timing work on the current pool: the [`Recorder`] every span is recorded with, and the
//! pool-wide helpers the backends use around a run.

use std::hint::black_box;

use crate::clock::{Clock, RunClock};
use crate::kernels::{self, PIECE, sum_pieces};
use crate::trace::{Span, SpanBuffer, SpanKind};

/// Reads the run's clock and records spans on worker lanes.
///
/// It is `Copy` and its clock `'static` so that tasks of the task scheduler, which outlive
/// any one stack frame, can read it too.
#[derive(Clone, Copy)]
pub struct Recorder {
    clock: RunClock,
    /// Whether [`Recorder::span`] records (see [`Recorder::untraced`]).
    spans: bool,
    /// The lane of the pool's first thread: 0, or in the message-passing backend the
    /// lane of the engine doing its share.
    first_lane: u32,
}

impl Recorder {
    /// A recorder whose origin is now.
    pub fn new(clock: &'static dyn Clock) -> Self {
        Self::on(RunClock::starting_now(clock))
    }

    /// A recorder whose origin is `origin` on `clock`: engines that share a run but not
    /// a memory agree on it, so their spans land on one timeline.
    pub fn with_origin(clock: &'static dyn Clock, origin: u64) -> Self {
        Self::on(RunClock::with_origin(clock, origin))
    }

    /// A recorder reading `clock`, recording spans, its lanes from 0.
    pub fn on(clock: RunClock) -> Self {
        Self {
            clock,
            spans: true,
            first_lane: 0,
        }
    }

    /// The same recorder with span recording off: [`Recorder::span`] runs its work
    /// without reading the clock or keeping a span, so variants keep their wall times and
    /// values but the split-and-join steps record no spans. Comparing a run with one made
    /// so measures what tracing costs; tasks on the scheduler then record nothing either.
    pub fn untraced(self) -> Self {
        Self {
            spans: false,
            ..self
        }
    }

    /// Whether it records spans (see [`Recorder::untraced`]).
    pub fn records_spans(&self) -> bool {
        self.spans
    }

    /// The same recorder with the pool's first thread on lane `first_lane`.
    pub fn from_lane(self, first_lane: u32) -> Self {
        Self { first_lane, ..self }
    }

    /// The run's clock.
    pub fn clock(&self) -> RunClock {
        self.clock
    }

    /// Nanoseconds since the run's origin.
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// The lane of the worker the caller runs on.
    pub fn lane(&self) -> u32 {
        let thread = rayon::current_thread_index().and_then(|i| u32::try_from(i).ok());
        self.first_lane + thread.unwrap_or(0)
    }

    /// Runs `work` as one span of `task` on the current worker, recorded into `buffer`
    /// (unless this recorder is [untraced](Recorder::untraced)).
    pub fn span<T>(
        &self,
        task: u32,
        kind: SpanKind,
        buffer: &mut SpanBuffer,
        work: impl FnOnce() -> T,
    ) -> T {
        if !self.spans {
            return work();
        }
        let start_ns = self.now();
        let value = work();
        buffer.push(Span {
            worker: self.lane(),
            task,
            kind,
            start_ns,
            end_ns: self.now(),
            line: 0,
        });
        value
    }
}

/// Runs `tasks` jobs on the pool, any worker taking any job (rayon's work stealing), and
/// returns their results in task order.
pub fn on_the_pool<T: Send>(tasks: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut results: Vec<Option<T>> = (0..tasks).map(|_| None).collect();
    let work = &work;
    rayon::scope(|s| {
        for (task, slot) in results.iter_mut().enumerate() {
            s.spawn(move |_| *slot = Some(work(task)));
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("the scope ran every job"))
        .collect()
}

/// Numbers each worker adds, unmeasured, just before a run.
const PRIME_ITEMS: u64 = 8 * PIECE;

/// Gets every worker busy for a few milliseconds before the measured variants.
///
/// Idle workers sleep, and an idle core may be clocked down or handed to another virtual
/// machine; without this, whichever variant runs first pays for waking them up (about
/// 10 % of a 100 ms variant in Chromium on a 2-core machine).
pub fn prime_workers() {
    rayon::broadcast(|_| black_box(sum_pieces(1, PRIME_ITEMS + 1)));
}

/// How long [`free_cores`] watches the workers, in nanoseconds.
pub const PROBE_WINDOW_NS: u64 = 10_000_000;

/// How long before its window [`free_cores`] starts the workers, so that every one is
/// spinning when the window opens.
const PROBE_LEAD_NS: u64 = 2_000_000;

/// A jump of the clock between two reads longer than this means the worker was taken off
/// its core meanwhile: above the 100 µs a browser's clock steps by when it is not
/// isolated, below the milliseconds an operating system gives a thread its core for.
const DESCHEDULED_NS: u64 = 200_000;

/// How many cores the pool's workers really had at once over one window of
/// `window_ns`: every worker spins over the same window reading the clock, and counts
/// the time it saw no jump as time it ran (a worker taken off its core sees the clock
/// jump). The running shares add up to the cores the pool had, at most its workers.
///
/// A worker's share is of the part of the window after its first read: a Web Worker
/// woken from `Atomics.wait` can take milliseconds to start, which says nothing about
/// the cores (without this, an idle 2-core machine read 1.5 free cores in Chromium).
///
/// A core busy with another program, or one that a virtual machine's host took, is not
/// free: on a machine where that is so, a claim about k cores cannot be tested, and the
/// verdict says so ([`crate::repetition::qualify`]).
pub fn free_cores(rec: &Recorder, window_ns: u64) -> f64 {
    let window = probe_window(rec.now(), window_ns);
    let shares: Vec<f64> = rayon::broadcast(|_| running_share(|| rec.now(), window));
    shares.iter().sum()
}

/// The window a probe watches when it starts at `now_ns`: it opens 2 ms (`PROBE_LEAD_NS`)
/// later, so that every worker is spinning by then, and lasts `window_ns`.
pub fn probe_window(now_ns: u64, window_ns: u64) -> (u64, u64) {
    let from = now_ns + PROBE_LEAD_NS;
    (from, from + window_ns)
}

/// How much of the window `from..to` one worker ran, spinning on the clock `now` until
/// it closes: 0 to 1, counted from the worker's first read (see [`free_cores`]). The
/// message-passing backend, whose engines share a clock but no memory, has each engine
/// call it over one window and adds the shares up.
pub fn running_share(now: impl Fn() -> u64, (from, to): (u64, u64)) -> f64 {
    let began = now();
    let (mut ran, mut last) = (0, began);
    while last < to {
        let at = now();
        let (start, end) = (last.max(from), at.min(to));
        if end > start && at - last <= DESCHEDULED_NS {
            ran += end - start;
        }
        last = at;
        std::hint::spin_loop();
    }
    let watched = to.saturating_sub(began.max(from)).max(1);
    (ran as f64 / watched as f64).min(1.0)
}

/// Runs every kernel briefly on every worker of the pool, unmeasured.
///
/// A browser first runs wasm in a quick baseline tier and optimises a function only once
/// it is hot; without this, the first run a visitor makes measures the compiler, not the
/// claim. It costs a few milliseconds, so rebuilding a pool stays quick.
pub fn warm_up() {
    rayon::broadcast(|_| kernels::warm_up());
}

/// "1 worker" or "3 workers".
pub fn plural(count: impl Into<u64>, noun: &str) -> String {
    let count = count.into();
    format!(
        "{} {noun}{}",
        crate::analysis::format_count(count),
        if count == 1 { "" } else { "s" }
    )
}
