package main

import "fmt"

func main() {
	var counts [26]int
	for _, c := range "hello" {
		counts[c-'a']++
	}
	fmt.Println(counts['l'-'a'], counts)
}
