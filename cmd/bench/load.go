package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// loadResult is part 6 of the report: the server under a bounded load.
type loadResult struct {
	clients, requests, errors int
	mb                        float64
	elapsed                   time.Duration
	p50, p99                  time.Duration
}

// loadTest sends requests requests from clients concurrent clients on
// loopback, cycling through pages and assets (app.wasm among them) and the
// three encodings, and times each.
func loadTest(base string, paths []string, clients, requests int) loadResult {
	res := loadResult{clients: clients, requests: requests}
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	var mu sync.Mutex
	var times []time.Duration
	var bytes int64
	next := make(chan int)
	go func() {
		for i := range requests {
			next <- i
		}
		close(next)
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest(http.MethodGet, base+paths[i%len(paths)], nil)
				req.Header.Set("Accept-Encoding", []string{"br", "gzip", "identity"}[i%3])
				t0 := time.Now()
				r, err := client.Do(req)
				var n int64
				if err == nil {
					n, err = io.Copy(io.Discard, r.Body)
					r.Body.Close()
					if err == nil && r.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", r.StatusCode)
					}
				}
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					res.errors++
				}
				times = append(times, d)
				bytes += n
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(times)
	res.p50 = times[len(times)/2]
	res.p99 = times[len(times)*99/100]
	res.mb = float64(bytes) / 1e6
	return res
}

func (l loadResult) markdown(paths []string) string {
	return fmt.Sprintf(`
## 6. The server under load

%d requests from %d concurrent clients on loopback (a Go client in `+"`cmd/bench`"+`),
cycling through %s, each with br, gzip or no compression in turn.

| requests/s | p50 | p99 | errors | sent |
|---:|---:|---:|---:|---:|
| %.0f | %.2f ms | %.2f ms | %d | %.0f MB |
`, l.requests, l.clients, "`"+strings.Join(paths, "`, `")+"`",
		float64(l.requests)/l.elapsed.Seconds(), float64(l.p50.Microseconds())/1000, float64(l.p99.Microseconds())/1000, l.errors, l.mb)
}
