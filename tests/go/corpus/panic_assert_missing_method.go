// want: exit 2
// want: stderr-starts panic: interface conversion: string is not main.Shape: missing method Area
package main

import "fmt"

type Shape interface{ Area() float64 }

func main() {
	var x interface{} = "not a shape"
	s := x.(Shape)
	fmt.Println("no panic?", s)
}
