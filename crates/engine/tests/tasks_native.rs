//! The task scheduler's semantics, natively on real OS threads.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering::*};
use std::sync::{Arc, Mutex};

use interleave_engine::clock::RunClock;
use interleave_engine::native::{clock, pool};
use interleave_engine::tasks::{
    Lock, Recording, Semaphore, TaskRun, TaskRunConfig, channel, run_tasks,
};
use interleave_engine::trace::SpanKind;

const MS: u64 = 1_000_000;

/// Runs `root`'s tasks on `workers` workers of a pool of `workers` threads.
fn run(workers: u32, root: impl FnOnce(&interleave_engine::tasks::Spawner) + Send) -> TaskRun {
    pool(workers).unwrap().install(|| {
        let rec = RunClock::starting_now(clock());
        run_tasks(rec, TaskRunConfig::on(workers), root)
    })
}

fn waits(workers: u32, tasks: u32, ms: u64, parked: bool) -> TaskRun {
    run(workers, |spawner| {
        for _ in 0..tasks {
            spawner.spawn("wait", move |ctx| async move {
                if parked {
                    ctx.park(ms * MS).await;
                } else {
                    ctx.block(ms * MS);
                }
            });
        }
    })
}

#[test]
fn parked_waits_overlap_on_one_worker() {
    let run = waits(1, 4, 200, true);
    assert!(run.wall_ns >= 200 * MS, "{}", run.wall_ns);
    assert!(
        run.wall_ns < 400 * MS,
        "4 parked waits of 200 ms took {} ms",
        run.wall_ns / MS
    );
    let parked = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::ParkedWait)
        .count();
    assert_eq!(parked, 4);
}

#[test]
fn blocking_waits_do_not_overlap_on_one_worker() {
    let run = waits(1, 4, 100, false);
    assert!(
        run.wall_ns >= 400 * MS,
        "4 blocking waits of 100 ms took {} ms",
        run.wall_ns / MS
    );
    let blocking: Vec<_> = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::BlockingWait)
        .collect();
    assert_eq!(blocking.len(), 4);
    for pair in blocking.windows(2) {
        assert!(
            pair[0].end_ns <= pair[1].start_ns,
            "blocking waits ran one at a time"
        );
    }
}

#[test]
fn blocking_waits_spread_over_two_workers() {
    let run = waits(2, 4, 100, false);
    assert!(run.wall_ns >= 200 * MS);
    let blocked = |lane: u32| -> Vec<(u64, u64)> {
        run.spans
            .iter()
            .filter(|s| s.worker == lane && s.kind == SpanKind::BlockingWait)
            .map(|s| (s.start_ns, s.end_ns))
            .collect()
    };
    let (first, second) = (blocked(0), blocked(1));
    assert!(!first.is_empty() && !second.is_empty(), "{:?}", run.spans);
    assert!(
        first
            .iter()
            .any(|a| second.iter().any(|b| a.0 < b.1 && b.0 < a.1)),
        "the two workers held their waits at the same time"
    );
}

#[test]
fn an_idle_worker_steals_from_a_busy_ones_queue() {
    // The one root task runs on one worker and spawns every child there, into that
    // worker's own queue: the other worker can only get children by stealing them.
    let run = run(2, |spawner| {
        spawner.spawn("parent", |ctx| async move {
            for _ in 0..200 {
                ctx.spawn("child", |ctx| async move { ctx.block(MS / 2) });
            }
        });
    });
    let children = run.labels.iter().position(|l| l == "child").unwrap() as u32;
    let lanes: std::collections::BTreeSet<u32> = run
        .spans
        .iter()
        .filter(|s| {
            s.kind == SpanKind::BlockingWait && run.tasks[s.task as usize].label == children
        })
        .map(|s| s.worker)
        .collect();
    assert_eq!(lanes.len(), 2, "children ran on lanes {lanes:?}");
    assert_eq!(run.spawned, 201);
}

