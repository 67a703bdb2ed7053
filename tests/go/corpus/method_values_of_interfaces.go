// Method values of interface values: `f := s.Area` binds the dynamic type's method to
// the value the interface holds now (a later assignment to s does not change f), with
// value and pointer receivers, passed around as plain funcs.
package main

import "fmt"

type Shape interface {
	Area() float64
	Scale(k float64)
}

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

func (r *Rect) Scale(k float64) { r.W *= k; r.H *= k }

type Square struct{ S float64 }

func (q *Square) Area() float64 { return q.S * q.S }

func (q *Square) Scale(k float64) { q.S *= k }

func apply(fs []func() float64) []float64 {
	var out []float64
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

func main() {
	r := &Rect{2, 3}
	var s Shape = r
	area := s.Area
	scale := s.Scale
	s = &Square{4}
	fmt.Println(area(), s.Area())
	scale(2)
	fmt.Println(area(), r.Area())
	var fs []func() float64
	for _, sh := range []Shape{&Rect{1, 1}, &Square{3}} {
		fs = append(fs, sh.Area)
	}
	fmt.Println(apply(fs))
	var st fmt.Stringer = Temp(21)
	str := st.String
	fmt.Println(str())
}

type Temp int

func (t Temp) String() string { return fmt.Sprintf("%d°C", int(t)) }
