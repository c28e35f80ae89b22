// Command bench measures Marginalia against a bare go-app page built and
// served the same way, in one run, and writes BENCHMARKS.md in six parts:
//
//  1. download size: app.wasm raw, and the bytes the server sends with
//     Accept-Encoding br and gzip;
//  2. time to interactive: navigation to aria-busy="false" on <main>,
//     median of several loads, cold (fresh profile) and warm (service
//     worker), in headless Chromium;
//  3. create latency: a highlight made by a real drag on the seed article
//     carrying 1,000 annotations, until its mark is in the DOM and painted
//     (create.go);
//  4. scale: opening a 100,000-word article with 10,000 annotations
//     against opening the seed, its heap, and create latency there
//     (scale.go);
//  5. the Go benchmarks (go test -bench), the pure packages' and the
//     reader's own work in opening the large article;
//  6. the server under load: requests a second and latency from
//     concurrent clients on loopback (load.go);
//  7. the annotation server on SQLite and on Postgres: creates and reads
//     a second from 64 clients, the first page of a container of
//     100,000 annotations, and the delay from a write to a listener of
//     the change feed on another server process (annoserver.go).
//
// -create-only, -scale-only and -tti-only run one part alone.
// Run it with make bench, which builds bin/marginalia first.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"marginalia/app/article"
	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
	"marginalia/cmd/internal/server"
	"marginalia/seeds"
)

