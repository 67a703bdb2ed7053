// title: GOMAXPROCS, the knob between concurrency and parallelism
// seed: 000_c380f608f518dc4a.txt, "GOMAXPROCS: The Knob Between Concurrency and Parallelism"
// shows: the same concurrent code run under runtime.GOMAXPROCS(1) (concurrent, not parallel) and runtime.GOMAXPROCS(4) (concurrent and parallel, up to the cores there are): faster only with more than one
// note: the knob's two lines are applied in turn to the text's two-goroutine sum of a million numbers, run 20 times each so the time is long against the noise
package main

import (
	"fmt"
	"runtime"
	"time"
)

func sumConcurrent(numbers []int) int {
	mid := len(numbers) / 2
	ch := make(chan int)
	go func() {
		s := 0
		for _, n := range numbers[:mid] {
			s += n
		}
		ch <- s
	}()
	go func() {
		s := 0
		for _, n := range numbers[mid:] {
			s += n
		}
		ch <- s
	}()
	return <-ch + <-ch
}

func timed(numbers []int) (int, time.Duration) {
	start := time.Now()
	total := 0
	for r := 0; r < 20; r++ {
		total = sumConcurrent(numbers)
	}
	return total, time.Since(start)
}

func main() {
	numbers := make([]int, 1_000_000)
	for i := range numbers {
		numbers[i] = i + 1
	}
	fmt.Println("NumCPU:", runtime.NumCPU())
	runtime.GOMAXPROCS(1) // Concurrent but not parallel
	s1, t1 := timed(numbers)
	fmt.Println("GOMAXPROCS(1):", s1, t1)
	runtime.GOMAXPROCS(4) // Concurrent AND parallel (up to 4 cores)
	s4, t4 := timed(numbers)
	fmt.Println("GOMAXPROCS(4):", s4, t4)
	fmt.Printf("speedup: %.2fx\n", float64(t1)/float64(t4))
}
