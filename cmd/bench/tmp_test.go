package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

func TestTmpProfile(t *testing.T) {
	bin, chromium, _ := browser.Paths()
	srv, _ := browser.StartServer(bin)
	defer srv.Stop()
	seed := seeds.Articles()[0]
	raw, _ := generatedRecord(seed, 1000)
	ctx, cancel := browser.NewBrowser(chromium, t.TempDir())
	defer cancel()
	w, _ := browser.WatchPage(ctx)
	chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/a/"+seed.Slug))
	browser.WaitReady(ctx, time.Minute)
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem(%s, %s)`, jsString(store.Key(seed.ID)), jsString(raw))), chromedp.Reload())
	browser.WaitReady(ctx, time.Minute)
	w.Problems(ctx)
	dragOver(ctx, "marathon talks")
	wctx, c := context.WithTimeout(ctx, 10*time.Second)
	chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(".tb-highlight")), chromedp.Click(chromedp.CSS(".tb-highlight")))
	c()
	time.Sleep(3 * time.Second)
	for _, p := range w.Problems(ctx) {
		t.Log(p)
	}
}