#[test]
fn a_task_queued_from_outside_is_not_starved_by_a_worker_busy_with_its_own_queue() {
    // One worker whose own queue never empties (a task that keeps spawning and yielding)
    // must still take the task another thread puts on the global queue.
    let queued_at = Arc::new(AtomicUsize::new(usize::MAX));
    let done = Arc::new(AtomicU32::new(0));
    let (seen, finished) = (Arc::clone(&queued_at), Arc::clone(&done));
    let run = run(1, move |spawner| {
        spawner.spawn("spinner", move |ctx| async move {
            let outside = ctx.clone();
            let (queued, flag) = (Arc::clone(&seen), Arc::clone(&finished));
            let mut turns = 0usize;
            let helper = std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(2));
                outside.spawn("outsider", move |_| async move {
                    flag.store(1, SeqCst);
                });
            });
            while finished.load(SeqCst) == 0 && turns < 2_000_000 {
                if helper.is_finished() && seen.load(SeqCst) == usize::MAX {
                    seen.store(turns, SeqCst);
                }
                ctx.spawn("child", |_| async {});
                ctx.yield_now().await;
                turns += 1;
            }
            let from = queued.load(SeqCst);
            queued.store(turns.saturating_sub(from), SeqCst);
        });
    });
    assert_eq!(done.load(SeqCst), 1, "the outsider ran");
    let turns_waited = queued_at.load(SeqCst);
    assert!(
        turns_waited < 200,
        "the outsider waited {turns_waited} turns of the spinner"
    );
    assert!(run.unfinished == 0);
}

#[test]
fn a_semaphore_of_m_never_has_more_than_m_in_flight() {
    let semaphore = Arc::new(Semaphore::new(3));
    let (in_flight, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let run = {
        let (semaphore, in_flight, peak) = (semaphore.clone(), in_flight.clone(), peak.clone());
        run(2, move |spawner| {
            for _ in 0..30 {
                let (semaphore, in_flight, peak) =
                    (semaphore.clone(), in_flight.clone(), peak.clone());
                spawner.spawn("limited", move |ctx| async move {
                    let _permit = semaphore.acquire(&ctx).await;
                    let now = in_flight.fetch_add(1, SeqCst) + 1;
                    peak.fetch_max(now, SeqCst);
                    ctx.park(2 * MS).await;
                    in_flight.fetch_sub(1, SeqCst);
                });
            }
        })
    };
    assert_eq!(
        peak.load(SeqCst),
        3,
        "the semaphore let exactly 3 in at once"
    );
    assert!(run.spans.iter().any(|s| s.kind == SpanKind::PermitWait));
}

#[test]
fn a_channel_of_capacity_c_never_holds_more_than_c() {
    let (sender, receiver) = channel::<u32>(4);
    let received = Arc::new(Mutex::new(Vec::new()));
    let receiver = Arc::new(receiver);
    {
        let (receiver, received) = (receiver.clone(), received.clone());
        run(2, move |spawner| {
            spawner.spawn("producer", move |ctx| async move {
                for i in 0..500 {
                    sender.send(&ctx, i).await;
                }
            });
            spawner.spawn("consumer", move |ctx| async move {
                while let Some(item) = receiver.recv(&ctx).await {
                    received.lock().unwrap().push(item);
                    if item % 50 == 0 {
                        ctx.park(MS).await;
                    }
                }
            });
        });
    }
    assert!(receiver.peak() <= 4, "peak {}", receiver.peak());
    assert_eq!(
        receiver.peak(),
        4,
        "the slow consumer let the channel fill up"
    );
    assert_eq!(*received.lock().unwrap(), (0..500).collect::<Vec<_>>());
}

#[test]
fn the_lock_is_never_held_by_two_tasks_at_once() {
    let total = Arc::new(Lock::new(0u64));
    let run = {
        let total = total.clone();
        run(2, move |spawner| {
            for _ in 0..200 {
                let total = total.clone();
                spawner.spawn("adder", move |ctx| async move {
                    let mut guard = total.lock(&ctx).await;
                    guard.with(|t| *t += 1);
                    ctx.block(20_000);
                });
            }
        })
    };
    assert_eq!(Arc::try_unwrap(total).ok().unwrap().into_inner(), 200);
    let held: Vec<_> = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::LockHeld)
        .collect();
    assert!(!held.is_empty());
    for (i, a) in held.iter().enumerate() {
        for b in &held[i + 1..] {
            assert!(
                !a.overlaps(b),
                "the lock was held twice at once: {a:?} {b:?}"
            );
        }
    }
}

