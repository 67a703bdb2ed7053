// want: stderr-starts to stderr 42
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	var sb strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&sb, "%d-", i)
	}
	sb.WriteString("end")
	sb.WriteByte('!')
	sb.WriteRune('é')
	fmt.Println(sb.String(), sb.Len())
	fmt.Fprintln(os.Stderr, "to stderr", 42)
	n, err := fmt.Fprint(os.Stdout, "to stdout\n")
	fmt.Println(n, err)
}
