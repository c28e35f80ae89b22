//go:build !wasm

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdpstorage "github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/app/store"
	"marginalia/app/ui"
	mbrowser "marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

func reload(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := mbrowser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
}

// annotateSome makes a highlight with a note and a mention.
func annotateSome(t *testing.T, ctx context.Context) {
	t.Helper()
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark[data-annotation-id]`, 1) // drawn before the next drag
	selectQuote(t, ctx, "Ben-Gurion airport", 1)
	press(t, ctx, "3")
	waitCount(t, ctx, `main article mark[data-annotation-id]`, 2)
}

func TestBrowserAnnotationsSurviveReload(t *testing.T) {
	ctx, watch := openSeed(t)
	annotateSome(t, ctx)
	before := marks(t, ctx)
	reload(t, ctx)
	after := marks(t, ctx)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("after reload:\n got %+v\nwant %+v", after, before)
	}
	// The record is in IndexedDB, and nothing in localStorage.
	if raw := storedValue(t, ctx, store.Key(seeds.Articles()[0].ID)); !strings.HasPrefix(raw, `{"schema":1,`) {
		t.Errorf("stored record %.40q…; want it to start with %q", raw, `{"schema":1,`)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`localStorage.length`)); n != 0 || err != nil {
		t.Errorf("localStorage holds %d items (%v)", n, err)
	}
	// The library counts them.
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Marginalia"]`))
	waitVisible(t, ctx, `.article-item-count`)
	count, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.article-item-count`)))
	if count != "2 annotations" {
		t.Errorf("library count %q", count)
	}
	checkNoProblems(t, ctx, watch)
}

func TestBrowserAnnotationsSurviveRestart(t *testing.T) {
	bin, chromium, err := mbrowser.Paths()
	if errors.Is(err, mbrowser.ErrUnavailable) {
		t.Skipf("browser tests skipped: %v", err)
	}
	srv, err := mbrowser.StartServer(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	profile := t.TempDir()
	url := srv.URL + ui.ArticlePath(seeds.Articles()[0].Slug)
	open := func() (context.Context, func()) {
		ctx, cancel := mbrowser.NewBrowser(chromium, profile)
		ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
		visit(t, ctx, url, 30*time.Second)
		return ctx, func() { cancelT(); cancel() }
	}
	ctx, closeBrowser := open()
	annotateSome(t, ctx)
	before := marks(t, ctx)
	// Wait until the last change is saved (a save follows the paint),
	// then until IndexedDB's disk holds that save's stamp: the harness
	// ends the browser abruptly.
	if err := mbrowser.WaitFor(ctx, storedHolds(before[len(before)-1].Text), 10*time.Second); err != nil {
		t.Fatalf("the last change was never saved: %v", err)
	}
	stampKey := jsLiteral(store.StampKey(seeds.Articles()[0].ID))
	if err := mbrowser.Poll(ctx, 30*time.Second, func() (bool, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[bool](`marginaliaStore.flushed().then(() => marginaliaStore.stored(`+stampKey+`)).then(s => !!s && s === marginaliaStore.get(`+stampKey+`))`, chromedp.EvalAwaitPromise))
	}); err != nil {
		t.Fatalf("the last save never reached the disk: %v", err)
	}
	closeBrowser()
	ctx, closeBrowser = open()
	defer closeBrowser()
	if after := marks(t, ctx); !reflect.DeepEqual(before, after) {
		t.Errorf("after restarting the browser:\n got %+v\nwant %+v", after, before)
	}
}

func TestBrowserCorruptRecord(t *testing.T) {
	ctx, watch := openSeed(t)
	seed := seeds.Articles()[0]
	key := store.Key(seed.ID)
	putStored(t, ctx, key, `{"schema":1,"annotations":[{"broken"`)
	reload(t, ctx)
	waitVisible(t, ctx, `.banner[role="alert"]`)
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.banner`)))
	if !strings.Contains(text, "Saved annotations for this article could not be read. A copy was kept.") {
		t.Errorf("banner %q", text)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(button("Download backup"))); err != nil {
		t.Fatal(err)
	}
	// The app is usable, and saving keeps the backup.
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	backups := storedKeys(t, ctx, "marginalia:backup:")
	if len(backups) != 1 || storedValue(t, ctx, backups[0]) != `{"schema":1,"annotations":[{"broken"` {
		t.Errorf("backups %q", backups)
	}
	reload(t, ctx)
	if _, ok := findMark(marks(t, ctx), "marathon talks"); !ok {
		t.Error("the highlight made after the corruption was not saved")
	}
	checkNoProblems(t, ctx, watch)
}

