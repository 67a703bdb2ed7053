// want: exit 2
// want: stderr-starts panic: sync: negative WaitGroup counter
package main

import (
	"fmt"
	"sync"
)

// One Done too many panics.
func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Done()
	fmt.Println("balanced")
	wg.Done()
}
