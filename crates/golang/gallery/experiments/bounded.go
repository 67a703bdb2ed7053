// title: Bounded concurrency
// shows: the experiment's rows: N goroutines each take a permit from a semaphore (a buffered channel of m slots) before working and give it back after, with 1 permit, one per core and one per goroutine; waiting goroutines keep gaining from more permits, computing ones stop gaining at about one per core
// note: a waiting goroutine sleeps (time.Sleep parks it, like a network request); a computing one computes fib(24), where the experiment's default is 40 rounds of fib(25), scaled for this slower VM; the cores are runtime.NumCPU(), capped at the run's Ps (in the browser runtime.NumCPU() is navigator.hardwareConcurrency)
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const tasks = 16  // param: tasks
const waitMs = 20 // param: wait_ms

// A computing task's work: fib(work), by naive recursion.
const work = 24 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// behind runs every task as a goroutine behind m permits; it returns the time and the
// most goroutines that held a permit at once.
func behind(m int, work func()) (time.Duration, int64) {
	permits := make(chan struct{}, m)
	var inFlight, most int64
	var wg sync.WaitGroup
	start := time.Now()
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			permits <- struct{}{}
			now := atomic.AddInt64(&inFlight, 1)
			for {
				seen := atomic.LoadInt64(&most)
				if now <= seen || atomic.CompareAndSwapInt64(&most, seen, now) {
					break
				}
			}
			work()
			atomic.AddInt64(&inFlight, -1)
			<-permits
		}()
	}
	wg.Wait()
	return time.Since(start), most
}

// warmUp computes for warmUpMs, untimed.
func warmUp() {
	start := time.Now()
	for time.Since(start) < warmUpMs*time.Millisecond {
		fib(15)
	}
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

func main() {
	warmUp()
	procs := runtime.GOMAXPROCS(0)
	cores := runtime.NumCPU()
	if cores > procs {
		cores = procs
	}
	permits := []int{1}
	if cores > 1 {
		permits = append(permits, cores)
	}
	if tasks > cores {
		permits = append(permits, tasks)
	}
	waiting := func() { time.Sleep(time.Duration(waitMs) * time.Millisecond) }
	computing := func() { fib(work) }
	for _, kind := range []string{"waiting", "computing"} {
		work := waiting
		if kind == "computing" {
			work = computing
		}
		var base time.Duration
		for _, m := range permits {
			took, most := behind(m, work)
			if m == 1 {
				base = took
			}
			fmt.Printf("%s, %d goroutines behind %d permits on GOMAXPROCS(%d): %.1f ms, at most %d at once, speedup %.2fx\n", kind, tasks, m, procs, ms(took), most, float64(base)/float64(took))
		}
	}
}
