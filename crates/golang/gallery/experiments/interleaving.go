// title: Interleaving on one worker
// shows: the experiment's two rows: three goroutines (A, B, C) each do three steps of work and hand the P back after every step (runtime.Gosched); on GOMAXPROCS(1) their steps alternate (A1 B1 C1 A2 ...) rather than each running to its end, and on every P steps also run side by side
// note: a step is one fib(25) where the experiment's is 10 of them, scaled for this slower VM; the order is read from a slice each step appends its name to under a mutex
package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

const tasks = 3 // param: tasks
const steps = 3 // param: steps

// A step's work: fib(work), by naive recursion.
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

// run starts the goroutines and returns the order their steps ended in.
func run() ([]string, time.Duration) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	order := []string{}
	start := time.Now()
	for t := 0; t < tasks; t++ {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			for s := 1; s <= steps; s++ {
				fib(work)
				mu.Lock()
				order = append(order, fmt.Sprintf("%s%d", name, s))
				mu.Unlock()
				runtime.Gosched()
			}
		}(string(rune('A' + t)))
	}
	wg.Wait()
	return order, time.Since(start)
}

// interleaved says whether two steps in a row belong to different goroutines.
func interleaved(order []string) bool {
	for i := 1; i < len(order); i++ {
		if order[i][0] != order[i-1][0] {
			return true
		}
	}
	return false
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

	runtime.GOMAXPROCS(1)
	order, one := run()
	fmt.Printf("GOMAXPROCS(1): %s in %.1f ms, interleaved: %v\n", strings.Join(order, " "), ms(one), interleaved(order))

	runtime.GOMAXPROCS(procs)
	order, all := run()
	fmt.Printf("GOMAXPROCS(%d): %s in %.1f ms, interleaved: %v, speedup %.2fx\n", procs, strings.Join(order, " "), ms(all), interleaved(order), float64(one)/float64(all))
}
