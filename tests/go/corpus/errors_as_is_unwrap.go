package main

import (
	"errors"
	"fmt"
)

type NotFoundError struct {
	Name string
}

func (e *NotFoundError) Error() string { return "not found: " + e.Name }

var ErrPermission = errors.New("permission denied")

func find(name string) error {
	switch name {
	case "secret":
		return fmt.Errorf("find %q: %w", name, ErrPermission)
	case "missing":
		return fmt.Errorf("lookup: %w", &NotFoundError{Name: name})
	}
	return nil
}

func main() {
	for _, n := range []string{"ok", "secret", "missing"} {
		err := find(n)
		if err == nil {
			fmt.Println(n, "fine")
			continue
		}
		fmt.Println("err:", err)
		fmt.Println("  is perm:", errors.Is(err, ErrPermission))
		var nf *NotFoundError
		if errors.As(err, &nf) {
			fmt.Println("  as NotFound:", nf.Name)
		}
		fmt.Println("  unwrap:", errors.Unwrap(err))
	}
}
