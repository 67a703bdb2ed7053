// title: How many cores, how many Ps
// seed: 000_c380f608f518dc4a.txt, "Exercises (Do These Before Moving On)"
// shows: the machine's CPU count and GOMAXPROCS; they match unless GOMAXPROCS (here, the Workers setting) says otherwise
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("CPU cores:", runtime.NumCPU())
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
}
