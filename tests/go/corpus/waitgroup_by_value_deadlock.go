// want: exit 2
// want: stderr-starts fatal error: all goroutines are asleep - deadlock!
package main

import (
	"fmt"
	"sync"
)

func worker(id int, wg sync.WaitGroup) {
	defer wg.Done()
	fmt.Println("worker", id)
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(1, wg)
	wg.Wait()
	fmt.Println("done")
}
