package main

import (
	"fmt"
	"time"
)

// When main returns the program ends: goroutines still running or blocked are dropped,
// and nothing they would print later appears.
func main() {
	block := make(chan int)
	go func() {
		<-block
		fmt.Println("never printed: blocked forever")
	}()
	go func() {
		time.Sleep(10 * time.Second)
		fmt.Println("never printed: still sleeping")
	}()
	go func() {
		for {
		}
	}()
	fmt.Println("main returns")
}
