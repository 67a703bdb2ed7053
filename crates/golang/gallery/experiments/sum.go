// title: Sum: sequential, concurrent, parallel
// shows: the experiment's three rows: a plain loop, then one concurrent program (the numbers split among goroutines, one per P and at least two, their sums joined on a channel) run on GOMAXPROCS(1), where it gains nothing, and on every P, where it is up to that many times faster
// note: the page's n (200,000,000) is scaled to 30,000,000 numbers: this VM runs a loop step about 30 times slower than the engine's native kernel
package main

import (
	"fmt"
	"runtime"
	"time"
)

const n = 30_000_000 // quick: 100_000

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

// sumRange adds lo, lo+1, ..., hi-1.
func sumRange(lo, hi int) int {
	s := 0
	for i := lo; i < hi; i++ {
		s += i
	}
	return s
}

// concurrent splits 1..n into parts shares, one goroutine each, and joins their sums.
func concurrent(parts int) int {
	results := make(chan int, parts)
	for p := 0; p < parts; p++ {
		lo := 1 + n*p/parts
		hi := 1 + n*(p+1)/parts
		go func(lo, hi int) {
			results <- sumRange(lo, hi)
		}(lo, hi)
	}
	total := 0
	for p := 0; p < parts; p++ {
		total += <-results
	}
	return total
}

// warmUp computes for warmUpMs, untimed.
func warmUp() {
	start := time.Now()
	for time.Since(start) < warmUpMs*time.Millisecond {
		sumRange(1, 10_000)
	}
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

func main() {
	warmUp()
	procs := runtime.GOMAXPROCS(0)
	parts := procs
	if parts < 2 {
		parts = 2
	}

	start := time.Now()
	sum := sumRange(1, n+1)
	seq := time.Since(start)
	fmt.Printf("sequential, a plain loop: %d in %.1f ms\n", sum, ms(seq))

	runtime.GOMAXPROCS(1)
	start = time.Now()
	sum = concurrent(parts)
	one := time.Since(start)
	fmt.Printf("concurrent, %d goroutines on GOMAXPROCS(1): %d in %.1f ms, speedup %.2fx\n", parts, sum, ms(one), float64(seq)/float64(one))

	runtime.GOMAXPROCS(procs)
	start = time.Now()
	sum = concurrent(parts)
	all := time.Since(start)
	fmt.Printf("parallel, %d goroutines on GOMAXPROCS(%d): %d in %.1f ms, speedup %.2fx\n", parts, procs, sum, ms(all), float64(seq)/float64(all))
}
