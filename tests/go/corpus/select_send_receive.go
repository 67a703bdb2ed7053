package main

import "fmt"

// A select loop that both sends and receives: it feeds work to a worker and takes its
// results, whichever is ready; a nil channel disables a case once the work runs out.
func main() {
	work := make(chan int)
	results := make(chan int)
	go func() {
		for w := range work {
			results <- w * 10
		}
		close(results)
	}()
	next, last := 1, 5
	in := work
	sum, got := 0, 0
	for in != nil || got < last {
		select {
		case in <- next:
			next++
			if next > last {
				close(work)
				in = nil
			}
		case r, ok := <-results:
			if !ok {
				fmt.Println("results closed early")
				return
			}
			sum += r
			got++
		}
	}
	fmt.Println("sum", sum, "got", got)
	_, ok := <-results
	fmt.Println("results closed:", !ok)
}
