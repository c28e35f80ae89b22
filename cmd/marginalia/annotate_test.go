//go:build !wasm

package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

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
	waitVisible(t, ctx, `textarea.note-field`)
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
	waitVisible(t, ctx, `main article mark.hl.has-note`)
	// Typing more and clicking elsewhere keeps the note too.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" More.")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, chromedp.Search(`//main//h2[@id="ann-heading"]`))
	press(t, ctx, kb.Escape)
	waitVisible(t, ctx, `.note-preview`)
	preview, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.note-preview`)))
	if preview != "Why “marathon”? 😀 More." {
		t.Errorf("note = %q", preview)
	}

	// Clicking a mark opens its card; Delete removes it; undo and redo.
	from, to := quoteEnds(t, ctx, "marathon talks", 1)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY((from.X+to.X)/2, from.Y)); err != nil {
		t.Fatal(err)
	}
	waitVisible(t, ctx, `main article mark.focused.flash`)
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
	waitVisible(t, ctx, `[role="toolbar"][aria-label="Annotate selection"]`)
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
	waitVisible(t, ctx, `.ann-item.focused`)
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if !strings.Contains(first, "marathon talks") {
		t.Errorf("j focused %q, want the first annotation", first)
	}
	press(t, ctx, "j")
	waitVisible(t, ctx, `main article mark.ent.focused`)
	press(t, ctx, "k")
	waitVisible(t, ctx, `main article mark.hl.focused`)
	// Tab reaches the note box; type, Ctrl+Enter; Delete removes.
	press(t, ctx, kb.Tab)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("typed")); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter, chromedp.ModifierCtrl)
	waitVisible(t, ctx, `main article mark.hl.has-note`)
	press(t, ctx, kb.Escape) // closes the card
	waitGone(t, ctx, `.ann-item.focused`)
	press(t, ctx, "j") // from nothing, j goes to the first
	waitVisible(t, ctx, `main article mark.hl.focused`)
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
	waitVisible(t, ctx, `main article mark.ent.focused`)
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main article mark.focused").dataset.annotationId`))
	click(t, ctx, entity)
	if _, err := browser.WaitValue(ctx, `document.querySelector("main article mark.focused")?.dataset.annotationId || ""`, 5*time.Second,
		func(second string) bool { return second != "" && second != first }); err != nil {
		t.Fatalf("a second click did not move to the next mention: %v", err)
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
	waitVisible(t, ctx, `section.entities a.iri[href="https://www.wikidata.org/wiki/Q22316"]`)
	text, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.entities .entity-name`)))
	if !strings.HasPrefix(text, "John Kerry") {
		t.Errorf("renamed entity shows %q", text)
	}
	checkNoProblems(t, ctx, watch)
}

// waitEntities waits until the Entities panel lists want: its entries
// ("John Kerry · 2 mentions"…), in its order.
func waitEntities(t *testing.T, ctx context.Context, want ...string) {
	t.Helper()
	const entries = `[...document.querySelectorAll("section.entities button.entity-name")].map(b => b.textContent.replace(/\s+/g, " ").trim())`
	got, err := browser.WaitValue(ctx, entries, 10*time.Second, func(got []string) bool {
		return strings.Join(got, "|") == strings.Join(want, "|")
	})
	if err != nil {
		t.Fatalf("entities = %q, want %q (%v)", got, want, err)
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
	waitVisible(t, ctx, `.label-picker select`)
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
	waitVisible(t, ctx, `.card select[id^="entity-"]`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.card select[id^="entity-"]`))); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.End) // the last entry: a new entity named "Kerry"
	waitEntities(t, ctx, "John Kerry · 11 mentions", "Kerry · 1 mention")
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitEntities(t, ctx, "John Kerry · 12 mentions")
	checkNoProblems(t, ctx, watch)
}

// TestBrowserPossessiveIsNotTagged: selecting "Kerry" in "Kerry’s" tags
// the name, not the possessive, and offers its other occurrences.
func TestBrowserPossessiveIsNotTagged(t *testing.T) {
	ctx, watch := openSeed(t)
	text := seeds.Articles()[0].Text
	n := strings.Count(text[:strings.Index(text, "Kerry’s")], "Kerry") + 1
	selectQuote(t, ctx, "Kerry", n)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	if ms := mentions(marks(t, ctx)); len(ms) != 1 || ms[0].Text != "Kerry" {
		t.Fatalf("tagged %+v, want “Kerry”", ms)
	}
	waitCSS(t, ctx, "the offer to tag the other occurrences", chromedp.WaitVisible(button("Tag all 11 other occurrences")))
	checkNoProblems(t, ctx, watch)
}

