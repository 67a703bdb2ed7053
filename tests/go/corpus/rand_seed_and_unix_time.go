package main

import (
	"fmt"
	"math/rand"
	"time"
)

func main() {
	rand.Seed(time.Now().UnixNano())
	start := time.Now()
	n := rand.Intn(10)
	fmt.Println(n >= 0 && n < 10, rand.Int63n(5) < 5, rand.Int31n(3) < 3, rand.Int63() >= 0)
	fmt.Println(start.Unix() > 1_600_000_000, start.UnixMilli() > 1_600_000_000_000)
	time.Sleep(10 * time.Millisecond)
	fmt.Println(time.Since(start) >= 10*time.Millisecond, time.Now().After(start))
}
