package main

import "fmt"

func main() {
	b := []byte("Go!")
	fmt.Printf("%s|%X|%x\n", b, b, b)
}
