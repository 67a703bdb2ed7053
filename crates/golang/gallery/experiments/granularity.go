// title: Task granularity
// shows: the experiment's rows: one goroutine adding all n numbers, then the same sum split into goroutines of 1, 10, 100, ... numbers each and finally one chunk per P, all on every P; a goroutine costs more than adding a few numbers, so the tiny ones lose, and the program names the smallest size that is no slower than the plain loop
// note: the page's n (1,000,000) is scaled to 200,000: a goroutine of one number costs about the same here as natively, but the loop's step is about 30 times slower
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const n = 200_000 // quick: 2_000

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

// inTasks adds 1..n in goroutines of size numbers each, on every P.
func inTasks(size int) int64 {
	var total int64
	var wg sync.WaitGroup
	for lo := 1; lo <= n; lo += size {
		hi := lo + size
		if hi > n+1 {
			hi = n + 1
		}
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			atomic.AddInt64(&total, int64(sumRange(lo, hi)))
		}(lo, hi)
	}
	wg.Wait()
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
	chunk := (n + procs - 1) / procs

	start := time.Now()
	sum := int64(sumRange(1, n+1))
	seq := time.Since(start)
	fmt.Printf("sequential, one goroutine adds %d numbers: %d in %.2f ms\n", n, sum, ms(seq))

	sizes := []int{}
	for _, size := range []int{1, 10, 100, 1_000, 10_000} {
		if size < chunk {
			sizes = append(sizes, size)
		}
	}
	sizes = append(sizes, chunk)
	breakEven := 0
	for _, size := range sizes {
		start = time.Now()
		sum = inTasks(size)
		took := time.Since(start)
		fmt.Printf("goroutines of %d numbers (%d of them) on GOMAXPROCS(%d): %d in %.2f ms, speedup %.2fx\n", size, (n+size-1)/size, procs, sum, ms(took), float64(seq)/float64(took))
		if breakEven == 0 && took <= seq {
			breakEven = size
		}
	}
	if breakEven == 0 {
		fmt.Println("break-even: no task size was as fast as the plain loop")
	} else {
		fmt.Printf("break-even: goroutines of %d numbers are the smallest no slower than the plain loop\n", breakEven)
	}
}
