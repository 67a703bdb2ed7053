package main

import "fmt"

// Mismatched verbs and arguments print Go's %!verb(...) markers instead of failing.
// The formats are variables so that go vet (which would rightly complain) does not see them.
func main() {
	wrongType := "%d\n"
	missing := "%d %d\n"
	extra := "%d\n"
	unknown := "%z\n"
	fmt.Printf(wrongType, "str")
	fmt.Printf(missing, 1)
	fmt.Printf(extra, 1, 2)
	fmt.Printf(unknown, 3)
	fmt.Printf(wrongType, true)
	fmt.Printf(wrongType, 2.5)
	fmt.Println(fmt.Sprintf(missing))
	noVerbs := "plain"
	fmt.Println(fmt.Sprintf(noVerbs, "x"))
	s := fmt.Sprint("a", 1, 2, "b", "c", 3.5, true)
	fmt.Println(s)
	fmt.Println(fmt.Sprintln("x", 1) + "|")
	fmt.Print("a", "b", 1, 2, true, "\n")
}
