package main

import (
	"fmt"
	"sync"
	"time"
)

type P struct{ X, Y int }

type Job struct {
	name string
	t    time.Duration
	T    time.Duration
}

type SafeCounter struct {
	mu sync.Mutex
	v  map[string]int
}

func main() {
	fmt.Println(map[P]int{{1, 2}: 1, {0, 5}: 2, {0, 1}: 3})
	fmt.Println(map[[2]int]string{{2, 1}: "b", {1, 9}: "a"})
	fmt.Println(Job{"a", 150 * time.Millisecond, 2 * time.Second})
	c := SafeCounter{v: map[string]int{"a": 1}}
	fmt.Printf("%v %+v\n", c, c)
}
