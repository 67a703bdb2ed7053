// want: exit 2
// want: stderr-starts panic: assignment to entry in nil map
package main

import "fmt"

// Reading a nil map gives zero values; writing to one panics.
func main() {
	var m map[string]int
	fmt.Println(m["missing"], len(m))
	m["x"] = 1
	fmt.Println("never printed")
}
