package main

import (
	"fmt"
	"sync"
)

// An unsynchronised counter shared by goroutines is a data race: on more than one worker
// updates get lost. How many is not fixed, so the program prints only what holds in
// every run: the count never exceeds the number of increments, and the safe counter is exact.
func main() {
	const goroutines, each = 4, 100000
	var wg sync.WaitGroup
	racy := 0
	var mu sync.Mutex
	safe := 0
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				racy++
				mu.Lock()
				safe++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println("racy <= total:", racy <= goroutines*each, "racy > 0:", racy > 0)
	fmt.Println("safe:", safe)
}
