package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/store"
	"marginalia/cmd/internal/browser"
)

// generatedRecord makes a stored record of n annotations on a: highlights
// of every colour and mentions, on random ranges of one to six words, so
// that they overlap and nest as a busy reader's do.
func generatedRecord(a article.Article, n int) (string, error) {
	text := anchor.NewText(a.Text)
	type word struct{ start, end int }
	var words []word
	runes := []rune(a.Text)
	for _, b := range a.Paragraphs() {
		inWord, ws := false, 0
		for i := b.Start; i <= b.End; i++ {
			space := i == b.End || runes[i] == ' '
			if !space && !inWord {
				inWord, ws = true, i
			}
			if space && inWord {
				inWord = false
				words = append(words, word{ws, i})
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	set := &annotation.Set{}
	var anns []annotation.Annotation
	for len(anns) < n {
		i := r.IntN(len(words))
		j := min(len(words)-1, i+r.IntN(6))
		if words[j].start < words[i].start || words[j].end-words[i].start > 200 {
			continue
		}
		tg, err := text.Describe(words[i].start, words[j].end)
		if err != nil {
			return "", err
		}
		tg.Source = a.IRI()
		an := annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: annotation.Colors[r.IntN(5)], Target: tg}
		if r.IntN(3) == 0 {
			an.Kind, an.Color, an.Label = annotation.Mention, "", annotation.DefaultLabels[r.IntN(6)]
		}
		anns = append(anns, an)
	}
	if err := set.Apply(annotation.Edit{Put: anns}); err != nil {
		return "", err
	}
	mem := &store.Memory{}
	if _, err := store.New(mem).Save(a.ID, store.Data{Set: set, Labels: annotation.DefaultLabels}); err != nil {
		return "", err
	}
	raw, _, _ := mem.Get(store.Key(a.ID))
	return raw, nil
}

// createProbe times, in the page, from the mouseup on the Highlight button
// to the new mark in the DOM (a MutationObserver) and to the frame after it
// (the next requestAnimationFrame callback, which runs before that frame is
// painted).
const createProbe = `(() => {
  window.__create = [];
  let t0 = 0, known = null;
  // The marks known before are listed at the press, not in the timed
  // span from its release.
  document.addEventListener("mousedown", e => {
    if (e.target.closest && e.target.closest(".tb-highlight")) {
      known = new Set([...document.querySelectorAll("mark[data-annotation-id]")].map(m => m.dataset.annotationId));
    }
  }, true);
  document.addEventListener("mouseup", e => {
    if (e.target.closest && e.target.closest(".tb-highlight")) {
      t0 = performance.now();
    }
  }, true);
  // The time is taken first, and only the added nodes are searched: the
  // probe must not time its own search through every mark.
  new MutationObserver(records => {
    const now = performance.now();
    if (!t0) return;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== Node.ELEMENT_NODE) continue;
        const marks = [...n.querySelectorAll("mark[data-annotation-id]")];
        if (n.matches("mark[data-annotation-id]")) marks.push(n);
        if (marks.some(m => !known.has(m.dataset.annotationId))) {
          const start = t0, dom = now - start;
          t0 = 0;
          requestAnimationFrame(() => window.__create.push({Dom: dom, Painted: performance.now() - start}));
          return;
        }
      }
    }
  }).observe(document, {subtree: true, childList: true});
})();`

// suggestProbe times, in the page, from the S key's keydown (which turns
// entity suggestions on) to the first suggestion's mark in the DOM and to
// the frame after it.
const suggestProbe = `(() => {
  window.__suggest = [];
  let t0 = 0;
  document.addEventListener("keydown", e => { if (e.key === "s") t0 = performance.now(); }, true);
  new MutationObserver(records => {
    const now = performance.now();
    if (!t0) return;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === Node.ELEMENT_NODE && (n.matches("mark[data-suggestion-id]") || n.querySelector("mark[data-suggestion-id]"))) {
          const start = t0, dom = now - start;
          t0 = 0;
          requestAnimationFrame(() => window.__suggest.push({Dom: dom, Painted: performance.now() - start}));
          return;
        }
      }
    }
  }).observe(document, {subtree: true, childList: true});
})();`

// suggestLatency turns entity suggestions on and off toggles times with
// the S key, and returns the times from the key to the suggestions in the
// DOM and to the next painted frame, in ms; it leaves them on. The first
// time includes fetching the gazetteer (from the service worker's cache
// when it has it).
func suggestLatency(ctx context.Context, toggles int) (dom, painted []float64, err error) {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](suggestProbe)); err != nil {
		return nil, nil, err
	}
	for len(dom) < toggles {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("s")); err != nil {
			return nil, nil, err
		}
		res, err := browser.WaitValue(ctx, `window.__suggest || []`, 10*time.Second,
			func(res []struct{ Dom, Painted float64 }) bool { return len(res) > len(dom) })
		if err != nil {
			return nil, nil, fmt.Errorf("no suggestions after the S key: %w", err)
		}
		dom = append(dom, res[len(dom)].Dom)
		painted = append(painted, res[len(painted)].Painted)
		// Wait until the search is over (the sidebar counts them), then
		// turn them off, except after the last.
		if err := browser.WaitFor(ctx, `/^\d+ suggestions?/.test(document.querySelector(".suggest-bar .hint")?.textContent || "")`, time.Minute); err != nil {
			return nil, nil, fmt.Errorf("the suggestions were not counted: %w", err)
		}
		if len(dom) == toggles {
			break
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("s")); err != nil {
			return nil, nil, err
		}
		if err := browser.WaitFor(ctx, `!document.querySelector("mark[data-suggestion-id]")`, 10*time.Second); err != nil {
			return nil, nil, err
		}
		time.Sleep(time.Second) // a page at rest, as a reader finds it
	}
	return dom, painted, nil
}

