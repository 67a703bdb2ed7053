package main

import (
	"fmt"
	"time"
)

func main() {
	base := time.Duration(250000000)
	for i := 1; i <= 3; i++ {
		fmt.Println("attempt", i, "backoff", base*2)
		base *= 2
	}
}
