//! Experiment 12, "Race on the last seat": check-then-act on shared memory double-books.
//!
//! The race is real, not simulated, and it happens in two ways. On one worker, tasks on
//! the task scheduler that hand the worker back between their check and their act (as a
//! goroutine preempted there, or calling `runtime.Gosched`, would) let another task check
//! the same free seat: concurrency alone double-books, with no parallelism at all. On k
//! workers, workers released at the same instant check and act at once. Both use relaxed
//! atomic loads and stores, never a data race in Rust's sense (no undefined behaviour),
//! yet the check and the act are separate steps with a window between them, which is
//! exactly the bug; a lock or a compare-and-swap closes it in both.

use std::hint::{black_box, spin_loop};
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, Ordering::*};
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::format_duration_ns;
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::{VariantLoad, task_spans};
use crate::measure::{Recorder, plural};
use crate::params::ParamSpec;
use crate::tasks::{Lock, Recording, TaskCtx, channel};
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{Step, Variant};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "race",
    number: 12,
    group: Group::Coordination,
    title: "Race on the last seat",
    claim: "Tasks that check \"is a seat left?\" and then book it will sometimes both book \
            the last seat: on one worker when a task is interrupted between check and act, on \
            several when they run at once; a lock or an atomic compare-and-swap makes that \
            impossible.",
    explanation: "Each trial puts one seat on sale. Unsynchronised, a booker checks the \
                  counter, pauses (the window), then writes the counter minus one. In the first \
                  three rows two tasks share 1 worker and each hands the worker back during its \
                  window, so the other runs its check meanwhile; in the last three every worker \
                  tries at the same instant and none is interrupted. With a lock, check and act \
                  happen as one step; with compare-and-swap, the write fails if someone else \
                  wrote first. The page counts the double bookings that really happened.",
    params: &[
        ParamSpec {
            key: "trials",
            label: "Trials",
            help: "How many times the last seat is put on sale.",
            min: 10,
            max: 100_000,
            default: 2_000,
            quick: 50,
        },
        ParamSpec {
            key: "window",
            label: "Window between check and act (spins)",
            help: "How long a worker pauses between seeing a free seat and booking it.",
            min: 0,
            max: 100_000,
            default: 500,
            quick: 100,
        },
    ],
    needs_shared_memory: true,
    value_name: "Double bookings",
    sweep: SweepMeasure::None,
};

/// A variant never runs longer than this, whatever the trial count: with more workers
/// than cores, every trial waits for descheduled workers and trials get slow.
const TIME_LIMIT_NS: u64 = 3_000_000_000;

/// How a worker tries to book the seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Booking {
    Unsynchronised,
    Locked,
    CompareAndSwap,
}

/// The three ways of booking, in the order the variants list them.
const BOOKINGS: [Booking; 3] = [
    Booking::Unsynchronised,
    Booking::Locked,
    Booking::CompareAndSwap,
];

/// All workers meet here between trials; spinning keeps them starting within
/// nanoseconds of each other, which is what makes the race observable.
struct SpinBarrier {
    parties: u32,
    arrived: AtomicU32,
    generation: AtomicU32,
}

impl SpinBarrier {
    fn new(parties: u32) -> Self {
        Self {
            parties,
            arrived: AtomicU32::new(0),
            generation: AtomicU32::new(0),
        }
    }

    /// Waits until every party has arrived; exactly one caller (the last) gets `true`.
    fn wait(&self) -> bool {
        let generation = self.generation.load(Acquire);
        if self.arrived.fetch_add(1, AcqRel) + 1 == self.parties {
            self.arrived.store(0, Relaxed);
            self.generation.fetch_add(1, Release);
            true
        } else {
            while self.generation.load(Acquire) == generation {
                spin_loop();
            }
            false
        }
    }
}

/// The deliberate pause between check and act.
fn window(spins: u64) {
    for i in 0..spins {
        black_box(i);
        spin_loop();
    }
}

/// The shared state of one variant's trials.
struct Sale {
    seats: AtomicI64,
    locked_seats: Mutex<i64>,
    booked: AtomicU32,
    double_bookings: AtomicU64,
    trials_run: AtomicU64,
    stop: std::sync::atomic::AtomicBool,
    /// When the first worker began, for the time limit.
    started_ns: OnceLock<u64>,
}

impl Sale {
    fn try_to_book(&self, how: Booking, spins: u64) {
        match how {
            Booking::Unsynchronised => {
                if self.seats.load(Relaxed) > 0 {
                    window(spins);
                    let seen = self.seats.load(Relaxed);
                    self.seats.store(seen - 1, Relaxed);
                    self.booked.fetch_add(1, Relaxed);
                }
            }
            Booking::Locked => {
                let mut seats = self.locked_seats.lock().unwrap_or_else(|e| e.into_inner());
                if *seats > 0 {
                    window(spins);
                    *seats -= 1;
                    self.booked.fetch_add(1, Relaxed);
                }
            }
            Booking::CompareAndSwap => loop {
                let seen = self.seats.load(Acquire);
                if seen <= 0 {
                    break;
                }
                window(spins);
                if self
                    .seats
                    .compare_exchange(seen, seen - 1, AcqRel, Acquire)
                    .is_ok()
                {
                    self.booked.fetch_add(1, Relaxed);
                    break;
                }
            },
        }
    }
}

