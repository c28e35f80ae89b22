//go:build !wasm

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
	"marginalia/seeds"
)

// suggestionInfo is what the page shows of one entity suggestion.
type suggestionInfo struct {
	ID    string
	Text  string // its marks' text, joined
	Label string // data-suggested-label, "MIXED" if its marks differ
	Elems int    // how many elements hold part of it
	Both  bool   // an element carries an annotation ID too
}

// suggestions returns the suggestions drawn in the article, in text order.
func suggestions(t *testing.T, ctx context.Context) []suggestionInfo {
	t.Helper()
	ss, err := chromedp.Run(ctx, chromedp.Evaluate[[]suggestionInfo](`(() => {
  const out = new Map();
  for (const m of document.querySelectorAll("main article mark[data-suggestion-id]")) {
    const id = m.dataset.suggestionId;
    if (!out.has(id)) out.set(id, {ID: id, Text: "", Label: m.dataset.suggestedLabel, Elems: 0, Both: false});
    const o = out.get(id);
    o.Elems++;
    o.Text += m.textContent;
    if (m.dataset.suggestedLabel !== o.Label) o.Label = "MIXED";
    if (m.hasAttribute("data-annotation-id")) o.Both = true;
  }
  return [...out.values()];
})()`))
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// suggestionOf returns the n-th (from 1) suggestion of text.
func suggestionOf(t *testing.T, ctx context.Context, text string, n int) suggestionInfo {
	t.Helper()
	var all []string
	for _, s := range suggestions(t, ctx) {
		if s.Text == text {
			if n--; n == 0 {
				return s
			}
		}
		all = append(all, s.Text)
	}
	t.Fatalf("no suggestion of %q among %q", text, all)
	return suggestionInfo{}
}

// cardSays waits until the suggestion card shows text.
func cardSays(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	waitText(t, ctx, `[role="region"][aria-label="Suggestion"]`, text)
}

// waitSuggestions waits until the search is over and the article shows
// suggestions (the blocks around the view show some before).
func waitSuggestions(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := browser.WaitFor(ctx, `/^\d+ suggestions?/.test(document.querySelector(".suggest-bar .hint")?.textContent || "") && document.querySelectorAll("main article mark[data-suggestion-id]").length > 0`, 10*time.Second); err != nil {
		t.Fatalf("no suggestions drawn: %v", err)
	}
}

// mentionCount is how many mentions of text the article shows.
func mentionCount(t *testing.T, ctx context.Context, text string) int {
	n := 0
	for _, m := range mentions(marks(t, ctx)) {
		if m.Text == text {
			n++
		}
	}
	return n
}

// TestBrowserEntitySuggestions: the toggle draws suggestions, distinctly
// and with their attributes on every element that holds part of them;
// clicking one opens its card; Accept tags it (Ctrl+Z takes it back),
// Reject hides it for good, Accept all like this tags every one like
// it; and the stored record holds only what was accepted.
func TestBrowserEntitySuggestions(t *testing.T) {
	ctx, watch := openSeed(t)
	// A highlight over part of a name: the suggestion is split by it.
	selectQuote(t, ctx, "Kerry", 2) // in "John Kerry"
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)

	toggle := chromedp.Search(`//button[normalize-space(.)="Suggest entities"][@aria-pressed="false"]`)
	click(t, ctx, toggle)
	waitVisible(t, ctx, `button[aria-pressed="true"]`)
	waitSuggestions(t, ctx)
	all := suggestions(t, ctx)
	for _, s := range all {
		if s.Label == "" || s.Label == "MIXED" || s.Both || !strings.HasPrefix(s.ID, "sug-") {
			t.Errorf("suggestion %+v", s)
		}
	}
	john := suggestionOf(t, ctx, "John Kerry", 1)
	if john.Label != "Person" || john.Elems != 2 {
		t.Errorf("John Kerry, split by the highlight: %+v", john)
	}
	if s := suggestionOf(t, ctx, "Gaza Strip", 1); s.Label != "Location" {
		t.Errorf("Gaza Strip: %+v", s)
	}
	if n := len(mentions(marks(t, ctx))); n != 0 {
		t.Fatalf("suggesting tagged %d mentions", n)
	}

	// A click opens its card; Accept tags it, one step.
	abbas := suggestionOf(t, ctx, "Mahmoud Abbas", 1)
	click(t, ctx, chromedp.CSS(`mark[data-suggestion-id="`+abbas.ID+`"]`))
	cardSays(t, ctx, "Mahmoud Abbas")
	click(t, ctx, button("Accept"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	waitGone(t, ctx, `mark[data-suggestion-id="`+abbas.ID+`"]`)
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 0)
	waitVisible(t, ctx, `mark[data-suggestion-id="`+abbas.ID+`"]`)

	// Reject: gone, and not suggested again after a reload.
	jerusalem := suggestionOf(t, ctx, "Jerusalem", 1)
	click(t, ctx, chromedp.CSS(`mark[data-suggestion-id="`+jerusalem.ID+`"]`))
	cardSays(t, ctx, "Jerusalem")
	click(t, ctx, button("Reject"))
	waitGone(t, ctx, `mark[data-suggestion-id="`+jerusalem.ID+`"]`)

	// Accept all like this: every Kerry alone, one step.
	kerry := suggestionOf(t, ctx, "Kerry", 2)
	click(t, ctx, chromedp.CSS(`mark[data-suggestion-id="`+kerry.ID+`"]`))
	cardSays(t, ctx, "Kerry")
	alike := 0
	for _, s := range suggestions(t, ctx) {
		if s.Text == "Kerry" && s.Label == "Person" {
			alike++
		}
	}
	click(t, ctx, chromedp.Search(`//button[@aria-label="Accept all like this"]`))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, alike)
	if n := mentionCount(t, ctx, "Kerry"); n != alike || alike < 10 {
		t.Errorf("%d Kerry mentions, %d suggested", n, alike)
	}
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 0)
	press(t, ctx, "z", chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, alike)
	// They are one entity.
	if err := browser.WaitFor(ctx, storedHolds("Kerry"), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	rec := storedValue(t, ctx, store.Key(seeds.Articles()[0].ID))
	// (Mahmoud Abbas is there, as the tombstone of the undone mention.)
	for _, not := range []string{"Jerusalem", "Gaza Strip", "Benjamin Netanyahu", "sug-"} {
		if strings.Contains(rec, not) {
			t.Errorf("the stored record holds %q, never accepted", not)
		}
	}

	// Off, then a reload: nothing suggested until asked; the rejected one
	// stays rejected.
	click(t, ctx, chromedp.Search(`//button[normalize-space(.)="Suggest entities"][@aria-pressed="true"]`))
	waitGone(t, ctx, `main article mark[data-suggestion-id]`)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := browser.WaitReady(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	waitCount(t, ctx, `main article mark[data-label="Person"]`, alike)
	if n := len(suggestions(t, ctx)); n != 0 {
		t.Errorf("%d suggestions drawn before the toggle", n)
	}
	click(t, ctx, toggle)
	waitSuggestions(t, ctx)
	for _, s := range suggestions(t, ctx) {
		if s.ID == jerusalem.ID {
			t.Error("a rejected suggestion is back after a reload")
		}
		if s.Text == "Kerry" {
			t.Error("a tagged Kerry is still suggested")
		}
	}
	checkNoProblems(t, ctx, watch)
}

// TestBrowserReviewSuggestionsByKeyboard: S, ], A, R, 1–9, Shift+A,
// Escape, and Ctrl+Z, without the mouse.
func TestBrowserReviewSuggestionsByKeyboard(t *testing.T) {
	ctx, watch := openSeed(t)
	press(t, ctx, "s")
	waitSuggestions(t, ctx)
	first := suggestions(t, ctx)
	press(t, ctx, "]")
	cardSays(t, ctx, first[0].Text) // the title's "Kerry"
	waitVisible(t, ctx, `mark.focused[data-suggestion-id="`+first[0].ID+`"]`)
	press(t, ctx, "a") // accepted; the next one opens
	waitCount(t, ctx, `main article mark[data-label="`+first[0].Label+`"]`, 1)
	cardSays(t, ctx, first[1].Text)
	press(t, ctx, "r") // rejected; the next one opens
	waitGone(t, ctx, `mark[data-suggestion-id="`+first[1].ID+`"]`)
	cardSays(t, ctx, first[2].Text)
	press(t, ctx, "6") // accepted as Other, the sixth label
	waitCount(t, ctx, `main article mark[data-label="Other"]`, 1)
	if ms := mentions(marks(t, ctx)); len(ms) != 2 || ms[1].Text != first[2].Text {
		t.Errorf("mentions %+v", ms)
	}
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitCount(t, ctx, `main article mark[data-label="Other"]`, 0)
	// Shift+A on a Netanyahu: every Netanyahu alone.
	for range 40 {
		if strings.Contains(cardText(t, ctx), "“Netanyahu”") {
			break
		}
		press(t, ctx, "]")
		time.Sleep(50 * time.Millisecond)
	}
	cardSays(t, ctx, "“Netanyahu”")
	press(t, ctx, "A", chromedp.ModifierShift)
	if err := browser.WaitFor(ctx, `[...document.querySelectorAll('main article mark[data-label="Person"]')].filter(m => m.textContent === "Netanyahu").length >= 2`, 10*time.Second); err != nil {
		t.Fatalf("Shift+A: %v", err)
	}
	press(t, ctx, kb.Escape)
	waitGone(t, ctx, `[role="region"][aria-label="Suggestion"]`)
	press(t, ctx, "s")
	waitGone(t, ctx, `main article mark[data-suggestion-id]`)
	checkNoProblems(t, ctx, watch)
}

// cardText is the suggestion card's text, "" when none is open.
func cardText(t *testing.T, ctx context.Context) string {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[role="region"][aria-label="Suggestion"]')?.textContent || ""`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserSuggestionsLearnAcrossArticles: a lowercase term tagged by
// hand in one article is suggested, with its label and entity, in a new
// one; and the place lists work offline once the app is installed.
func TestBrowserSuggestionsLearnAcrossArticles(t *testing.T) {
	srv := startServer(t)
	ctx, watch := openBrowser(t)
	visit(t, ctx, srv.URL+"/a/"+seeds.Articles()[0].Slug, 30*time.Second)
	waitWorker(t, ctx)
	selectQuote(t, ctx, "secretary general", 1) // lowercase in the seed
	press(t, ctx, "1")                          // Person
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	if err := browser.WaitFor(ctx, storedHolds("secretary general"), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// Offline from here.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, chromedp.Search(`//header//a[contains(@class,"brand")]`))
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Add article"]`))
	waitVisible(t, ctx, `textarea#article-source`)
	text := "Talks in Reykjavik\n\nThe secretary general flew to Reykjavik on Monday, and the secretary general spoke there."
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`textarea#article-source`), text)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, `.composer-preview h1`, "Talks in Reykjavik")
	click(t, ctx, button("Save"))
	waitVisible(t, ctx, `main article.reader`)
	press(t, ctx, "s")
	waitSuggestions(t, ctx)
	sg := suggestionOf(t, ctx, "secretary general", 2)
	if sg.Label != "Person" {
		t.Errorf("learned term: %+v", sg)
	}
	// Nothing but the gazetteer tells that Reykjavik is a place: the
	// lists were loaded, offline.
	if s := suggestionOf(t, ctx, "Reykjavik", 2); s.Label != "Location" {
		t.Errorf("Reykjavik: %+v", s)
	}
	// Accepting links to the seed's entity: the same ID in both records.
	click(t, ctx, chromedp.CSS(`mark[data-suggestion-id="`+sg.ID+`"]`))
	cardSays(t, ctx, "secretary general")
	click(t, ctx, button("Accept"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)
	entity := func(key string) string {
		t.Helper()
		js := `(() => { const s = marginaliaStore.get(` + jsLiteral(key) + `) || "{}"; const r = JSON.parse(s.slice(s.indexOf("{"))); const e = (r.entities || []).find(e => e.name.toLowerCase() === "secretary general"); return e ? e.id : ""; })()`
		id, err := browser.WaitValue(ctx, js, 10*time.Second, func(id string) bool { return id != "" })
		if err != nil {
			t.Fatalf("%s: no entity (%v)", key, err)
		}
		return id
	}
	if err := browser.WaitFor(ctx, `marginaliaStore.keys().filter(k => k.startsWith("marginalia:article:")).length === 2`, 10*time.Second); err != nil {
		t.Fatalf("the new article's record was not saved: %v", err)
	}
	keys := storedKeys(t, ctx, "marginalia:article:")
	if a, b := entity(keys[0]), entity(keys[1]); a != b {
		t.Errorf("the two articles' entities differ: %s, %s", a, b)
	}
	checkNoProblems(t, ctx, watch)
}
