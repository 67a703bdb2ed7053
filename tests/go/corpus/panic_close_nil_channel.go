// want: exit 2
// want: stderr-starts panic: close of nil channel
package main

import "fmt"

// Closing a nil channel panics.
func main() {
	var ch chan int
	fmt.Println(ch == nil)
	close(ch)
}
