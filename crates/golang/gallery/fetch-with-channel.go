// title: Four fetches, results back over a channel
// seed: 003_e2ca494cff1b28e9.txt, "Example 6: Hiding latency with channels"
// shows: four 500 ms fetches complete in about 500 ms total; the channel carries the results back
// note: the network is time.Sleep(500 * time.Millisecond), as in the text; the total time is printed at the end
package main

import (
	"fmt"
	"time"
)

func fetch(url string) string {
	time.Sleep(500 * time.Millisecond) // simulate network
	return "data from " + url
}

func main() {
	start := time.Now()
	urls := []string{"a", "b", "c", "d"}
	out := make(chan string, len(urls))
	for _, u := range urls {
		go func(u string) { out <- fetch(u) }(u)
	}
	for range urls {
		fmt.Println(<-out)
	}
	fmt.Println("total:", time.Since(start))
}
