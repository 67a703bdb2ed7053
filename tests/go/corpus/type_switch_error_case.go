package main

import "fmt"

func show(v interface{}) {
	switch x := v.(type) {
	case error:
		fmt.Println("error:", x.Error())
	case fmt.Stringer:
		fmt.Println("stringer:", x.String())
	default:
		fmt.Println("other", x)
	}
}

func main() {
	show(fmt.Errorf("bad"))
	show(42)
}