// createLatency loads url with items (a record of annotations…) stored, then
// highlights runs quotes one after another with real mouse drags and
// clicks, and returns the times to the mark in the DOM and to the next
// painted frame, in ms. With a profile file name, it writes a Chromium CPU
// profile of the runs there (open it in DevTools' Performance panel).
// With sug, it first turns entity suggestions on sug.toggles times
// (suggestLatency), into sug, and creates with them on.
func createLatency(chromium, url string, items map[string]string, runs int, profile string, sug *suggestTimes) (dom, painted []float64, err error) {
	dir, err := os.MkdirTemp("", "bench-create-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := browser.NewBrowser(chromium, dir)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, nil, err
	}
	if err := browser.WaitReady(ctx, time.Minute); err != nil {
		return nil, nil, err
	}
	if err := putItems(ctx, items); err != nil {
		return nil, nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		return nil, nil, err
	}
	if err := browser.WaitReady(ctx, time.Minute); err != nil {
		return nil, nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](createProbe)); err != nil {
		return nil, nil, err
	}
	if sug != nil {
		// A long article is drawn in steps, a frame apart: all are by now.
		time.Sleep(3 * time.Second)
		if sug.dom, sug.painted, err = suggestLatency(ctx, sug.toggles); err != nil {
			return nil, nil, err
		}
		sug.count, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll("mark[data-suggestion-id]")].map(m => m.dataset.suggestionId)).size`))
	}
	count, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll("mark[data-annotation-id]")].map(m => m.dataset.annotationId)).size`))
	fmt.Printf("  %d annotations drawn before the runs\n", count)
	words, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main article p:not(.dek)")].map(p => p.textContent)`))
	if err != nil {
		return nil, nil, err
	}
	if profile != "" {
		if err := chromedp.Do(ctx, chromedp.Func(startProfile)); err != nil {
			return nil, nil, fmt.Errorf("starting the CPU profile: %w", err)
		}
		defer func() {
			if perr := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				return stopProfile(ctx, tg, profile)
			})); perr != nil && err == nil {
				err = fmt.Errorf("writing the CPU profile: %w", perr)
			}
		}()
	}
	r := rand.New(rand.NewPCG(7, 7))
	for len(dom) < runs {
		para := words[r.IntN(len(words))]
		fields := strings.Fields(para)
		if len(fields) < 4 {
			continue
		}
		i := r.IntN(len(fields) - 3)
		quote := strings.Join(fields[i:i+2], " ")
		if strings.Count(para, quote) != 1 {
			continue
		}
		if err := dragOver(ctx, quote); err != nil {
			return nil, nil, err
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(".tb-highlight")), chromedp.Click(chromedp.CSS(".tb-highlight")))
		cancel()
		if err != nil {
			return nil, nil, fmt.Errorf("highlighting %q: %w", quote, err)
		}
		res, err := browser.WaitValue(ctx, `window.__create || []`, 4*time.Second,
			func(res []struct{ Dom, Painted float64 }) bool { return len(res) > len(dom) })
		if err != nil {
			return nil, nil, fmt.Errorf("no new mark after highlighting %q: %w", quote, err)
		}
		dom = append(dom, res[len(dom)].Dom)
		painted = append(painted, res[len(painted)].Painted)
	}
	return dom, painted, nil
}

