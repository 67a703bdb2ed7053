package main

import (
	"fmt"
	"runtime"
)

// GOMAXPROCS(0) reads the setting, GOMAXPROCS(n) sets it and returns the old value.
// Its default is NumCPU in Go and the run's workers in the playground, so the program
// prints only relations that hold for both.
func main() {
	start := runtime.GOMAXPROCS(0)
	fmt.Println("NumCPU at least one:", runtime.NumCPU() >= 1)
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
