package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// With one P, Gosched hands the processor to the other runnable goroutine: two goroutines
// that yield after every step alternate. Which starts first is the scheduler's choice, so
// the program prints whether they took turns, not the order.
func main() {
	runtime.GOMAXPROCS(1)
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	step := func(name string) {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			runtime.Gosched()
		}
	}
	wg.Add(2)
	go step("a")
	go step("b")
	wg.Wait()
	// Strict alternation is what one P gives, but a turn preempted (after 10 ms, as when
	// the machine is busy) between its step and its Gosched takes two steps in a row; that
	// the two took turns at all is what holds however busy the machine is.
	switches := 0
	for i := 1; i < len(order); i++ {
		if order[i] != order[i-1] {
			switches++
		}
	}
	fmt.Println(len(order), "steps, took turns:", switches >= 1)
	var x int64
	go func() { atomic.StoreInt64(&x, 1) }()
	for atomic.LoadInt64(&x) == 0 {
		runtime.Gosched()
	}
	fmt.Println("x set by the other goroutine:", atomic.LoadInt64(&x))
}
