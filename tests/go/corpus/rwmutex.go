package main

import (
	"fmt"
	"sync"
)

type Store struct {
	mu   sync.RWMutex
	data map[int]int
}

func (s *Store) Get(k int) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.data[k]
	return v, ok
}

func (s *Store) Set(k, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
}

// Readers under RLock, writers under Lock: every write is kept; two RLocks can be held.
func main() {
	s := &Store{data: map[int]int{}}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				s.Set(w*100+i, i)
			}
		}(w)
	}
	hits := make(chan int, 4)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for i := 0; i < 400; i++ {
				if _, ok := s.Get(i); ok {
					n++
				}
			}
			hits <- n
		}()
	}
	wg.Wait()
	fmt.Println(len(s.data), <-hits <= 400)
	s.mu.RLock()
	s.mu.RLock()
	fmt.Println("two readers at once")
	s.mu.RUnlock()
	s.mu.RUnlock()
}
