// want: sorted
package main

import (
	"fmt"
	"sync"
)

// Goroutines print as they run: the order is the scheduler's, the set of lines is not.
func main() {
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			fmt.Printf("goroutine %d running\n", id)
		}(i)
	}
	wg.Wait()
	fmt.Println("all done")
}
