package main

import (
	"fmt"
	"sync"
)

func work(id int, out []int, wg *sync.WaitGroup) {
	defer wg.Done()
	out[id] = id * id
}

// WaitGroup joins goroutines: each writes its own slot, main reads after Wait.
func main() {
	var wg sync.WaitGroup
	out := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go work(i, out, &wg)
	}
	wg.Wait()
	fmt.Println(out)
	var wg2 sync.WaitGroup
	wg2.Add(3)
	parts := make([]string, 3)
	for i := 0; i < 3; i++ {
		go func(i int) {
			defer wg2.Done()
			parts[i] = fmt.Sprint("part", i)
		}(i)
	}
	wg2.Wait()
	fmt.Println(parts)
	var idle sync.WaitGroup
	idle.Wait()
	fmt.Println("Wait on a zero counter returns at once")
}
