// want: exit 2
// want: stderr-starts panic: 42
package main

// panic with an int prints the value itself.
func main() {
	panic(42)
}
