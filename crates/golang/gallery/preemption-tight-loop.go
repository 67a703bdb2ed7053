// title: A tight loop no longer starves the others
// seed: 003_e2ca494cff1b28e9.txt, "Tricky Points"
// shows: "Concurrency vs preemption": on GOMAXPROCS=1 a goroutine spinning in for { x++ } with no calls is preempted (Go 1.14+), so main wakes from its sleep and finishes about on time
// note: main sleeps 100 ms while the loop spins and then reports; x++ is an atomic add (compiled inline, not a call) so main can read that the loop ran
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	runtime.GOMAXPROCS(1)
	var x int64
	go func() {
		for {
			atomic.AddInt64(&x, 1) // no function call: only async preemption stops it
		}
	}()
	start := time.Now()
	time.Sleep(100 * time.Millisecond)
	fmt.Println("main ran again after", time.Since(start), "- the loop had counted:", atomic.LoadInt64(&x) > 0)
}
