//go:build !wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/app/webanno"
	"marginalia/app/webanno/conformance"
	mbrowser "marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// allowDownloads saves the tab's downloads in dir under their own names.
func allowDownloads(t *testing.T, ctx context.Context, dir string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// waitFile waits for a complete download and returns its content.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	var content string
	if err := mbrowser.Poll(context.Background(), 10*time.Second, func() (bool, error) {
		b, err := os.ReadFile(path)
		if err != nil || len(b) == 0 {
			return false, err
		}
		if _, err := os.Stat(path + ".crdownload"); !os.IsNotExist(err) {
			return false, nil // still being written
		}
		content = string(b)
		return true, nil
	}); err != nil {
		t.Fatalf("no download %s: %v", filepath.Base(path), err)
	}
	return content
}

// importFile chooses path in the "Import annotations" file box and returns
// what the page then says of the import (which must differ from what it
// said before).
func importFile(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	result := `document.querySelector(".import-result")?.textContent || ""`
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[string](result))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.Search(`//label[normalize-space(.)="Import annotations"]//input[@type="file"]`), []string{path}, chromedp.NodeReady)); err != nil {
		t.Fatal(err)
	}
	msg, err := mbrowser.WaitValue(ctx, result, 10*time.Second, func(msg string) bool { return msg != before })
	if err != nil {
		t.Fatalf("importing %s: the page said nothing new (still %q): %v", filepath.Base(path), msg, err)
	}
	return msg
}

