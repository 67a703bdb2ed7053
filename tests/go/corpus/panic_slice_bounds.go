// want: exit 2
// want: stderr-starts panic: runtime error: slice bounds out of range [:7] with capacity 4
package main

import "fmt"

// Slicing beyond the capacity panics.
func main() {
	xs := make([]int, 2, 4)
	hi := 7
	fmt.Println(len(xs[:4]))
	fmt.Println(xs[:hi])
}
