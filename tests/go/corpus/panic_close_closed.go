// want: exit 2
// want: stderr-starts panic: close of closed channel
package main

import "fmt"

// Closing a channel twice panics.
func main() {
	ch := make(chan int)
	close(ch)
	fmt.Println("closed once")
	close(ch)
}
