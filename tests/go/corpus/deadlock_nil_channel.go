// want: exit 2
// want: stderr-starts fatal error: all goroutines are asleep - deadlock!
package main

import "fmt"

// A send on a nil channel blocks forever; a select with no cases too.
func main() {
	var ch chan int
	go func() { select {} }()
	fmt.Println("sending on nil")
	ch <- 1
}
