// Spawning goroutines: main starts n goroutines that each call wg.Done() and waits for
// them. `cargo xtask bench` times it in Go (the yardstick of the scheduler's rows) and in
// the VM in the page; it sets n on the `const n` line.
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
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
	fmt.Println(time.Since(start).Nanoseconds(), n)
}
