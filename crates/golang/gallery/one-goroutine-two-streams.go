// title: One goroutine handling two streams
// seed: 003_e2ca494cff1b28e9.txt, "Tricky Points"
// shows: "Concurrency on a single goroutine": a single goroutine with a for-select serves both ch1 and ch2 as their values arrive, a linear program inside that is concurrent to its callers
// note: two producers send 5 values each, 10 ms apart; a quit channel ends the loop, which reports what it handled from each
package main

import (
	"fmt"
	"time"
)

func main() {
	ch1, ch2 := make(chan int), make(chan string)
	quit := make(chan bool)
	report := make(chan string)
	go func() {
		n1, n2 := 0, 0
		for {
			select {
			case <-ch1:
				n1++
			case <-ch2:
				n2++
			case <-quit:
				report <- fmt.Sprintf("handled %d from ch1 and %d from ch2", n1, n2)
				return
			}
		}
	}()
	start := time.Now()
	done := make(chan bool)
	go func() {
		for i := 0; i < 5; i++ {
			ch1 <- i
			time.Sleep(10 * time.Millisecond)
		}
		done <- true
	}()
	go func() {
		for i := 0; i < 5; i++ {
			ch2 <- fmt.Sprint("msg", i)
			time.Sleep(10 * time.Millisecond)
		}
		done <- true
	}()
	<-done
	<-done
	quit <- true
	fmt.Println(<-report, "in", time.Since(start))
}
