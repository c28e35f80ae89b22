//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// longRead returns the storage items of an added article of paras
// paragraphs with five highlights in each (with note, if not empty), as
// the app writes them.
func longRead(t *testing.T, title string, paras int, note string) (store.Memory, library.Item) {
	t.Helper()
	var src strings.Builder
	src.WriteString(title + "\nWith a standfirst.\n\n")
	for i := range paras {
		fmt.Fprintf(&src, "Paragraph %d tells of talks in Cairo, Oslo and Gaza, and of who met whom on which day of the week.\n\n", i)
	}
	var mem store.Memory
	it, err := library.New(&mem).Add(src.String(), library.Text, time.Now(), func(string) bool { return false })
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
			anns = append(anns, annotation.Annotation{ID: fmt.Sprintf("a-%d-%d", i, k), Kind: annotation.Highlight, Color: annotation.Colors[k], Note: note, Target: tg})
		}
	}
	set := &annotation.Set{}
	if err := set.Apply(annotation.Edit{Put: anns}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(&mem).Save(it.Article.ID, store.Data{Set: set, Labels: annotation.DefaultLabels}); err != nil {
		t.Fatal(err)
	}
	return mem, it
}

// articleCounts returns the library's "N annotations" line of each
// article, by title.
func articleCounts(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	js := `Object.fromEntries([...document.querySelectorAll(".article-item")].map(li => [li.querySelector("h2").innerText, (li.querySelector(".article-item-count") || {}).innerText || ""]))`
	m, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](js))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBrowserLibraryPastFiveMB: three added articles of 10,000
// annotations each (13 MB; localStorage holds about 5) are all there
// after a reload, and the app saves a change to one of them beside the
// others.
func TestBrowserLibraryPastFiveMB(t *testing.T) {
	ctx, base, watch := startBrowser(t)
	visit(t, ctx, base+"/", 30*time.Second)
	titles := []string{"Long read one", "Long read two", "Long read three"}
	var slug string
	total := 0
	for _, title := range titles {
		mem, it := longRead(t, title, 2000, "a note")
		keys, _ := mem.Keys()
		for _, k := range keys {
			v, _, _ := mem.Get(k)
			total += len(v)
			putStored(t, ctx, k, v)
		}
		slug = it.Slug
	}
	if total < 10<<20 {
		t.Fatalf("the library is only %d MB", total>>20)
	}
	reload(t, ctx)
	waitElements(t, ctx, `.article-item-count`, 3+len(seeds.Articles()))
	counts := articleCounts(t, ctx)
	for _, title := range titles {
		if !strings.Contains(counts[title], "10000 annotations") {
			t.Errorf("%q: %q after the reload, want 10000 annotations", title, counts[title])
		}
	}
	// The app saves the last one with a change: 4 MB more where there is
	// no room in localStorage.
	visit(t, ctx, base+"/a/"+slug, 60*time.Second)
	waitCount(t, ctx, `main article mark.hl`, 10000)
	selectQuote(t, ctx, "who met whom", 2)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 10001)
	if err := browser.WaitFor(ctx, `marginaliaStore.keys().some(k => k.startsWith("marginalia:article:") && marginaliaStore.get(k).includes('"exact":"who met whom"'))`, 20*time.Second); err != nil {
		t.Fatalf("the change was not saved: %v", err)
	}
	visit(t, ctx, base+"/", 30*time.Second)
	waitElements(t, ctx, `.article-item-count`, 3+len(seeds.Articles()))
	if c := articleCounts(t, ctx)[titles[2]]; !strings.Contains(c, "10001 annotations") {
		t.Errorf("after the change and a new page: %q, want 10001 annotations", c)
	}
	checkNoProblems(t, ctx, watch, "status of 404 (Not Found) "+base+"/a/"+slug)
}

// TestBrowserMigratesLocalStorage: a library that today's app left in
// localStorage (app/store/testdata/localstorage.json) moves to IndexedDB
// at the first start: every article, record, note and backup is there,
// and localStorage no longer holds it.
func TestBrowserMigratesLocalStorage(t *testing.T) {
	b, err := os.ReadFile("../../app/store/testdata/localstorage.json")
	if err != nil {
		t.Fatal(err)
	}
	var items map[string]string
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	ctx, base, watch := startBrowser(t)
	// A page of the site that does not run the app: the library goes in
	// before the app first starts.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/web/app.css")); err != nil {
		t.Fatal(err)
	}
	for k, v := range items {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.setItem(`+jsLiteral(k)+`, `+jsLiteral(v)+`)`)); err != nil {
			t.Fatal(err)
		}
	}
	visit(t, ctx, base+"/", 30*time.Second)
	waitElements(t, ctx, `.article-item-count`, 1+len(seeds.Articles()))
	counts := articleCounts(t, ctx)
	if c := counts["Notes from Oslo"]; !strings.Contains(c, "1 annotation") {
		t.Errorf("the added article: %q", c)
	}
	if c := counts[seeds.Articles()[0].Title]; c != "1 annotation" {
		t.Errorf("the seed article: %q", c)
	}
	var want []string
	for k := range items {
		want = append(want, k)
	}
	slices.Sort(want)
	if got := storedKeys(t, ctx, "marginalia:"); !slices.Equal(got, want) {
		t.Errorf("IndexedDB holds %q\nwant %q", got, want)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`Object.keys(localStorage).filter(k => k.startsWith("marginalia:")).length`)); n != 0 {
		t.Errorf("%d keys left in localStorage", n)
	}
	// The added article opens with its note.
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Notes from Oslo"]`))
	waitVisible(t, ctx, `main article mark.hl.has-note`)
	waitText(t, ctx, `.note-preview`, "the Secretary-General")
	// (The style sheet, opened as a page, made the browser look for an icon.)
	checkNoProblems(t, ctx, watch, "404 (Not Found) "+base+"/favicon.ico")
}

// TestBrowserWithoutIndexedDB: where the browser offers no IndexedDB
// (some private windows), the library is kept in localStorage, and every
// page says so.
func TestBrowserWithoutIndexedDB(t *testing.T) {
	noIDB := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `Object.defineProperty(window, "indexedDB", { value: undefined })`,
		})
		return err
	})
	ctx, watch := openSeed(t, noIDB)
	waitText(t, ctx, `.storage-notice`, "about 5 MB")
	annotateSome(t, ctx)
	if err := browser.WaitFor(ctx, `Object.keys(localStorage).some(k => k.startsWith("marginalia:article:"))`, 10*time.Second); err != nil {
		t.Fatalf("nothing saved in localStorage: %v", err)
	}
	before := marks(t, ctx)
	reload(t, ctx)
	if after := marks(t, ctx); !reflect.DeepEqual(before, after) {
		t.Errorf("after reload:\n got %+v\nwant %+v", after, before)
	}
	checkNoProblems(t, ctx, watch)
}
