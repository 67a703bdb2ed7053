package main

// float32 computes in float32: each operation and conversion rounds to its precision,
// typed constants are rounded too, and %v prints the shortest digits that read back
// as the float32 (0.1, not 0.10000000149011612).

import (
	"fmt"
	"math"
)

type Celsius float32

func main() {
	constants()
	var f float32 = 0.1
	var g float32 = 0.2
	fmt.Println(f, g, f+g, f*3, f/3, float64(f))
	sum := float32(0)
	for i := 0; i < 10; i++ {
		sum += 0.1
	}
	fmt.Println(sum, sum == 1, float64(sum))
	x := float32(16777216)
	fmt.Println(x+1, x+2, float32(1)/3)
	var d float64 = 1.0 / 3
	fmt.Println(float32(d), d)
	fmt.Printf("%v %.3f %e %g %T %6.2f\n", f, f, f, f, f, g)
	c := Celsius(36.6)
	fmt.Println(c, c*2, Celsius(100)/3)
	fmt.Println(math.Sqrt(float64(f)), float32(math.Pi), float32(1e10), float32(123456789))
	vals := []float32{1.1, 2.2, 3.3}
	var t float32
	for _, v := range vals {
		t += v
	}
	fmt.Println(t, vals, int(t*10))
	m := map[string]float32{"a": 0.3}
	fmt.Println(m, fmt.Sprint(float32(2.5)), fmt.Sprintf("%v", float32(1e-7)))
	var z float32
	z -= 0.7
	fmt.Println(z, -z, z < -0.69)
}

const third float32 = 1.0 / 3

func constants() {
	b := third * 3
	var c float32 = 1e38
	var h float32 = 16777217
	fmt.Println(b, third, c*10, -c*10, h, float32(0.1)+float32(0.2) == float32(0.3))
}
