package main

import (
	"fmt"
	"sync"
)

// The arguments of `go f(x)` are evaluated by the goroutine that runs the go statement,
// at once: later changes to x do not reach f.
func main() {
	var wg sync.WaitGroup
	results := make([]int, 3)
	x := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		x += 10
		go func(slot, v int) {
			defer wg.Done()
			results[slot] = v
		}(i, x)
	}
	x = 1000
	wg.Wait()
	fmt.Println(results, x)
}
