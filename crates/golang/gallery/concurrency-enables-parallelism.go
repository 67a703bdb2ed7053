// title: a(); b(); c() against go a(); go b(); go c()
// seed: 000_c380f608f518dc4a.txt, "Concurrency Enables Parallelism"
// shows: called in turn, nothing can run in parallel; started as goroutines the three can run at once when there are workers for them (faster on 2 workers, the same on 1)
// note: a, b and c are given the same CPU-bound loop each; the goroutines are waited for with a WaitGroup
package main

import (
	"fmt"
	"sync"
	"time"
)

var results [3]int

func work(slot int) {
	s := 0
	for i := 0; i < 50_000_000; i++ {
		s += i % 7
	}
	results[slot] = s
}

func a() { work(0) }
func b() { work(1) }
func c() { work(2) }

func notConcurrent() {
	a()
	b()
	c()
}

func concurrent(wg *sync.WaitGroup) {
	wg.Add(3)
	go func() { defer wg.Done(); a() }()
	go func() { defer wg.Done(); b() }()
	go func() { defer wg.Done(); c() }()
}

func main() {
	start := time.Now()
	notConcurrent()
	seq := time.Since(start)
	fmt.Println("not concurrent:", results, seq)
	start = time.Now()
	var wg sync.WaitGroup
	concurrent(&wg)
	wg.Wait()
	conc := time.Since(start)
	fmt.Println("concurrent:    ", results, conc)
	fmt.Printf("speedup: %.2fx\n", float64(seq)/float64(conc))
}
