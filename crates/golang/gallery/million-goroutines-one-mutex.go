// title: A million goroutines behind one mutex
// seed: 003_e2ca494cff1b28e9.txt, "Example 4: A concurrent program that runs slower"
// shows: the same sum as a plain loop, but far slower: every goroutine costs its start and all of them queue on one mutex (the text: milliseconds sequentially, seconds concurrently)
// note: the sequential loop the text compares with is timed after it
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	sum := 0
	var mu sync.Mutex
	for i := 0; i < 1_000_000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mu.Lock()
			sum += i
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	conc := time.Since(start)
	fmt.Println("sum:", sum, "elapsed:", conc)

	start = time.Now()
	seqSum := 0
	for i := 0; i < 1_000_000; i++ {
		seqSum += i
	}
	seq := time.Since(start)
	fmt.Println("sequential sum:", seqSum, "elapsed:", seq)
	fmt.Printf("the goroutines took %.0fx as long\n", float64(conc)/float64(seq))
}
