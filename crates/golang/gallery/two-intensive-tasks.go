// title: Two CPU-bound tasks on the cores
// seed: 002_abaa75e89010681b.txt, "Parallelism in Go"
// shows: with two or more workers both tasks run at once and finish at about the same time, well before main's 5 second sleep ends; on one worker they share it and finish later
// scaled: 1_000_000_000 -> 100_000_000
// note: each task also prints when it finished; a billion additions per task would outlast the 5 s sleep in the VM, so no task would print
package main

import (
	"fmt"
	"runtime"
	"time"
)

var start = time.Now()

func intensiveTask(name string) {
	sum := 0
	for i := 0; i < 100_000_000; i++ {
		sum += i
	}
	fmt.Printf("%s finished with sum: %d after %v\n", name, sum, time.Since(start))
}

func main() {
	fmt.Printf("Using %d CPU cores\n", runtime.NumCPU())

	go intensiveTask("Task 1")
	go intensiveTask("Task 2")

	// give the tasks time to complete, as the text does
	time.Sleep(5 * time.Second)
}
