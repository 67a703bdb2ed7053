package main

import (
	"fmt"
	"sync"
)

type Store interface {
	Get(key string) (string, bool)
	Put(key, val string)
}

type MemStore struct {
	mu sync.RWMutex
	m  map[string]string
}

func (s *MemStore) Get(k string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[k]
	return v, ok
}

func (s *MemStore) Put(k, v string) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

// CountingStore decorates any Store, overriding only Get.
type CountingStore struct {
	Store
	mu           sync.Mutex
	hits, misses int
}

func (c *CountingStore) Get(k string) (string, bool) {
	v, ok := c.Store.Get(k)
	c.mu.Lock()
	if ok {
		c.hits++
	} else {
		c.misses++
	}
	c.mu.Unlock()
	return v, ok
}

func main() {
	cs := &CountingStore{Store: &MemStore{m: map[string]string{}}}
	var s Store = cs
	s.Put("a", "1")
	s.Put("b", "2")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s.Get([]string{"a", "b", "c", "d"}[i%4])
		}(i)
	}
	wg.Wait()
	fmt.Println("hits", cs.hits, "misses", cs.misses)
	v, ok := s.Get("b")
	fmt.Println(v, ok)
}
