package main

// A Duration in hours, minutes and seconds as floats (Go adds the whole units and the
// rest, which rounds differently from one division), and in whole ms and µs, for
// positive, negative and odd durations.

import (
	"fmt"
	"time"
)

func main() {
	for _, d := range []time.Duration{90*time.Minute + 30*time.Second + 5*time.Millisecond, 1500 * time.Millisecond, -2500 * time.Millisecond, 1, 7*time.Hour + 13*time.Nanosecond, 123456789} {
		fmt.Println(d.Hours(), d.Minutes(), d.Seconds(), d.Milliseconds(), d.Microseconds())
	}
}
