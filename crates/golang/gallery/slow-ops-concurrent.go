// title: The three slow operations in goroutines
// seed: 003_e2ca494cff1b28e9.txt, "Example 2: Concurrent version"
// shows: total around 1 second: the three waits overlap; concurrency hiding I/O latency, not parallelism (the same on 1 worker)
package main

import (
	"fmt"
	"sync"
	"time"
)

func slowOp(name string, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println("start", name)
	time.Sleep(time.Second)
	fmt.Println("done", name)
}

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B", "C"} {
		wg.Add(1)
		go slowOp(name, &wg)
	}
	wg.Wait()
	fmt.Println("total:", time.Since(start))
}
