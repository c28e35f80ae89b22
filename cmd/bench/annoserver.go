package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"marginalia/cmd/internal/annostore"
	"marginalia/cmd/internal/browser"
	"marginalia/cmd/internal/pgtest"
)

// ErrNoAnnoServer says the binary serves no annotations yet.
var ErrNoAnnoServer = errors.New("this marginalia has no annotation server (no user add): part 7 is skipped")

// annoClients is how many clients write and read at once: the issue's
// 64.
const annoClients = 64

// engineResult is the annotation server's figures on one engine.
type engineResult struct {
	engine       string
	base         timing // GET / (the static page), the baseline
	creates      timing // POST of an annotation
	reads        timing // GET of one
	firstPage    timing // the first page of a container of bigContainer annotations
	delay        []time.Duration
	delayAcross  bool // the listener was on another server process
	bigContainer int
	loadedIn     time.Duration
}

// timing is a run of requests: how many a second and their latencies.
type timing struct {
	n, errors int
	elapsed   time.Duration
	times     []time.Duration
}

func (t timing) rate() float64 { return float64(t.n) / t.elapsed.Seconds() }

func (t timing) pct(p float64) float64 {
	if len(t.times) == 0 {
		return 0
	}
	s := slices.Clone(t.times)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(float64(len(s))*p))].Microseconds()) / 1000
}

func pctDur(ds []time.Duration, p float64) float64 {
	return timing{times: ds}.pct(p)
}

// hammer runs n requests from clients goroutines; req(client, i) makes
// the i-th and says whether it worked.
func hammer(clients, n int, req func(c *http.Client, i int) error) timing {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: time.Minute}
	var next atomic.Int64
	var mu sync.Mutex
	t := timing{n: n}
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := req(c, i)
				d := time.Since(t0)
				mu.Lock()
				t.times = append(t.times, d)
				if err != nil {
					if t.errors == 0 {
						fmt.Fprintln(os.Stderr, "bench: first error:", err)
					}
					t.errors++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	t.elapsed = time.Since(start)
	return t
}

// benchAnnotation is a Web Annotation as the app exports one: a quote
// and a note on an article.
func benchAnnotation(i int) []byte {
	return fmt.Appendf(nil, `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","motivation":"commenting",
"body":{"type":"TextualBody","value":"note %d on the cease-fire talks","format":"text/plain"},
"target":{"source":"https://marginalia.example/a/kerry","selector":[{"type":"TextQuoteSelector","exact":"cease-fire talks","prefix":"without breakthrough in Gaza ","suffix":" ended"},{"type":"TextPositionSelector","start":%d,"end":%d}]}}`, i, i, i+16)
}

