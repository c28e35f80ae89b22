//go:build !wasm

package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"marginalia/cmd/internal/browser"
)

// openPhone opens the seed article in a browser that acts as a phone: a
// 390×844 touch screen.
func openPhone(t *testing.T) (context.Context, *browser.Watch) {
	t.Helper()
	return openSeed(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	}))
}

// box is an element's rectangle in the viewport.
type box struct{ Left, Top, Width, Height, ViewW, ViewH float64 }

// boxOf scrolls the element that xpath finds into view and returns its box.
func boxOf(t *testing.T, ctx context.Context, xpath string) box {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[*box](fmt.Sprintf(`(() => {
  const el = document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  if (!el) return null;
  el.scrollIntoView({block: "nearest"});
  const r = el.getBoundingClientRect();
  return {Left: r.left, Top: r.top, Width: r.width, Height: r.height, ViewW: innerWidth, ViewH: innerHeight};
})()`, xpath)))
	if err != nil || b == nil {
		t.Fatalf("no %s: %v", xpath, err)
	}
	return *b
}

// tap taps the middle of what xpath finds with a finger: touch events, from
// which the browser makes the click (Input.synthesizeTapGesture makes none
// in headless Chromium).
func tap(t *testing.T, ctx context.Context, xpath string) {
	t.Helper()
	b := boxOf(t, ctx, xpath)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		pt := []*input.TouchPoint{{X: b.Left + b.Width/2, Y: b.Top + b.Height/2}}
		if _, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: pt}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	}))
	if err != nil {
		t.Fatalf("tapping %s: %v", xpath, err)
	}
}

func TestBrowserTouch(t *testing.T) {
	ctx, watch := openPhone(t)
	// Headless Chromium has no long-press text selection (no system
	// handles): the test selects as the handles do, through the page's
	// Selection, over "Ban Ki-Moon"; everything after is taps.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
  const p = [...document.querySelectorAll("main article p")].find(p => p.textContent.includes("Ban Ki-Moon"));
  const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let t = w.nextNode();
  while (!t.data.includes("Ban Ki-Moon")) t = w.nextNode();
  const i = t.data.indexOf("Ban Ki-Moon");
  p.scrollIntoView({block: "center"});
  getSelection().setBaseAndExtent(t, i, t, i + "Ban Ki-Moon".length);
  return true;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	toolbar := `//*[@role="toolbar"][@aria-label="Annotate selection"]`
	waitVisible(t, ctx, `[role="toolbar"][aria-label="Annotate selection"]`)
	tb := boxOf(t, ctx, toolbar)
	if tb.Left < 0 || tb.Left+tb.Width > tb.ViewW {
		t.Errorf("the toolbar (%+v) does not fit the phone's width", tb)
	}
	for _, name := range []string{"Highlight", "Tag entity", "Add note"} {
		if b := boxOf(t, ctx, toolbar+`//button[normalize-space(.)="`+name+`"]`); b.Height < 44 || b.Width < 44 {
			t.Errorf("%s is %.0f×%.0f px: too small for a finger (44)", name, b.Width, b.Height)
		}
	}

	// Tag entity, then a label, by taps.
	tap(t, ctx, toolbar+`//button[normalize-space(.)="Tag entity"]`)
	waitVisible(t, ctx, `.label-picker`)
	tap(t, ctx, `//*[@aria-label="Entity label"]//button[normalize-space(.)="Person"]`)
	waitCount(t, ctx, `main article mark[data-label="Person"]`, 1)

	// Tapping the mark opens its card in the bottom sheet, above which
	// the mark stays visible; Delete removes it.
	tap(t, ctx, `//main//article//mark[@data-label="Person"]`)
	waitVisible(t, ctx, `.card`)
	mark := boxOf(t, ctx, `//main//article//mark[@data-label="Person"]`)
	sheet := boxOf(t, ctx, `//aside[contains(@class,"sidebar")]`)
	if mark.Top+mark.Height > sheet.Top {
		t.Errorf("the mark (top %.0f) is under the sheet (top %.0f)", mark.Top, sheet.Top)
	}
	tap(t, ctx, `//*[contains(@class,"card")]//button[normalize-space(.)="Delete"]`)
	waitCount(t, ctx, `main article mark`, 0)
	checkNoProblems(t, ctx, watch)
}
