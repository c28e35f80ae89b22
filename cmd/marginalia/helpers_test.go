//go:build !wasm

package main

// The helpers the browser tests share: opening the seed article, making a
// selection with real mouse drags, pressing keys, and reading what the
// page draws.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"marginalia/app/ui"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// openSeed starts the server and a browser on the seed article, ready.
// Steps run before the navigation (to emulate a device, say).
func openSeed(t *testing.T, before ...chromedp.Action[chromedp.Void]) (context.Context, *browser.Watch) {
	t.Helper()
	ctx, base, watch := startBrowser(t)
	seed := seeds.Articles()[0]
	if err := chromedp.Do(ctx, append(before, chromedp.Navigate(base+ui.ArticlePath(seed.Slug)))...); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return ctx, watch
}

type point struct{ X, Y float64 }

// quoteEnds returns where a drag over the n-th (from 1) occurrence of
// quote in the article starts and ends: just inside its first and last
// characters, mid-line, in viewport coordinates. It scrolls it into view.
func quoteEnds(t *testing.T, ctx context.Context, quote string, n int) (point, point) {
	t.Helper()
	return spanEnds(t, ctx, quote, n, quote, n)
}

// spanEnds is quoteEnds from the start of one quote to the end of another.
func spanEnds(t *testing.T, ctx context.Context, from string, fromN int, to string, toN int) (point, point) {
	t.Helper()
	// Two animation frames first: whatever the last step left to draw (go-app
	// draws at its next frame tick) is drawn before the points are taken.
	js := fmt.Sprintf(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => {
  const walker = document.createTreeWalker(document.querySelector("main article"), NodeFilter.SHOW_TEXT);
  const nodes = []; let text = "";
  for (let t = walker.nextNode(); t; t = walker.nextNode()) { nodes.push([t, text.length]); text += t.data; }
  const find = (q, n) => { let at = -1; for (let k = 0; k < n; k++) { at = text.indexOf(q, at + 1); if (at < 0) return -1; } return at; };
  const a = find(%q, %d), b = find(%q, %d);
  if (a < 0 || b < 0) return null;
  const locate = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
  const r = document.createRange();
  const [sn, so] = locate(a), [en, eo] = locate(b + %q.length - 1);
  r.setStart(sn, so); r.setEnd(en, eo + 1);
  sn.parentElement.scrollIntoView({block: "center"});
  const rects = [...r.getClientRects()].filter(x => x.width > 0);
  const f = rects[0], l = rects[rects.length - 1];
  return [{X: f.left + 1, Y: f.top + f.height / 2}, {X: l.right - 1, Y: l.top + l.height / 2}];
})`, from, fromN, to, toN, to)
	pts, err := chromedp.Run(ctx, chromedp.Evaluate[[]point](js, chromedp.EvalAwaitPromise))
	if err != nil || len(pts) != 2 {
		t.Fatalf("finding %q (%d) … %q (%d) in the article: %v", from, fromN, to, toN, err)
	}
	return pts[0], pts[1]
}

// drag presses the left button at from, moves to to in steps, and
// releases: a real mouse selection.
func drag(t *testing.T, ctx context.Context, from, to point) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		send := func(typ input.DispatchMouseEventType, p point, buttons int64) error {
			_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{
				Type: typ, X: p.X, Y: p.Y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1,
			})
			return err
		}
		if err := send(input.DispatchMouseEventTypeMousePressed, from, 1); err != nil {
			return err
		}
		const steps = 8
		for i := 1; i <= steps; i++ {
			p := point{from.X + (to.X-from.X)*float64(i)/steps, from.Y + (to.Y-from.Y)*float64(i)/steps}
			if err := send(input.DispatchMouseEventTypeMouseMoved, p, 1); err != nil {
				return err
			}
		}
		return send(input.DispatchMouseEventTypeMouseReleased, to, 0)
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// selectQuote selects the n-th occurrence of quote with a mouse drag and
// waits for the toolbar.
func selectQuote(t *testing.T, ctx context.Context, quote string, n int) {
	t.Helper()
	from, to := quoteEnds(t, ctx, quote, n)
	drag(t, ctx, from, to)
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`[role="toolbar"][aria-label="Annotate selection"]`))); err != nil {
		sel, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.getSelection().toString()`))
		t.Fatalf("selecting %q (%d): no toolbar (selection %q): %v", quote, n, sel, err)
	}
}

// waitVisible waits until css selects a visible element; waitGone, until
// it selects none.
func waitVisible(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	waitCSS(t, ctx, "waiting for "+css, chromedp.WaitVisible(chromedp.CSS(css)))
}

