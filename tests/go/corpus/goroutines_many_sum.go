package main

import (
	"fmt"
	"sync"
)

// 10,000 goroutines each send one value on a shared channel; main sums them.
func main() {
	const n = 10000
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			ch <- v
		}(i)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	sum, count := 0, 0
	for v := range ch {
		sum += v
		count++
	}
	fmt.Println(count, sum, sum == n*(n+1)/2)
}
