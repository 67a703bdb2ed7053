package main

import (
	"fmt"
	"sync"
)

type Animal interface{ Sound() string }
type Base struct{ Name string }

func (b Base) Hello() string { return "hi " + b.Name }
func (b *Base) Rename(n string) { b.Name = n }

type Dog struct {
	Base
	Age int
}

func (d Dog) Sound() string { return "woof" }

type Named interface{ Hello() string }

type Counter struct {
	sync.Mutex
	n int
}

type Logger struct{ prefix string }

func (l *Logger) Log(format string, args ...any) { fmt.Printf(l.prefix+format+"\n", args...) }

type Service struct {
	*Logger
	Counter
}

func main() {
	d := Dog{Base{"rex"}, 3}
	fmt.Println(d.Hello(), d.Name)
	d.Rename("max")
	d.Name += "!"
	fmt.Println(d.Hello(), d.Base.Name)
	var a Animal = d
	fmt.Println(a.Sound())
	var n Named = d
	fmt.Println(n.Hello())
	fmt.Printf("%+v %v\n", d, d)
	var c Counter
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Lock()
			c.n++
			c.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(c.n)
	s := &Service{Logger: &Logger{"[svc] "}}
	s.Log("count=%d", 5)
	s.Lock()
	s.n = 7
	s.Unlock()
	fmt.Println(s.n, s.Counter.n)
	f := d.Hello
	fmt.Println(f())
}
