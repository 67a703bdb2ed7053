package main

import (
	"fmt"
	"sync/atomic"
)

type Stats struct{ hits atomic.Int64 }

func main() {
	var s Stats
	s.hits.Add(1)
	snap := s
	snap.hits.Add(10)
	fmt.Println(s.hits.Load(), snap.hits.Load())
}
