// title: A concurrent sum that must be exactly 500500
// seed: 003_e2ca494cff1b28e9.txt, "Test"
// shows: a thousand goroutines each add their number with atomic.AddInt64, and the sum is always 500500
// note: the text's go test function TestConcurrentSumIsCorrect is a main here, printing PASS or FAIL instead of calling t.Fatalf
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var sum int64
	var wg sync.WaitGroup
	for i := 1; i <= 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			atomic.AddInt64(&sum, int64(i))
		}(i)
	}
	wg.Wait()
	if sum != 500_500 {
		fmt.Printf("FAIL: expected 500500, got %d\n", sum)
		return
	}
	fmt.Println("PASS: sum is", sum)
}