func TestBrowserExportImport(t *testing.T) {
	slug := seeds.Articles()[0].Slug
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "Kerry", 2)
	press(t, ctx, "1")
	click(t, ctx, button("Tag all 11 other occurrences"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	before := marks(t, ctx)

	// Every export is a real download.
	dir := t.TempDir()
	allowDownloads(t, ctx, dir)
	click(t, ctx, chromedp.Search(`//summary[normalize-space(.)="Export"]`))
	click(t, ctx, button("Export annotations as JSON"))
	jsonFile := filepath.Join(dir, slug+".annotations.json")
	waitFile(t, jsonFile)
	if out := conformance.Check(t, jsonFile); !strings.Contains(out, "15 passed, 0 failed") {
		t.Errorf("w3ccheck: %s", out)
	}
	click(t, ctx, button("Export as Markdown"))
	if md := waitFile(t, filepath.Join(dir, slug+".md")); !strings.Contains(md, "> marathon talks\n\n*Highlight, yellow*") {
		t.Errorf("Markdown export:\n%s", md)
	}
	click(t, ctx, button("Export as brat standoff"))
	txt := waitFile(t, filepath.Join(dir, slug+".txt"))
	ann := waitFile(t, filepath.Join(dir, slug+".ann"))
	if !strings.HasPrefix(txt, seeds.Articles()[0].Title) || strings.Count(ann, "\tPerson ") != 12 {
		t.Errorf("brat export: %d Person lines", strings.Count(ann, "\tPerson "))
	}
	click(t, ctx, button("Export as CoNLL (IOB)"))
	if conll := waitFile(t, filepath.Join(dir, slug+".conll")); strings.Count(conll, "Kerry B-Person\n") != 12 {
		t.Errorf("CoNLL export has %d Kerry B-Person lines", strings.Count(conll, "Kerry B-Person\n"))
	}
	// Copy puts the same Markdown on the clipboard.
	grantClipboard(t, ctx)
	click(t, ctx, button("Copy Markdown"))
	waitVisible(t, ctx, `.status:not(:empty)`)
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil || copied != readString(t, filepath.Join(dir, slug+".md")) {
		t.Errorf("clipboard holds %.80q… (%v), want the Markdown export", copied, err)
	}
	checkNoProblems(t, ctx, watch)

	// A fresh profile (another origin, another browser) takes the file
	// dropped on the page and shows the same marks; choosing it again in
	// the Import box adds nothing.
	ctx2, watch2 := openSeed(t)
	dropFile(t, ctx2, jsonFile)
	waitVisible(t, ctx2, `.import-result`)
	if msg, _ := chromedp.Run(ctx2, chromedp.Text(chromedp.CSS(`.import-result`))); msg != "Imported 13 · 13 placed exactly. Ctrl+Z undoes the import." {
		t.Errorf("import says %q", msg)
	}
	waitCount(t, ctx2, `main article mark[data-label="Person"]`, 12)
	if got := marks(t, ctx2); !sameMarks(got, before) {
		t.Errorf("imported marks differ:\n got %+v\nwant %+v", got, before)
	}
	if msg := importFile(t, ctx2, jsonFile); msg != "Imported 0 · 13 already present. Ctrl+Z undoes the import." {
		t.Errorf("second import says %q", msg)
	}

	// Bad files say what is wrong and change nothing.
	bad := map[string]string{
		"notes.json":  "Kerry left Israel.",
		"image.json":  "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
		"book.json":   `{"type": "Book", "title": "Gaza"}`,
		"empty.json":  "",
		"huge.json":   `[` + strings.Repeat(" ", webanno.MaxSize) + `]`,
		"broken.json": strings.Replace(readString(t, jsonFile), `"start"`, `"start": "x", "was"`, 1),
	}
	want := map[string]string{
		"notes.json":  "not JSON",
		"image.json":  "binary",
		"book.json":   "not Web Annotation JSON",
		"empty.json":  "empty file",
		"huge.json":   "the limit is 20 MB",
		"broken.json": "start",
	}
	for name, content := range bad {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		msg := importFile(t, ctx2, path)
		if !strings.HasPrefix(msg, "Nothing imported from “"+name+"”") || !strings.Contains(msg, want[name]) {
			t.Errorf("%s: the import says %q, want it to say %q", name, msg, want[name])
		}
		if got := marks(t, ctx2); !sameMarks(got, before) {
			t.Errorf("%s changed the marks", name)
		}
	}
	// An annotation of another article whose quote is not here is kept,
	// as an orphan, with its note.
	other := filepath.Join(t.TempDir(), "other.json")
	os.WriteFile(other, []byte(`{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:6f1c2a4e-0000-4000-8000-000000000001", "type": "Annotation",
		"body": {"type": "TextualBody", "value": "A note to keep", "purpose": "commenting"},
		"target": {"source": "urn:marginalia:article:ffff", "selector": {"type": "TextQuoteSelector", "exact": "nothing like this is in the seed"}}}`), 0o644)
	if msg := importFile(t, ctx2, other); msg != "Imported 1 · 1 kept as an orphan (from urn:marginalia:article:ffff; see Orphans). Ctrl+Z undoes the import." {
		t.Errorf("other.json: the import says %q", msg)
	}
	waitText(t, ctx2, `.orphans`, "nothing like this is in the seed")
	checkNoProblems(t, ctx2, watch2)
}

// dropFile drags a file from outside the browser and drops it on the
// article, as a hand does: over the page, moving, until the page shows it
// takes the file, then the drop. (A single drag-over sent as the page
// became ready was at times not taken, on a loaded machine; a hand keeps
// moving.)
func dropFile(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	drag := func(types ...input.DispatchDragEventType) error {
		return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{path}, DragOperationsMask: 1}
			for _, typ := range types {
				if _, err := cdp.Call(ctx, tg, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: 300, Y: 400, Data: data}); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	if err := drag(input.DispatchDragEventTypeDragEnter); err != nil {
		t.Fatalf("dragging %s: %v", path, err)
	}
	// A hand held over the page keeps sending dragover events.
	if err := mbrowser.Poll(ctx, 10*time.Second, func() (bool, error) {
		if err := drag(input.DispatchDragEventTypeDragOver); err != nil {
			return false, err
		}
		return chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.contains("dropping")`))
	}); err != nil {
		t.Fatalf("dragging %s: the page does not show it takes the file: %v", path, err)
	}
	if err := drag(input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop); err != nil {
		t.Fatalf("dropping %s: %v", path, err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameMarks(a, b []markInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Text != b[i].Text || a[i].Label != b[i].Label || a[i].Paras != b[i].Paras {
			return false
		}
	}
	return true
}

// TestBrowserAttachOrphan: an imported annotation whose quote is not in
// the article is listed as an orphan with its note; with text selected,
// Attach to selection places it there, for good.
func TestBrowserAttachOrphan(t *testing.T) {
	ctx, watch := openSeed(t)
	file := filepath.Join(t.TempDir(), "orphan.json")
	os.WriteFile(file, []byte(`{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:6f1c2a4e-0000-4000-8000-0000000000b1", "type": "Annotation",
		"body": {"type": "TextualBody", "value": "A note to keep", "purpose": "commenting"},
		"target": {"source": "https://news.example/elsewhere", "selector": {"type": "TextQuoteSelector", "exact": "a quote from another text"}}}`), 0o644)
	importFile(t, ctx, file)
	waitText(t, ctx, `.orphans`, "A note to keep")
	waitVisible(t, ctx, `.orphans button[disabled]`) // nothing selected yet
	selectQuote(t, ctx, "marathon talks", 1)
	click(t, ctx, button("Attach to selection"))
	waitCount(t, ctx, `main article mark[data-annotation-id="6f1c2a4e-0000-4000-8000-0000000000b1"]`, 1)
	if m, ok := findMark(marks(t, ctx), "marathon talks"); !ok || m.ID != "6f1c2a4e-0000-4000-8000-0000000000b1" {
		t.Fatalf("marks %+v", marks(t, ctx))
	}
	waitGone(t, ctx, `.orphans`)
	reload(t, ctx)
	if m, ok := findMark(marks(t, ctx), "marathon talks"); !ok || !strings.Contains(m.Class, "has-note") {
		t.Errorf("after a reload: %+v", marks(t, ctx))
	}
	checkNoProblems(t, ctx, watch)
}

// TestBrowserRecogitoImport: entity types written as tags (RecogitoJS)
// become mentions with the article's labels; other tags show in the list
// and on the card, where they can be removed.
func TestBrowserRecogitoImport(t *testing.T) {
	ctx, watch := openSeed(t)
	file := filepath.Join(t.TempDir(), "recogito.json")
	os.WriteFile(file, []byte(`[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#7cd5a9a4-1c2b-4d3e-8f90-a1b2c3d4e5f6", "type": "Annotation",
		"body": [{"type": "TextualBody", "value": "PERSON", "purpose": "tagging"}, {"type": "TextualBody", "value": "key figure", "purpose": "tagging"}],
		"target": {"selector": [{"type": "TextQuoteSelector", "exact": "Netanyahu"}]}}]`), 0o644)
	if msg := importFile(t, ctx, file); !strings.HasPrefix(msg, "Imported 1 · 1 placed exactly") {
		t.Fatalf("import says %q", msg)
	}
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	waitText(t, ctx, `.ann-item .tags`, "Tags: key figure")
	click(t, ctx, chromedp.CSS(`.ann-item button.ann-open`))
	click(t, ctx, chromedp.Search(`//button[@aria-label="Remove tag key figure"]`))
	waitGone(t, ctx, `.card .tag`)
	waitEntities(t, ctx, "Netanyahu · 1 mention")
	checkNoProblems(t, ctx, watch)
}

// grantClipboard lets the page read and write the clipboard.
func grantClipboard(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, p := range []*browser.PermissionDescriptor{{Name: "clipboard-read"}, {Name: "clipboard-write"}} {
			if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{Permission: p, Setting: browser.PermissionSettingGranted}); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserCopyLink: Copy link on a card copies a link that opens the
// article at that annotation, flashed, with its card open.
func TestBrowserCopyLink(t *testing.T) {
	ctx, watch := openSeed(t)
	grantClipboard(t, ctx)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	id := marks(t, ctx)[0].ID
	// Another annotation open, far from it, so that the link's work shows.
	selectQuote(t, ctx, "Ben-Gurion airport", 1)
	press(t, ctx, "n")
	waitVisible(t, ctx, `textarea.note-field:focus`)
	press(t, ctx, kb.Escape)
	click(t, ctx, chromedp.Search(`//button[@data-item="`+id+`"]`))
	click(t, ctx, button("Copy link"))
	link, err := mbrowser.WaitValue(ctx, `navigator.clipboard.readText()`, 5*time.Second, func(s string) bool { return strings.Contains(s, "#") })
	if err != nil || !strings.HasSuffix(strings.SplitN(link, "#", 2)[0], "/a/"+seeds.Articles()[0].Slug) ||
		!strings.Contains(link, "#"+id+":~:text=") || !strings.Contains(link, "marathon%20talks") {
		t.Fatalf("copied %q (%v)", link, err)
	}
	// Open it from elsewhere.
	if err := chromedp.Do(ctx, chromedp.Navigate(strings.SplitN(link, "/a/", 2)[0]+"/")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	waitVisible(t, ctx, `main article mark.focused[data-annotation-id="`+id+`"]`)
	waitVisible(t, ctx, `.ann-item.focused button[data-item="`+id+`"]`)
	checkNoProblems(t, ctx, watch)
}