func send(c *http.Client, method, url, token string, body []byte, header ...string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

func wantStatus(res *http.Response, body []byte, err error, code int) error {
	if err != nil {
		return err
	}
	if res.StatusCode != code {
		return fmt.Errorf("%s %s: %s", res.Request.Method, res.Request.URL.Path, body)
	}
	return nil
}

// userAdd makes an account with the binary and returns its token.
func userAdd(bin, db, name string) (string, error) {
	cmd := exec.Command(bin, "user", "add", "-db", db, name)
	cmd.Stdin = strings.NewReader("bench password\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("user add %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// annoServerBench measures the annotation server on SQLite and on
// Postgres (durable, fsync on), when Postgres is installed.
//
// A binary without the annotation server (no `user add` in its usage)
// has nothing to measure: ErrNoAnnoServer.
func annoServerBench(bin string) ([]engineResult, error) {
	if usage, _ := exec.Command(bin, "help").Output(); !bytes.Contains(usage, []byte("user add")) {
		return nil, ErrNoAnnoServer
	}
	var out []engineResult
	dir, err := os.MkdirTemp("", "bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	fmt.Println("  the annotation server on SQLite")
	r, err := engineBench(bin, "SQLite", "sqlite:"+dir+"/bench.db", false)
	if err != nil {
		return nil, fmt.Errorf("SQLite: %w", err)
	}
	out = append(out, r)
	if err := pgtest.Available(); err != nil {
		fmt.Println("  no Postgres:", err)
		return out, nil
	}
	pgdir, err := os.MkdirTemp("", "pg")
	if err != nil {
		return nil, err
	}
	pg, err := pgtest.StartDurable(pgdir)
	if err != nil {
		return nil, err
	}
	defer pg.Close()
	db, err := pg.CreateDatabase(context.Background(), "bench")
	if err != nil {
		return nil, err
	}
	fmt.Println("  the annotation server on Postgres")
	r, err = engineBench(bin, "Postgres", db, true)
	if err != nil {
		return nil, fmt.Errorf("Postgres: %w", err)
	}
	return append(out, r), nil
}

func engineBench(bin, engine, db string, across bool) (engineResult, error) {
	res := engineResult{engine: engine, delayAcross: across, bigContainer: 100000}
	tokens := make([]string, annoClients)
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range annoClients {
		wg.Go(func() {
			tok, err := userAdd(bin, db, fmt.Sprintf("reader%d", i))
			mu.Lock()
			defer mu.Unlock()
			tokens[i] = tok
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return res, errs[0]
	}
	bigToken, err := userAdd(bin, db, "archive")
	if err != nil {
		return res, err
	}
	// The big container is filled through the store, in batches: through
	// HTTP it would take minutes, and it is the reading that is measured.
	t0 := time.Now()
	if err := fill(db, "archive", res.bigContainer); err != nil {
		return res, fmt.Errorf("filling a container: %w", err)
	}
	res.loadedIn = time.Since(t0)

	srv, err := browser.StartServer(bin, "-db", db)
	if err != nil {
		return res, err
	}
	defer srv.Stop()
	base := srv.URL

	res.base = hammer(annoClients, 6400, func(c *http.Client, i int) error {
		r, b, err := send(c, "GET", base+"/", "", nil)
		return wantStatus(r, b, err, http.StatusOK)
	})
	var locMu sync.Mutex
	var locations []string
	res.creates = hammer(annoClients, 12800, func(c *http.Client, i int) error {
		r, b, err := send(c, "POST", fmt.Sprintf("%s/annotations/reader%d/", base, i%annoClients), tokens[i%annoClients], benchAnnotation(i))
		if err := wantStatus(r, b, err, http.StatusCreated); err != nil {
			return err
		}
		locMu.Lock()
		locations = append(locations, r.Header.Get("Location"))
		locMu.Unlock()
		return nil
	})
	if len(locations) == 0 {
		return res, fmt.Errorf("no create worked")
	}
	owner := func(loc string) string {
		// …/annotations/readerN/ID
		parts := strings.Split(loc, "/")
		var n int
		fmt.Sscanf(parts[len(parts)-2], "reader%d", &n)
		return tokens[n]
	}
	res.reads = hammer(annoClients, 25600, func(c *http.Client, i int) error {
		loc := locations[i%len(locations)]
		r, b, err := send(c, "GET", base+loc[strings.Index(loc, "/annotations/"):], owner(loc), nil)
		return wantStatus(r, b, err, http.StatusOK)
	})
	res.firstPage = hammer(1, 200, func(c *http.Client, i int) error {
		r, b, err := send(c, "GET", base+"/annotations/archive/", bigToken, nil)
		if err := wantStatus(r, b, err, http.StatusOK); err != nil {
			return err
		}
		if !bytes.Contains(b, []byte(`"total"`)) {
			return fmt.Errorf("the container has no total: %.200s", b)
		}
		return nil
	})

	listenOn := srv
	if across {
		other, err := browser.StartServer(bin, "-db", db)
		if err != nil {
			return res, err
		}
		defer other.Stop()
		listenOn = other
	}
	res.delay, err = changeDelay(base, listenOn.URL, tokens[0], 200)
	return res, err
}

// fill puts n annotations in a container through the store.
func fill(db, container string, n int) error {
	ctx := context.Background()
	st, err := annostore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	const batch = 2000
	for i := 0; i < n; i += batch {
		var docs []annostore.Doc
		for j := i; j < min(n, i+batch); j++ {
			docs = append(docs, annostore.Doc{Container: container, Kind: annostore.Annotation, ID: fmt.Sprintf("a%06d", j),
				Creator: container, Target: "https://marginalia.example/a/kerry", Body: benchAnnotation(j)})
		}
		if _, err := st.CreateMany(ctx, docs); err != nil {
			return err
		}
	}
	return nil
}

// changeDelay writes n annotations one after another through the server
// at writeBase and times each until the change feed's event stream of
// the server at listenBase tells of it.
func changeDelay(writeBase, listenBase, token string, n int) ([]time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", listenBase+"/annotations/reader0/changes", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	// Only what comes after now: the container has thousands already.
	cr, body, err := send(http.DefaultClient, "GET", listenBase+"/annotations/reader0/", token, nil)
	if err := wantStatus(cr, body, err, http.StatusOK); err != nil {
		return nil, err
	}
	req.Header.Set("Last-Event-ID", strings.Trim(cr.Header.Get("ETag"), `W/"`))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the event stream: %s", res.Status)
	}
	events := make(chan struct{}, 1024)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "id:") {
				events <- struct{}{}
			}
		}
		close(events)
	}()
	time.Sleep(500 * time.Millisecond)
	// Drain what the stream replays before the first write.
	for drained := false; !drained; {
		select {
		case <-events:
		case <-time.After(300 * time.Millisecond):
			drained = true
		}
	}
	c := &http.Client{Timeout: 10 * time.Second}
	var delays []time.Duration
	for i := range n {
		t0 := time.Now()
		r, b, err := send(c, "POST", writeBase+"/annotations/reader0/", token, benchAnnotation(1e6+i))
		if err := wantStatus(r, b, err, http.StatusCreated); err != nil {
			return nil, err
		}
		select {
		case _, ok := <-events:
			if !ok {
				return nil, fmt.Errorf("the event stream ended")
			}
			delays = append(delays, time.Since(t0))
		case <-time.After(5 * time.Second):
			return nil, fmt.Errorf("write %d never reached the listener", i)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return delays, nil
}

func annoMarkdown(rs []engineResult) string {
	if len(rs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `
## 7. The annotation server

The real binary (`+"`marginalia serve -db …`"+`) on each engine, with %d
concurrent clients on loopback (a Go client in `+"`cmd/bench`"+`), each one
signed-in user writing to their own container. Postgres is Debian's,
started for the run with its defaults for durability (fsync on); SQLite
runs in WAL mode with synchronous=FULL: every acknowledged write is on
disk. The baseline, in the same run on the same server: the static page
`+"`GET /`"+`.

| | requests/s | p50 | p99 | errors | ratio of p50 to GET / |
|---|---:|---:|---:|---:|---:|
`, annoClients)
	for _, r := range rs {
		row := func(name string, t timing) {
			fmt.Fprintf(&b, "| %s: %s | %.0f | %.2f ms | %.2f ms | %d | %.2f× |\n", r.engine, name, t.rate(), t.pct(0.5), t.pct(0.99), t.errors, t.pct(0.5)/r.base.pct(0.5))
		}
		row("`GET /` (baseline)", r.base)
		row("create (`POST`)", r.creates)
		row("read (`GET` an annotation)", r.reads)
	}
	fmt.Fprintf(&b, `
The first page of a container holding %d annotations (`+"`GET /annotations/NAME/`"+`, the
container with its first page embedded), one client, 200 times; and the
delay from sending a write to hearing of it on the change feed's event
stream (200 writes, one after another)`, rs[0].bigContainer)
	fmt.Fprintf(&b, `:

| | first page p50 | first page p99 | change delay p50 | change delay p99 | listener |
|---|---:|---:|---:|---:|---|
`)
	for _, r := range rs {
		where := "same process"
		if r.delayAcross {
			where = "another server process"
		}
		fmt.Fprintf(&b, "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %s |\n", r.engine, r.firstPage.pct(0.5), r.firstPage.pct(0.99), pctDur(r.delay, 0.5), pctDur(r.delay, 0.99), where)
	}
	var verdicts []string
	for _, r := range rs {
		ok := func(b bool) string {
			if b {
				return "within"
			}
			return "**over**"
		}
		verdicts = append(verdicts, fmt.Sprintf("%s: creates %s (%.0f/s, p99 %.1f ms), first page %s, change delay %s",
			r.engine, ok(r.creates.rate() >= 1000 && r.creates.pct(0.99) <= 50), r.creates.rate(), r.creates.pct(0.99),
			ok(r.firstPage.pct(0.5) <= 20), ok(pctDur(r.delay, 0.99) <= 250)))
	}
	fmt.Fprintf(&b, `
Targets: ≥ 1,000 creates/s with p99 ≤ 50 ms; first page ≤ 20 ms; change
delay p99 ≤ 250 ms. %s.
`, strings.Join(verdicts, "; "))
	return b.String()
}
