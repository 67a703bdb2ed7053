package main

import "fmt"

type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprint("code ", e.Code) }

func main() {
	var err error = MyErr{404}
	fmt.Printf("%v %T\n", err, err)
}
