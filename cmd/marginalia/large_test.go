//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"marginalia/cmd/internal/browser"
)

// TestBrowserLargeArticle opens an added article of 1,200 paragraphs with
// 6,000 annotations: more components than go-app can mount in one update
// if the page drew it all at once (the app then deadlocks and stops).
func TestBrowserLargeArticle(t *testing.T) {
	mem, it := longRead(t, "A very long read", 1200, "")

	ctx, base, watch := startBrowser(t)
	visit(t, ctx, base+"/", 30*time.Second)
	keys, _ := mem.Keys()
	for _, k := range keys {
		v, _, _ := mem.Get(k)
		quoted, _ := json.Marshal(v)
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem(%q, %s)`, k, quoted))); err != nil {
			t.Fatal(err)
		}
	}
	visit(t, ctx, base+"/a/"+it.Slug, 60*time.Second)
	if n, err := browser.WaitValue(ctx, `document.querySelectorAll("main article.reader > p:not(.dek)").length`, 60*time.Second,
		func(n int) bool { return n == 1200 }); err != nil {
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText.slice(0, 200) + " | " + Object.keys(localStorage).join(",")`))
		t.Fatalf("%d of 1,200 paragraphs drawn (%v): %q %q", n, err, h, watch.Problems(ctx))
	}
	waitCount(t, ctx, `main article mark.hl`, 6000)
	// Still alive: it annotates.
	selectQuote(t, ctx, "who met whom", 3)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 6001)
	// The server cannot know an article added in a browser: its route
	// answers 404, with the app, which opens it.
	checkNoProblems(t, ctx, watch, "status of 404 (Not Found) "+base+"/a/"+it.Slug)
}
