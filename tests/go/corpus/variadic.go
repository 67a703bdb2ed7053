package main

import "fmt"

func sum(nums ...int) int {
	total := 0
	for _, n := range nums {
		total += n
	}
	return total
}

func join(sep string, parts ...string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += sep
		}
		out += p
	}
	return out
}

func maxOf(first int, rest ...int) int {
	m := first
	for _, r := range rest {
		if r > m {
			m = r
		}
	}
	return m
}

// Variadic parameters are slices; s... passes a slice on; fmt's own functions are variadic.
func main() {
	fmt.Println(sum(), sum(1), sum(1, 2, 3))
	xs := []int{4, 5, 6}
	fmt.Println(sum(xs...))
	fmt.Println(join("-", "a", "b", "c"), join(","))
	fmt.Println(maxOf(3), maxOf(3, 9, 2), maxOf(-1, xs[1:]...))
	parts := []string{"p", "q"}
	fmt.Println(join("/", parts...), len(parts))
	fmt.Printf("%d items, %s, %v\n", 3, "ok", xs)
}
