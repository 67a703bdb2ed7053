package main

import "fmt"

type Stack []int

func (s *Stack) Push(v int) { *s = append(*s, v) }

func main() {
	var s Stack
	s.Push(1)
	s.Push(2)
	fmt.Println(s, len(s))
}
