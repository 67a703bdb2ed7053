// title: At most 8 in flight
// seed: 003_e2ca494cff1b28e9.txt, "Coding Patterns"
// shows: Pattern 4: a semaphore channel of capacity 8 caps the goroutines in flight at 8, the rest queue behind it: 32 items of 100 ms take about 400 ms, never more than 8 at once
// note: process is time.Sleep(100 * time.Millisecond) plus a count of how many are in flight; a WaitGroup waits for the last ones
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type Item int

var inFlight, maxInFlight int64

func process(item Item) {
	n := atomic.AddInt64(&inFlight, 1)
	for {
		m := atomic.LoadInt64(&maxInFlight)
		if n <= m || atomic.CompareAndSwapInt64(&maxInFlight, m, n) {
			break
		}
	}
	time.Sleep(100 * time.Millisecond)
	atomic.AddInt64(&inFlight, -1)
}

func main() {
	var items []Item
	for i := 0; i < 32; i++ {
		items = append(items, Item(i))
	}
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, item := range items {
		sem <- struct{}{}
		wg.Add(1)
		go func(item Item) {
			defer wg.Done()
			defer func() { <-sem }()
			process(item)
		}(item)
	}
	wg.Wait()
	fmt.Println("items:", len(items), "most in flight:", atomic.LoadInt64(&maxInFlight))
	fmt.Println("elapsed:", time.Since(start))
}
