package main

import (
	"fmt"
	"runtime"
)

// GOMAXPROCS(0) reads the setting, GOMAXPROCS(n) sets it and returns the old value.
// The default is NumCPU, whatever the machine, so the program prints only relations.
func main() {
	start := runtime.GOMAXPROCS(0)
	fmt.Println("default is NumCPU:", start == runtime.NumCPU())
	fmt.Println("at least one:", start >= 1)
	prev := runtime.GOMAXPROCS(1)
	fmt.Println("returned the old value:", prev == start)
	fmt.Println(runtime.GOMAXPROCS(0))
	fmt.Println(runtime.GOMAXPROCS(3))
	fmt.Println(runtime.GOMAXPROCS(0))
	fmt.Println(runtime.GOMAXPROCS(-1), runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(start)
	fmt.Println("restored:", runtime.GOMAXPROCS(0) == start)
}
