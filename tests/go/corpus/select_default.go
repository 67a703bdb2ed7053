package main

import "fmt"

// select with default never blocks: it takes a ready case or runs default.
func main() {
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing ready")
	}
	ch <- 7
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing ready")
	}
	sent, dropped := 0, 0
	buf := make(chan int, 3)
	for i := 0; i < 10; i++ {
		select {
		case buf <- i:
			sent++
		default:
			dropped++
		}
	}
	fmt.Println("sent", sent, "dropped", dropped)
	var nilCh chan int
	select {
	case nilCh <- 1:
		fmt.Println("impossible")
	case <-nilCh:
		fmt.Println("impossible")
	default:
		fmt.Println("nil channels are never ready")
	}
	select {
	default:
		fmt.Println("empty select with default")
	}
}
