// want: go1.22
package main

import (
	"fmt"
	"sync"
)

// Go 1.22 both ways at once: range over an int, and goroutines that capture the
// per-iteration i; the sum is collected under a mutex.
//
// Why loopvar_range_int_goroutines.out is what Go 1.22 prints (kept by hand):
// range 100 gives i = 0..99, each goroutine adds its own i once: 0+1+...+99 = 4950,
// and 100 goroutines ran: "4950 100".
func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sum, n := 0, 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += i
			n++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(sum, n)
}
