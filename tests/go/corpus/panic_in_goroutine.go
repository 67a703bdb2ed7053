// want: exit 2
// want: stderr-starts panic: worker failed
package main

import (
	"fmt"
	"time"
)

// A panic in any goroutine ends the whole program while main is still waiting.
func main() {
	fmt.Println("starting worker")
	go func() {
		panic("worker failed")
	}()
	time.Sleep(5 * time.Second)
	fmt.Println("never printed")
}
