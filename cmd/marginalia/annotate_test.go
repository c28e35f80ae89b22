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
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err == nil && got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d annotations, want %d (%v)", css, got, n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserTagEntityAndAllOccurrences(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "Kerry", 2) // "John Kerry left Israel"; the first is in the title
	press(t, ctx, "1")              // the first label: Person
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	ms := mentions(marks(t, ctx))
	if len(ms) != 1 || ms[0].Text != "Kerry" {
		t.Fatalf("mentions after tagging: %+v", ms)
	}
	// The seed names Kerry twelve times, as whole words.
	click(t, ctx, button("Tag all 11 other occurrences"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)
	for _, m := range mentions(marks(t, ctx)) {
		if m.Text != "Kerry" || m.Label != "Person" {
			t.Errorf("mention %+v", m)
		}
	}
	// One step undoes them all, and one redoes them.
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	press(t, ctx, "z", chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)

	// Sticky label: a new selection and Enter tags with Person again.
	selectQuote(t, ctx, "Netanyahu", 1)
	press(t, ctx, kb.Enter)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 13)
	// Tag entity offers the labels; a new label can be added.
	selectQuote(t, ctx, "Ben-Gurion airport", 1)
	click(t, ctx, button("Tag entity"))
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[aria-label="New label"]`), "Facility\n")); err != nil {
		t.Fatal(err)
	}
	waitCount(t, ctx, `main article mark[data-label="Facility"]`, 1)
	checkNoProblems(t, ctx, watch)
}

func TestBrowserOverlapNoteDeleteUndo(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "Kerry", 2)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark.ent`, 1)

	// A highlight over the mention: both stay visible, nested.
	selectQuote(t, ctx, "John Kerry left Israel", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	nested, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("main article mark.hl mark.ent[data-label=Person]")`))
	if err != nil || !nested {
		t.Errorf("the mention is not drawn inside the highlight: %v", err)
	}
	if m, ok := findMark(marks(t, ctx), "John Kerry left Israel"); !ok || !strings.Contains(m.Class, "hl-yellow") {
		t.Errorf("highlight over the mention: %+v", marks(t, ctx))
	}

	// n opens the note editor with the focus in it; Ctrl+Enter saves.
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "n")
	waitFor(t, ctx, `textarea.note-field`)
	// The focus moves in after the box is drawn (go-app's next frame).
	fctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	_ = chromedp.Do(fctx, chromedp.WaitVisible(chromedp.CSS(`textarea.note-field:focus`)))
	cancel()
	active, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label") || document.activeElement.labels?.[0]?.textContent || document.activeElement.tagName`))
	if active != "Note" {
		t.Fatalf("focus after n is on %q, want the Note box", active)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("Why “marathon”? 😀")); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter, chromedp.ModifierCtrl)
	waitFor(t, ctx, `main article mark.hl.has-note`)
	// Typing more and clicking elsewhere keeps the note too.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" More.")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, chromedp.Search(`//main//h2[@id="ann-heading"]`))
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, `.note-preview`)
	preview, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.note-preview`)))
	if preview != "Why “marathon”? 😀 More." {
		t.Errorf("note = %q", preview)
	}

	// Clicking a mark opens its card; Delete removes it; undo and redo.
	from, to := quoteEnds(t, ctx, "marathon talks", 1)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY((from.X+to.X)/2, from.Y)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `main article mark.focused.flash`)
	// The flash ends by changing classes on the very nodes: a selection
	// being made in the paragraph at that moment is not lost.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("main article mark.flash").__same = true`)); err != nil {
		t.Fatal(err)
	}
	waitGone(t, ctx, `main article mark.flash`)
	if same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("main article mark.focused").__same === true`)); !same {
		t.Error("the flash ended by drawing the marks anew, not by changing their classes")
	}
	press(t, ctx, kb.Delete)
	waitCount(t, ctx, `main article mark.hl`, 1)
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitCount(t, ctx, `main article mark.hl`, 2)
	press(t, ctx, "z", chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitCount(t, ctx, `main article mark.hl`, 1)
	checkNoProblems(t, ctx, watch)
}

func TestBrowserSelectionAcrossParagraphs(t *testing.T) {
	ctx, watch := openSeed(t)
	from, to := spanEnds(t, ctx, "near future.", 1, "Senior officials in", 1)
	drag(t, ctx, from, to)
	waitFor(t, ctx, `[role="toolbar"][aria-label="Annotate selection"]`)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	ms := marks(t, ctx)
	if len(ms) != 1 || ms[0].Paras != 2 || ms[0].Text != "near future.Senior officials in" {
		t.Errorf("highlight across paragraphs: %+v", ms)
	}
	checkNoProblems(t, ctx, watch)
}

func TestBrowserKeyboard(t *testing.T) {
	ctx, watch := openSeed(t)
	// A selection made with the mouse and extended with Shift+arrows.
	selectQuote(t, ctx, "marathon", 1)
	for range len(" talks") {
		press(t, ctx, kb.ArrowRight, chromedp.ModifierShift)
	}
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	if _, ok := findMark(marks(t, ctx), "marathon talks"); !ok {
		t.Fatalf("Shift+arrows did not extend the selection: %+v", marks(t, ctx))
	}
	selectQuote(t, ctx, "Ben-Gurion airport", 1)
	press(t, ctx, "2") // Organization, say
	waitCount(t, ctx, `main article mark.ent`, 1)
	press(t, ctx, kb.Escape) // dismiss the tag-all offer

	// j and k move between annotations and open their cards.
	press(t, ctx, "j")
	waitFor(t, ctx, `.ann-item.focused`)
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if !strings.Contains(first, "marathon talks") {
		t.Errorf("j focused %q, want the first annotation", first)
	}
	press(t, ctx, "j")
	waitFor(t, ctx, `main article mark.ent.focused`)
	press(t, ctx, "k")
	waitFor(t, ctx, `main article mark.hl.focused`)
	// Tab reaches the note box; type, Ctrl+Enter; Delete removes.
	press(t, ctx, kb.Tab)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("typed")); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter, chromedp.ModifierCtrl)
	waitFor(t, ctx, `main article mark.hl.has-note`)
	press(t, ctx, kb.Escape) // closes the card
	waitGone(t, ctx, `.ann-item.focused`)
	press(t, ctx, "j") // from nothing, j goes to the first
	waitFor(t, ctx, `main article mark.hl.focused`)
	press(t, ctx, kb.Delete)
	waitCount(t, ctx, `main article mark.hl`, 0)
	if n := len(mentions(marks(t, ctx))); n != 1 {
		t.Errorf("Delete removed the wrong annotation: %d mentions left", n)
	}
	checkNoProblems(t, ctx, watch)
}

func TestBrowserEntitiesPanel(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "Kerry", 2)
	press(t, ctx, "1")
	click(t, ctx, button("Tag all 11 other occurrences"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)
	entity := chromedp.CSS(`section.entities button.entity-name`) // the only entity
	text, err := chromedp.Run(ctx, chromedp.Text(entity))
	if err != nil || !strings.Contains(text, "12 mentions") {
		t.Fatalf("entity entry %q, %v", text, err)
	}
	// Clicking the entity goes through its mentions, one after another.
	click(t, ctx, entity)
	waitFor(t, ctx, `main article mark.ent.focused`)
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main article mark.focused").dataset.annotationId`))
	click(t, ctx, entity)
	deadline := time.Now().Add(5 * time.Second)
	for {
		second, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main article mark.focused")?.dataset.annotationId || ""`))
		if second != "" && second != first {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a second click did not move to the next mention")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Rename, with a link.
	click(t, ctx, chromedp.Search(`//button[@aria-label="Rename Kerry"]`))
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`input[id^="entity-name-"]`), "John Kerry"),
		chromedp.SetValue(chromedp.CSS(`input[id^="entity-iri-"]`), "https://www.wikidata.org/wiki/Q22316"),
	); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, button("Save"))
	waitFor(t, ctx, `section.entities a.iri[href="https://www.wikidata.org/wiki/Q22316"]`)
	text, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.entities .entity-name`)))
	if !strings.HasPrefix(text, "John Kerry") {
		t.Errorf("renamed entity shows %q", text)
	}
	checkNoProblems(t, ctx, watch)
}

// entityCounts returns the Entities panel's entries ("John Kerry · 2
// mentions"…), in its order.
func entityCounts(t *testing.T, ctx context.Context) []string {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section.entities button.entity-name")].map(b => b.textContent.replace(/\s+/g, " ").trim())`))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitEntities waits until the Entities panel lists want.
func waitEntities(t *testing.T, ctx context.Context, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := entityCounts(t, ctx)
		if strings.Join(got, "|") == strings.Join(want, "|") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("entities = %q, want %q", got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserLinkEntityWhileTaggingAndAfter(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "John Kerry", 1)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)

	// Tag entity offers the entity to link to, the likely one first:
	// "Kerry" goes to John Kerry, chosen with the keyboard in the menu.
	selectQuote(t, ctx, "Kerry", 5) // "On Tuesday, Kerry held marathon talks"
	click(t, ctx, button("Tag entity"))
	waitFor(t, ctx, `.label-picker select`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.Search(`//label[normalize-space(.)="Entity"]/following-sibling::select`))); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.ArrowDown) // from "Automatic: new entity “Kerry”" to "John Kerry · Person"
	click(t, ctx, chromedp.Search(`//*[@aria-label="Entity label"]//button[normalize-space(.)="Person"]`))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 2)
	waitEntities(t, ctx, "John Kerry · 2 mentions")

	// "Tag all" links the other occurrences to the same entity.
	click(t, ctx, button("Tag all 10 other occurrences"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)
	waitEntities(t, ctx, "John Kerry · 12 mentions")

	// Afterwards one mention moves alone, from its card.
	from, to := quoteEnds(t, ctx, "Kerry", 5)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY((from.X+to.X)/2, from.Y)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `.card select[id^="entity-"]`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.card select[id^="entity-"]`))); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.End) // the last entry: a new entity named "Kerry"
	waitEntities(t, ctx, "John Kerry · 11 mentions", "Kerry · 1 mention")
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitEntities(t, ctx, "John Kerry · 12 mentions")
	checkNoProblems(t, ctx, watch)
}
