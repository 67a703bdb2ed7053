// want: sorted
package main

import (
	"fmt"
	"sync"
)

// Three workers take jobs from one channel; which worker does which job depends on the
// schedule, so each line names only the job and the lines are compared sorted.
func main() {
	jobs := make(chan int, 10)
	results := make(chan string, 10)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- fmt.Sprintf("job %d -> %d", j, j*j)
			}
		}()
	}
	for j := 0; j < 10; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	for r := range results {
		fmt.Println(r)
	}
}
