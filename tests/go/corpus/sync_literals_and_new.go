package main

import (
	"fmt"
	"sync"
)

func main() {
	wg := &sync.WaitGroup{}
	mu := sync.Mutex{}
	wg.Add(1)
	go func() {
		mu.Lock()
		mu.Unlock()
		wg.Done()
	}()
	wg.Wait()
	fmt.Println("ok")
}