func TestBrowserQuotaFull(t *testing.T) {
	ctx, _ := openSeed(t)
	dir := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	// The disk is full: the browser allows the site 1 byte. (Chromium
	// takes a quota override only before the site's first write.)
	onDisk := func(key string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`marginaliaStore.stored(`+jsLiteral(key)+`).then(v => v || "")`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	quota := func(size *float64) {
		origin, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.origin`))
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdpstorage.OverrideQuotaForOrigin, cdpstorage.OverrideQuotaForOriginParams{Origin: origin, QuotaSize: size})
			return err
		})); err != nil {
			t.Fatal(err)
		}
	}
	full := 1.0
	quota(&full)
	annotateSome(t, ctx)
	selectQuote(t, ctx, "a cease-fire is not around the corner", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark[data-annotation-id]`, 3) // kept in the tab
	waitVisible(t, ctx, `.banner[role="alert"]`)
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.banner`)))
	if !strings.Contains(text, "storage is full") {
		t.Errorf("banner %q", text)
	}
	// Nothing half-written: neither the record nor its stamp.
	seed := seeds.Articles()[0].ID
	if rec, stamp := onDisk(store.Key(seed)), onDisk(store.StampKey(seed)); rec != "" || stamp != "" {
		t.Errorf("a failed save wrote %.40q and stamp %q", rec, stamp)
	}
	click(t, ctx, button("Export now"))
	file := filepath.Join(dir, seeds.Articles()[0].Slug+".annotations.json")
	if err := mbrowser.Poll(ctx, 10*time.Second, func() (bool, error) {
		b, err := os.ReadFile(file)
		return err == nil && strings.Contains(string(b), "a cease-fire is not around the corner"), err
	}); err != nil {
		t.Fatalf("the export was not downloaded: %v", err)
	}
	// With room again, the next change saves everything.
	quota(nil)
	selectQuote(t, ctx, "Jerusalem", 1)
	press(t, ctx, "h")
	waitGone(t, ctx, `.banner[role="alert"]`)
	reload(t, ctx)
	if n := len(marks(t, ctx)); n != 4 {
		t.Errorf("after the retry, %d annotations saved, want 4: %+v", n, marks(t, ctx))
	}
}

func TestBrowserTwoTabs(t *testing.T) {
	ctx1, watch := openSeed(t)
	url, _ := chromedp.Run(ctx1, chromedp.Location())
	ctx2, cancel := chromedp.NewContext(ctx1) // a second tab, same profile
	defer cancel()
	if err := chromedp.Do(ctx2, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if err := mbrowser.WaitReady(ctx2, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// Alternately: each change shows up in the other tab.
	selectQuote(t, ctx1, "marathon talks", 1)
	press(t, ctx1, "h")
	waitCount(t, ctx2, `main article mark[data-annotation-id]`, 1)
	selectQuote(t, ctx2, "Ben-Gurion airport", 1)
	press(t, ctx2, "3")
	waitCount(t, ctx1, `main article mark[data-annotation-id]`, 2)
	// At the same time: both tabs end with the union.
	selectQuote(t, ctx1, "Jerusalem", 1)
	selectQuote(t, ctx2, "Ramallah", 1)
	done := make(chan struct{})
	go func() {
		chromedp.Do(ctx1, chromedp.KeyEvent("h"))
		close(done)
	}()
	chromedp.Do(ctx2, chromedp.KeyEvent("h"))
	<-done
	waitCount(t, ctx1, `main article mark[data-annotation-id]`, 4)
	waitCount(t, ctx2, `main article mark[data-annotation-id]`, 4)
	press(t, ctx1, kb.Escape)
	checkNoProblems(t, ctx1, watch)
}

func TestBrowserDeleteArticleData(t *testing.T) {
	ctx, watch := openSeed(t)
	annotateSome(t, ctx)
	click(t, ctx, chromedp.Search(`//summary[normalize-space(.)="Settings"]`))
	click(t, ctx, button("Delete all data for this article…"))
	// Nothing is deleted before the confirmation.
	if n := len(marks(t, ctx)); n != 2 {
		t.Fatalf("%d annotations before confirming, want 2", n)
	}
	click(t, ctx, button("Cancel"))
	click(t, ctx, button("Delete all data for this article…"))
	click(t, ctx, button("Delete"))
	waitCount(t, ctx, `main article mark[data-annotation-id]`, 0)
	reload(t, ctx)
	if n := len(marks(t, ctx)); n != 0 {
		t.Errorf("%d annotations after deleting and reloading", n)
	}
	if keys := storedKeys(t, ctx, "marginalia:article:"); len(keys) != 0 {
		t.Errorf("stored keys left: %v", keys)
	}
	checkNoProblems(t, ctx, watch)
}

// TestBrowserSettingsShowsTheSpace: Settings says how much storage the
// site uses of what the browser allows.
func TestBrowserSettingsShowsTheSpace(t *testing.T) {
	ctx, watch := openSeed(t)
	click(t, ctx, chromedp.Search(`//summary[normalize-space(.)="Settings"]`))
	waitText(t, ctx, `.settings .persisted`, " used of ")
	checkNoProblems(t, ctx, watch)
}
