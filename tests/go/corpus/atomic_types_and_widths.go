// sync/atomic's types (Int32, Uint32, Uint64, Bool) as struct fields shared by goroutines,
// and Int32 and Uint32 wrapping at their width, through their methods and AddInt32.
package main

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

type Stats struct {
	hits  atomic.Int32
	bytes atomic.Uint64
	ready atomic.Bool
}

func main() {
	var s Stats
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				s.hits.Add(1)
				s.bytes.Add(3)
			}
		}()
	}
	wg.Wait()
	fmt.Println(s.hits.Load(), s.bytes.Load(), s.ready.Load())
	fmt.Println(s.ready.CompareAndSwap(false, true), s.ready.Load(), s.ready.Swap(false), s.ready.Load())
	var w atomic.Int32
	w.Store(math.MaxInt32)
	fmt.Println(w.Add(1), w.Load(), w.CompareAndSwap(math.MinInt32, 5), w.Swap(7), w.Load())
	var u atomic.Uint32
	fmt.Println(u.Add(math.MaxUint32), u.Add(2))
	var n int32 = math.MaxInt32
	fmt.Println(atomic.AddInt32(&n, 1))
	fmt.Println(n)
	fmt.Println(atomic.CompareAndSwapInt32(&n, math.MinInt32, 1))
	fmt.Println(n)
	var big atomic.Int64
	fmt.Println(big.Add(1<<40), big.Load())
	fmt.Printf("%T %T %T\n", &s.hits, &s.bytes, &s.ready)
}
