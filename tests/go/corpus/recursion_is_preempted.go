// A goroutine that only recurses (fib, no loop) is preempted at its calls, as Go
// preempts it: under GOMAXPROCS(1) main wakes from its sleep, prints and returns while
// the recursion, which would take years, goes on. (Calls were once no preemption point,
// and main then never ran again.)
package main

import (
	"fmt"
	"runtime"
	"time"
)

func burn(n int) int {
	if n < 2 {
		return n
	}
	return burn(n-1) + burn(n-2)
}

func main() {
	runtime.GOMAXPROCS(1)
	go func() {
		fmt.Println("never printed", burn(90))
	}()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main ran while burn recursed")
}
