// title: Two goroutines booking the last seat
// seed: 004_1de30eb0d8ef09bd.txt, "Understanding Concurrency with an example"
// shows: with two workers both goroutines can check seat > 0 before either takes it, and the one seat is booked twice (Scenarios 2 and 3); the run counts the double bookings over 1000 shows; on one worker they run in turn and it does not happen here
// note: taking the payment (a short computation) sits between the check and the update, as booking does; the seat is unsynchronised on purpose, it is the race the text describes
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

func takePayment() int {
	work := 0
	for i := 0; i < 200_000; i++ {
		work += i
	}
	return work
}

func main() {
	const shows = 1000
	doubleBooked := 0
	for show := 0; show < shows; show++ {
		seat := 1 // only one seat available
		var booked int64
		var wg sync.WaitGroup
		doors := make(chan bool)
		customer := func() {
			defer wg.Done()
			<-doors
			if seat > 0 {
				takePayment()
				seat = seat - 1
				atomic.AddInt64(&booked, 1)
			}
		}
		wg.Add(2)
		go customer() // thread_one
		go customer() // thread_two
		close(doors)  // both customers try at the same moment
		wg.Wait()
		if booked > 1 {
			doubleBooked++
		}
	}
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Printf("the last seat was booked twice in %d of %d shows\n", doubleBooked, shows)
}
