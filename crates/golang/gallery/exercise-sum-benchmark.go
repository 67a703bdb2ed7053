// title: Exercise: the sequential and the concurrent sum at GOMAXPROCS 1 and 4
// seed: 000_c380f608f518dc4a.txt, "Exercises (Do These Before Moving On)"
// shows: exercise 2: at GOMAXPROCS=1 the concurrent sum is no faster than the sequential one; at GOMAXPROCS=4 it is faster on a machine with more than one core (up to its core count)
// note: the exercise is prose; this is the text's sum and sumConcurrent over a million numbers, each timed over 20 rounds under runtime.GOMAXPROCS(1) and then (4)
package main

import (
	"fmt"
	"runtime"
	"time"
)

func sum(numbers []int) int {
	total := 0
	for _, n := range numbers {
		total += n
	}
	return total
}

func sumConcurrent(numbers []int) int {
	mid := len(numbers) / 2
	ch := make(chan int)
	go func() { ch <- sum(numbers[:mid]) }()
	go func() { ch <- sum(numbers[mid:]) }()
	return <-ch + <-ch
}

func bench(f func([]int) int, numbers []int) time.Duration {
	start := time.Now()
	for r := 0; r < 20; r++ {
		f(numbers)
	}
	return time.Since(start)
}

func main() {
	numbers := make([]int, 1_000_000)
	for i := range numbers {
		numbers[i] = i + 1
	}
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		seq := bench(sum, numbers)
		conc := bench(sumConcurrent, numbers)
		fmt.Printf("GOMAXPROCS=%d: sequential %v, concurrent %v, speedup %.2fx\n",
			procs, seq, conc, float64(seq)/float64(conc))
	}
}
