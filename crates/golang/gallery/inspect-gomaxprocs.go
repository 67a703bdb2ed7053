// title: Inspecting GOMAXPROCS
// seed: 003_e2ca494cff1b28e9.txt, "Example 5: Inspecting GOMAXPROCS"
// shows: the OS's logical CPU count and GOMAXPROCS, usually equal; run with GOMAXPROCS=1 (Workers 1) and GOMAXPROCS reads 1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("logical CPUs reported by OS:", runtime.NumCPU())
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
}
