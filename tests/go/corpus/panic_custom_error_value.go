// want: exit 2
// want: stderr-starts panic: out of stock
package main

import (
	"errors"
	"fmt"
)

var errStock = errors.New("out of stock")

func take(stock map[string]int, item string) {
	if stock[item] == 0 {
		panic(errStock)
	}
	stock[item]--
}

// Panicking with an error value prints its message after "panic: ".
func main() {
	stock := map[string]int{"tea": 1}
	take(stock, "tea")
	fmt.Println("tea left:", stock["tea"])
	take(stock, "tea")
}
