package main

import (
	"fmt"
	"strings"
)

func apply(words []string, f func(string) string) []string {
	out := []string{}
	for _, w := range words {
		out = append(out, f(w))
	}
	return out
}

func main() {
	fmt.Println(apply([]string{"a", "b"}, strings.ToUpper))
}
