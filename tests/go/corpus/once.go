package main

import (
	"fmt"
	"sync"
)

// sync.Once runs its function exactly once, however many goroutines call Do.
func main() {
	var once sync.Once
	var wg sync.WaitGroup
	calls := 0
	config := ""
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() {
				calls++
				config = "loaded"
			})
		}()
	}
	wg.Wait()
	fmt.Println(calls, config)
	once.Do(func() { fmt.Println("never printed") })
	var other sync.Once
	other.Do(func() { fmt.Println("a second Once runs its own") })
}
