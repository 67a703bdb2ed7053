package main

import "fmt"

type Seat struct {
	Row    int
	Number int
	Booked bool
}

type Show struct {
	Title string
	Seats []Seat
}

func (s *Show) Book(row, num int) bool {
	for i := range s.Seats {
		st := &s.Seats[i]
		if st.Row == row && st.Number == num && !st.Booked {
			st.Booked = true
			return true
		}
	}
	return false
}

func (s Show) Free() int {
	n := 0
	for _, st := range s.Seats {
		if !st.Booked {
			n++
		}
	}
	return n
}

// Structs holding slices of structs, methods that change an element through a pointer
// to it, anonymous struct literals and struct comparison.
func main() {
	show := Show{Title: "Film", Seats: []Seat{{1, 1, false}, {1, 2, false}}}
	fmt.Println(show.Book(1, 1), show.Book(1, 1), show.Book(2, 9))
	fmt.Println(show.Free(), show.Seats)
	anon := struct {
		Name string
		N    int
	}{"x", 3}
	fmt.Printf("%v %+v\n", anon, anon)
	fmt.Println(Seat{1, 2, true} == Seat{Row: 1, Number: 2, Booked: true})
}
