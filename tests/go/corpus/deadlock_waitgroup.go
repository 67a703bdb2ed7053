// want: exit 2
// want: stderr-starts fatal error: all goroutines are asleep - deadlock!
package main

import (
	"fmt"
	"sync"
)

// Add(2) but only one Done: Wait never returns, and no goroutine is left to call Done.
func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		fmt.Println("one worker")
	}()
	wg.Wait()
}
