//go:build !wasm

package main

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserScreenshot annotates the seed as a reader would, then saves a
// screenshot of the reader with highlights, entity tags, a note and the
// sidebar to $MARGINALIA_SCREENSHOT (make screenshot sets it for the
// README). It runs with the other browser tests, checking the flow, and
// writes the file only when asked.
func TestBrowserScreenshot(t *testing.T) {
	ctx, watch := openSeed(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1360, 900)); err != nil {
		t.Fatal(err)
	}
	// Each step waits for what it draws before the next drag: a drag that
	// starts while its paragraph is being redrawn selects nothing.
	selectQuote(t, ctx, "Kerry", 2)
	press(t, ctx, "1") // Person
	click(t, ctx, button("Tag all 11 other occurrences"))
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 12)
	selectQuote(t, ctx, "Gaza Strip", 1)
	press(t, ctx, "3") // Location
	waitCount(t, ctx, `main article mark[data-label="Location"]`, 1)
	press(t, ctx, kb.Escape)
	waitGone(t, ctx, `.offer`)
	selectQuote(t, ctx, "Mahmoud Abbas", 1)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 13)
	press(t, ctx, kb.Escape)
	selectQuote(t, ctx, "there was no sign of a breakthrough", 1)
	press(t, ctx, "h")
	waitCount(t, ctx, `main article mark.hl`, 1)
	selectQuote(t, ctx, "a cease-fire is not around the corner", 1)
	press(t, ctx, "n")
	waitVisible(t, ctx, `textarea.note-field:focus`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("Compare with the State Department’s readout.")); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter, chromedp.ModifierCtrl)
	waitVisible(t, ctx, `main article mark.hl.has-note`)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0); document.activeElement.blur()`)); err != nil {
		t.Fatal(err)
	}
	checkNoProblems(t, ctx, watch)
	out := os.Getenv("MARGINALIA_SCREENSHOT")
	if out == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
