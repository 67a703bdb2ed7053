package main

import "fmt"

type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64   { return r.W * r.H }
func (c Circle) Area() float64 { return 3.14159 * c.R * c.R }

func describe(i interface{}) string {
	switch v := i.(type) {
	case int:
		return fmt.Sprintf("int %d", v)
	case string:
		return "string " + v
	case []int:
		return fmt.Sprintf("slice len %d", len(v))
	case Shape:
		return fmt.Sprintf("shape %T", v)
	case nil:
		return "nil"
	case error:
		return "error " + v.Error()
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func main() {
	things := []interface{}{1, "hi", []int{1, 2}, Rect{2, 3}, Circle{1}, nil, fmt.Errorf("bad"), 2.5, true}
	for _, t := range things {
		fmt.Println(describe(t))
	}
	var s Shape = Rect{1, 1}
	if r, ok := s.(Rect); ok {
		fmt.Println("rect", r.W)
	}
	if _, ok := s.(Circle); !ok {
		fmt.Println("not a circle")
	}
}
