// title: Race on the last seat
// shows: the experiment's six rows: each trial puts one seat on sale and bookers check "is a seat left?", pause (the window), then take it; two goroutines on GOMAXPROCS(1) that yield in the window (runtime.Gosched), then a goroutine per P trying at once, each unsynchronised, with a lock and with compare-and-swap; only the unsynchronised ones book the last seat twice, and the counts are of double bookings that really happened
// note: the lock is a spinning one built on compare-and-swap (this VM's sync.Mutex, contended under GOMAXPROCS(1) on a run of more workers, now and then ends in a false deadlock); the bookers live for all the trials and wait for each trial's seat yielding (runtime.Gosched) rather than parked, which also lets the ones trying at once start at about the same instant, as the experiment's workers do at a spinning barrier; the seat is a plain int shared by the goroutines, read and written with no synchronisation in the unsynchronised rows
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

const trials = 2_000 // param: trials
const window = 500   // param: window

var seats int
var seatsCAS int64

// The lock: 1 while a booker holds it. A spinning lock that yields, not sync.Mutex: this
// VM's Mutex, contended under GOMAXPROCS(1) on a run of more workers, now and then ends in
// a false "all goroutines are asleep".
var lockWord int64
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
		for !atomic.CompareAndSwapInt64(&lockWord, 0, 1) {
			runtime.Gosched()
		}
		defer atomic.StoreInt64(&lockWord, 0)
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

// The trial the bookers may run, how many bookings they have finished over all trials,
// and how many took the seat in this trial.
var round, finished, booked int64

// booker runs its side of every trial: it waits for the trial's seat, then tries to book it.
func booker(how string, yield bool) {
	for t := int64(1); t <= trials; t++ {
		for atomic.LoadInt64(&round) < t {
			runtime.Gosched()
		}
		if book(how, yield) {
			atomic.AddInt64(&booked, 1)
		}
		atomic.AddInt64(&finished, 1)
	}
}

// sale runs the trials with bookers goroutines and counts the double bookings. Each trial
// the bookers wait, yielding, for the seat to go on sale, so that they try at about the same
// instant (as the experiment's workers meet at a spinning barrier), and the sale waits,
// yielding, for all of them to have tried (not parked on a WaitGroup, for the same reason
// as the lock's).
func sale(how string, bookers int, yield bool) int {
	atomic.StoreInt64(&round, 0)
	atomic.StoreInt64(&finished, 0)
	for b := 0; b < bookers; b++ {
		go booker(how, yield)
	}
	doubles := 0
	for t := int64(1); t <= trials; t++ {
		seats = 1
		atomic.StoreInt64(&seatsCAS, 1)
		atomic.StoreInt64(&booked, 0)
		atomic.StoreInt64(&round, t)
		for atomic.LoadInt64(&finished) < t*int64(bookers) {
			runtime.Gosched()
		}
		if atomic.LoadInt64(&booked) > 1 {
			doubles++
		}
	}
	// Every booker has tried its last trial: they need not be waited for.
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
