package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// With one P, Gosched hands the processor to the other runnable goroutine: two goroutines
// that yield after every step alternate. Which starts first is the scheduler's choice, so
// the program prints whether they alternated, not the order.
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
	alternated := true
	for i := 1; i < len(order); i++ {
		if order[i] == order[i-1] {
			alternated = false
		}
	}
	fmt.Println(len(order), "steps, alternated:", alternated)
	var x int64
	go func() { atomic.StoreInt64(&x, 1) }()
	for atomic.LoadInt64(&x) == 0 {
		runtime.Gosched()
	}
	fmt.Println("x set by the other goroutine:", atomic.LoadInt64(&x))
}
