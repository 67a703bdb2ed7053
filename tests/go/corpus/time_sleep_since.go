package main

import (
	"fmt"
	"time"
)

// Sleep waits at least its duration; time.Since measures it. No timing is printed,
// only whether the elapsed time is at least what was slept.
func main() {
	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	elapsed := time.Since(start)
	fmt.Println("slept at least 50ms:", elapsed >= 50*time.Millisecond)
	t0 := time.Now()
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func() {
			time.Sleep(100 * time.Millisecond)
			done <- true
		}()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
	e := time.Since(t0)
	fmt.Println("three sleeps overlap:", e >= 100*time.Millisecond, e < 290*time.Millisecond)
	later := time.Now()
	fmt.Println("clock moves forward:", later.Sub(start) >= elapsed, later.Sub(t0) >= e)
	time.Sleep(0)
	time.Sleep(-time.Second)
	fmt.Println("zero and negative sleeps return")
}
