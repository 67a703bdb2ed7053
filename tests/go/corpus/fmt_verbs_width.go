package main

import "fmt"

// Widths, precision, flags and the common verbs.
func main() {
	fmt.Printf("[%5d][%-5d][%05d][%+d]\n", 42, 42, 42, 42)
	fmt.Printf("[%8.3f][%-8.2f][%.0f][%f]\n", 3.14159, 2.5, 2.5, 1.0/3)
	fmt.Printf("[%10s][%-10s][%.2s]\n", "go", "go", "gopher")
	fmt.Printf("[%q][%q][%c][%U]\n", "hi\n", 'x', 65, 0x1F600)
	fmt.Printf("[%x][%X][%o][%b][%#x]\n", 255, 255, 8, 5, 255)
	fmt.Printf("[%x][% x]\n", "hi", "hi")
	fmt.Printf("[%t][%v][%5t]\n", true, false, true)
	fmt.Printf("[%e][%g][%g]\n", 123456.789, 0.000001, 100.0)
	fmt.Printf("[%T][%T][%T][%T][%T]\n", 1, 1.5, "s", []int{}, map[string]bool{})
	fmt.Printf("[%6.2f%%]\n", 99.5)
	fmt.Printf("[%*d][%-*d]\n", 4, 7, 4, 7)
	fmt.Printf("%d %s\n", []int{1, 2}, []string{"a", "b"})
	fmt.Printf("%v %d\n", int8(-5), uint8(200))
	fmt.Printf("%3c|%-3c|\n", 'a', 'b')
}
