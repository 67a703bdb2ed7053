// The seeds' split-and-join sum: two goroutines each add up half of the numbers 0 to
// n-1 and send their half's sum on a channel, which main receives twice. `cargo xtask
// bench` runs it at GOMAXPROCS 1 and 2, in Go and in the VM, and compares the speedups;
// it sets n on the `const n` line.
package main

import (
	"fmt"
	"time"
)

const n = 100_000_000

func half(from, to int, sums chan int) {
	sum := 0
	for i := from; i < to; i++ {
		sum += i
	}
	sums <- sum
}

func main() {
	start := time.Now()
	sums := make(chan int)
	go half(0, n/2, sums)
	go half(n/2, n, sums)
	sum := <-sums + <-sums
	fmt.Println(time.Since(start).Nanoseconds(), sum)
}
