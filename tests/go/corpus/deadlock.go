// want: exit 2
// want: stderr-starts fatal error: all goroutines are asleep - deadlock!
package main

import "fmt"

// A receive that nothing will ever send to: every goroutine is blocked.
func main() {
	ch := make(chan int)
	fmt.Println("waiting forever")
	<-ch
}
