package main

import (
	"fmt"
	"time"
)

// time.After in a select gives a timeout; the faster of two channels wins.
func main() {
	slow := make(chan string)
	go func() {
		time.Sleep(500 * time.Millisecond)
		slow <- "slow result"
	}()
	select {
	case r := <-slow:
		fmt.Println(r)
	case <-time.After(50 * time.Millisecond):
		fmt.Println("timed out")
	}
	fast := make(chan string, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		fast <- "fast result"
	}()
	select {
	case r := <-fast:
		fmt.Println(r)
	case <-time.After(time.Second):
		fmt.Println("timed out")
	}
	start := time.Now()
	<-time.After(20 * time.Millisecond)
	fmt.Println("After waited at least 20ms:", time.Since(start) >= 20*time.Millisecond)
}
