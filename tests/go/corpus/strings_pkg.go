package main

import (
	"fmt"
	"strings"
)

// The strings functions the subset offers, plus string indexing, slicing and conversion.
func main() {
	s := "Hello, Gopher"
	fmt.Println(strings.ToUpper(s), strings.ToLower(s))
	fmt.Println(strings.Contains(s, "Go"), strings.HasPrefix(s, "He"), strings.HasSuffix(s, "x"))
	fmt.Println(strings.Index(s, "o"), strings.LastIndex(s, "o"), strings.Index(s, "z"))
	fmt.Println(strings.Split("a,b,,c", ","), len(strings.Split("a,b,,c", ",")))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, "+"))
	fmt.Println(strings.Repeat("ab", 3), strings.Replace("aaaa", "a", "b", 2), strings.ReplaceAll("aaaa", "a", "c"))
	fmt.Printf("%q\n", strings.TrimSpace("  padded \n"))
	fmt.Println(strings.Trim("xxhixx", "x"), strings.TrimPrefix("prefix-body", "prefix-"))
	fmt.Println(strings.Fields(" a  b c "), strings.Count("cheese", "e"))
	fmt.Println(s[0], s[7:], len(s), string(s[1]))
	acc := ""
	for i := 0; i < 3; i++ {
		acc += fmt.Sprintf("%d;", i)
	}
	fmt.Println(acc+"end", strings.EqualFold("Go", "GO"))
	fmt.Println("a" < "b", "abc" > "abd", "go"+"lang")
	r := []rune("héllo")
	fmt.Println(len("héllo"), len(r), string(r[1]))
}
