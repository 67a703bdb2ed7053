// title: Race on the last seat
// shows: the experiment's six rows: each trial puts one seat on sale and bookers check "is a seat left?", pause (the window), then take it; two goroutines on GOMAXPROCS(1) that yield in the window (runtime.Gosched), then a goroutine per P trying at once, each unsynchronised, with a lock and with compare-and-swap; only the unsynchronised ones book the last seat twice, and the counts are of double bookings that really happened
// note: the goroutines trying at once meet at a spinning barrier, as the experiment's workers do; the seat is a plain int shared by the goroutines, read and written with no synchronisation in the unsynchronised rows
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

const trials = 2_000 // param: trials
const window = 500   // param: window

var seats int
var seatsCAS int64
var mu sync.Mutex
var sink int

// pause is the window between check and act: window steps of a loop, then, when the
// booker yields, a hand-over of its P.
func pause(yield bool) {
	x := 0
	for i := 0; i < window; i++ {
		x += i
	}
	sink = x
	if yield {
		runtime.Gosched()
	}
}

// book tries to take the seat one way; it says whether it did.
func book(how string, yield bool) bool {
	switch how {
	case "unsynchronised":
		left := seats
		if left > 0 {
			pause(yield)
			seats = left - 1
			return true
		}
	case "locked":
		mu.Lock()
		defer mu.Unlock()
		if seats > 0 {
			pause(yield)
			seats--
			return true
		}
	case "compare-and-swap":
		left := atomic.LoadInt64(&seatsCAS)
		if left > 0 {
			pause(yield)
			return atomic.CompareAndSwapInt64(&seatsCAS, left, left-1)
		}
	}
	return false
}

// sale runs the trials with bookers goroutines each and counts the double bookings;
// at once, the bookers meet at a spinning barrier before they check.
func sale(how string, bookers int, yield bool) int {
	doubles := 0
	for t := 0; t < trials; t++ {
		seats = 1
		atomic.StoreInt64(&seatsCAS, 1)
		var booked, arrived int64
		var wg sync.WaitGroup
		for b := 0; b < bookers; b++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if !yield {
					atomic.AddInt64(&arrived, 1)
					for atomic.LoadInt64(&arrived) < int64(bookers) {
					}
				}
				if book(how, yield) {
					atomic.AddInt64(&booked, 1)
				}
			}()
		}
		wg.Wait()
		if booked > 1 {
			doubles++
		}
	}
	return doubles
}

func main() {
	procs := runtime.GOMAXPROCS(0)
	ways := []string{"unsynchronised", "locked", "compare-and-swap"}

	runtime.GOMAXPROCS(1)
	for _, how := range ways {
		fmt.Printf("%s, 2 goroutines yielding in the window on GOMAXPROCS(1): %d double bookings in %d trials\n", how, sale(how, 2, true), trials)
	}
	runtime.GOMAXPROCS(procs)
	for _, how := range ways {
		fmt.Printf("%s, %d goroutines trying at once on GOMAXPROCS(%d): %d double bookings in %d trials\n", how, procs, procs, sale(how, procs, false), trials)
	}
}
