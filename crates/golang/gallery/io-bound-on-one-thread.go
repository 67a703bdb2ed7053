// title: Goroutines waiting on the network free their thread
// seed: 001_c4b8b004ed313427.txt, "I/O-Bound vs CPU-Bound Workloads"
// shows: goroutines blocked on I/O release their P, so a thousand waits of 200 ms overlap on GOMAXPROCS=1 and finish in about 200 ms; more workers barely change it
// note: http.Get replaced by time.Sleep(200 * time.Millisecond); the text's one goroutine is started 1000 times ("thousands of concurrent HTTP connections on GOMAXPROCS=1") and waited for with a WaitGroup
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func get(url string) string {
	time.Sleep(200 * time.Millisecond) // blocks here, the P is free while waiting
	return "response from " + url
}

func main() {
	runtime.GOMAXPROCS(1)
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	responses := 0
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			resp := get(fmt.Sprintf("https://example.com/%d", i))
			mu.Lock()
			if resp != "" {
				responses++
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("responses:", responses, "on GOMAXPROCS", runtime.GOMAXPROCS(0))
	fmt.Println("elapsed:", time.Since(start))
}
