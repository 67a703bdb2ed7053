// title: Task A and Task B taking turns
// seed: 002_abaa75e89010681b.txt, "Concurrency in Go"
// shows: the two tasks' lines interleave (A and B each print 1, 2, 3, 100 ms apart) and "All tasks done!" comes after 500 ms
package main

import (
	"fmt"
	"time"
)

func task(name string) {
	for i := 1; i <= 3; i++ {
		fmt.Printf("%s: %d\n", name, i)
		time.Sleep(100 * time.Millisecond)
	}
}

func main() {
	start := time.Now()
	go task("Task A")
	go task("Task B")

	// wait for the goroutines by sleeping, as the text does
	time.Sleep(500 * time.Millisecond)
	fmt.Println("All tasks done!", time.Since(start))
}
