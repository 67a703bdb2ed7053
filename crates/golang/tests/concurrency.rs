//! Races are real, preemption lets CPU-bound goroutines share one worker, and the front
//! end never panics on random or mutated input.

mod common;

use interleave_golang::compile;
use proptest::prelude::*;

fn run_on(src: &str, workers: u32) -> (String, i32) {
    let ran = common::go(src, workers).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ran.exit != 0 || ran.stderr.is_empty(),
        "a run that exits 0 wrote to stderr: {}",
        ran.stderr
    );
    (ran.stdout, ran.exit)
}

const COUNTER: &str = r#"package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000000; i++ {
				LOCK
				count++
				UNLOCK
			}
		}()
	}
	wg.Wait()
	fmt.Println(count)
}
"#;

#[test]
fn a_mutex_makes_the_shared_counter_exact_and_without_it_the_counter_can_lose_updates() {
    let locked = COUNTER
        .replace("UNLOCK", "mu.Unlock()")
        .replace("LOCK", "mu.Lock()");
    let (out, exit) = run_on(&locked, 2);
    assert_eq!((out.trim(), exit), ("2000000", 0));
    // The racy version: count++ is a relaxed load, add and store on a shared word, so two
    // workers lose updates; how many depends on the machine, so only the bound is asserted.
    let racy = COUNTER
        .replace("UNLOCK", "")
        .replace("LOCK", "")
        .replace("\tvar mu sync.Mutex\n", "");
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (out, exit) = run_on(&racy, 2);
        assert_eq!(exit, 0);
        let n: u64 = out.trim().parse().unwrap();
        assert!((1_000_000..=2_000_000).contains(&n), "{n}");
        seen.push(n);
    }
    println!("racy counter on 2 workers: {seen:?} (2000000 without lost updates)");
}

#[test]
fn a_cpu_bound_goroutine_on_one_worker_does_not_starve_another() {
    // The spinner never blocks; only preemption at its loop's back-edge lets main run on
    // the single worker, see the flag and end the program.
    let src = r#"package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var spins int64
	go func() {
		for {
			atomic.AddInt64(&spins, 1)
		}
	}()
	for atomic.LoadInt64(&spins) == 0 {
	}
	total := 0
	for i := 0; i < 1000; i++ {
		total += i
	}
	fmt.Println(total, atomic.LoadInt64(&spins) > 0)
}
"#;
    let (out, exit) = run_on(src, 1);
    assert_eq!((out.trim(), exit), ("499500 true", 0));
}

#[test]
fn on_one_worker_goroutines_run_in_the_order_go_runs_them() {
    // Go runs the goroutine started last first (it takes the P's `runnext`), then the
    // others in the order they were started; a receiver woken by a send runs when the
    // sender next blocks. This is the output of `go run` with GOMAXPROCS 1.
    let src = r#"package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fmt.Print(i, " ")
		}(i)
	}
	wg.Wait()
	ch := make(chan int)
	done := make(chan bool)
	go func() {
		for v := range ch {
			fmt.Print("got ", v, " ")
		}
		done <- true
	}()
	for i := 0; i < 3; i++ {
		fmt.Print("send ", i, " ")
		ch <- i
	}
	close(ch)
	<-done
}
"#;
    let (out, exit) = run_on(src, 1);
    assert_eq!(
        (out.trim(), exit),
        ("4 0 1 2 3 send 0 got 0 send 1 send 2 got 1 got 2", 0)
    );
}

#[test]
fn a_deadlock_is_reported_with_exit_2() {
    let src = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tch <- 1\n}\n";
    let (_, exit) = run_on(src, 1);
    assert_eq!(exit, 2);
}

fn corpus_sources() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go/corpus");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "go"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compile_never_panics_on_random_text(src in "\\PC{0,200}") {
        let _ = compile(&src);
    }

    #[test]
    fn compile_never_panics_on_mutated_corpus_programs(pick in 0usize..1000, at in 0usize..4000, cut in 0usize..40, insert in "[ -~\\n]{0,12}") {
        let sources = corpus_sources();
        prop_assume!(!sources.is_empty());
        let src = &sources[pick % sources.len()];
        let mut at = at % (src.len() + 1);
        while !src.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(src.len());
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{}{}", &src[..at], insert, &src[end..]);
        let _ = compile(&mutated);
    }
}

#[test]
fn a_goroutines_wait_on_a_channel_is_recorded_at_its_source_line() {
    use interleave_engine::clock::RunClock;
    use interleave_engine::tasks::Recording;
    use interleave_engine::trace::SpanKind;
    use interleave_golang::{Captured, GoRunConfig, Limits, os_cpus, run};
    use std::sync::Arc;
    let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() {\n\t\ttime.Sleep(20 * time.Millisecond)\n\t\tch <- 1\n\t}()\n\tfmt.Println(<-ch)\n}\n";
    let program = compile(src).unwrap();
    let pool = interleave_engine::native::pool(2).unwrap();
    let config = GoRunConfig {
        workers: 2,
        limits: Limits::default(),
        recording: Recording::default(),
        cpus: os_cpus(),
        epoch_ns: interleave_golang::os_epoch_ns(),
    };
    let clock = RunClock::starting_now(interleave_engine::native::clock());
    let out = Arc::new(Captured::default());
    let r = pool.install(|| run(&program, clock, config, out.clone()));
    assert_eq!((out.take().0.as_str(), r.exit), ("1\n", 0));
    let waits: Vec<_> = r
        .tasks
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::ChannelWait)
        .map(|s| s.line)
        .collect();
    // main waited in `fmt.Println(<-ch)`, line 14.
    assert_eq!(waits, [14], "{:?}", r.tasks.spans);
}
