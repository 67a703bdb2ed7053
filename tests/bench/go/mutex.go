// The seeds' million goroutines with one mutex: each goroutine locks mu, adds one to the
// counter and unlocks it, and a WaitGroup joins them. `cargo xtask bench` times it in Go
// and in the VM natively, with each run's peak memory; it sets n on the `const n` line.
package main

import (
	"fmt"
	"sync"
	"time"
)

const n = 1_000_000

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			count++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(time.Since(start).Nanoseconds(), count)
}
