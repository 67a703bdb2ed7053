package main

// Channel types with a direction: a worker pool whose workers may only receive jobs
// and only send results, a pipeline of stages returning receive-only channels, and
// %T of each kind. A bidirectional channel is assignable to either direction.

import (
	"fmt"
	"sort"
	"sync"
)

func worker(jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func double(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- 2 * n
		}
	}()
	return out
}

func main() {
	jobs := make(chan int, 10)
	results := make(chan int, 10)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	for j := 1; j <= 6; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	var squares []int
	for r := range results {
		squares = append(squares, r)
	}
	sort.Ints(squares)
	fmt.Println(squares)

	for v := range double(double(gen(1, 2, 3))) {
		fmt.Print(v, " ")
	}
	fmt.Println()

	var recv <-chan int = jobs
	var send chan<- int = results
	stage := double
	fmt.Printf("%T | %T | %T | %T\n", jobs, recv, send, stage)
	fmt.Println(cap(recv), len(send))
}
