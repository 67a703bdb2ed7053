// title: One error channel for many tasks
// seed: 003_e2ca494cff1b28e9.txt, "Error Handling"
// shows: a goroutine cannot return to its caller, so each sends its error (or nil) on a buffered channel and main receives one per item; the failures are reported, the rest pass
// note: idiom 1, "Per-task error channels"; log.Println replaced by fmt.Println; Item is an int and process fails for multiples of 3 after a short sleep standing for its I/O
package main

import (
	"fmt"
	"time"
)

type Item int

func process(item Item) error {
	time.Sleep(10 * time.Millisecond)
	if item%3 == 0 {
		return fmt.Errorf("item %d: cannot process", item)
	}
	return nil
}

func main() {
	items := []Item{1, 2, 3, 4, 5, 6, 7}
	errs := make(chan error, len(items))
	for _, item := range items {
		go func(item Item) {
			errs <- process(item)
		}(item)
	}
	failed := 0
	for range items {
		if err := <-errs; err != nil {
			fmt.Println(err)
			failed++
		}
	}
	fmt.Println(len(items), "items,", failed, "failed")
}
