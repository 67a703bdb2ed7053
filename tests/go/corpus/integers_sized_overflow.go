package main

import (
	"fmt"
	"math"
)

// Sized integers wrap around on overflow; conversions truncate; int is 64-bit here;
// shifts, bit operators and integer division truncating toward zero.
func main() {
	var a int8 = 127
	a++
	fmt.Println(a)
	var u uint8 = 0
	u--
	fmt.Println(u)
	var big int64 = math.MaxInt64
	big++
	fmt.Println(big == math.MinInt64)
	fmt.Println(math.MaxInt32, math.MinInt64, uint32(math.MaxUint32))
	x := 300
	fmt.Println(int8(x), uint8(x), int16(x))
	fmt.Println(-7/2, -7%2, 7/-2, 7%-2)
	fmt.Println(1<<10, 1024>>3, 6&3, 6|3, 6^3, 6&^3)
	var s uint = 3
	fmt.Println(1<<s, -8>>1)
	f := 3.99
	fmt.Println(int(f), int(-f), float64(7)/2)
	var i32 int32 = 1 << 30
	i32 *= 4
	fmt.Println(i32)
	fmt.Printf("%T %T %T\n", 'a', byte('a'), 1<<3)
}