// TestBrowserAddNoteButtonFocusesTheNote: Add note in the toolbar puts
// the caret in the note box, as n does: typing writes the note, and no
// key is taken for a shortcut.
func TestBrowserAddNoteButtonFocusesTheNote(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "marathon talks", 1)
	click(t, ctx, button("Add note"))
	waitVisible(t, ctx, `textarea.note-field:focus`)
	for _, k := range []string{"h", "n", "j", "1"} {
		press(t, ctx, k)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.value`)); v != "hnj1" {
		t.Errorf("the note box holds %q, want %q", v, "hnj1")
	}
	if n := len(marks(t, ctx)); n != 1 {
		t.Errorf("%d annotations after typing, want 1", n)
	}
	checkNoProblems(t, ctx, watch)
}

// toolbarCovers returns the selection's line rectangles that the
// selection toolbar overlaps, as a description ("" if none).
func toolbarCovers(t *testing.T, ctx context.Context) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => {
  const tb = document.querySelector("#sel-toolbar").getBoundingClientRect();
  const sel = window.getSelection();
  if (!sel.rangeCount) return "no selection";
  const hit = [...sel.getRangeAt(0).getClientRects()].filter(x => x.width > 0 && x.height > 0 &&
    x.left < tb.right && tb.left < x.right && x.top < tb.bottom && tb.top < x.bottom);
  const inView = tb.top >= 0 && tb.bottom <= innerHeight;
  return hit.map(x => "line at " + Math.round(x.top)).join(", ") + (inView ? "" : " toolbar out of view: " + Math.round(tb.top));
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestBrowserToolbarNeverCoversTheSelection: above the first line, else
// below the last, on a selection over two paragraphs and on one at the
// top of the view.
func TestBrowserToolbarNeverCoversTheSelection(t *testing.T) {
	ctx, watch := openSeed(t)
	from, to := spanEnds(t, ctx, "near future.", 1, "Senior officials in", 1)
	drag(t, ctx, from, to)
	waitVisible(t, ctx, `#sel-toolbar`)
	if c := toolbarCovers(t, ctx); c != "" {
		t.Errorf("two paragraphs: the toolbar covers %s", c)
	}
	press(t, ctx, kb.Escape)
	// A line at the very top of the view: no room above it.
	from, to = quoteEnds(t, ctx, "marathon talks", 1)
	moved, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`(() => { const y = scrollY; scrollBy(0, %f); return scrollY - y; })()`, from.Y-12)))
	if err != nil {
		t.Fatal(err)
	}
	from.Y, to.Y = from.Y-moved, to.Y-moved
	drag(t, ctx, from, to)
	waitVisible(t, ctx, `#sel-toolbar`)
	if c := toolbarCovers(t, ctx); c != "" {
		t.Errorf("at the top of the view (line at %.0f): the toolbar covers %s", from.Y, c)
	}
	checkNoProblems(t, ctx, watch)
}

// TestBrowserNoteSurvivesAReloadWhileTyping: a note typed and never left
// (no blur, no Ctrl+Enter) is there after the page is reloaded at once;
// one left to pause is kept without a reload too.
func TestBrowserNoteSurvivesAReloadWhileTyping(t *testing.T) {
	ctx, watch := openSeed(t)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "n")
	waitVisible(t, ctx, `textarea.note-field:focus`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("typed, never left 😀")); err != nil {
		t.Fatal(err)
	}
	reload(t, ctx)
	waitVisible(t, ctx, `main article mark.hl.has-note`)
	waitText(t, ctx, `.note-preview`, "typed, never left 😀")
	// The notebook: kept once the typing pauses.
	click(t, ctx, chromedp.CSS(`#notebook`))
	if err := chromedp.Do(ctx, chromedp.KeyEvent("notes on the whole")); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitFor(ctx, storedHolds("notes on the whole"), 5*time.Second); err != nil {
		t.Errorf("the notebook was not kept while typing: %v", err)
	}
	checkNoProblems(t, ctx, watch)
}
