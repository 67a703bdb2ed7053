package main

import "fmt"

func main() {
	i := 0
loop:
	if i < 3 {
		fmt.Println("i =", i)
		i++
		goto loop
	}
	f := func() int {
		n := 0
	again:
		n++
		if n < 5 {
			goto again
		}
		return n
	}
	fmt.Println(f())
	goto end
end:
	fmt.Println("done")
}
