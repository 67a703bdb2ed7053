// title: Spawn and wait for independent I/O
// seed: 003_e2ca494cff1b28e9.txt, "Coding Patterns"
// shows: Pattern 1: with one goroutine per item the I/O waits overlap: ten 100 ms items take about 100 ms instead of 1 s
// note: process's I/O is time.Sleep(100 * time.Millisecond); the sequential loop is timed first for comparison
package main

import (
	"fmt"
	"sync"
	"time"
)

type Item struct{ ID int }

func process(item Item) {
	time.Sleep(100 * time.Millisecond) // I/O-heavy
}

func main() {
	var items []Item
	for i := 0; i < 10; i++ {
		items = append(items, Item{ID: i})
	}
	start := time.Now()
	for _, item := range items {
		process(item)
	}
	fmt.Println("one after another:", time.Since(start))

	start = time.Now()
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(item Item) {
			defer wg.Done()
			process(item)
		}(item)
	}
	wg.Wait()
	fmt.Println("spawn and wait:   ", time.Since(start))
}
