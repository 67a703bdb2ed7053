package main

import (
	"fmt"
	"math"
)

// How Println and %v print float64s, and the math functions the subset offers.
func main() {
	fmt.Println(1.0, 2.5, 1.0/3, 1e6, 1e21, 1e-7, 100.0)
	fmt.Println(math.Sqrt(2), math.Pi, math.Floor(-2.5), math.Ceil(2.1))
	fmt.Println(math.Abs(-3), math.Max(3, 7), math.Min(3, 7), math.Pow(2, 10))
	fmt.Println(math.Inf(1), math.Inf(-1), math.NaN(), math.IsNaN(math.NaN()))
	fmt.Println(math.MaxInt64, math.Trunc(2.7), math.Round(2.5), math.Mod(7, 3))
	fmt.Printf("%v %.3f %6.1f %g\n", 0.1+0.2, 0.1+0.2, math.E, 1e100)
	var z float64
	fmt.Println(1/z, -1/z, z/z == z/z)
	fmt.Println(float64(int64(1)<<53)+1, 0.5 == 1.0/2)
	fmt.Println(math.Log(math.E), math.Exp(0), math.Hypot(3, 4))
}
