// want: go1.22
package main

import (
	"fmt"
	"sync"
)

// Go 1.22: a goroutine started in a loop body captures that iteration's variable, so
// `go func() { ... i ... }()` without passing i as an argument is correct.
//
// Why loopvar_goroutines.out is what Go 1.22 prints (kept by hand; under Go 1.19 the
// goroutines share one i and one name, race on them, and may see 5 and index out of range):
// Line 1: goroutine i writes results[i] = i*i for its own i in 0..4, and main prints the
// slice after Wait: "[0 1 4 9 16]".
// Line 2: each goroutine sends its own name; counts is a map, printed with sorted keys:
// "map[ann:1 bob:1 cy:1]" whatever order the sends arrive in.
func main() {
	var wg sync.WaitGroup
	results := make([]int, 5)
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(results)
	names := make(chan string, 3)
	for _, name := range []string{"ann", "bob", "cy"} {
		go func() { names <- name }()
	}
	counts := map[string]int{}
	for i := 0; i < 3; i++ {
		counts[<-names]++
	}
	fmt.Println(counts)
}