func main() {
	runs := flag.Int("runs", 5, "page loads per measurement")
	out := flag.String("out", "BENCHMARKS.md", "file to write the report to")
	skipGo := flag.Bool("skip-go", false, "skip the Go benchmarks")
	createOnly := flag.Bool("create-only", false, "measure only the create latency, print it and write no report")
	cpuProfile := flag.String("cpuprofile", "", "with -create-only or -scale-only: write a Chromium CPU profile of the runs (the seed's and the large article's openings) to this file; with -tti-only, of each page's warm loads to this name + \".marginalia\" and + \".hello\"")
	scaleOnly := flag.Bool("scale-only", false, "measure only the large article (part 4), print it and write no report")
	loadOnly := flag.Bool("tti-only", false, "measure only the load times (part 2), print them and write no report")
	suggestOnly := flag.Bool("suggest-only", false, "score only the entity suggestions (part 6), print it and write no report")
	serverOnly := flag.Bool("server-only", false, "measure only the annotation server (part 7), print it and write no report")
	flag.Parse()
	if *serverOnly {
		bin, _, err := browser.Paths()
		var rs []engineResult
		if err == nil {
			rs, err = annoServerBench(bin)
		}
		fmt.Print(annoMarkdown(rs))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *suggestOnly {
		text, err := suggestionQuality()
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		fmt.Print(text)
		return
	}
	if *loadOnly {
		if err := runTTI(*runs, *cpuProfile); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *scaleOnly {
		bin, chromium, err := browser.Paths()
		if err == nil {
			for _, sc := range scales {
				var res scaleResult
				res, err = runScale(bin, chromium, seeds.Articles()[0], sc, *cpuProfile)
				fmt.Print(res.markdown())
				if err != nil {
					break
				}
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *createOnly {
		if err := runCreate(*cpuProfile); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*runs, *out, *skipGo); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// runCreate measures the create latency alone, for work on it.
func runCreate(profile string) error {
	bin, chromium, err := browser.Paths()
	if err != nil {
		return err
	}
	srv, err := browser.StartServer(bin)
	if err != nil {
		return err
	}
	defer srv.Stop()
	dom, painted, err := seedCreateLatency(chromium, srv.URL, seeds.Articles()[0], profile)
	if err != nil {
		return err
	}
	fmt.Printf("mouseup → DOM median %.1f ms, p95 %.1f ms; → next frame median %.1f ms, p95 %.1f ms\n",
		percentile(dom, 0.5), percentile(dom, 0.95), percentile(painted, 0.5), percentile(painted, 0.95))
	return nil
}

// seedCreateLatency is part 3: the create latency on the seed article
// with 1,000 generated annotations, on the server at base.
func seedCreateLatency(chromium, base string, seed article.Article, profile string) (dom, painted []float64, err error) {
	raw, err := generatedRecord(seed, 1000)
	if err != nil {
		return nil, nil, err
	}
	return createLatency(chromium, base+"/a/"+seed.Slug, map[string]string{store.Key(seed.ID): raw}, 20, profile, nil)
}

// app is one program under measurement.
type app struct {
	name  string
	short string // in file names
	bin   string // server binary
	wasm  string // app.wasm it embeds
	path  string // page to load
}

func run(runs int, out string, skipGo bool) error {
	apps, chromium, err := pages()
	if err != nil {
		return err
	}
	seed := seeds.Articles()[0]
	r := report{runs: runs, when: time.Now().UTC(), cpus: runtime.NumCPU(), chromium: chromiumVersion(chromium)}
	fmt.Printf("measuring %s and %s, in turn\n", apps[0].name, apps[1].name)
	if r.apps, err = measure(apps, chromium, runs, ""); err != nil {
		return err
	}
	fmt.Println("measuring create latency with 1,000 annotations")
	srv, err := browser.StartServer(apps[0].bin)
	if err != nil {
		return err
	}
	r.createDom, r.createPainted, err = seedCreateLatency(chromium, srv.URL, seed, "")
	if err != nil {
		srv.Stop()
		return fmt.Errorf("create latency: %w", err)
	}
	fmt.Println("loading the server")
	r.loadPaths = []string{"/", apps[0].path, "/web/app.css", "/app.js", "/web/app.wasm", "/manifest.webmanifest"}
	lr := loadTest(srv.URL, r.loadPaths, 32, 3000)
	r.load = &lr
	srv.Stop()
	fmt.Println("measuring the annotation server")
	if r.anno, err = annoServerBench(apps[0].bin); errors.Is(err, ErrNoAnnoServer) {
		fmt.Println(" ", err)
	} else if err != nil {
		return fmt.Errorf("annotation server: %w", err)
	}
	for _, sc := range scales {
		fmt.Println("measuring", sc.title)
		sr, err := runScale(apps[0].bin, chromium, seed, sc, "")
		if err != nil {
			return fmt.Errorf("scale: %w", err)
		}
		r.scales = append(r.scales, sr)
	}
	if !skipGo {
		fmt.Println("running the Go benchmarks")
		if r.goBench, err = goBenchmarks(); err != nil {
			return err
		}
	}
	fmt.Println("scoring the entity suggestions")
	if r.suggest, err = suggestionQuality(); err != nil {
		return fmt.Errorf("suggestions: %w", err)
	}
	text := r.markdown()
	fmt.Print(text)
	return os.WriteFile(out, []byte(text), 0o644)
}

// runTTI measures and prints the load times (part 2) alone, for work on
// them.
func runTTI(runs int, profile string) error {
	apps, chromium, err := pages()
	if err != nil {
		return err
	}
	ms, err := measure(apps, chromium, runs, profile)
	if err != nil {
		return err
	}
	for _, m := range ms {
		fmt.Printf("%s: cold %.0f ms %v, warm %.0f ms %v\n", m.name, median(m.cold), rounded(m.cold), median(m.warm), rounded(m.warm))
	}
	fmt.Printf("ratio: cold %.2f×, warm %.2f×\n", median(ms[0].cold)/median(ms[1].cold), median(ms[0].warm)/median(ms[1].warm))
	return nil
}

// pages returns Marginalia's seed article and the baseline page, built,
// with the Chromium to load them in.
func pages() (apps []app, chromium string, err error) {
	bin, chromium, err := browser.Paths()
	if err != nil {
		return nil, "", err
	}
	hello, err := buildHello()
	if err != nil {
		return nil, "", fmt.Errorf("building the hello page: %w", err)
	}
	seed := app{name: "Marginalia (seed article)", short: "marginalia", bin: bin, wasm: "web/app.wasm", path: "/a/" + seeds.Articles()[0].Slug}
	return []app{seed, hello}, chromium, nil
}

// buildHello builds the baseline page with the flags of make build.
func buildHello() (app, error) {
	wasm := "cmd/bench/hello/web/app.wasm"
	steps := [][]string{
		{"go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./cmd/bench/hello"},
		{"go", "build", "-trimpath", "-ldflags=-s -w", "-o", "bin/hello", "./cmd/bench/hello"},
	}
	for i, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if i == 0 {
			cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		}
		if err := cmd.Run(); err != nil {
			return app{}, err
		}
		if i == 0 {
			if err := server.CompressFiles([]string{wasm}); err != nil {
				return app{}, err
			}
		}
	}
	abs, err := filepath.Abs("bin/hello")
	return app{name: "go-app hello", short: "hello", bin: abs, wasm: wasm, path: "/"}, err
}

func chromiumVersion(path string) string {
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// measurement is what was measured of one app.
type measurement struct {
	name          string
	raw, br, gzip int
	cold, warm    []float64 // ms from navigation to aria-busy="false"
}

// measure measures the apps' sizes and load times. The loads take turns,
// one of each app, then the next of each, so that whatever else the
// machine does weighs on them alike; and one cold load of each comes
// first, not counted, as Chromium and the system's caches start cold.
//
// With a profile file name, it writes a Chromium CPU profile of each
// page's counted warm loads to that name + "." + the page's short name.
func measure(apps []app, chromium string, runs int, profile string) ([]measurement, error) {
	ms := make([]measurement, len(apps))
	urls := make([]string, len(apps))
	for i, a := range apps {
		ms[i].name = a.name
		st, err := os.Stat(a.wasm)
		if err != nil {
			return nil, err
		}
		ms[i].raw = int(st.Size())
		srv, err := browser.StartServer(a.bin)
		if err != nil {
			return nil, err
		}
		defer srv.Stop()
		if ms[i].br, err = sentBytes(srv.URL+"/web/app.wasm", "br"); err != nil {
			return nil, err
		}
		if ms[i].gzip, err = sentBytes(srv.URL+"/web/app.wasm", "gzip"); err != nil {
			return nil, err
		}
		urls[i] = srv.URL + a.path
		if _, err := coldLoad(chromium, urls[i]); err != nil {
			return nil, fmt.Errorf("%s: cold load: %w", a.name, err)
		}
	}
	for range runs {
		for i, a := range apps {
			t, err := coldLoad(chromium, urls[i])
			if err != nil {
				return nil, fmt.Errorf("%s: cold load: %w", a.name, err)
			}
			ms[i].cold = append(ms[i].cold, t)
		}
	}
	tabs := make([]context.Context, len(apps))
	for i, a := range apps {
		ctx, done, err := warmTab(chromium, urls[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.name, err)
		}
		defer done()
		tabs[i] = ctx
		if profile != "" {
			if err := chromedp.Do(ctx, chromedp.Func(startProfile)); err != nil {
				return nil, fmt.Errorf("starting the CPU profile: %w", err)
			}
		}
	}
	for range runs {
		for i, a := range apps {
			t, err := load(tabs[i], urls[i])
			if err != nil {
				return nil, fmt.Errorf("%s: warm load: %w", a.name, err)
			}
			controlled, err := chromedp.Run(tabs[i], chromedp.Evaluate[bool](`navigator.serviceWorker.controller !== null`))
			if err != nil || !controlled {
				return nil, fmt.Errorf("%s: the page is not controlled by the service worker (%v)", a.name, err)
			}
			ms[i].warm = append(ms[i].warm, t)
		}
	}
	if profile != "" {
		for i, a := range apps {
			err := chromedp.Do(tabs[i], chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				return stopProfile(ctx, tg, profile+"."+a.short)
			}))
			if err != nil {
				return nil, fmt.Errorf("writing the CPU profile: %w", err)
			}
		}
	}
	return ms, nil
}

// sentBytes returns how many bytes the server sends for url when the
// client accepts the given encoding.
func sentBytes(url, encoding string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", encoding)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if got := res.Header.Get("Content-Encoding"); got != encoding {
		return 0, fmt.Errorf("%s: asked for %s, got Content-Encoding %q", url, encoding, got)
	}
	n, err := io.Copy(io.Discard, res.Body)
	return int(n), err
}

// readyProbe records, in the page, when <main> first says
// aria-busy="false", in milliseconds since navigation started.
const readyProbe = `(() => {
  const check = () => {
    if (window.__readyAt === undefined && document.querySelector('main[aria-busy="false"]')) {
      window.__readyAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"]});
})();`

func newTab(chromium string) (context.Context, func(), error) {
	dir, err := os.MkdirTemp("", "bench-profile-")
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := browser.NewBrowser(chromium, dir)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	done := func() { cancelTimeout(); cancel(); os.RemoveAll(dir) }
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: readyProbe})
		return err
	}))
	if err != nil {
		done()
		return nil, nil, err
	}
	return ctx, done, nil
}

