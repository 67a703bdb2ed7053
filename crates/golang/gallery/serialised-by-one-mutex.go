// title: Concurrent on paper, serialised by a mutex
// seed: 003_e2ca494cff1b28e9.txt, "Edge Cases & Pitfalls"
// shows: "Concurrent code that is actually serialised": doA and doB are CPU-bound and both hold mu, so the two goroutines take as long as running them in turn, even on 2 workers; without the lock they overlap
// note: doA and doB are the same 100-million-step loop; a WaitGroup waits for the goroutines, and the same two goroutines without the mutex are timed for comparison
package main

import (
	"fmt"
	"sync"
	"time"
)

var resultA, resultB int

func spin() int {
	s := 0
	for i := 0; i < 100_000_000; i++ {
		s += i & 3
	}
	return s
}

func doA() { resultA = spin() }
func doB() { resultB = spin() }

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	wg.Add(2)
	go func() { defer wg.Done(); mu.Lock(); doA(); mu.Unlock() }()
	go func() { defer wg.Done(); mu.Lock(); doB(); mu.Unlock() }()
	wg.Wait()
	locked := time.Since(start)
	fmt.Println("with the mutex:   ", resultA, resultB, locked)

	start = time.Now()
	wg.Add(2)
	go func() { defer wg.Done(); doA() }()
	go func() { defer wg.Done(); doB() }()
	wg.Wait()
	free := time.Since(start)
	fmt.Println("without the mutex:", resultA, resultB, free)
	fmt.Printf("with / without: %.2f\n", float64(locked)/float64(free))
}
