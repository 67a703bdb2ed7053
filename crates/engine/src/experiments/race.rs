//! Experiment 12, "Race on the last seat": check-then-act on shared memory double-books.
//!
//! The race is real, not simulated: the unsynchronised variant reads and writes one
//! shared counter from several workers at once. It uses relaxed atomic loads and stores,
//! never a data race in Rust's sense (no undefined behaviour), yet the check and the act
//! are separate steps with a deliberate window between them, which is exactly the bug.

use std::hint::{black_box, spin_loop};
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, Ordering::*};
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::{format_count, format_duration_ns};
use crate::experiment::{Experiment, Group, Info, Setup, SweepMeasure, VariantReport, Verdict};
use crate::footprint::VariantLoad;
use crate::measure::{Recorder, plural};
use crate::params::ParamSpec;
use crate::trace::{SpanBuffer, SpanKind};
use crate::variant::{Step, Variant};

/// What the experiment is and which parameters it takes.
pub const INFO: Info = Info {
    slug: "race",
    number: 12,
    group: Group::Coordination,
    title: "Race on the last seat",
    claim: "Two workers that check \"is a seat left?\" and then book it will sometimes both \
            book the last seat; a lock or an atomic compare-and-swap makes that impossible.",
    explanation: "Each trial puts one seat on sale and lets every worker try to book it at the \
                  same instant. Unsynchronised, a worker checks the counter, pauses briefly \
                  (the window), then writes the counter minus one: two workers can both pass the \
                  check. With a lock, check and act happen as one step; with compare-and-swap, \
                  the write fails if someone else wrote first. The page counts the double \
                  bookings that really happened.",
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
        Booking::Unsynchronised => ("unsynchronised", "Unsynchronised: check, then act"),
        Booking::Locked => ("locked", "Locked: check and act under one lock"),
        Booking::CompareAndSwap => ("cas", "Compare-and-swap: act only if unchanged"),
    };
    let label = format!("{what}, {}", plural(workers, "worker"));
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

/// Experiment 12: the three ways of booking, counting double bookings.
pub struct Race;

impl Experiment for Race {
    fn info(&self) -> &'static Info {
        &INFO
    }

    fn variants<'d>(&self, setup: &Setup, _: &'d [u64]) -> Vec<Variant<'d>> {
        let (trials, spins) = (setup.param("trials"), setup.param("window"));
        [
            Booking::Unsynchronised,
            Booking::Locked,
            Booking::CompareAndSwap,
        ]
        .into_iter()
        .map(|how| variant(how, setup.workers, trials, spins))
        .collect()
    }

    fn verdict(&self, setup: &Setup, variants: &[VariantReport]) -> Verdict {
        verdict(variants, setup.workers)
    }
}

fn verdict(variants: &[VariantReport], workers: u32) -> Verdict {
    let [racy, locked, cas] = variants else {
        unreachable!("three ways of booking")
    };
    let safe = locked.value == 0 && cas.value == 0;
    let counts = format!(
        "Unsynchronised: {} double booking{} in {} trials ({}); with a lock: {} in {}; with \
         compare-and-swap: {} in {}.",
        format_count(racy.value),
        if racy.value == 1 { "" } else { "s" },
        format_count(racy.trials),
        format_duration_ns(racy.wall_ns),
        format_count(locked.value),
        format_count(locked.trials),
        format_count(cas.value),
        format_count(cas.trials),
    );
    if !safe {
        return Verdict::judged(
            false,
            format!("{counts} A synchronised variant double-booked, which must never happen."),
        );
    }
    if workers < 2 {
        return Verdict::undecided(format!(
            "{counts} Here one worker ran each booking from check to act without a pause, \
             so none could overlap another. That is not safety: a task preempted or yielding \
             between its check and its act double-books on one core too, and Go's race \
             detector reports it. Move the Workers slider to 2 or more to see it happen."
        ));
    }
    if racy.value > 0 {
        Verdict::judged(
            true,
            format!("{counts} The race really happened, and synchronisation removed it."),
        )
    } else {
        Verdict::judged(
            false,
            format!(
                "{counts} No double booking this time: the workers never overlapped inside the \
                 window. Widen the window or run more trials."
            ),
        )
    }
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
