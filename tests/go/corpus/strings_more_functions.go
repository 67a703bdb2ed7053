package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Println(strings.SplitN("k=v=w", "=", 2), strings.TrimRight("hi!!", "!"), strings.ContainsRune("abc", 'b'))
}