// load navigates to url and returns the time to interactive.
func load(ctx context.Context, url string) (float64, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	if err := browser.WaitReady(ctx, time.Minute); err != nil {
		return 0, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__readyAt`))
}

// coldLoad loads url in a browser with a fresh profile: no cache, no
// service worker.
func coldLoad(chromium, url string) (float64, error) {
	ctx, done, err := newTab(chromium)
	if err != nil {
		return 0, err
	}
	defer done()
	return load(ctx, url)
}

// warmTab opens a tab, loads url, waits for the service worker to take
// over, and loads url warmUps times more, not counted: the first loads
// from the worker's cache are slower while Chromium compiles and caches
// the WebAssembly code, which a bigger module takes longer to do, and a
// returning reader meets the steady state.
func warmTab(chromium, url string) (context.Context, func(), error) {
	ctx, done, err := newTab(chromium)
	if err != nil {
		return nil, nil, err
	}
	if _, err := load(ctx, url); err != nil {
		done()
		return nil, nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		done()
		return nil, nil, fmt.Errorf("service worker: %w", err)
	}
	for range warmUps {
		if _, err := load(ctx, url); err != nil {
			done()
			return nil, nil, err
		}
	}
	return ctx, done, nil
}

// warmUps is how many warm loads come before the counted ones.
const warmUps = 3

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// goBenchmarks runs the Go benchmarks of the pure packages.
func goBenchmarks() (string, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "./app/...")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go test -bench: %w\n%s", err, buf.String())
	}
	var lines []string
	for l := range strings.SplitSeq(buf.String(), "\n") {
		if strings.HasPrefix(l, "Benchmark") || strings.HasPrefix(l, "pkg:") || strings.HasPrefix(l, "cpu:") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n"), nil
}