#[test]
fn every_task_runs_exactly_once_even_100_000_of_them() {
    let tasks = 100_000;
    let runs: Arc<Vec<AtomicU32>> = Arc::new((0..tasks).map(|_| AtomicU32::new(0)).collect());
    let run = {
        let runs = runs.clone();
        run(2, move |spawner| {
            for _ in 0..tasks {
                let runs = runs.clone();
                spawner.spawn("tiny", move |ctx| async move {
                    runs[ctx.id() as usize].fetch_add(1, SeqCst);
                });
            }
        })
    };
    assert_eq!(run.spawned as usize, tasks);
    assert!(
        runs.iter().all(|r| r.load(SeqCst) == 1),
        "a task was lost or ran twice"
    );
    assert!(
        run.tasks.is_empty(),
        "100,000 task records are more than the recording keeps"
    );
}

#[test]
fn tasks_can_spawn_tasks() {
    let count = Arc::new(AtomicU32::new(0));
    let run = {
        let count = count.clone();
        run(2, move |spawner| {
            spawner.spawn("parent", move |ctx| async move {
                for _ in 0..10 {
                    let count = count.clone();
                    ctx.spawn("child", move |ctx| async move {
                        ctx.park(MS).await;
                        count.fetch_add(1, SeqCst);
                    });
                }
            });
        })
    };
    assert_eq!(count.load(SeqCst), 10);
    assert_eq!(run.spawned, 11);
    assert_eq!(run.labels, ["parent", "child"]);
}

#[test]
fn turns_interleave_on_one_worker() {
    let order = Arc::new(Mutex::new(Vec::new()));
    {
        let order = order.clone();
        run(1, move |spawner| {
            for task in 0..3 {
                let order = order.clone();
                spawner.spawn("steps", move |ctx| async move {
                    for step in 0..3 {
                        order.lock().unwrap().push((task, step));
                        ctx.yield_now().await;
                    }
                });
            }
        });
    }
    let order = order.lock().unwrap();
    let tasks: Vec<u32> = order.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        tasks,
        [0, 1, 2, 0, 1, 2, 0, 1, 2],
        "the three tasks took turns"
    );
}

#[test]
fn the_trace_is_consistent() {
    let run = waits(2, 6, 5, true);
    let end = run.start_ns + run.wall_ns;
    for span in &run.spans {
        assert!(span.worker < 2);
        assert!(
            span.start_ns <= span.end_ns && span.end_ns <= end,
            "{span:?}"
        );
    }
    assert_eq!(run.tasks.len(), 6);
    for (i, record) in run.tasks.iter().enumerate() {
        assert_eq!(record.task, i as u32);
        assert!(record.created_ns <= record.finished_ns);
        let first_run = run
            .spans
            .iter()
            .filter(|s| s.task == record.task)
            .map(|s| s.start_ns)
            .min()
            .unwrap();
        assert!(record.created_ns <= first_run && first_run <= record.finished_ns);
    }
}

