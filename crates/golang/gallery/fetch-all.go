// title: Three fetches that wait one second each
// seed: 000_c380f608f518dc4a.txt, "I/O-Bound: Concurrency Helps (Even on 1 Core)"
// shows: sequential about 3 seconds; the three fetches in goroutines about 1 second, even on 1 worker
// note: the network waits are time.Sleep(time.Second); the text's goroutines are not waited for, a WaitGroup here waits for them so their time can be measured
package main

import (
	"fmt"
	"sync"
	"time"
)

func fetchUser() string     { time.Sleep(time.Second); return "user" }
func fetchPosts() string    { time.Sleep(time.Second); return "posts" }
func fetchComments() string { time.Sleep(time.Second); return "comments" }

func main() {
	start := time.Now()
	user := fetchUser()
	posts := fetchPosts()
	comments := fetchComments()
	fmt.Println("sequential:", user, posts, comments, time.Since(start))

	start = time.Now()
	user, posts, comments = "", "", ""
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); user = fetchUser() }()
	go func() { defer wg.Done(); posts = fetchPosts() }()
	go func() { defer wg.Done(); comments = fetchComments() }()
	wg.Wait()
	fmt.Println("concurrent:", user, posts, comments, time.Since(start))
}