/// Every worker trying to book, trial after trial, until `trials` or the time limit; the
/// value is the double bookings, and one span per worker.
fn variant<'d>(how: Booking, workers: u32, trials: u64, spins: u64) -> Variant<'d> {
    let (id, what) = match how {
        Booking::Unsynchronised => ("unsynchronised", "Unsynchronised"),
        Booking::Locked => ("locked", "Locked"),
        Booking::CompareAndSwap => ("cas", "Compare-and-swap"),
    };
    let label = format!(
        "{what}, uninterrupted: {} trying at once",
        plural(workers, "worker")
    );
    let sale = Arc::new(Sale {
        seats: AtomicI64::new(0),
        locked_seats: Mutex::new(0),
        booked: AtomicU32::new(0),
        double_bookings: AtomicU64::new(0),
        trials_run: AtomicU64::new(0),
        stop: std::sync::atomic::AtomicBool::new(false),
        started_ns: OnceLock::new(),
    });
    let barrier = SpinBarrier::new(workers);
    let counted = Arc::clone(&sale);
    let each = move |rec: &Recorder| {
        let start = *sale.started_ns.get_or_init(|| rec.now());
        let mut buffer = SpanBuffer::with_capacity(1);
        rec.span(rec.lane(), SpanKind::Compute, &mut buffer, || {
            for _ in 0..trials {
                // The last to arrive puts the seat on sale (or ends the variant).
                if barrier.wait() {
                    let over = rec.now().saturating_sub(start) > TIME_LIMIT_NS;
                    sale.stop.store(over, Relaxed);
                    sale.seats.store(1, Relaxed);
                    *sale.locked_seats.lock().unwrap_or_else(|e| e.into_inner()) = 1;
                    sale.booked.store(0, Relaxed);
                }
                barrier.wait();
                if sale.stop.load(Relaxed) {
                    break;
                }
                sale.try_to_book(how, spins);
                // Everyone has tried; the last to arrive counts the bookings.
                if barrier.wait() {
                    let booked = u64::from(sale.booked.load(Relaxed));
                    sale.double_bookings
                        .fetch_add(booked.saturating_sub(1), Relaxed);
                    sale.trials_run.fetch_add(1, Relaxed);
                }
            }
        });
        buffer.into_spans()
    };
    let total = move || {
        (
            counted.double_bookings.load(Relaxed),
            counted.trials_run.load(Relaxed),
        )
    };
    let step = Step::OnEveryWorker {
        each: Box::new(each),
        total: Box::new(total),
    };
    let load = VariantLoad::pooled(u64::from(workers));
    Variant::new(id, label, (workers, workers), load, step)
}

/// Bookers that share one worker in each trial of the yielding variants.
const BOOKERS: u32 = 2;

/// The shared state of the yielding variants' trials.
struct YieldingSale {
    seats: AtomicI64,
    locked_seats: Lock<i64>,
    booked: AtomicU32,
    double_bookings: AtomicU64,
}

impl YieldingSale {
    /// One booker's try, handing the worker back inside the window between check and act.
    async fn try_to_book(&self, how: Booking, spins: u64, ctx: &TaskCtx) {
        match how {
            Booking::Unsynchronised => {
                if self.seats.load(Relaxed) > 0 {
                    window(spins);
                    ctx.yield_now().await;
                    let seen = self.seats.load(Relaxed);
                    self.seats.store(seen - 1, Relaxed);
                    self.booked.fetch_add(1, Relaxed);
                }
            }
            Booking::Locked => {
                let mut seats = self.locked_seats.lock(ctx).await;
                if seats.with(|seats| *seats > 0) {
                    window(spins);
                    ctx.yield_now().await;
                    seats.with(|seats| *seats -= 1);
                    self.booked.fetch_add(1, Relaxed);
                }
            }
            Booking::CompareAndSwap => loop {
                let seen = self.seats.load(Acquire);
                if seen <= 0 {
                    break;
                }
                window(spins);
                ctx.yield_now().await;
                if self
                    .seats
                    .compare_exchange(seen, seen - 1, AcqRel, Acquire)
                    .is_ok()
                {
                    self.booked.fetch_add(1, Relaxed);
                    break;
                }
            },
        }
    }
}

