//go:build !wasm

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"marginalia/seeds"
)

// Payloads that would run script if the page ever treated text as HTML or
// a URL; each flips the canary window.__pwned. The first three need
// inline script, which the Content-Security-Policy blocks anyway; the
// last four act without it (a link that is followed, a frame, a refresh,
// a form), so the test also looks for the elements themselves.
var hostile = []string{
	`<img src=x onerror="window.__pwned=true">`,
	`"><svg onload="window.__pwned=true">`,
	`<script>window.__pwned=true</script>`,
	"\u202Eevil\u202C a\u200Bb \u0007 \u0000",
	`<a href="javascript:window.__pwned=true" id="pwn-link">follow me</a>`,
	`<iframe srcdoc="&lt;script&gt;parent.__pwned=true&lt;/script&gt;"></iframe>`,
	`<meta http-equiv="refresh" content="0;url=/#pwned">`,
	`<form action="/#pwned" id="pwn-form"><button>go</button></form>`,
}

// injected counts, anywhere in the document, the elements that user text
// must never become: markup that acts without script included. (The
// page's own scripts all have a src; its only image is the logo.)
const injected = `document.querySelectorAll('a[href^="javascript:" i], iframe, frame, object, embed, form, meta[http-equiv], base, ' +
  'script:not([src]), svg, img:not(.brand-mark):not(#app-wasm-loader-icon), [onerror], [onload], [srcdoc], #pwn-link, #pwn-form').length`

func TestBrowserHostileInput(t *testing.T) {
	ctx, watch := openSeed(t)
	canary := func() {
		t.Helper()
		pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pwned === true`))
		if err != nil || pwned {
			t.Fatalf("injected script ran (%v)", err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](injected))
		if err != nil || n != 0 {
			t.Fatalf("%d elements made of user text (%v)", n, err)
		}
		// Follow what would be a link, were one made; then the page must
		// not have moved on (a refresh, a form sent).
		chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("pwn-link")?.click()`))
		if hash, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`)); hash == "#pwned" {
			t.Fatal("user text navigated the page")
		}
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth + 1`))
		if wide {
			t.Error("the page scrolls sideways: long text broke the layout")
		}
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__pwned = false`)); err != nil {
		t.Fatal(err)
	}

	// A note of every payload.
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "n")
	waitVisible(t, ctx, `textarea.note-field`)
	note := strings.Join(append(hostile[:3:3], hostile[4:]...), " ")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`textarea.note-field`), note)); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter, chromedp.ModifierCtrl)
	waitVisible(t, ctx, `main article mark.has-note`)
	press(t, ctx, kb.Escape)
	waitText(t, ctx, `.note-preview`, hostile[0])

	// A label and an entity name and link.
	selectQuote(t, ctx, "Kerry", 2)
	click(t, ctx, button("Tag entity"))
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[aria-label="New label"]`), hostile[1]+"\n")); err != nil {
		t.Fatal(err)
	}
	waitCount(t, ctx, `main article mark.ent`, 1)
	if l, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main article mark.ent").dataset.label`)); l != hostile[1] {
		t.Errorf("label shown as %q", l)
	}
	click(t, ctx, chromedp.Search(`//button[@aria-label="Rename Kerry"]`))
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`input[id^="entity-name-"]`), hostile[2]+hostile[3]+hostile[6]),
		chromedp.SetValue(chromedp.CSS(`input[id^="entity-iri-"]`), "javascript:window.__pwned=true"),
	); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, button("Save"))
	waitText(t, ctx, `section.entities`, hostile[2])
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href^="javascript:"]').length`)); n != 0 {
		t.Error("a javascript: link was made")
	}
	canary()

	// An import with a 1 MB note, payloads in labels, names and tags.
	seed := seeds.Articles()[0]
	big := strings.Repeat("long-note-without-spaces-", 1<<20/25)
	doc := map[string]any{
		"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "id": "urn:x:hostile", "total": 2,
		"first": map[string]any{"type": "AnnotationPage", "id": "urn:x:hostile:1", "startIndex": 0, "items": []any{
			map[string]any{"id": "urn:uuid:7d1f6c52-0000-4000-8000-000000000001", "type": "Annotation", "motivation": "commenting",
				"body":   []any{map[string]any{"type": "TextualBody", "value": big, "purpose": "commenting"}, map[string]any{"type": "TextualBody", "value": hostile[0], "purpose": "tagging"}, map[string]any{"type": "TextualBody", "value": hostile[5] + hostile[7], "purpose": "tagging"}},
				"target": map[string]any{"source": seed.IRI(), "selector": map[string]any{"type": "TextQuoteSelector", "exact": "Ben-Gurion airport"}}},
			map[string]any{"id": "urn:uuid:7d1f6c52-0000-4000-8000-000000000002", "type": "Annotation", "motivation": "identifying",
				"body":   []any{map[string]any{"type": "TextualBody", "value": hostile[2], "purpose": "classifying"}, map[string]any{"type": "TextualBody", "value": hostile[4], "purpose": "identifying"}},
				"target": map[string]any{"source": seed.IRI(), "selector": map[string]any{"type": "TextQuoteSelector", "exact": "Mahmoud Abbas"}}},
		}},
	}
	b, _ := json.Marshal(doc)
	file := filepath.Join(t.TempDir(), "hostile.json")
	os.WriteFile(file, b, 0o644)
	if msg := importFile(t, ctx, file); !strings.HasPrefix(msg, "Imported 2") {
		t.Fatalf("import says %q", msg)
	}
	waitCount(t, ctx, `main article mark`, 4)
	canary()

	// Article text, added by the reader.
	click(t, ctx, chromedp.Search(`//header//a[contains(@class,"brand")]`))
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Add article"]`))
	waitVisible(t, ctx, `textarea#article-source`)
	// (A NUL makes it binary, which the page refuses: left out here.)
	text := hostile[1] + "\n" + hostile[0] + "\n\n" + hostile[2] + " " + strings.ReplaceAll(hostile[3], "\u0000", "") + " " + strings.Repeat("x", 5000) +
		"\n\n" + strings.Join(hostile[4:], "\n\n") + "\n\n[follow me](javascript:window.__pwned=true) <https://example.org/>"
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`textarea#article-source`), text),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#article-source").dispatchEvent(new Event("input", {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, `.composer-preview h1`, hostile[1])
	canary()
	click(t, ctx, button("Save"))
	waitVisible(t, ctx, `main article.reader`)
	waitText(t, ctx, `main article.reader h1`, hostile[1])
	canary()
	checkNoProblems(t, ctx, watch)
}
