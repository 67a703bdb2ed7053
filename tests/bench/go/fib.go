// Recursive fibonacci on one goroutine: calls, returns and additions. `cargo xtask bench`
// runs it in Go and in the VM (natively and in the page) and compares their times; it
// sets n on the `const n` line.
package main

import (
	"fmt"
	"time"
)

const n = 32

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	start := time.Now()
	result := fib(n)
	fmt.Println(time.Since(start).Nanoseconds(), result)
}
