// fmt's flags and verbs at their edges: octal of negatives and with # or %O, %#x of a
// negative, %#U, %g and %G with a precision, %v of a float with a precision, the space
// flag, %.Nq, and %s of a nil error.
package main

import "fmt"

func main() {
	fmt.Printf("[%o][%#o][%O][%o][%#x][%#X][%x]\n", -8, 8, 8, uint8(200), -1, 255, int8(-1))
	fmt.Printf("[%U][%#U][%#U]\n", 'G', 'é', 0x4E16)
	fmt.Printf("[%.3g][%12.4g][%g][%G][%.2G][%.1g][%.0g]\n", 3.14159, 123456789.0, 2.5, 2.5, 0.000012345, 0.95, 7.5)
	fmt.Printf("[%6.2v][%.3v][%v]\n", 3.14159, 1234.5678, 1e21)
	fmt.Printf("[% d][% d][%+d][% x]\n", 5, -5, 5, "hey")
	fmt.Printf("[%.1q][%.2s][%5.1q]\n", "abc", "xyz", "go")
	var err error
	fmt.Printf("[%s][%v][%d]\n", err, err, nil)
	fmt.Printf("%8.3e|%-12g|%12.4g|\n", 1234.5678, 0.000012345, 123456789.0)
}
