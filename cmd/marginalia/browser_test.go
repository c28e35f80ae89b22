//go:build !wasm

package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"marginalia/app/article"
	"marginalia/app/ui"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// startBrowser runs the real server binary and a fresh headless Chromium,
// or skips when make test did not provide them.
func startBrowser(t *testing.T) (ctx context.Context, base string, watch *browser.Watch) {
	t.Helper()
	srv := startServer(t)
	ctx, watch = openBrowser(t)
	return ctx, srv.URL, watch
}

// startServer runs the real server binary (with extra serve arguments)
// until the test ends, or skips when make test did not provide it. The
// test may stop it sooner; a server that did not stop cleanly (that
// crashed) fails the test.
func startServer(t *testing.T, extra ...string) *browser.Server {
	t.Helper()
	bin, _, err := browser.Paths()
	if errors.Is(err, browser.ErrUnavailable) {
		t.Skipf("browser tests skipped: %v", err)
	}
	srv, err := browser.StartServer(bin, extra...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
	})
	return srv
}

// openBrowser starts a headless Chromium with a fresh profile, watching
// its tab for problems.
func openBrowser(t *testing.T) (context.Context, *browser.Watch) {
	t.Helper()
	_, chromium, err := browser.Paths()
	if errors.Is(err, browser.ErrUnavailable) {
		t.Skipf("browser tests skipped: %v", err)
	}
	ctx, cancel := browser.NewBrowser(chromium, t.TempDir())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	watch, err := browser.WatchPage(ctx)
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx, watch
}

func checkNoProblems(t *testing.T, ctx context.Context, w *browser.Watch, expected ...string) {
	t.Helper()
	for _, p := range w.Problems(ctx) {
		if !slices.ContainsFunc(expected, func(e string) bool { return strings.Contains(p, e) }) {
			t.Error(p)
		}
	}
}

