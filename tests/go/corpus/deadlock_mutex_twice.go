// want: exit 2
// want: stderr-starts fatal error: all goroutines are asleep - deadlock!
package main

import (
	"fmt"
	"sync"
)

// sync.Mutex is not reentrant: locking it twice in one goroutine waits forever.
func main() {
	var mu sync.Mutex
	mu.Lock()
	fmt.Println("locked once")
	mu.Lock()
}
