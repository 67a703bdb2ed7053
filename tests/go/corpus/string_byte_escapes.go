package main

// Byte escapes that spell out UTF-8 make the same string as the character itself; octal
// and \x escapes of ASCII, and \u escapes, in strings and runes.

import "fmt"

func main() {
	s := "\xe4\xb8\x96 \u4e16 \101\x42"
	fmt.Println(s, len(s), s == "世 世 AB")
	for i, r := range "\xc3\xa9t\xc3\xa9" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println(len("\u00e9"), '\x41', '\101', '\u00e9')
}
