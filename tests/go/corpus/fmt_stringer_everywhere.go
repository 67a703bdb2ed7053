package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string {
	switch c {
	case Red:
		return "Red"
	case Green:
		return "Green"
	}
	return fmt.Sprintf("Color(%d)", int(c))
}

func main() {
	p := Point{1, 2}
	fmt.Println(p, &p)
	fmt.Printf("%v %s %+v %d\n", p, p, p, p)
	fmt.Println(Red, Green, Blue, []Color{Blue, Red})
	fmt.Printf("%v %d %T\n", Green, Green, Green)
	s := fmt.Sprint(Point{3, 4})
	fmt.Println(s, len(s))
	m := map[string]Point{"a": {1, 1}}
	fmt.Println(m)
}
