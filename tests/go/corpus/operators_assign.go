package main

import "fmt"

// Every op= form, ++ and --, operator precedence, and the order of a tuple assignment
// (index expressions evaluated first, then assignments left to right).
func main() {
	x := 100
	x += 5
	x -= 3
	x *= 2
	x /= 4
	x %= 7
	fmt.Println(x)
	b := 0xF0
	b |= 0x0F
	b &= 0x3C
	b ^= 0xFF
	b <<= 2
	b >>= 1
	b &^= 0x40
	fmt.Println(b)
	s := "go"
	s += "pher"
	f := 1.5
	f *= 4
	f /= 3
	fmt.Println(s, f)
	n := 0
	n++
	n++
	n--
	fmt.Println(n, 2+3*4, (2+3)*4, 7-2-1, 1<<2+1, 10/3*3, -2*-3, !true || true && false)
	xs := []int{0, 0, 0}
	i := 0
	i, xs[i] = 1, 9
	fmt.Println(i, xs)
	a, c := 1, 2
	a, c = c, a+c
	fmt.Println(a, c)
	m := map[string]int{}
	m["k"] += 3
	m["k"]++
	fmt.Println(m)
}
