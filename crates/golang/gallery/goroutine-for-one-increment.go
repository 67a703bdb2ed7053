// title: A goroutine for one x++
// seed: 003_e2ca494cff1b28e9.txt, "Tricky Questions"
// shows: "the smallest example of code where concurrency hurts": starting a goroutine costs far more than the increment it runs (hundreds of times, the text says)
// note: go func() { x++ }() is done 100,000 times (with a mutex, so the increments are not lost, and a WaitGroup) against 100,000 plain x++; the time per increment is printed
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	const n = 100_000
	x := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		x++
	}
	plain := time.Since(start)

	y := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	start = time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			y++
			mu.Unlock()
		}()
	}
	wg.Wait()
	spawned := time.Since(start)
	fmt.Printf("x++:                 %d, %.1f ns each\n", x, float64(plain)/n)
	fmt.Printf("go func() { x++ }(): %d, %.1f ns each\n", y, float64(spawned)/n)
	fmt.Printf("the goroutines cost %.0fx as much\n", float64(spawned)/float64(plain))
}
