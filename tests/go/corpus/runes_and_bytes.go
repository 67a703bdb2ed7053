package main

import "fmt"

func main() {
	s := "héllo, 世界"
	fmt.Println(len(s), len([]rune(s)))
	for i, r := range s {
		fmt.Printf("%d:%c(%d) ", i, r, r)
	}
	fmt.Println()
	for i := 0; i < 4; i++ {
		fmt.Printf("%d=%x ", i, s[i])
	}
	fmt.Println()
	rs := []rune(s)
	rs[0] = 'H'
	fmt.Println(string(rs), string(rs[7:]))
	fmt.Println(string(rune(65)), string([]byte{104, 105}))
	var b byte = 'a'
	b += 2
	fmt.Println(b, string(b), 'x', "x"[0])
	rev := func(s string) string {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r)
	}
	fmt.Println(rev("Hello, 世界"))
	fmt.Printf("%q %q %U\n", 'x', '世', '世')
	fmt.Printf("%x % x %X\n", "hi!", "hi!", []byte("ok"))
}
