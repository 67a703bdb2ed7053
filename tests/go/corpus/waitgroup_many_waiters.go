package main

import (
	"fmt"
	"sync"
)

// Several goroutines can Wait on one WaitGroup; a single Done to zero releases them all.
// A WaitGroup can be reused once its counter is back at zero.
func main() {
	var ready sync.WaitGroup
	var waiters sync.WaitGroup
	released := make(chan int, 4)
	ready.Add(1)
	for i := 0; i < 4; i++ {
		waiters.Add(1)
		go func(id int) {
			defer waiters.Done()
			ready.Wait()
			released <- id
		}(i)
	}
	ready.Done()
	waiters.Wait()
	close(released)
	sum := 0
	for id := range released {
		sum += id
	}
	fmt.Println("released all four:", sum == 0+1+2+3)
	for round := 1; round <= 3; round++ {
		results := make([]int, round)
		for i := 0; i < round; i++ {
			waiters.Add(1)
			go func(i int) {
				defer waiters.Done()
				results[i] = round * 10
			}(i)
		}
		waiters.Wait()
		fmt.Println("round", round, results)
	}
}
