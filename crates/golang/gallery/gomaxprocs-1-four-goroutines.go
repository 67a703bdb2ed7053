// title: Four goroutines on one thread
// seed: 001_c4b8b004ed313427.txt, "Concurrency Without Parallelism"
// shows: all four goroutines run, one at a time on one thread, in an order the scheduler decides; the program is correct with GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(1) // single OS thread: no parallelism

	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			fmt.Printf("goroutine %d running\n", id)
		}(i)
	}
	wg.Wait()
}
