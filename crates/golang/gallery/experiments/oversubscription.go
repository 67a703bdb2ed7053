// title: Oversubscription
// shows: the experiment's three rows: many small CPU-bound goroutines run on GOMAXPROCS(1), on as many Ps as the machine has cores, and on every P the run has (the page's Workers start at twice the cores here); Ps past the cores add no throughput
// note: each task is one fib(16) where the experiment's default is 10 rounds of fib(20), scaled for this slower VM; the cores are runtime.NumCPU(), capped at the run's Ps (in the browser runtime.NumCPU() is navigator.hardwareConcurrency)
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const tasks = 1_000 // param: tasks

// A task's work: fib(work), by naive recursion.
const work = 16 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// on runs every task as a goroutine on GOMAXPROCS(procs) and says how long they took.
func on(procs int) (int, time.Duration) {
	runtime.GOMAXPROCS(procs)
	start := time.Now()
	results := make([]int, tasks)
	var wg sync.WaitGroup
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			results[t] = fib(work)
		}(t)
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		total += r
	}
	return total, time.Since(start)
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
	perSecond := func(d time.Duration) float64 { return float64(tasks) / d.Seconds() }

	total, one := on(1)
	fmt.Printf("%d tasks on GOMAXPROCS(1): %d in %.1f ms, %.0f tasks/s\n", tasks, total, ms(one), perSecond(one))
	total, atCores := on(cores)
	fmt.Printf("%d tasks on GOMAXPROCS(%d), the cores: %d in %.1f ms, %.0f tasks/s, speedup %.2fx\n", tasks, cores, total, ms(atCores), perSecond(atCores), float64(one)/float64(atCores))
	total, all := on(procs)
	fmt.Printf("%d tasks on GOMAXPROCS(%d), every P: %d in %.1f ms, %.0f tasks/s, speedup %.2fx\n", tasks, procs, total, ms(all), perSecond(all), float64(one)/float64(all))
}
