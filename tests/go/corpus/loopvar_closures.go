// want: go1.22
package main

import "fmt"

// Go 1.22: each iteration of a for loop has its own loop variable, so closures and
// pointers taken in different iterations see different variables.
//
// Why loopvar_closures.out is what Go 1.22 prints (kept by hand; Go 1.19 prints
// "3 3 3", "c c c", "3 3 3" and "6 6 6" for lines 1-4 because it has one shared variable):
// Line 1: three-clause loop, closure per iteration returns that iteration's i: "0 1 2 ".
// Line 2: range over a slice, closure per iteration returns that iteration's s: "a b c ".
// Line 3: &i in each iteration points to a distinct variable holding 0, 1, 2: "0 1 2 ".
// Line 4: the body does i++ after capturing, changing that iteration's own variable; the
// next iteration's variable starts as a copy of it before the post statement runs
// i++ on the copy. Iterations see i = 0, 2, 4 and leave 1, 3, 5 in their variables,
// so the closures return "1 3 5 ".
func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	var gs []func() string
	for _, s := range []string{"a", "b", "c"} {
		gs = append(gs, func() string { return s })
	}
	for _, g := range gs {
		fmt.Print(g(), " ")
	}
	fmt.Println()
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	for _, p := range ps {
		fmt.Print(*p, " ")
	}
	fmt.Println()
	var hs []func() int
	for i := 0; i < 5; i++ {
		hs = append(hs, func() int { return i })
		i++
	}
	for _, h := range hs {
		fmt.Print(h(), " ")
	}
	fmt.Println()
}
