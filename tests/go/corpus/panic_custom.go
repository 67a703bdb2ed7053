// want: exit 2
// want: stderr-starts panic: ticket 7 booked twice
package main

import "fmt"

func book(seat int, booked map[int]bool) {
	if booked[seat] {
		panic(fmt.Sprintf("ticket %d booked twice", seat))
	}
	booked[seat] = true
}

// panic(v) with a string prints it; deferred calls still run first.
func main() {
	defer fmt.Println("deferred call runs before the program dies")
	booked := map[int]bool{}
	book(7, booked)
	fmt.Println("booked once")
	book(7, booked)
}