// paragraphTexts returns the text of the body paragraphs the page shows.
func paragraphTexts(t *testing.T, ctx context.Context) []string {
	t.Helper()
	ps, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("main article p:not(.dek)")].map(p => p.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func checkArticle(t *testing.T, ctx context.Context, a article.Article) {
	t.Helper()
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main article h1")))
	if err != nil {
		t.Fatal(err)
	}
	if h1 != a.Title {
		t.Errorf("h1 = %q, want %q", h1, a.Title)
	}
	got := paragraphTexts(t, ctx)
	want := a.Paragraphs()
	if len(got) != len(want) {
		t.Fatalf("page shows %d paragraphs, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i].Text {
			t.Errorf("paragraph %d = %q, want %q", i+1, got[i], want[i].Text)
		}
	}
}

func TestBrowserLibraryToReader(t *testing.T) {
	ctx, base, watch := startBrowser(t)
	seed := seeds.Articles()[0]

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatalf("library never became ready (aria-busy=false): %v", err)
	}
	// Mark the document: a full page load would lose the mark, so finding it
	// after the click proves that the WASM app navigated and rendered.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true`)); err != nil {
		t.Fatal(err)
	}
	link := chromedp.Search(`//main//a[normalize-space(.)="` + seed.Title + `"]`)
	if err := chromedp.Do(ctx, chromedp.Click(link)); err != nil {
		t.Fatalf("clicking the seed's link: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("main article.reader"))); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 10*time.Second); err != nil {
		t.Fatalf("reader never became ready: %v", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if want := base + ui.ArticlePath(seed.Slug); loc != want {
		t.Errorf("location = %q, want %q", loc, want)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`))
	if err != nil || !same {
		t.Errorf("following the link reloaded the page (in-app navigation expected): %v", err)
	}
	checkArticle(t, ctx, seed)
	title, _ := chromedp.Run(ctx, chromedp.Title())
	if !strings.HasPrefix(title, seed.Title) {
		t.Errorf("document title = %q", title)
	}
	checkNoProblems(t, ctx, watch)
}

// blocksAtReady records, in the page, how many blocks of text are drawn
// when <main> first says aria-busy="false".
const blocksAtReady = `new MutationObserver(() => {
  if (window.__blocksAtReady === undefined && document.querySelector('main[aria-busy="false"]')) {
    window.__blocksAtReady = document.querySelectorAll("main article [data-start]").length;
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"]});`

// canonicalBlocks describes the blocks of the page's article, or of the
// article in the HTML the server sent, as strings that compare equal when
// the elements, attributes and text are the same.
const canonicalBlocks = `(async (server) => {
  const canon = (n) => n.nodeType === Node.TEXT_NODE ? JSON.stringify(n.data) :
    "<" + n.tagName + " " + [...n.attributes].map(a => a.name + "=" + JSON.stringify(a.value)).sort().join(" ") + ">" +
    [...n.childNodes].map(canon).join("") + "</>";
  let root = document.querySelector("main article");
  if (server) {
    const html = await (await fetch(location.href)).text();
    root = new DOMParser().parseFromString(html, "text/html").querySelector("main article");
  }
  return [...root.children].map(canon);
})`

func TestBrowserReaderDirect(t *testing.T) {
	ctx, base, watch := startBrowser(t)
	seed := seeds.Articles()[0]
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: blocksAtReady})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+ui.ArticlePath(seed.Slug))); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatalf("reader never became ready: %v", err)
	}
	// Ready means readable: the text is drawn by then, not after.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__blocksAtReady`)); err != nil || n != len(seed.Blocks) {
		t.Errorf("%d blocks drawn when the page said it was ready, want %d (%v)", n, len(seed.Blocks), err)
	}
	// The text drawn in the browser (paper.js) and on the server (go-app)
	// are the same elements, attributes and text.
	drawn, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](canonicalBlocks+`(false)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	served, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](canonicalBlocks+`(true)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(drawn) != len(seed.Blocks) || !slices.Equal(drawn, served) {
		t.Errorf("the page draws the text otherwise than the server:\n drawn %q\nserved %q", drawn, served)
	}
	// app.wasm is fetched once, by the preload in the head: its download
	// starts before app.js (which asks for it, and takes the preloaded
	// response) has even arrived.
	fetches, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`(() => {
  const at = (path) => performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname === path).map(e => [e.startTime, e.responseEnd]);
  return [...at("/web/app.wasm"), ...at("/app.js")];
})()`))
	if err != nil || len(fetches) != 2 {
		t.Errorf("app.wasm and app.js fetches %v, want one of each (%v)", fetches, err)
	} else if wasm, js := fetches[0], fetches[1]; wasm[0] >= js[1] {
		t.Errorf("app.wasm was asked for at %.0f ms, after app.js arrived (%.0f ms): the preload is not used", wasm[0], js[1])
	}
	// The loader is removed once go.run started the WASM app.
	loader, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("app-wasm-loader") !== null`))
	if err != nil || loader {
		t.Errorf("the WASM loader is still in the page: %v", err)
	}
	checkArticle(t, ctx, seed)
	checkNoProblems(t, ctx, watch)
}

// Until app.wasm runs, the article the server prerendered can be read: go-app's
// loader is a small status in a corner, not a curtain over the page.
func TestBrowserArticleReadableWhileLoading(t *testing.T) {
	ctx, base, _ := startBrowser(t)
	seed := seeds.Articles()[0]
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		// app.wasm never arrives: the page stays as it is while loading.
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/web/app.wasm", Block: true}},
		})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+ui.ArticlePath(seed.Slug))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#app-wasm-loader"))); err != nil {
		t.Fatal(err)
	}
	// What is at the middle of the title and of the first paragraph is the
	// article, and the loader takes less than a tenth of the screen.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
  const at = (el) => { const r = el.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 40) / 2); return hit && el.contains(hit) ? "text" : "covered by " + (hit ? hit.id || hit.className : "nothing"); };
  const l = document.getElementById("app-wasm-loader").getBoundingClientRect();
  return [at(document.querySelector("main article h1")), at(document.querySelector("main article p:not(.dek)")),
    l.width * l.height < innerWidth * innerHeight / 10 ? "small" : "loader " + l.width + "×" + l.height,
    document.querySelector("main").getAttribute("aria-busy"),
    document.querySelector(".filters select").selectedOptions[0].textContent];
})()`))
	if want := []string{"text", "text", "small", "true", "All"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("while app.wasm loads: title, paragraph, loader, aria-busy, filter shown = %q, want %q (%v)", got, want, err)
	}
}

func TestBrowserNotFound(t *testing.T) {
	ctx, base, watch := startBrowser(t)
	visit(t, ctx, base+"/a/no-such-article", 30*time.Second)
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil || h1 != "Not found" {
		t.Errorf("h1 = %q, %v; want \"Not found\"", h1, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//main//a[normalize-space(.)="Back to the library"]`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("main .article-list"))); err != nil {
		t.Fatal(err)
	}
	// The 404 page loads the app too, which logs nothing wrong; the 404
	// status of the document itself is reported by Chromium as an error.
	for _, p := range watch.Problems(ctx) {
		if !strings.Contains(p, "404") {
			t.Error(p)
		}
	}
}