func waitGone(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	waitCSS(t, ctx, "waiting for "+css+" to go", chromedp.WaitNotPresent(chromedp.CSS(css)))
}

func waitCSS(t *testing.T, ctx context.Context, what string, wait chromedp.Action[chromedp.Void]) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, wait); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// button returns a selector for the button with exactly the accessible
// name (its text) name.
func button(name string) chromedp.Search {
	return chromedp.Search(`//button[normalize-space(.)="` + name + `"]`)
}

func click[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		t.Fatalf("clicking %v: %v", sel, err)
	}
}

// press presses a key. A printable key with no modifier goes as one
// keyDown carrying its text, as a keyboard sends it, so that a page that
// cancels the keydown gets no character (chromedp's KeyEvent sends the
// character as a separate event, which lands wherever the focus moved).
func press(t *testing.T, ctx context.Context, key string, mods ...chromedp.Modifier) {
	t.Helper()
	if len([]rune(key)) != 1 || len(mods) > 0 || key < " " || key >= "\ue000" {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
			t.Fatal(err)
		}
		return
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: key}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text = key
			}
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// markInfo is what the page shows of one annotation.
type markInfo struct {
	ID    string
	Text  string // its marks' text, joined
	Class string // the classes of its first mark
	Label string
	Paras int // how many paragraphs its marks are in
}

// marks returns the annotations drawn in the article, in document order.
func marks(t *testing.T, ctx context.Context) []markInfo {
	t.Helper()
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]markInfo](`(() => {
  const out = new Map();
  for (const m of document.querySelectorAll("main article mark[data-annotation-id]")) {
    const id = m.dataset.annotationId;
    if (!out.has(id)) out.set(id, {ID: id, Text: "", Class: m.className, Label: m.dataset.label || "", paras: new Set()});
    const o = out.get(id);
    o.paras.add(m.closest("p, h1"));
    // Only the outermost mark of a segment adds its text once.
    if (!m.parentElement.closest('mark[data-annotation-id="' + id + '"]')) o.Text += m.textContent;
  }
  return [...out.values()].map(o => ({ID: o.ID, Text: o.Text, Class: o.Class, Label: o.Label, Paras: o.paras.size}));
})()`))
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func findMark(ms []markInfo, text string) (markInfo, bool) {
	for _, m := range ms {
		if m.Text == text {
			return m, true
		}
	}
	return markInfo{}, false
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		os.WriteFile(name, buf, 0o644)
	}
}

// mentions returns the drawn entity mentions.
func mentions(ms []markInfo) []markInfo {
	var out []markInfo
	for _, m := range ms {
		if m.Label != "" {
			out = append(out, m)
		}
	}
	return out
}

// waitCount waits until the article shows n annotations matching css.
func waitCount(t *testing.T, ctx context.Context, css string, n int) {
	t.Helper()
	js := fmt.Sprintf(`new Set([...document.querySelectorAll(%q)].map(m => m.dataset.annotationId)).size`, css)
	got, err := browser.WaitValue(ctx, js, 10*time.Second, func(got int) bool { return got == n })
	if err != nil {
		t.Fatalf("%s: %d annotations, want %d (%v)", css, got, n, err)
	}
}

// jsLiteral returns s as a JavaScript string literal.
func jsLiteral(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// storedValue returns what the page's storage (web/store.js) holds for
// key, "" if nothing.
func storedValue(t *testing.T, ctx context.Context, key string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`marginaliaStore.get(`+jsLiteral(key)+`) || ""`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// storedKeys returns the keys of the page's storage that start with
// prefix, sorted.
func storedKeys(t *testing.T, ctx context.Context, prefix string) []string {
	t.Helper()
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`marginaliaStore.keys().filter(k => k.startsWith(`+jsLiteral(prefix)+`)).sort()`))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// putStored writes key's value into IndexedDB as the app does, and waits
// until it is on disk.
func putStored(t *testing.T, ctx context.Context, key, value string) {
	t.Helper()
	js := `(marginaliaStore.set(` + jsLiteral(key) + `, ` + jsLiteral(value) + `), marginaliaStore.flushed())`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
}

// storedHolds is a JavaScript condition: some stored record holds text.
func storedHolds(text string) string {
	return `marginaliaStore.keys().some(k => k.startsWith("marginalia:article:") && marginaliaStore.get(k).includes(` + jsLiteral(text) + `))`
}

// visit opens url in the tab and waits, up to wait, until the app is
// ready.
func visit(t *testing.T, ctx context.Context, url string, wait time.Duration) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, wait); err != nil {
		t.Fatal(err)
	}
}
