package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c *Counter) Inc()          { c.n++ }
func (c Counter) Value() int     { return c.n }
func (c Counter) TryInc()        { c.n++ }
func (c *Counter) Add(k int) int { c.n += k; return c.n }

type Celsius float64

func (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }

// Pointer receivers change the caller's value; value receivers work on a copy.
func main() {
	c := Counter{name: "a"}
	c.Inc()
	c.Inc()
	c.TryInc()
	fmt.Println(c.Value(), c.n)
	p := &c
	p.Inc()
	fmt.Println(p.Value(), c.Add(5))
	cs := []Counter{{name: "x"}, {name: "y"}}
	for i := range cs {
		cs[i].Inc()
	}
	for _, v := range cs {
		v.Inc()
	}
	fmt.Println(cs[0].n, cs[1].n)
	f := c.Inc
	f()
	fmt.Println(c.n)
	fmt.Println(Celsius(100).Fahrenheit(), Celsius(-40).Fahrenheit())
}
