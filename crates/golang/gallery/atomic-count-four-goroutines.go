// title: Four goroutines counting with atomic adds
// seed: 001_c4b8b004ed313427.txt, "Enabling Parallelism"
// shows: count=40000000 always (atomic adds lose nothing); with GOMAXPROCS > 1 the four goroutines run at the same time on different workers, and the elapsed time is printed
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	cores := runtime.NumCPU()
	fmt.Printf("NumCPU=%d, GOMAXPROCS=%d\n", cores, runtime.GOMAXPROCS(0))

	var count int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10_000_000; j++ {
				atomic.AddInt64(&count, 1) // safe across goroutines
			}
		}()
	}
	wg.Wait()
	fmt.Printf("count=%d elapsed=%v\n", count, time.Since(start))
}
