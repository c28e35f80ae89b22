//go:build !wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"marginalia/cmd/internal/browser"
)

// waitText waits until the element css selects has text containing want.
func waitText(t *testing.T, ctx context.Context, css, want string) {
	t.Helper()
	js := `[...document.querySelectorAll(` + jsQuote(css) + `)].map(e => e.textContent).join("\n")`
	got, err := browser.WaitValue(ctx, js, 10*time.Second, func(got string) bool { return strings.Contains(got, want) })
	if err != nil {
		t.Fatalf("%s says %q, want %q in it (%v)", css, got, want, err)
	}
}

// waitElements waits until css selects n elements.
func waitElements(t *testing.T, ctx context.Context, css string, n int) {
	t.Helper()
	got, err := browser.WaitValue(ctx, `document.querySelectorAll(`+jsQuote(css)+`).length`, 10*time.Second, func(got int) bool { return got == n })
	if err != nil {
		t.Fatalf("%s: %d elements, want %d (%v)", css, got, n, err)
	}
}

func jsQuote(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

func TestBrowserOwnArticle(t *testing.T) {
	srv := startServer(t)
	ctx, watch := openBrowser(t)
	ready := func() {
		t.Helper()
		if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	ready()
	waitWorker(t, ctx)

	// Paste a text: the preview follows, Save opens it.
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Add article"]`))
	waitVisible(t, ctx, `textarea#article-source`)
	text := "Notes from Oslo\nA standfirst with “quotes” and 😀.\n\nThe delegation met in Oslo on Tuesday. Ban Ki-Moon spoke first.\n\nThen Kerry’s team left."
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`textarea#article-source`), text)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, `.composer-preview h1`, "Notes from Oslo")
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#article-title").value`)); v != "Notes from Oslo" {
		t.Errorf("title box = %q", v)
	}
	click(t, ctx, button("Save"))
	waitVisible(t, ctx, `main article.reader`)
	if u, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); u != "/a/notes-from-oslo" {
		t.Errorf("opened %s", u)
	}
	selectQuote(t, ctx, "Ban Ki-Moon", 1)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	// The save follows the paint: wait for the record that holds the mark.
	if err := browser.WaitFor(ctx, storedHolds("Ban Ki-Moon"), 10*time.Second); err != nil {
		t.Fatalf("the mention was not saved: %v", err)
	}

	// Reload, then offline reload: the article and its mark are there.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	ready()
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	ready()
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	waitText(t, ctx, `main article h1`, "Notes from Oslo")

	// The library lists it with its date and count (still offline).
	click(t, ctx, chromedp.Search(`//header//a[contains(@class,"brand")]`))
	waitText(t, ctx, `.article-item`, "Notes from Oslo")
	waitText(t, ctx, `.article-item`, "Added "+time.Now().Format("2 Jan 2006")+" · 1 annotation")

	// A Markdown file, chosen in "Open a file".
	dir := t.TempDir()
	md := filepath.Join(dir, "briefing.md")
	os.WriteFile(md, []byte("# Briefing\n\nWhat *matters* today.\n\n## Talks\n\n- Cairo\n- Oslo\n\n<script>window.__pwned = 1</script> stays text.\n"), 0o644)
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Add article"]`))
	waitVisible(t, ctx, `textarea#article-source`)
	choose := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.Search(`//label[normalize-space(.)="Open a file"]//input[@type="file"]`), []string{path}, chromedp.NodeReady)); err != nil {
			t.Fatal(err)
		}
	}
	choose(md)
	waitText(t, ctx, `.composer-preview h2.section-heading`, "Talks")
	if f, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#article-format").value`)); f != "markdown" {
		t.Errorf("format %q, want markdown", f)
	}
	// Bad files: a message, Save disabled, nothing added.
	bad := map[string]struct{ content, want string }{
		"empty.txt": {"  \n\n", "the text is empty"},
		"image.txt": {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is not text"},
		"huge.txt":  {strings.Repeat("word ", 450_000), "the limit is 2 MB"},
	}
	for name, b := range bad {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(b.content), 0o644)
		choose(path)
		waitText(t, ctx, `.composer-msg`, "“"+name+"”")
		waitText(t, ctx, `.composer-msg`, b.want)
	}
	if disabled, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.evaluate('//button[normalize-space(.)="Save"]', document, null, 9, null).singleNodeValue.disabled`)); !disabled {
		t.Error("Save is enabled after a bad file")
	}
	choose(md)
	waitText(t, ctx, `.composer-preview h2.section-heading`, "Talks")
	click(t, ctx, button("Save"))
	waitVisible(t, ctx, `main article.reader p.list-item`)
	waitText(t, ctx, `main article.reader`, "<script>window.__pwned = 1</script> stays text.")
	if pwned, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!window.__pwned`)); pwned {
		t.Error("a script in the Markdown ran")
	}

	// Delete, with confirmation, and undo; then delete for good.
	click(t, ctx, chromedp.Search(`//header//a[contains(@class,"brand")]`))
	waitElements(t, ctx, `.article-item`, 3)
	click(t, ctx, chromedp.Search(`//button[@aria-label="Delete “Notes from Oslo”"]`))
	click(t, ctx, chromedp.Search(`//*[@aria-label="Delete “Notes from Oslo”"]//button[normalize-space(.)="Delete"]`))
	waitElements(t, ctx, `.article-item`, 2)
	click(t, ctx, button("Undo"))
	waitElements(t, ctx, `.article-item`, 3)
	waitText(t, ctx, `.article-item`, "1 annotation")
	click(t, ctx, chromedp.Search(`//button[@aria-label="Delete “Notes from Oslo”"]`))
	click(t, ctx, chromedp.Search(`//*[@aria-label="Delete “Notes from Oslo”"]//button[normalize-space(.)="Delete"]`))
	waitElements(t, ctx, `.article-item`, 2)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	ready()
	waitElements(t, ctx, `.article-item`, 2)
	// Its annotations went with it; the Markdown article stays.
	if keys, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`marginaliaStore.keys().filter(k => k.startsWith("marginalia:")).map(k => k.replace(/:[0-9a-f]{16}$/, ""))`)); strings.Join(keys, ",") != "marginalia:doc" {
		t.Errorf("storage holds %q, want only the Markdown article", keys)
	}
	// Seed articles offer no Delete.
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('button[aria-label^="Delete “Kerry"]').length`)); n != 0 {
		t.Error("a seed article can be deleted")
	}
	// Offline, fetches fail; online, the server answers the added
	// article's route with 404 and the app (it cannot know the article),
	// which the console reports.
	for _, p := range watch.Problems(ctx) {
		if !strings.Contains(p, "ERR_CONNECTION_REFUSED") && !strings.Contains(p, "Failed to fetch") &&
			!strings.HasSuffix(p, "status of 404 (Not Found) "+srv.URL+"/a/notes-from-oslo") {
			t.Error(p)
		}
	}
}
