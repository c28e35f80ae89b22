package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
)

// scaleText makes an article of about words words from the seed's own
// words: paragraphs of 60 to 140 words in sentences of 8 to 24.
func scaleText(seed article.Article, words int) string {
	vocab := strings.Fields(strings.Join(func() []string {
		var ps []string
		for _, p := range seed.Paragraphs() {
			ps = append(ps, p.Text)
		}
		return ps
	}(), " "))
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString("A long read for the scale benchmark\nGenerated from the words of the seed article.\n\n")
	n := 0
	for n < words {
		para := 60 + r.IntN(81)
		for i := 0; i < para && n < words; {
			sent := 8 + r.IntN(17)
			for j := 0; j < sent && i < para; j, i, n = j+1, i+1, n+1 {
				w := strings.Trim(vocab[r.IntN(len(vocab))], ".,;:“”\"")
				if w == "" {
					w = "word"
				}
				if j == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				b.WriteString(w)
				if j+1 == sent || i+1 == para {
					b.WriteString(". ")
				} else {
					b.WriteString(" ")
				}
			}
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// scaleStorage returns the storage items of an added article of the
// given text with n generated annotations, and the article.
func scaleStorage(text string, n int) (map[string]string, article.Article, error) {
	mem := &store.Memory{}
	it, err := library.New(mem).Add(text, library.Text, time.Now(), func(string) bool { return false })
	if err != nil {
		return nil, article.Article{}, err
	}
	rec, err := generatedRecord(it.Article, n)
	if err != nil {
		return nil, article.Article{}, err
	}
	items := map[string]string{store.Key(it.Article.ID): rec}
	keys, _ := mem.Keys()
	for _, k := range keys {
		items[k], _, _ = mem.Get(k)
	}
	return items, it.Article, nil
}

// scaleResult is part 4 of the report.
type scaleResult struct {
	title                        string  // the part's heading
	budget                       float64 // its open ≤ budget × the seed's open
	words, annotations, storedKB int
	seedOpen, scaleOpen          []float64 // ms, warm loads, alternating
	heapMB                       float64
	dom, painted                 []float64
	// suggest times turning entity suggestions on; sugCreate*, the
	// create latency with them on.
	suggest                        suggestTimes
	sugCreateDom, sugCreatePainted []float64
	err                            string // why the scale page could not be measured
}

// suggestTimes are the times from the S key to the suggestions drawn, in
// ms, over toggles turnings on, and how many were drawn.
type suggestTimes struct {
	toggles      int
	dom, painted []float64
	count        int
}

// measureScale opens the seed article and the large one alternately in one
// warm profile, reads the JS heap after the large one, then measures the
// create latency there.
func measureScale(chromium, base, seedPath string, items map[string]string, art article.Article, runs int, profile string) (scaleResult, error) {
	res := scaleResult{}
	for _, v := range items {
		res.storedKB += len(v) / 1000
	}
	ctx, done, err := newTab(chromium)
	if err != nil {
		return res, err
	}
	defer done()
	watch, err := browser.WatchPage(ctx)
	if err != nil {
		return res, err
	}
	if _, err := load(ctx, base+seedPath); err != nil {
		return res, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return res, err
	}
	if err := putItems(ctx, items); err != nil {
		res.err = err.Error()
		return res, nil
	}
	scaleURL := base + "/a/" + art.Slug
	for range warmUps { // not counted: see warmTab
		if _, err := load(ctx, base+seedPath); err != nil {
			return res, err
		}
		if _, err := load(ctx, scaleURL); err != nil {
			return res, fmt.Errorf("opening the large article: %w", err)
		}
	}
	if profile != "" {
		if err := chromedp.Do(ctx, chromedp.Func(startProfile)); err != nil {
			return res, fmt.Errorf("starting the CPU profile: %w", err)
		}
	}
	for range runs {
		ms, err := load(ctx, base+seedPath)
		if err != nil {
			return res, err
		}
		res.seedOpen = append(res.seedOpen, ms)
		if ms, err = load(ctx, scaleURL); err != nil {
			return res, fmt.Errorf("opening the large article: %w", err)
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main article.reader p").length`)); n < 5 {
			h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText.slice(0, 300)`))
			return res, fmt.Errorf("the large article did not open (%d paragraphs): %q; the page reported %q", n, h, watch.Problems(ctx))
		}
		res.scaleOpen = append(res.scaleOpen, ms)
	}
	if profile != "" {
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			return stopProfile(ctx, tg, profile)
		}))
		if err != nil {
			return res, fmt.Errorf("writing the CPU profile: %w", err)
		}
	}
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return err
		}
		h, err := cdp.Call(ctx, tg, runtime.GetHeapUsage, cdp.Empty{})
		res.heapMB = (h.UsedSize + h.EmbedderHeapUsedSize + h.BackingStorageSize) / 1e6
		return err
	}))
	if err != nil {
		return res, err
	}
	done()
	res.dom, res.painted, err = createLatency(chromium, scaleURL, items, 20, "", nil)
	if err != nil {
		return res, err
	}
	res.suggest = suggestTimes{toggles: 5}
	res.sugCreateDom, res.sugCreatePainted, err = createLatency(chromium, scaleURL, items, 20, "", &res.suggest)
	return res, err
}

// putItems writes items to the page's storage (IndexedDB, through
// web/store.js), as the app writes them, and waits until they are on disk.
func putItems(ctx context.Context, items map[string]string) error {
	for k, v := range items {
		js := fmt.Sprintf(`(marginaliaStore.set(%s, %s), marginaliaStore.flushed().then(() => "", e => String(e)))`, jsString(k), jsString(v))
		msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if msg != "" {
			return fmt.Errorf("the storage refused %d KB: %s", len(v)/1000, msg)
		}
	}
	return nil
}

// A scale is one row of part 4: an added article of so many words and
// annotations, and its budget (open ≤ budget × the seed's open).
type scale struct {
	title              string
	words, annotations int
	budget             float64
}

// scales are part 4's rows: the 100,000-word article, and the long book
// that only fits in IndexedDB (its record alone is about 13 MB).
var scales = []scale{
	{"4. Scale: a 100,000-word article, 10,000 annotations", 100_000, 10_000, 1.5},
	{"4b. A long book: 300,000 words, 30,000 annotations", 300_000, 30_000, 2},
}

// runScale builds and measures a row of part 4.
func runScale(bin, chromium string, seed article.Article, sc scale, profile string) (scaleResult, error) {
	text := scaleText(seed, sc.words)
	items, art, err := scaleStorage(text, sc.annotations)
	if err != nil {
		return scaleResult{}, err
	}
	srv, err := browser.StartServer(bin)
	if err != nil {
		return scaleResult{}, err
	}
	defer srv.Stop()
	res, err := measureScale(chromium, srv.URL, "/a/"+seed.Slug, items, art, 5, profile)
	res.title, res.budget = sc.title, sc.budget
	res.words, res.annotations = len(strings.Fields(art.Text)), sc.annotations
	return res, err
}
