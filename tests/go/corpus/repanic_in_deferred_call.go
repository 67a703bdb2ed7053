// want: exit 2
// want: stderr-starts panic: original [recovered]
// A panic raised in a deferred call that another panic ran: Go prints the first (with
// "[recovered]" when the deferred call recovered it) and then the new one. Exit 2.
package main

import "fmt"

func inner() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("inner caught:", r)
			panic(fmt.Sprintf("re-panic: %v", r))
		}
	}()
	panic("original")
}

func main() {
	defer fmt.Println("main deferred")
	defer func() {
		panic("from main's deferred call")
	}()
	inner()
}
