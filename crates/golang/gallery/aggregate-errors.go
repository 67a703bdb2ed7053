// title: Collecting every error under a mutex
// seed: 003_e2ca494cff1b28e9.txt, "Error Handling"
// shows: idiom 3, "Aggregate errors": all the failures are collected into one slice (none lost, whatever the order) and reported at the end, so all of them can be retried
// note: the text gives no code for this idiom; process fails for odd items after a short sleep standing for its I/O
package main

import (
	"fmt"
	"sync"
	"time"
)

func process(item int) error {
	time.Sleep(5 * time.Millisecond)
	if item%2 == 1 {
		return fmt.Errorf("item %d failed", item)
	}
	return nil
}

func main() {
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for item := 0; item < 10; item++ {
		wg.Add(1)
		go func(item int) {
			defer wg.Done()
			if err := process(item); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}(item)
	}
	wg.Wait()
	fmt.Println(len(errs), "of 10 items failed; retry them all:")
	for _, err := range errs {
		fmt.Println(" ", err)
	}
}
