// title: Mixed I/O and CPU
// shows: the experiment's three rows: one goroutine serving every request in turn (wait, then compute), then a goroutine per request on GOMAXPROCS(1), where the waits overlap but the computing takes turns, and on every P, where the computing overlaps too
// note: a wait is time.Sleep (it parks, like a network request); the computing is one fib(26) by naive recursion where the experiment's default is 40 rounds of fib(25), so that wait and compute keep about the experiment's proportion in this slower VM
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const tasks = 8    // param: tasks
const waitMs = 100 // param: wait_ms

// A request's computing: fib(work), by naive recursion.
const work = 26 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// request waits for its reply, then computes with it.
func request() int {
	time.Sleep(time.Duration(waitMs) * time.Millisecond)
	return fib(work)
}

// concurrent serves every request in a goroutine of its own.
func concurrent() int {
	results := make([]int, tasks)
	var wg sync.WaitGroup
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			results[t] = request()
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
		total += request()
	}
	seq := time.Since(start)
	fmt.Printf("sequential, %d requests in turn: %d in %.1f ms\n", tasks, total, ms(seq))

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