// startProfile starts Chromium's sampling CPU profiler (200 µs).
func startProfile(ctx context.Context, tg *chromedp.Target) error {
	if _, err := cdp.Call(ctx, tg, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, tg, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		return err
	}
	_, err := cdp.Call(ctx, tg, profiler.Start, cdp.Empty{})
	return err
}

// stopProfile stops the profiler and writes the profile to file.
func stopProfile(ctx context.Context, tg *chromedp.Target, file string) error {
	res, err := cdp.Call(ctx, tg, profiler.Stop, cdp.Empty{})
	if err != nil {
		return err
	}
	b, err := json.Marshal(res.Profile)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

// dragOver selects quote in the article with a real mouse drag.
func dragOver(ctx context.Context, quote string) error {
	js := fmt.Sprintf(`(() => {
  const q = %s;
  for (const p of document.querySelectorAll("main article p")) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const nodes = []; let text = "";
    for (let t = walker.nextNode(); t; t = walker.nextNode()) { nodes.push([t, text.length]); text += t.data; }
    const at = text.indexOf(q);
    if (at < 0) continue;
    const locate = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
    const r = document.createRange();
    const [sn, so] = locate(at), [en, eo] = locate(at + q.length - 1);
    r.setStart(sn, so); r.setEnd(en, eo + 1);
    p.scrollIntoView({block: "center"});
    const rects = [...r.getClientRects()].filter(x => x.width > 0);
    const f = rects[0], l = rects[rects.length - 1];
    return [f.left + 1, f.top + f.height / 2, l.right - 1, l.top + l.height / 2];
  }
  return null;
})()`, jsString(quote))
	pts, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](js))
	if err != nil || len(pts) != 4 {
		return fmt.Errorf("finding %q: %v", quote, err)
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		send := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) error {
			_, err := cdp.Call(ctx, t, input.DispatchMouseEvent, input.DispatchMouseEventParams{
				Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1,
			})
			return err
		}
		if err := send(input.DispatchMouseEventTypeMousePressed, pts[0], pts[1], 1); err != nil {
			return err
		}
		for i := 1; i <= 6; i++ {
			f := float64(i) / 6
			if err := send(input.DispatchMouseEventTypeMouseMoved, pts[0]+(pts[2]-pts[0])*f, pts[1]+(pts[3]-pts[1])*f, 1); err != nil {
				return err
			}
		}
		return send(input.DispatchMouseEventTypeMouseReleased, pts[2], pts[3], 0)
	}))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func percentile(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := int(p*float64(len(s)-1) + 0.5)
	return s[i]
}
