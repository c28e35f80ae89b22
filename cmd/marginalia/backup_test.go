//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpstorage "github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"marginalia/app/backup"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/app/ui"
	"marginalia/seeds"
)

// withoutTimes is a backup with the times it was made taken out (the
// envelope's and each collection's "created"), to compare two backups.
func withoutTimes(t *testing.T, file string) any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(file), &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "created")
	arts, _ := v["articles"].([]any)
	for _, a := range arts {
		if c, ok := a.(map[string]any)["annotations"].(map[string]any); ok {
			delete(c, "created")
		}
	}
	return v
}

// TestBrowserBackUpDeleteRestore: Back up everything on the library page,
// Delete everything in a reader's Settings, Restore from backup: the same
// library comes back (its backup, which holds every article's export, is
// the same), and restoring it again changes nothing.
func TestBrowserBackUpDeleteRestore(t *testing.T) {
	ctx, base, watch := startBrowser(t)
	dir := t.TempDir()
	visit(t, ctx, base+"/", 30*time.Second)
	allowDownloads(t, ctx, dir)
	// An added article, as the composer keeps it, and annotations made in
	// it and in a seed.
	var mem store.Memory
	it, err := library.New(&mem).Add("Notes from Oslo\nA dek.\nBan Ki-Moon met the delegates in Oslo’s old town hall “at last” 😀.", library.Text, time.Now(), func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"marginalia:doc:" + it.Article.ID} {
		v, _, _ := mem.Get(k)
		putStored(t, ctx, k, v)
	}
	reload(t, ctx)
	waitText(t, ctx, `.backup-last`, "Last backup: never.")
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Notes from Oslo"]`))
	waitVisible(t, ctx, `main article.reader`)
	selectQuote(t, ctx, "Ban Ki-Moon", 1)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	visit(t, ctx, base+ui.ArticlePath(seeds.Articles()[0].Slug), 30*time.Second)
	annotateSome(t, ctx)
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Marginalia"]`))
	waitVisible(t, ctx, `.backup`)

	click(t, ctx, button("Back up everything"))
	file := filepath.Join(dir, backup.Name(time.Now()))
	first := waitFile(t, file)
	os.Remove(file)
	waitText(t, ctx, `.backup-last`, "Last backup: today.")
	if !strings.Contains(first, `"Notes from Oslo"`) || !strings.Contains(first, "marathon talks") || !strings.Contains(first, "Ben-Gurion airport") {
		t.Fatalf("the backup lacks what was made:\n%.600s", first)
	}
	saved := filepath.Join(t.TempDir(), "backup.json")
	if err := os.WriteFile(saved, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}

	// Delete everything.
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="`+seeds.Articles()[0].Title+`"]`))
	waitVisible(t, ctx, `main article.reader`)
	click(t, ctx, chromedp.Search(`//summary[normalize-space(.)="Settings"]`))
	click(t, ctx, button("Delete everything…"))
	click(t, ctx, chromedp.Search(`//*[@aria-label="Delete everything"]//button[normalize-space(.)="Delete"]`))
	waitCount(t, ctx, `main article mark[data-annotation-id]`, 0)
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Marginalia"]`))
	waitVisible(t, ctx, `.backup`)
	waitElements(t, ctx, `.article-item`, len(seeds.Articles()))

	// Restore.
	restore := chromedp.Search(`//label[normalize-space(.)="Restore from backup"]//input[@type="file"]`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(restore, []string{saved}, chromedp.NodeReady)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, `.backup .import-result[role="status"]`, "Restored: 1 article added, 1 article updated (3 annotations new or newer).")
	waitElements(t, ctx, `.article-item`, 1+len(seeds.Articles()))
	click(t, ctx, button("Back up everything"))
	second := waitFile(t, file)
	if !reflect.DeepEqual(withoutTimes(t, second), withoutTimes(t, first)) {
		t.Errorf("the library after restoring differs:\n got %.2000s\nwant %.2000s", second, first)
	}
	// Again, dropped on the page this time: nothing new.
	dropFile(t, ctx, saved)
	waitText(t, ctx, `.backup .import-result[role="status"]`, "nothing new")
	// The restored article opens with its mention.
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Notes from Oslo"]`))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	checkNoProblems(t, ctx, watch, "status of 404 (Not Found) "+base+"/a/notes-from-oslo")
}

// TestBrowserRestoreIntoAFullStorage: a restore the browser's storage
// refuses says so, and that the backup file is still needed.
func TestBrowserRestoreIntoAFullStorage(t *testing.T) {
	var mem store.Memory
	if _, err := library.New(&mem).Add("Notes from Oslo\nA dek.\nBan Ki-Moon met the delegates.", library.Text, time.Now(), func(string) bool { return false }); err != nil {
		t.Fatal(err)
	}
	file, err := backup.Make(&mem, seeds.Articles(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.json")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, base, watch := startBrowser(t)
	visit(t, ctx, base+"/", 30*time.Second)
	// The site may keep 1 byte (before its first write: see
	// TestBrowserQuotaFull).
	full := 1.0
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpstorage.OverrideQuotaForOrigin, cdpstorage.OverrideQuotaForOriginParams{Origin: base, QuotaSize: &full})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	restore := chromedp.Search(`//label[normalize-space(.)="Restore from backup"]//input[@type="file"]`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(restore, []string{path}, chromedp.NodeReady)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, `.backup .import-result[role="alert"]`, "but the browser did not keep it")
	checkNoProblems(t, ctx, watch)
}
