// title: Three slow operations, one after another
// seed: 003_e2ca494cff1b28e9.txt, "Example 1: Sequential baseline"
// shows: total around 3 seconds: each operation blocks the program for 1 s
// note: the I/O wait is time.Sleep(time.Second), as in the text
package main

import (
	"fmt"
	"time"
)

func slowOp(name string) {
	fmt.Println("start", name)
	time.Sleep(time.Second) // stands for an I/O wait
	fmt.Println("done", name)
}

func main() {
	start := time.Now()
	slowOp("A")
	slowOp("B")
	slowOp("C")
	fmt.Println("total:", time.Since(start))
}
