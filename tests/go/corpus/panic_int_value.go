// want: exit 2
// want: stderr-starts panic: 42
package main

import "fmt"

func check(n int) {
	if n > 3 {
		panic(n * 6)
	}
}

// panic with an int value prints the value itself.
func main() {
	check(1)
	fmt.Println("1 is fine")
	check(7)
}
