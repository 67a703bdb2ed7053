// title: Throughput vs latency
// shows: the experiment's two rows: the same requests served by 1 worker goroutine on GOMAXPROCS(1), then by a worker per P; each request waits holding its worker (as a thread-per-request server does on a database call) and computes a little: throughput (requests per second) rises with the workers while each request's latency stays about the same
// note: the wait is a loop that holds its P until it has run for the wait's length (Go itself would hand a blocked thread's P to another thread); the computing is one fib(20) where the experiment's is 4 rounds of fib(25), scaled for this slower VM; latency is the median time from a request's start to its end
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const requests = 40 // param: requests
const waitMs = 10   // param: wait_ms

// A request's computing: fib(work), by naive recursion.
const work = 20 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

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

// serve has workers goroutines on GOMAXPROCS(workers) take the requests from a channel,
// one at a time each; it returns the run's time and each request's latency.
func serve(workers int) (time.Duration, []time.Duration) {
	runtime.GOMAXPROCS(workers)
	queue := make(chan int, requests)
	for r := 0; r < requests; r++ {
		queue <- r
	}
	close(queue)
	latencies := make([]time.Duration, requests)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range queue {
				began := time.Now()
				block(time.Duration(waitMs) * time.Millisecond)
				fib(work)
				latencies[r] = time.Since(began)
			}
		}()
	}
	wg.Wait()
	return time.Since(start), latencies
}

// median sorts a copy of ds by insertion.
func median(ds []time.Duration) time.Duration {
	sorted := append([]time.Duration{}, ds...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	return sorted[len(sorted)/2]
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
	one, oneLat := serve(1)
	fmt.Printf("%d requests served by 1 worker on GOMAXPROCS(1): %.1f ms, %.0f requests/s, median latency %.1f ms\n", requests, ms(one), float64(requests)/one.Seconds(), ms(median(oneLat)))
	all, allLat := serve(procs)
	fmt.Printf("%d requests served by %d workers on GOMAXPROCS(%d): %.1f ms, %.0f requests/s, median latency %.1f ms, throughput %.2fx\n", requests, procs, procs, ms(all), float64(requests)/all.Seconds(), ms(median(allLat)), float64(one)/float64(all))
}
