// title: Amdahl's law
// shows: the experiment's rows: a sum of n numbers whose first s per cent one goroutine adds alone (the serial part) and whose rest is split over k goroutines on GOMAXPROCS(k), for k = 1 to the run's Ps; each speedup over k = 1 beside Amdahl's bound 1 / (s + (1 - s) / k)
// note: the page's n (200,000,000) is scaled to 30,000,000 numbers for this slower VM
package main

import (
	"fmt"
	"runtime"
	"time"
)

const serialPercent = 30 // param: serial_percent
const n = 30_000_000     // quick: 100_000

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func sumRange(lo, hi int) int {
	s := 0
	for i := lo; i < hi; i++ {
		s += i
	}
	return s
}

// withWorkers adds the serial part alone, then the rest in k goroutines on GOMAXPROCS(k).
func withWorkers(k int) int {
	runtime.GOMAXPROCS(k)
	serialEnd := 1 + n*serialPercent/100
	total := sumRange(1, serialEnd)
	rest := n + 1 - serialEnd
	results := make(chan int, k)
	for p := 0; p < k; p++ {
		go func(lo, hi int) {
			results <- sumRange(lo, hi)
		}(serialEnd+rest*p/k, serialEnd+rest*(p+1)/k)
	}
	for p := 0; p < k; p++ {
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
	s := float64(serialPercent) / 100
	var base time.Duration
	for k := 1; k <= procs; k++ {
		start := time.Now()
		total := withWorkers(k)
		took := time.Since(start)
		if k == 1 {
			base = took
		}
		bound := 1 / (s + (1-s)/float64(k))
		fmt.Printf("k = %d, GOMAXPROCS(%d): %d in %.1f ms, speedup %.2fx, Amdahl's bound %.2fx\n", k, k, total, ms(took), float64(base)/float64(took), bound)
	}
}
