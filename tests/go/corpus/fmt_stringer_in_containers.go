package main

import "fmt"

type Celsius int

func (c Celsius) String() string { return fmt.Sprintf("%d°C", int(c)) }

type Reading struct{ T Celsius }

func main() {
	fmt.Println([]Celsius{1, 2}, map[string]Celsius{"x": 3}, Reading{4})
}
