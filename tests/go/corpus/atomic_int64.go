package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// AddInt64, LoadInt64, StoreInt64, CompareAndSwapInt64 and the atomic.Int64 type.
func main() {
	var n int64
	var wg sync.WaitGroup
	for g := 0; g < 10; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				atomic.AddInt64(&n, 1)
			}
		}()
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt64(&n))
	atomic.StoreInt64(&n, 5)
	fmt.Println(atomic.CompareAndSwapInt64(&n, 5, 6), n)
	fmt.Println(atomic.CompareAndSwapInt64(&n, 5, 7), n)
	fmt.Println(atomic.AddInt64(&n, -2))
	var c atomic.Int64
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 250; i++ {
				c.Add(2)
			}
		}()
	}
	wg.Wait()
	fmt.Println(c.Load())
	c.Store(-1)
	fmt.Println(c.CompareAndSwap(-1, 1), c.Load(), c.Swap(9), c.Load())
}
