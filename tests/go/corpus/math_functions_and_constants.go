package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(math.Sqrt(2), math.Pow(2, 10), math.Abs(-3.2))
	fmt.Println(math.Floor(2.7), math.Ceil(2.1), math.Round(2.5), math.Trunc(-2.7))
	fmt.Println(math.Max(3, 7), math.Min(3, 7), math.Mod(7, 3))
	fmt.Println(math.Pi, math.E)
	fmt.Printf("%.4f %.4f %.4f\n", math.Sin(math.Pi/2), math.Cos(0), math.Log(math.E))
	fmt.Println(math.Inf(1), math.Inf(-1), math.NaN(), math.IsNaN(math.NaN()))
	fmt.Println(math.MaxInt64, math.MinInt64, math.MaxInt32, math.MaxUint8)
	fmt.Println(math.Hypot(3, 4), math.Cbrt(27), math.Log2(8), math.Log10(1000))
	var z float64
	fmt.Println(1/z, -1/z, z/z == z/z)
	fmt.Println(0.1+0.2, 1e21, 1e20, 100000000.0, 3.0, 2.5e-5)
	fmt.Println(float32(0.1), math.MaxFloat64)
}
