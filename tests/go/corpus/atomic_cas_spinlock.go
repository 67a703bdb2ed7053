package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

type spinLock struct{ state int64 }

func (l *spinLock) Lock() {
	for !atomic.CompareAndSwapInt64(&l.state, 0, 1) {
		runtime.Gosched()
	}
}

func (l *spinLock) Unlock() { atomic.StoreInt64(&l.state, 0) }

// A lock built from CompareAndSwapInt64 and Gosched protects a plain counter: exact total,
// on one worker or many.
func main() {
	var l spinLock
	var wg sync.WaitGroup
	total := 0
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				l.Lock()
				total++
				l.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println(total, atomic.LoadInt64(&l.state))
}
