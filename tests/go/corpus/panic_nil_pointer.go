// want: exit 2
// want: stderr-starts panic: runtime error: invalid memory address or nil pointer dereference
package main

import "fmt"

type node struct {
	val  int
	next *node
}

// Following a nil pointer panics.
func main() {
	list := &node{1, &node{2, nil}}
	fmt.Println(list.val, list.next.val)
	fmt.Println(list.next.next == nil)
	fmt.Println(list.next.next.val)
}