/// [`BOOKERS`] tasks on 1 worker trying to book each trial's seat, each yielding between
/// its check and its act; a `sale` task puts the seats on sale one trial after another.
/// The value is the double bookings.
fn yielding_variant<'d>(how: Booking, trials: u64, spins: u64) -> Variant<'d> {
    let (id, what) = match how {
        Booking::Unsynchronised => ("yielding-unsynchronised", "Unsynchronised"),
        Booking::Locked => ("yielding-locked", "Locked"),
        Booking::CompareAndSwap => ("yielding-cas", "Compare-and-swap"),
    };
    let label = format!("{what}, yielding in the window: {BOOKERS} tasks on 1 worker");
    let bookers = trials * u64::from(BOOKERS);
    // The sale waits for each booker once a trial; a booker yields once, waits for the
    // lock once, or retries its swap once.
    let load = VariantLoad {
        spans: task_spans(bookers, 1) + bookers * task_spans(3, 1),
        tasks: 1 + bookers,
        live_tasks: 1 + u64::from(BOOKERS),
    };
    Variant::tasks(id, label, 1, (Recording::default(), load), move |spawner| {
        let sale = Arc::new(YieldingSale {
            seats: AtomicI64::new(0),
            locked_seats: Lock::new(0),
            booked: AtomicU32::new(0),
            double_bookings: AtomicU64::new(0),
        });
        let counted = Arc::clone(&sale);
        spawner.spawn("sale", move |ctx| async move {
            for _ in 0..trials {
                if crate::stop::requested() {
                    break;
                }
                sale.seats.store(1, Relaxed);
                sale.locked_seats.lock(&ctx).await.with(|seats| *seats = 1);
                sale.booked.store(0, Relaxed);
                let (done, finished) = channel::<()>(BOOKERS as usize);
                for _ in 0..BOOKERS {
                    let (sale, done) = (Arc::clone(&sale), done.clone());
                    ctx.spawn("booker", move |ctx| async move {
                        sale.try_to_book(how, spins, &ctx).await;
                        done.send(&ctx, ()).await;
                    });
                }
                drop(done);
                while finished.recv(&ctx).await.is_some() {}
                let booked = u64::from(sale.booked.load(Relaxed));
                sale.double_bookings
                    .fetch_add(booked.saturating_sub(1), Relaxed);
            }
        });
        Box::new(move || counted.double_bookings.load(Relaxed))
    })
}

/// Experiment 12: the three ways of booking, counting double bookings.
pub struct Race;

impl Experiment for Race {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn timed(&self) -> bool {
        false
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let (trials, spins) = (setup.param("trials"), setup.param("window"));
        let yielding = BOOKINGS.map(|how| yielding_variant(how, trials, spins));
        let at_once = BOOKINGS.map(|how| variant(how, setup.workers, trials, spins));
        yielding.into_iter().chain(at_once).collect()
    }

    /// The yielding variants run every trial (a trial on one worker takes microseconds),
    /// so their trial count is the parameter's.
    fn settle(&self, setup: &Setup, variants: &mut [VariantReport]) {
        for variant in variants
            .iter_mut()
            .filter(|v| v.id.starts_with("yielding-"))
        {
            variant.trials = setup.param("trials");
        }
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers)
    }
}

/// "3 double bookings in 50 trials" for one variant.
fn bookings(variant: &VariantReport) -> String {
    format!(
        "{} in {}",
        plural(variant.value, "double booking"),
        plural(variant.trials, "trial")
    )
}

fn verdict(variants: &[VariantReport], workers: u32) -> Verdict {
    let [y_racy, y_locked, y_cas, racy, locked, cas] = variants else {
        unreachable!("three ways of booking, yielding and at once")
    };
    let safe = [y_locked, y_cas, locked, cas].iter().all(|v| v.value == 0);
    let counts = format!(
        "Yielding between check and act on 1 worker: unsynchronised {}; with a lock {}; with \
         compare-and-swap {}. {} trying at once: unsynchronised {} ({}); with a lock {}; with \
         compare-and-swap {}.",
        bookings(y_racy),
        bookings(y_locked),
        bookings(y_cas),
        plural(workers, "worker"),
        bookings(racy),
        format_duration_ns(racy.wall_ns),
        bookings(locked),
        bookings(cas),
    );
    if !safe {
        return Verdict::judged(
            false,
            format!("{counts} A synchronised variant double-booked, which must never happen."),
        );
    }
    let on_one = if y_racy.value > 0 {
        " On one worker the race happened without any parallelism: a task that gives up the \
         worker between its check and its act lets another check the same free seat."
    } else {
        " On one worker no task double-booked, though each gave up the worker inside its \
         window."
    };
    let at_once = match (workers, racy.value) {
        (1, _) => " One worker running each booking from check to act without a pause \
                   double-books nothing, which is luck, not safety: nothing interrupted it."
            .to_owned(),
        (_, 0) => " Trying at once, the workers never overlapped inside the window this time: \
                   widen the window or run more trials."
            .to_owned(),
        (k, _) => format!(" Trying at once, {k} workers double-booked in parallel too."),
    };
    let raced = y_racy.value > 0 || racy.value > 0;
    let ending = if raced {
        " A lock or a compare-and-swap removed every double booking."
    } else {
        ""
    };
    Verdict::judged(raced, format!("{counts}{on_one}{at_once}{ending}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_barrier_elects_one_leader_per_round() {
        let barrier = SpinBarrier::new(3);
        let leaders = AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for _ in 0..100 {
                        if barrier.wait() {
                            leaders.fetch_add(1, Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(leaders.load(Relaxed), 100);
    }
}