#[test]
fn merging_bounds_the_trace_of_many_tiny_tasks() {
    let run = pool(2).unwrap().install(|| {
        let rec = RunClock::starting_now(clock());
        let recording = Recording {
            merge_gap_ns: 50_000,
            ..Recording::default()
        };
        run_tasks(
            rec,
            TaskRunConfig {
                recording,
                ..TaskRunConfig::on(2)
            },
            |spawner| {
                for _ in 0..50_000 {
                    spawner.spawn("tiny", |_| async {});
                }
            },
        )
    });
    assert!(
        run.spans.len() < 5_000,
        "{} spans for 50,000 tiny tasks",
        run.spans.len()
    );
}

/// The cost of a task: run with `cargo test --release -p interleave-engine --test
/// tasks_native -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a test: run it in release"]
fn cost_of_a_million_tasks() {
    let tasks = 1_000_000u64;
    let recording = Recording {
        merge_gap_ns: 50_000,
        ..Recording::default()
    };
    let run_on = |workers: u32, root: &(dyn Fn(&interleave_engine::tasks::Spawner) + Sync)| {
        pool(workers).unwrap().install(|| {
            let config = TaskRunConfig {
                recording,
                ..TaskRunConfig::on(workers)
            };
            run_tasks(RunClock::starting_now(clock()), config, root)
        })
    };
    for workers in [1, 2, 8] {
        let empty = run_on(workers, &|spawner| {
            for _ in 0..tasks {
                spawner.spawn("tiny", |_| async {});
            }
        });
        let parked = run_on(workers, &|spawner| {
            for _ in 0..tasks {
                spawner.spawn("parked", |ctx| async move { ctx.park(1).await });
            }
        });
        for (what, run) in [
            ("spawned and completed", empty),
            ("with one parked wait each", parked),
        ] {
            println!(
                "{workers} worker(s): {} tasks {what} in {:.1} ms: {:.0} ns per task",
                run.spawned,
                run.wall_ns as f64 / 1e6,
                run.wall_ns as f64 / tasks as f64
            );
        }
    }
}

/// Runs `f` on a thread of its own and waits at most `secs` for it, so that a run that
/// hangs fails its test instead of stalling the suite.
fn within<T: Send + 'static>(
    secs: u64,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<std::thread::Result<T>> {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    result
        .recv_timeout(std::time::Duration::from_secs(secs))
        .ok()
}

#[test]
fn a_panicking_task_fails_the_run_instead_of_hanging() {
    let outcome = within(10, || {
        run(2, |spawner| {
            spawner.spawn("fails", |_| async { panic!("a task failed") });
            spawner.spawn("waits", |ctx| async move { ctx.park(10 * MS).await });
        })
    });
    let outcome = outcome.expect("the run ended");
    assert!(outcome.is_err(), "the task's panic reached the caller");
}

#[test]
fn tasks_that_wait_forever_end_the_run_instead_of_hanging() {
    let outcome = within(10, || {
        let never = Arc::new(Semaphore::new(0));
        run(2, move |spawner| {
            spawner.spawn("stuck", move |ctx| async move {
                let _permit = never.acquire(&ctx).await;
            });
            spawner.spawn("fine", |ctx| async move { ctx.park(5 * MS).await });
        })
    });
    let run = outcome.expect("the run ended").expect("without panicking");
    assert_eq!(run.spawned, 2);
    assert_eq!(run.unfinished, 1, "the task that waits forever is reported");
}

#[test]
fn a_lock_kept_through_a_parked_wait_is_still_held_afterwards() {
    let lock = Arc::new(Lock::new(0u64));
    let run = run(1, move |spawner| {
        spawner.spawn("holder", move |ctx| async move {
            let mut guard = lock.lock(&ctx).await;
            ctx.park(10 * MS).await;
            guard.with(|v| *v += 1);
            let start = ctx.now();
            while ctx.now() - start < 10 * MS {} // computing, still holding the lock
        });
    });
    let held: u64 = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::LockHeld)
        .map(|s| s.duration_ns())
        .sum();
    assert!(
        held >= 10 * MS,
        "10 ms computed under the lock, {held} ns drawn held"
    );
}

