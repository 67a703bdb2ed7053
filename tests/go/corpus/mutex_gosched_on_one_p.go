// A lock held across runtime.Gosched under GOMAXPROCS(1), 5,000 times: every goroutine gets
// its turn (this once ended, now and then, in a false deadlock on 2 workers, when a P
// was handed to a goroutine that had not run yet).
package main

import (
	"fmt"
	"runtime"
	"sync"
)

var mu sync.Mutex
var seats int

func book() bool {
	mu.Lock()
	defer mu.Unlock()
	if seats > 0 {
		runtime.Gosched()
		seats--
		return true
	}
	return false
}

func main() {
	runtime.GOMAXPROCS(1)
	for t := 0; t < 5000; t++ {
		seats = 1
		var wg sync.WaitGroup
		for b := 0; b < 2; b++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				book()
			}()
		}
		wg.Wait()
	}
	fmt.Println("ok")
}
