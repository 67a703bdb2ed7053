package main

import (
	"fmt"
	"runtime"
	"sync"
)

// NumGoroutine counts live goroutines, main included: blocked goroutines count, finished
// ones do not.
func main() {
	fmt.Println(runtime.NumGoroutine())
	release := make(chan bool)
	var started, finished sync.WaitGroup
	for i := 0; i < 5; i++ {
		started.Add(1)
		finished.Add(1)
		go func() {
			started.Done()
			<-release
			finished.Done()
		}()
	}
	started.Wait()
	fmt.Println(runtime.NumGoroutine())
	close(release)
	finished.Wait()
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println(runtime.NumGoroutine())
}
