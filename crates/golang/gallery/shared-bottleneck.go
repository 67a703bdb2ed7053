// title: Eight goroutines, one database connection
// seed: 003_e2ca494cff1b28e9.txt, "Edge Cases & Pitfalls"
// shows: "Concurrent code that wedges on shared bottleneck": a pool of 8 goroutines sharing one connection gets the throughput of that one connection; the "8x parallelism" is not there
// note: the text gives no code; the connection is a mutex held for a 10 ms time.Sleep per query, 8 goroutines run 5 queries each, and the same 40 queries on 8 connections are timed for comparison
package main

import (
	"fmt"
	"sync"
	"time"
)

type Conn struct{ mu sync.Mutex }

func (c *Conn) Query() {
	c.mu.Lock()
	time.Sleep(10 * time.Millisecond) // the database answering
	c.mu.Unlock()
}

func run(conns []*Conn) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for q := 0; q < 5; q++ {
				conns[g%len(conns)].Query()
			}
		}(g)
	}
	wg.Wait()
	return time.Since(start)
}

func main() {
	one := []*Conn{{}}
	var eight []*Conn
	for i := 0; i < 8; i++ {
		eight = append(eight, &Conn{})
	}
	fmt.Println("40 queries, 8 goroutines, 1 connection: ", run(one))
	fmt.Println("40 queries, 8 goroutines, 8 connections:", run(eight))
}
