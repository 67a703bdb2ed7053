// The split sum's inner loop on one goroutine: the numbers 0 to n-1 added up in a for
// loop. `cargo xtask bench` runs it in Go and in the VM (natively and in the page) and
// compares their times; it sets n on the `const n` line.
package main

import (
	"fmt"
	"time"
)

const n = 100_000_000

func main() {
	start := time.Now()
	sum := 0
	for i := 0; i < n; i++ {
		sum += i
	}
	fmt.Println(time.Since(start).Nanoseconds(), sum)
}
