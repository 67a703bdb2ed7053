package main

import (
	"fmt"
	"sync"
)

// Two goroutines each sum half of the numbers; on two workers they run at once.
func sumRange(from, to int, out *int, wg *sync.WaitGroup) {
	defer wg.Done()
	total := 0
	for i := from; i < to; i++ {
		total += i
	}
	*out = total
}

func main() {
	const n = 50_000_000
	var a, b int
	var wg sync.WaitGroup
	wg.Add(2)
	go sumRange(0, n/2, &a, &wg)
	go sumRange(n/2, n, &b, &wg)
	wg.Wait()
	fmt.Println("sum:", a+b)
}
