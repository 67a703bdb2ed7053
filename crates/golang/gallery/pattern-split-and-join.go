// title: Split and join CPU work
// seed: 003_e2ca494cff1b28e9.txt, "Coding Patterns"
// shows: Pattern 2: NumCPU goroutines each compute one chunk into their own slot, then the results are combined; faster than one goroutine when there are workers
// note: data is 40 million ints and compute sums the squares of a chunk mod 1000; one goroutine over all the data is timed first
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

type Result int

func compute(data []int) Result {
	r := 0
	for _, v := range data {
		r += v * v % 1000
	}
	return Result(r)
}

func combine(out []Result) Result {
	var total Result
	for _, r := range out {
		total += r
	}
	return total
}

func main() {
	data := make([]int, 40_000_000)
	for i := range data {
		data[i] = i
	}
	start := time.Now()
	whole := compute(data)
	single := time.Since(start)
	fmt.Println("one goroutine:", whole, single)

	start = time.Now()
	n := runtime.NumCPU()
	chunk := len(data) / n
	var wg sync.WaitGroup
	out := make([]Result, n)
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			out[w] = compute(data[w*chunk : (w+1)*chunk])
		}(w)
	}
	wg.Wait()
	split := time.Since(start)
	fmt.Println("split and join:", combine(out), split, "on", n, "goroutines")
	fmt.Printf("speedup: %.2fx\n", float64(single)/float64(split))
}
