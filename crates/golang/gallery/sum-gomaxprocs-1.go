// title: The same two goroutines, forced onto one thread
// seed: 000_c380f608f518dc4a.txt, "Forcing Sequential Execution with Concurrent Structure"
// shows: still concurrent (two goroutines, one channel) but not parallel: about the sequential time or a little more (the text's 105ms), whatever the worker count
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

func sumFakeConcurrent(numbers []int) int {
	runtime.GOMAXPROCS(1) // one thread runs goroutines from here on
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
	sum1, sum2 := <-ch, <-ch
	return sum1 + sum2
}

func main() {
	numbers := make([]int, 1_000_000)
	for i := range numbers {
		numbers[i] = i + 1
	}
	start := time.Now()
	seq := sum(numbers)
	seqTime := time.Since(start)
	start = time.Now()
	fake := sumFakeConcurrent(numbers)
	fakeTime := time.Since(start)
	fmt.Println("sequential:", seq, seqTime)
	fmt.Println("concurrent on GOMAXPROCS(1):", fake, fakeTime)
	fmt.Printf("concurrent / sequential time: %.2f\n", float64(fakeTime)/float64(seqTime))
}
