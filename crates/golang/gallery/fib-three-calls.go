// title: Three fibonacci calls, in turn and in goroutines
// seed: 000_c380f608f518dc4a.txt, "CPU-Bound: Concurrency Doesn't Help (on 1 Core)"
// shows: on 1 worker the goroutines take as long as the three calls in turn (3 units of CPU work); only more workers make them faster
// scaled: fibonacci(45) -> fibonacci(35)
// note: fibonacci(45) takes about 4 s per call in native Go on this machine (so 3 calls twice, 25 s, and minutes in the VM); fibonacci(35) is about the text's "1s CPU work" per call in the VM; the goroutines are waited for with a WaitGroup
package main

import (
	"fmt"
	"sync"
	"time"
)

func fibonacci(n int) int {
	if n < 2 {
		return n
	}
	return fibonacci(n-1) + fibonacci(n-2)
}

func main() {
	const n = 35
	start := time.Now()
	result1 := fibonacci(n)
	result2 := fibonacci(n)
	result3 := fibonacci(n)
	seq := time.Since(start)
	fmt.Println("sequential:", result1, result2, result3, seq)

	start = time.Now()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); result1 = fibonacci(n) }()
	go func() { defer wg.Done(); result2 = fibonacci(n) }()
	go func() { defer wg.Done(); result3 = fibonacci(n) }()
	wg.Wait()
	conc := time.Since(start)
	fmt.Println("goroutines:", result1, result2, result3, conc)
	fmt.Printf("goroutines / sequential time: %.2f\n", float64(conc)/float64(seq))
}
