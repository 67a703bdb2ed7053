// want: exit 2
// want: stderr-starts panic: runtime error: index out of range [5] with length 3
package main

import "fmt"

// Indexing past the end panics; output printed before the panic is kept.
func main() {
	xs := []int{1, 2, 3}
	i := 5
	fmt.Println("before")
	fmt.Println(xs[i])
	fmt.Println("never printed")
}
