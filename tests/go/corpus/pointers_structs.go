package main

import "fmt"

type Account struct {
	Owner   string
	Balance int
}

func deposit(a *Account, amount int) { a.Balance += amount }

func newAccount(owner string) *Account {
	return &Account{Owner: owner}
}

// Pointers to ints and structs, new, automatic dereference of p.field, and pointer equality.
func main() {
	count := 0
	p := &count
	*p += 5
	fmt.Println(count, *p == 5)
	acc := Account{"ann", 10}
	deposit(&acc, 15)
	fmt.Println(acc.Balance)
	b := newAccount("bob")
	deposit(b, 7)
	(*b).Balance++
	fmt.Println(*b, b.Owner)
	c := b
	c.Balance = 100
	fmt.Println(b.Balance, c == b, &acc == &acc)
	q := new(int)
	fmt.Println(*q)
	*q = 3
	pp := &q
	**pp = 4
	fmt.Println(*q)
	var nilp *Account
	fmt.Println(nilp == nil, nilp)
	copyOf := *b
	copyOf.Balance = 0
	fmt.Println(b.Balance, copyOf.Balance)
	fmt.Println(fmt.Sprintf("%p", b)[:2])
}
