package main

import (
	"fmt"
	"strings"
)

type Speaker interface{ Speak() string }
type Dog struct{ name string }
type Cat struct{ name string }

func (d Dog) Speak() string  { return d.name + ": woof" }
func (c *Cat) Speak() string { return c.name + ": meow" }

type Stack struct{ items []interface{} }

func (s *Stack) Push(v interface{}) { s.items = append(s.items, v) }
func (s *Stack) Pop() interface{} {
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v
}

type Walker interface{ Walk() string }
type Animal interface {
	Speaker
	Walker
}
type Duck struct{}

func (Duck) Speak() string { return "quack" }
func (Duck) Walk() string  { return "waddle" }

func main() {
	animals := []Speaker{Dog{"rex"}, &Cat{"tom"}}
	for _, a := range animals {
		fmt.Println(a.Speak())
	}
	var s Speaker
	fmt.Println(s == nil)
	s = Dog{"a"}
	_, isDog := s.(Dog)
	fmt.Println(isDog)
	st := &Stack{}
	st.Push(1)
	st.Push("two")
	st.Push([]int{3})
	fmt.Println(st.Pop(), st.Pop(), st.Pop(), len(st.items))
	var an Animal = Duck{}
	fmt.Println(an.Speak(), an.Walk())
	var w Walker = an
	fmt.Println(strings.ToUpper(w.Walk()))
	var i1, i2 interface{} = 3, 3
	fmt.Println(i1 == i2, i1 != "3")
}
