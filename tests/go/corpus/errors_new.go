package main

import (
	"errors"
	"fmt"
)

var ErrEmpty = errors.New("empty input")

func first(xs []int) (int, error) {
	if len(xs) == 0 {
		return 0, ErrEmpty
	}
	if xs[0] < 0 {
		return 0, fmt.Errorf("negative first value %d", xs[0])
	}
	return xs[0], nil
}

// errors.New, fmt.Errorf (with %w), comparing with a sentinel, errors.Is, printing errors.
func main() {
	for _, xs := range [][]int{{3, 4}, {}, {-1}} {
		v, err := first(xs)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println("value:", v)
	}
	_, err := first(nil)
	fmt.Println(err == ErrEmpty, errors.New("empty input") == ErrEmpty)
	wrapped := fmt.Errorf("loading: %w", err)
	fmt.Println(wrapped)
	fmt.Println(errors.Is(wrapped, ErrEmpty), errors.Unwrap(wrapped) == ErrEmpty)
	fmt.Printf("%v|%s|%q\n", err, err, err)
	var none error
	fmt.Println(none == nil, none)
	fmt.Println(err.Error() + "!")
}
