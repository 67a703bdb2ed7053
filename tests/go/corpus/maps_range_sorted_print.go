package main

import (
	"fmt"
	"strings"
)

// fmt prints maps with keys sorted; ranging a map has no fixed order, so we count and sum.
func main() {
	m := map[string]int{"pear": 3, "apple": 1, "fig": 2}
	m["kiwi"] = 4
	fmt.Println(m)
	fmt.Printf("%v %d\n", m, len(m))
	delete(m, "fig")
	delete(m, "nothing")
	fmt.Println(m)
	v, ok := m["apple"]
	fmt.Println(v, ok)
	v, ok = m["fig"]
	fmt.Println(v, ok)
	total, keys := 0, 0
	for k, v := range m {
		total += v
		keys += len(k)
	}
	fmt.Println(total, keys)
	ints := map[int]bool{3: true, -1: false, 10: true}
	fmt.Println(ints)
	words := strings.Fields("a b a c b a")
	counts := make(map[string]int)
	for _, w := range words {
		counts[w]++
	}
	fmt.Println(counts)
	var nilMap map[string]int
	fmt.Println(nilMap["x"], len(nilMap), nilMap == nil)
}
