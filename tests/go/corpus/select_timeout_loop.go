package main

import (
	"fmt"
	"time"
)

// A producer that sends every 20 ms and then stops; the consumer's select loop takes values
// until nothing comes for 200 ms (a fresh time.After each round) and then gives up.
func main() {
	ch := make(chan int)
	go func() {
		for i := 1; i <= 5; i++ {
			time.Sleep(20 * time.Millisecond)
			ch <- i
		}
	}()
	sum, rounds := 0, 0
loop:
	for {
		select {
		case v := <-ch:
			sum += v
			rounds++
		case <-time.After(200 * time.Millisecond):
			fmt.Println("quiet for 200ms, stopping")
			break loop
		}
	}
	fmt.Println("received", rounds, "values, sum", sum)
}
