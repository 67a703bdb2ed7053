package main

import (
	"fmt"
	"sort"
	"sync"
)

type Result struct {
	Worker int
	Score  int
}

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var results []Result
	for w := 1; w <= 8; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			mu.Lock()
			results = append(results, Result{id, (id * 37) % 11})
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool { return results[i].Worker < results[j].Worker })
	fmt.Println(results)
	sort.SliceStable(results, func(i, j int) bool { return results[i].Score > results[j].Score })
	fmt.Println(results)
	words := []string{"pear", "fig", "apple", "kiwi", "banana"}
	sort.Slice(words, func(i, j int) bool { return len(words[i]) < len(words[j]) })
	fmt.Println(words)
	big := make([]int, 300)
	for i := range big {
		big[i] = (i * 7919) % 301
	}
	sort.Slice(big, func(i, j int) bool { return big[i] < big[j] })
	fmt.Println(big[0], big[1], big[150], big[299])
}
