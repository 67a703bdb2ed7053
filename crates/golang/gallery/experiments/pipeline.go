// title: Producer, stages, consumer
// shows: the experiment's four rows: one goroutine reading, transforming and writing each item in turn; a reader, a transformer and a writer as three goroutines joined by channels of a few slots, on GOMAXPROCS(1) and on every P, where the stages overlap; and the same pipeline with a 4x slower transform, which sets the pace (the reader waits on a full channel)
// note: a read and a write are time.Sleep (they park); the transform is fib(22) per round where the experiment's is fib(25), scaled for this slower VM
package main

import (
	"fmt"
	"runtime"
	"time"
)

const items = 50   // param: items
const stageMs = 4  // param: stage_ms
const capacity = 2 // param: capacity

// A transform round's work: fib(work), by naive recursion.
const work = 22 // quick: 10

// How long the program computes, untimed, before its first row, so that the VM's start (in
// the browser, its compilation) is not charged to that row, as the experiments warm their kernels.
const warmUpMs = 300 // quick: 1

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func transform(item, rounds int) int {
	s := item
	for r := 0; r < rounds; r++ {
		s += fib(work)
	}
	return s
}

func stage() { time.Sleep(time.Duration(stageMs) * time.Millisecond) }

// pipelined runs the three stages as goroutines joined by channels of capacity slots.
func pipelined(rounds int) int {
	toTransform := make(chan int, capacity)
	toWriter := make(chan int, capacity)
	done := make(chan int)
	go func() {
		for i := 0; i < items; i++ {
			stage()
			toTransform <- i
		}
		close(toTransform)
	}()
	go func() {
		for item := range toTransform {
			toWriter <- transform(item, rounds)
		}
		close(toWriter)
	}()
	go func() {
		total := 0
		for item := range toWriter {
			stage()
			total += item
		}
		done <- total
	}()
	return <-done
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
	rate := func(d time.Duration) float64 { return float64(items) / d.Seconds() }

	start := time.Now()
	total := 0
	for i := 0; i < items; i++ {
		stage()
		item := transform(i, 1)
		stage()
		total += item
	}
	seq := time.Since(start)
	fmt.Printf("sequential, one goroutine does each item's 3 stages: %d in %.1f ms, %.0f items/s\n", total, ms(seq), rate(seq))

	runtime.GOMAXPROCS(1)
	start = time.Now()
	total = pipelined(1)
	one := time.Since(start)
	fmt.Printf("pipeline, 3 goroutines on GOMAXPROCS(1): %d in %.1f ms, %.0f items/s, speedup %.2fx\n", total, ms(one), rate(one), float64(seq)/float64(one))

	runtime.GOMAXPROCS(procs)
	start = time.Now()
	total = pipelined(1)
	all := time.Since(start)
	fmt.Printf("pipeline, 3 goroutines on GOMAXPROCS(%d): %d in %.1f ms, %.0f items/s, speedup %.2fx\n", procs, total, ms(all), rate(all), float64(seq)/float64(all))

	start = time.Now()
	total = pipelined(4)
	slow := time.Since(start)
	fmt.Printf("pipeline with a 4x slower transform, GOMAXPROCS(%d): %d in %.1f ms, %.0f items/s, %.2fx the plain pipeline's time\n", procs, total, ms(slow), rate(slow), float64(slow)/float64(all))
}
