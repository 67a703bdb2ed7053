package main

import (
	"fmt"
	"time"
)

// time.Duration's units, arithmetic, String() as %v and Println print it, and its methods.
func main() {
	fmt.Println(time.Second, time.Millisecond, time.Microsecond, time.Nanosecond)
	fmt.Println(1500*time.Millisecond, 90*time.Second, 2*time.Hour+3*time.Minute)
	d := 250 * time.Millisecond
	fmt.Println(d, d*4, d/2, d.Seconds(), d.Milliseconds())
	fmt.Printf("%v %d %s %T\n", d, d, d, d)
	fmt.Println(time.Duration(0), time.Duration(1), time.Duration(1234567))
	fmt.Println(time.Minute.Minutes(), time.Hour.Hours(), (3 * time.Minute).Seconds())
	fmt.Println(time.Duration(1500)*time.Microsecond, -5*time.Second)
	total := time.Duration(0)
	for i := 1; i <= 3; i++ {
		total += time.Duration(i) * 100 * time.Millisecond
	}
	fmt.Println(total, total > 500*time.Millisecond, total.Round(time.Second), total.Truncate(time.Second))
	n := 3
	fmt.Println(time.Duration(n) * time.Second)
	fmt.Println(int64(time.Second), (2 * time.Second).Nanoseconds())
}
