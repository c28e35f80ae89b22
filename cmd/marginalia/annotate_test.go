//go:build !wasm

package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/app/ui"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// openSeed starts the server and a browser on the seed article, ready.
func openSeed(t *testing.T) (context.Context, *browser.Watch) {
	t.Helper()
	ctx, base, watch := startBrowser(t)
	seed := seeds.Articles()[0]
	if err := chromedp.Do(ctx, chromedp.Navigate(base+ui.ArticlePath(seed.Slug))); err != nil {
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
	js := fmt.Sprintf(`(() => {
  const quote = %q, n = %d;
  const walker = document.createTreeWalker(document.querySelector("main article"), NodeFilter.SHOW_TEXT);
  const nodes = []; let text = "";
  for (let t = walker.nextNode(); t; t = walker.nextNode()) { nodes.push([t, text.length]); text += t.data; }
  let at = -1;
  for (let k = 0; k < n; k++) { at = text.indexOf(quote, at + 1); if (at < 0) return null; }
  const locate = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
  const r = document.createRange();
  const [sn, so] = locate(at), [en, eo] = locate(at + quote.length - 1);
  r.setStart(sn, so); r.setEnd(en, eo + 1);
  sn.parentElement.scrollIntoView({block: "center"});
  const rects = [...r.getClientRects()].filter(x => x.width > 0);
  const a = rects[0], b = rects[rects.length - 1];
  return [{X: a.left + 1, Y: a.top + a.height / 2}, {X: b.right - 1, Y: b.top + b.height / 2}];
})()`, quote, n)
	pts, err := chromedp.Run(ctx, chromedp.Evaluate[[]point](js))
	if err != nil || len(pts) != 2 {
		t.Fatalf("finding %q (%d) in the article: %v", quote, n, err)
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
	waitFor(t, ctx, `[role="toolbar"][aria-label="Annotate selection"]`)
}

func waitFor(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(css))); err != nil {
		t.Fatalf("waiting for %s: %v", css, err)
	}
}

func waitGone(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitNotPresent(chromedp.CSS(css))); err != nil {
		t.Fatalf("waiting for %s to go: %v", css, err)
	}
}

// button returns a selector for the button with exactly the accessible
// name (its text) name.
func button(name string) chromedp.Search {
	return chromedp.Search(`//button[normalize-space(.)="` + name + `"]`)
}

func click(t *testing.T, ctx context.Context, sel chromedp.Search) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

func press(t *testing.T, ctx context.Context, key string, mods ...chromedp.Modifier) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
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

func TestBrowserHighlightWithMouse(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "marathon talks", 1)
	for _, name := range []string{"Highlight", "Tag entity", "Add note"} {
		if err := chromedp.Do(ctx, chromedp.WaitVisible(button(name))); err != nil {
			t.Fatalf("toolbar button %q: %v", name, err)
		}
	}
	click(t, ctx, button("Highlight"))
	waitGone(t, ctx, `[role="toolbar"]`)
	m, ok := findMark(marks(t, ctx), "marathon talks")
	if !ok || !strings.Contains(m.Class, "hl-yellow") {
		t.Fatalf("no yellow highlight of “marathon talks”: %+v", marks(t, ctx))
	}
	screenshot(t, ctx, "/tmp/hl.png")
	checkNoProblems(t, ctx, watch)
	_ = kb.Escape
}
