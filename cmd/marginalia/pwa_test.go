//go:build !wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"marginalia/app/ui"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// waitWorker waits until the service worker controls the page and has
// filled its cache.
func waitWorker(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := browser.WaitFor(ctx, `(async () => {
  if (!navigator.serviceWorker.controller) return false;
  const reg = await navigator.serviceWorker.getRegistration();
  return !!reg && !!reg.active && reg.active.state === "activated" && !reg.installing && (await caches.keys()).length === 1;
})()`, 60*time.Second); err != nil {
		t.Fatalf("the service worker did not take control: %v", err)
	}
}

func TestBrowserInstallable(t *testing.T) {
	ctx, _ := openSeed(t)
	waitWorker(t, ctx)
	var installErrs []*page.InstallabilityError
	var manifest page.GetAppManifestResult
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		r, err := cdp.Call(ctx, tg, page.GetInstallabilityErrors, cdp.Empty{})
		if err != nil {
			return err
		}
		installErrs = r.InstallabilityErrors
		manifest, err = cdp.Call(ctx, tg, page.GetAppManifest, page.GetAppManifestParams{})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range installErrs {
		t.Errorf("not installable: %s %v", e.ErrorID, e.ErrorArguments)
	}
	for _, e := range manifest.Errors {
		t.Errorf("manifest error: %s (line %d)", e.Message, e.Line)
	}
	for _, want := range []string{`"purpose": "maskable"`, `"display": "standalone"`, `"id": "/"`, `"sizes": "512x512"`, `"sizes": "192x192"`} {
		if !strings.Contains(manifest.Data, want) {
			t.Errorf("the manifest lacks %s", want)
		}
	}
	// Chrome offers to install an installable app: the button follows.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(button("Install app"))); err != nil {
		t.Log("no Install app button: this Chromium sent no beforeinstallprompt (headless)")
	}
}

// recordOf returns the stored record of the seed article.
func recordOf(t *testing.T, ctx context.Context) string {
	t.Helper()
	rec, err := chromedp.Run(ctx, chromedp.Evaluate[string](`marginaliaStore.keys().filter(k => k.includes("`+seeds.Articles()[0].ID+`")).sort().map(k => marginaliaStore.get(k)).join("")`))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestBrowserOffline(t *testing.T) {
	srv := startServer(t)
	ctx, watch := openBrowser(t)
	seed := seeds.Articles()[0]
	article := srv.URL + ui.ArticlePath(seed.Slug)
	visit(t, ctx, srv.URL+"/", 30*time.Second)
	waitWorker(t, ctx)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}

	// The server is gone: the article, never visited, opens from the
	// cache, and so does the library; annotating works and saves.
	for _, url := range []string{article, srv.URL + "/", srv.URL + "/a/" + seed.Slug + "?from=offline"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("offline %s: %v", url, err)
		}
		if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
			t.Fatalf("offline %s: %v", url, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, chromedp.Search(`//main//a[contains(@href, "/a/`+seed.Slug+`")]`))
	waitVisible(t, ctx, `main article.reader`)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	if err := browser.Poll(ctx, 5*time.Second, func() (bool, error) {
		return strings.Contains(recordOf(t, ctx), "marathon talks"), nil
	}); err != nil {
		t.Fatalf("the highlight made offline was not saved: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	waitCount(t, ctx, `main article mark.hl`, 1)
	for _, p := range watch.Problems(ctx) {
		if !strings.Contains(p, "ERR_CONNECTION_REFUSED") && !strings.Contains(p, "Failed to fetch") {
			t.Error(p)
		}
	}
}

// copyWeb copies the built web assets into a new folder.
func copyWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := filepath.Abs("../../web")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "app.wasm")); err != nil {
		t.Skip("update test skipped: web/app.wasm is not built (make build)")
	}
	return dir
}

func TestBrowserUpdate(t *testing.T) {
	web := copyWeb(t)
	a := startServer(t, "-web", web)
	ctx, watch := openBrowser(t)
	seed := seeds.Articles()[0]
	visit(t, ctx, a.URL+ui.ArticlePath(seed.Slug), 30*time.Second)
	waitWorker(t, ctx)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)

	// Build B: other assets, served on the same origin.
	if err := a.Stop(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(web, "app.css"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n/* build B */\n")
	f.Close()
	b := startServer(t, "-web", web, "-addr", strings.TrimPrefix(a.URL, "http://"))
	if b.Version == a.Version {
		t.Fatalf("build B has build A's version %s", a.Version)
	}
	// The page still runs A; it finds B and says so.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	wctx, cancelW := context.WithTimeout(ctx, 60*time.Second)
	err = chromedp.Do(wctx, chromedp.WaitVisible(chromedp.Search(`//*[@role="status"][contains(., "A new version is ready")]//button[normalize-space(.)="Reload"]`)))
	cancelW()
	if err != nil {
		t.Fatalf("no update banner: %v", err)
	}
	click(t, ctx, button("Reload"))
	if v, err := browser.WaitValue(ctx, `typeof goappEnv === "object" ? goappEnv.GOAPP_VERSION : ""`, 30*time.Second,
		func(v string) bool { return v == b.Version }); err != nil {
		t.Fatalf("after Reload the page runs %q, want build B %q (%v)", v, b.Version, err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	waitCount(t, ctx, `main article mark.hl`, 1)
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".update-banner").length`)); n != 0 {
		t.Error("the banner is still there after the update")
	}
	checkNoProblems(t, ctx, watch)
}
