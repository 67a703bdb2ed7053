// want: exit 2
// want: stderr-starts fatal error: sync: unlock of unlocked mutex
package main

import (
	"fmt"
	"sync"
)

// Unlocking a mutex that is not locked is a fatal error, not a recoverable panic.
func main() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	fmt.Println("balanced")
	mu.Unlock()
}
