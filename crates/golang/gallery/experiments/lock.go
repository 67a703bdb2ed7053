// title: Lock contention
// shows: the experiment's four rows: a plain loop adding 1..n; a goroutine per number, each locking one shared total to add its number, on GOMAXPROCS(1) and on every P, both orders of magnitude slower than the loop; and a goroutine per P adding its share in a plain loop and locking the total once, which fixes it
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const items = 100_000 // param: items

// locked starts a goroutine per number, each adding its number to the total under mu.
func locked() int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for i := 1; i <= items; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mu.Lock()
			total += i
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return total
}

// partial starts a goroutine per P, each adding its share of the numbers in a plain loop
// and taking the lock once, to add its partial sum.
func partial(parts int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			s := 0
			for i := lo; i < hi; i++ {
				s += i
			}
			mu.Lock()
			total += s
			mu.Unlock()
		}(1+items*p/parts, 1+items*(p+1)/parts)
	}
	wg.Wait()
	return total
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

func main() {
	procs := runtime.GOMAXPROCS(0)

	start := time.Now()
	total := 0
	for i := 1; i <= items; i++ {
		total += i
	}
	plain := time.Since(start)
	fmt.Printf("plain loop over %d numbers: %d in %.2f ms\n", items, total, ms(plain))

	runtime.GOMAXPROCS(1)
	start = time.Now()
	total = locked()
	one := time.Since(start)
	fmt.Printf("a goroutine per number behind one lock, GOMAXPROCS(1): %d in %.2f ms, %.0fx the loop's time\n", total, ms(one), float64(one)/float64(plain))

	runtime.GOMAXPROCS(procs)
	start = time.Now()
	total = locked()
	all := time.Since(start)
	fmt.Printf("a goroutine per number behind one lock, GOMAXPROCS(%d): %d in %.2f ms, %.0fx the loop's time\n", procs, total, ms(all), float64(all)/float64(plain))

	start = time.Now()
	total = partial(procs)
	part := time.Since(start)
	fmt.Printf("a partial sum per P (%d), one lock each, GOMAXPROCS(%d): %d in %.2f ms, %.1fx the loop's time\n", procs, procs, total, ms(part), float64(part)/float64(plain))
}
