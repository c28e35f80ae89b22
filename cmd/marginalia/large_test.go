//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
)

// TestBrowserLargeArticle opens an added article of 1,200 paragraphs with
// 6,000 annotations: more components than go-app can mount in one update
// if the page drew it all at once (the app then deadlocks and stops).
func TestBrowserLargeArticle(t *testing.T) {
	var src strings.Builder
	src.WriteString("A very long read\nWith a standfirst.\n\n")
	for i := range 1200 {
		fmt.Fprintf(&src, "Paragraph %d tells of talks in Cairo, Oslo and Gaza, and of who met whom on which day of the week.\n\n", i)
	}
	mem := &store.Memory{}
	it, err := library.New(mem).Add(src.String(), library.Text, time.Now(), func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	text := anchor.NewText(it.Article.Text)
	var anns []annotation.Annotation
	for i, b := range it.Article.Paragraphs() {
		for k, w := range []string{"Cairo", "Oslo", "Gaza", "talks", "week"} {
			start := b.Start + len([]rune(b.Text[:strings.Index(b.Text, w)]))
			tg, err := text.Describe(start, start+len(w))
			if err != nil {
				t.Fatal(err)
			}
			tg.Source = it.Article.IRI()
			a := annotation.Annotation{ID: fmt.Sprintf("a-%d-%d", i, k), Kind: annotation.Highlight, Color: annotation.Colors[k], Target: tg}
			anns = append(anns, a)
		}
	}
	set := &annotation.Set{}
	if err := set.Apply(annotation.Edit{Put: anns}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(mem).Save(it.Article.ID, store.Data{Set: set, Labels: annotation.DefaultLabels}); err != nil {
		t.Fatal(err)
	}

	ctx, base, watch := startBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	keys, _ := mem.Keys()
	for _, k := range keys {
		v, _, _ := mem.Get(k)
		quoted, _ := json.Marshal(v)
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem(%q, %s)`, k, quoted))); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/a/"+it.Slug)); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 60*time.Second); err != nil {
		t.Fatal(err)
	}
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
