// title: Eight goroutines scanning one large array
// seed: 003_e2ca494cff1b28e9.txt, "Tricky Points"
// shows: "Parallel CPU work that hits memory bandwidth": eight concurrent scans of the same array do not finish in 1/8 of eight scans' time; at best the worker count divides it, and memory bandwidth and cache take more
// note: largeArray is 4 million ints (32 MB); scan sums it; one scan, then eight in turn, then eight goroutines are timed
package main

import (
	"fmt"
	"sync"
	"time"
)

var largeArray = make([]int, 4_000_000)

func scan(a []int) int {
	s := 0
	for _, v := range a {
		s += v
	}
	return s
}

func main() {
	for i := range largeArray {
		largeArray[i] = i % 10
	}
	start := time.Now()
	one := scan(largeArray)
	fmt.Println("one scan:", one, time.Since(start))

	start = time.Now()
	total := 0
	for i := 0; i < 8; i++ {
		total += scan(largeArray)
	}
	inTurn := time.Since(start)
	fmt.Println("eight in turn:", total == 8*one, inTurn)

	start = time.Now()
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = scan(largeArray)
		}(i)
	}
	wg.Wait()
	par := time.Since(start)
	fmt.Println("eight goroutines:", par, "all equal:", results[0] == one && results[7] == one)
	fmt.Printf("speedup over eight in turn: %.2fx (not 8x)\n", float64(inTurn)/float64(par))
}
