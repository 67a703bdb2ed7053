package main

import "fmt"

func produce(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		out <- i * i
	}
	close(out)
}

// range over a channel ends when it is closed and drained; after that a receive gives the
// zero value at once and ok is false.
func main() {
	ch := make(chan int)
	go produce(5, ch)
	for v := range ch {
		fmt.Print(v, " ")
	}
	fmt.Println()
	v, ok := <-ch
	fmt.Println(v, ok)
	b := make(chan string, 2)
	b <- "kept"
	close(b)
	s, ok := <-b
	fmt.Println(s, ok)
	s, ok = <-b
	fmt.Printf("%q %v\n", s, ok)
	done := make(chan struct{})
	finished := make(chan int)
	for i := 0; i < 3; i++ {
		go func(id int) {
			<-done
			finished <- id
		}(i)
	}
	close(done)
	total := 0
	for i := 0; i < 3; i++ {
		total += <-finished
	}
	fmt.Println("all woken by one close:", total)
}
