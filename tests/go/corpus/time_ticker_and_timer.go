package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for i := 0; i < 3; i++ {
		<-t.C
		fmt.Println("tick", i)
	}
	timer := time.NewTimer(time.Hour)
	fmt.Println("stopped before it fired:", timer.Stop())
	done := time.NewTimer(10 * time.Millisecond)
	timeout := time.After(time.Second)
	select {
	case <-done.C:
		fmt.Println("timer fired")
	case <-timeout:
		fmt.Println("timeout")
	}
	fmt.Println("stopped after it fired:", done.Stop())
	ticker := time.NewTicker(time.Millisecond)
	n := 0
	for range ticker.C {
		n++
		if n == 5 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("ticks:", n)
	fmt.Printf("%T %T\n", ticker, timer)
}
