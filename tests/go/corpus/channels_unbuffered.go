package main

import "fmt"

// An unbuffered send waits for its receiver: ping-pong between two goroutines is strictly
// ordered, and a done channel makes main wait.
func main() {
	ping, pong := make(chan int), make(chan int)
	done := make(chan bool)
	go func() {
		for v := range ping {
			fmt.Println("got", v)
			pong <- v * 2
		}
		done <- true
	}()
	for i := 1; i <= 3; i++ {
		ping <- i
		fmt.Println("back", <-pong)
	}
	close(ping)
	<-done
	fmt.Println(len(ping), cap(ping))
	results := make(chan string)
	go func() { results <- "from goroutine" }()
	msg := <-results
	fmt.Println(msg)
}
