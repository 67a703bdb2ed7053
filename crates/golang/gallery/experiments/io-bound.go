// title: I/O-bound tasks
// shows: the experiment's four rows: one goroutine doing every wait in turn (N waits); N goroutines whose waits park (time.Sleep) on GOMAXPROCS(1), done in about one wait; the same N waiting while holding their P on GOMAXPROCS(1) (N waits again) and on every P (about N / Ps waits)
// note: the page's 500 ms wait is scaled to 100 ms; a blocking wait, one that keeps its worker as a thread stuck in a system call does, is a loop that holds its P until it has run for the wait's length (Go itself would hand a blocked thread's P to another thread, so its time.Sleep and its system calls both park)
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const tasks = 4    // param: tasks
const waitMs = 100 // quick: 5

const wait = waitMs * time.Millisecond

// block holds the P for d of its own running time: time the goroutine spent preempted
// (a jump of the clock between two looks) does not count.
func block(d time.Duration) {
	held := time.Duration(0)
	last := time.Now()
	for held < d {
		now := time.Now()
		if step := now.Sub(last); step < time.Millisecond {
			held += step
		}
		last = now
	}
}

// together runs every wait in its own goroutine and waits for all of them.
func together(wait func()) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wait()
		}()
	}
	wg.Wait()
	return time.Since(start)
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

func main() {
	procs := runtime.GOMAXPROCS(0)
	sleep := func() { time.Sleep(wait) }
	hold := func() { block(wait) }

	start := time.Now()
	for t := 0; t < tasks; t++ {
		time.Sleep(wait)
	}
	seq := time.Since(start)
	fmt.Printf("sequential, %d waits of %v in turn: %.1f ms\n", tasks, wait, ms(seq))

	runtime.GOMAXPROCS(1)
	parked := together(sleep)
	fmt.Printf("parked, %d goroutines on GOMAXPROCS(1): %.1f ms, speedup %.2fx\n", tasks, ms(parked), float64(seq)/float64(parked))
	blocking := together(hold)
	fmt.Printf("blocking, %d goroutines on GOMAXPROCS(1): %.1f ms, speedup %.2fx\n", tasks, ms(blocking), float64(seq)/float64(blocking))

	runtime.GOMAXPROCS(procs)
	blockingAll := together(hold)
	fmt.Printf("blocking, %d goroutines on GOMAXPROCS(%d): %.1f ms, speedup %.2fx (ceil(N / Ps) = %d waits)\n", tasks, procs, ms(blockingAll), float64(seq)/float64(blockingAll), (tasks+procs-1)/procs)
}
