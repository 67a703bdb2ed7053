// title: A producer and a consumer joined by a channel
// seed: 003_e2ca494cff1b28e9.txt, "Coding Patterns"
// shows: Pattern 3: the producer and the consumer are decoupled by a buffered channel of 100 jobs and can run on different workers; every job produced is consumed
// note: produce makes 1000 jobs and closes the channel; consume signals on a done channel so main can wait for it
package main

import (
	"fmt"
	"time"
)

type Job struct{ N int }

func produce(jobs chan<- Job) {
	for i := 1; i <= 1000; i++ {
		jobs <- Job{N: i}
	}
	close(jobs)
}

func consume(jobs <-chan Job, done chan<- int) {
	total := 0
	for j := range jobs {
		total += j.N
	}
	done <- total
}

func main() {
	start := time.Now()
	jobs := make(chan Job, 100)
	done := make(chan int)
	go produce(jobs)
	go consume(jobs, done)
	fmt.Println("consumed total:", <-done, "elapsed:", time.Since(start))
}