#[test]
fn a_wait_ends_when_the_task_is_woken_not_when_it_next_runs() {
    // One worker: `a` releases the lock at about 10 ms, then blocks the worker 50 ms, so
    // `b` may take the lock at 10 ms but only runs at about 60 ms.
    let lock = Arc::new(Lock::new(()));
    let run = run(1, move |spawner| {
        let first = lock.clone();
        spawner.spawn("a", move |ctx| async move {
            {
                let _guard = first.lock(&ctx).await;
                ctx.park(10 * MS).await;
            }
            ctx.block(50 * MS);
        });
        spawner.spawn("b", move |ctx| async move {
            let _guard = lock.lock(&ctx).await;
        });
    });
    let wait = run
        .spans
        .iter()
        .find(|s| s.task == 1 && s.kind == SpanKind::LockWait)
        .expect("b waited for the lock");
    let next_turn = run
        .spans
        .iter()
        .filter(|s| s.task == 1 && s.kind.occupies_worker() && s.start_ns >= wait.end_ns)
        .map(|s| s.start_ns)
        .min()
        .expect("b ran after its wait");
    assert!(
        wait.end_ns < 40 * MS,
        "the wait ended at {} ms",
        wait.end_ns / MS
    );
    assert!(next_turn >= 60 * MS, "b ran again at {} ms", next_turn / MS);
}

#[test]
fn many_waiting_senders_wake_one_at_a_time() {
    let senders = 4_000;
    let (sender, receiver) = channel::<u32>(1);
    let run = run(2, move |spawner| {
        for i in 0..senders {
            let sender = sender.clone();
            spawner.spawn("send", move |ctx| async move { sender.send(&ctx, i).await });
        }
        drop(sender);
        spawner.spawn("receive", move |ctx| async move {
            while receiver.recv(&ctx).await.is_some() {}
        });
    });
    assert!(
        run.wall_ns < 2_000 * MS,
        "{senders} senders took {} ms",
        run.wall_ns / MS
    );
    assert!(
        run.spans.len() < 10 * senders as usize,
        "{} spans for {senders} senders",
        run.spans.len()
    );
}

#[test]
fn a_task_that_ends_the_run_leaves_the_others_unfinished() {
    for workers in [1, 2] {
        let run = run(workers, |spawner| {
            spawner.spawn("main", |ctx| async move {
                let forever = ctx.label("forever");
                for _ in 0..3 {
                    ctx.spawn_labelled(forever, |ctx| async move {
                        loop {
                            ctx.park(MS).await;
                        }
                    });
                }
                ctx.park(5 * MS).await;
                ctx.end_run();
            });
        });
        assert_eq!(run.spawned, 4);
        assert_eq!(run.unfinished, 3, "on {workers} workers");
        assert_eq!(run.labels, ["main", "forever"]);
    }
}

/// Sets its flag when dropped.
struct DropFlag(Arc<AtomicUsize>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

#[test]
fn tasks_left_waiting_when_the_run_ends_are_dropped_not_leaked() {
    // Each waiter parks on a channel that only it holds: the channel keeps its waker, the
    // waker its task, the task the channel. Only the run can break that cycle.
    let dropped = Arc::new(AtomicUsize::new(0));
    for ends_itself in [true, false] {
        dropped.store(0, SeqCst);
        let flags = Arc::clone(&dropped);
        let run = run(2, move |spawner| {
            spawner.spawn("main", move |ctx| async move {
                for _ in 0..10 {
                    let flag = DropFlag(Arc::clone(&flags));
                    ctx.spawn("waiter", move |ctx| async move {
                        let _flag = flag;
                        let (sender, receiver) = channel::<()>(1);
                        receiver.recv(&ctx).await;
                        drop(sender);
                    });
                }
                ctx.park(MS).await;
                if ends_itself {
                    ctx.end_run();
                }
            });
        });
        assert_eq!(run.unfinished, 10);
        assert_eq!(dropped.load(SeqCst), 10, "ended by main: {ends_itself}");
    }
}
