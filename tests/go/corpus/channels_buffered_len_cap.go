package main

import "fmt"

// A buffered channel holds up to cap values without a receiver; len counts what is queued;
// values come out in the order they went in.
func main() {
	ch := make(chan string, 3)
	fmt.Println(len(ch), cap(ch))
	ch <- "a"
	ch <- "b"
	fmt.Println(len(ch), cap(ch))
	ch <- "c"
	fmt.Println(len(ch), <-ch, len(ch))
	ch <- "d"
	for len(ch) > 0 {
		fmt.Print(<-ch, " ")
	}
	fmt.Println()
	nums := make(chan int, 100)
	for i := 0; i < 100; i++ {
		nums <- i
	}
	close(nums)
	fmt.Println(len(nums), cap(nums))
	sum := 0
	for n := range nums {
		sum += n
	}
	fmt.Println(sum, len(nums))
	var nilCh chan int
	fmt.Println(len(nilCh), cap(nilCh), nilCh == nil)
}
