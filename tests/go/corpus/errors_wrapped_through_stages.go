package main

import (
	"errors"
	"fmt"
	"strings"
)

type ValidationError struct {
	Field string
	Err   error
}

func (v ValidationError) Error() string { return v.Field + ": " + v.Err.Error() }
func (v ValidationError) Unwrap() error { return v.Err }

var ErrEmpty = errors.New("empty")

func validate(in string) (string, error) {
	if strings.TrimSpace(in) == "" {
		return "", ValidationError{"name", ErrEmpty}
	}
	return strings.ToUpper(in), nil
}

func main() {
	in := make(chan string)
	out := make(chan string)
	errc := make(chan error, 5)
	go func() {
		defer close(in)
		for _, s := range []string{"alice", "  ", "bob", ""} {
			in <- s
		}
	}()
	go func() {
		defer close(out)
		for s := range in {
			v, err := validate(s)
			if err != nil {
				errc <- fmt.Errorf("stage validate: %w", err)
				continue
			}
			out <- v
		}
	}()
	for v := range out {
		fmt.Println("ok", v)
	}
	close(errc)
	for err := range errc {
		var ve ValidationError
		fmt.Println(err, errors.Is(err, ErrEmpty), errors.As(err, &ve), ve.Field)
	}
	joined := errors.New("a")
	fmt.Println(errors.Is(joined, errors.New("a")), errors.Is(nil, nil))
}
