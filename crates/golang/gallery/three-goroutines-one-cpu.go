// title: Three goroutines on a single CPU
// seed: 003_e2ca494cff1b28e9.txt, "Example 7: Concurrency on a single CPU"
// shows: on one thread the runtime runs the three goroutines in turn; all nine steps print, in the scheduler's order; concurrency remains, only parallelism is gone
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(1)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				fmt.Printf("goroutine %d step %d\n", id, j)
			}
		}(i)
	}
	wg.Wait()
}
