// want: exit 2
// want: stderr-starts panic: send on closed channel
package main

import "fmt"

// Sending on a closed channel panics, even on a buffered one with room.
func main() {
	ch := make(chan int, 2)
	ch <- 1
	close(ch)
	fmt.Println(<-ch)
	ch <- 2
}
