package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var ops uint64
	var n32 int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddUint64(&ops, 1)
			atomic.AddInt32(&n32, 2)
		}()
	}
	wg.Wait()
	fmt.Println("ops:", atomic.LoadUint64(&ops), atomic.LoadInt32(&n32))
}
