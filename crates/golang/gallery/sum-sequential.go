// title: Summing a million numbers, one loop
// seed: 000_c380f608f518dc4a.txt, "Sequential (No Concurrency, No Parallelism)"
// shows: the baseline time of the plain loop (the text's "Time: 100ms (baseline)"), which the concurrent versions are measured against
package main

import (
	"fmt"
	"time"
)

func sum(numbers []int) int {
	total := 0
	for _, n := range numbers {
		total += n
	}
	return total
}

func main() {
	numbers := make([]int, 1_000_000)
	for i := range numbers {
		numbers[i] = i + 1
	}
	start := time.Now()
	total := sum(numbers)
	fmt.Println("sum:", total)
	fmt.Println("sequential time:", time.Since(start))
}
