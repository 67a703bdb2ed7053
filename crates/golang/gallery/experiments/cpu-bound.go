// title: CPU-bound tasks
// shows: the experiment's three rows: the calls one after another, then one concurrent program (a goroutine per call) run on GOMAXPROCS(1), where it gains nothing, and on every P, where it is up to min(tasks, Ps) times faster
// note: each call is rounds of fib(25) computed by naive recursion, as in the experiment; the page's 300 rounds are scaled to 8 (fib(25) takes about 60 times as long in this VM as natively)
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const tasks = 3  // param: tasks
const rounds = 8 // quick: 1

// A round's work: fib(work), by naive recursion.
const work = 25 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// call is one task's work: rounds of fib(work).
func call() int {
	s := 0
	for r := 0; r < rounds; r++ {
		s += fib(work)
	}
	return s
}

// concurrent runs the calls as one goroutine each and waits for all of them.
func concurrent() int {
	results := make([]int, tasks)
	var wg sync.WaitGroup
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			results[t] = call()
		}(t)
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		total += r
	}
	return total
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

	start := time.Now()
	total := 0
	for t := 0; t < tasks; t++ {
		total += call()
	}
	seq := time.Since(start)
	fmt.Printf("sequential, %d calls one after another: %d in %.1f ms\n", tasks, total, ms(seq))

	runtime.GOMAXPROCS(1)
	start = time.Now()
	total = concurrent()
	one := time.Since(start)
	fmt.Printf("concurrent, %d goroutines on GOMAXPROCS(1): %d in %.1f ms, speedup %.2fx\n", tasks, total, ms(one), float64(seq)/float64(one))

	runtime.GOMAXPROCS(procs)
	start = time.Now()
	total = concurrent()
	all := time.Since(start)
	fmt.Printf("parallel, %d goroutines on GOMAXPROCS(%d): %d in %.1f ms, speedup %.2fx\n", tasks, procs, total, ms(all), float64(seq)/float64(all))
}
