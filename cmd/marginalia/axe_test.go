//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeVersion is the axe-core release the accessibility test runs.
const axeVersion = "4.14.1"

// axeSource returns axe-core's script, installed from the npm registry
// into a cache folder on first use. The test is skipped, saying why, where
// npm or the registry is not there.
func axeSource(t *testing.T) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "marginalia-tests", "axe-core-"+axeVersion)
	file := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(file); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("accessibility test skipped: npm is not installed (it installs axe-core)")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", "axe-core@"+axeVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("accessibility test skipped: npm could not install axe-core: %v\n%s", err, out)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// checkAxe runs axe-core on the page (injected through DevTools, which the
// page's Content-Security-Policy does not apply to) and fails t on every
// serious or critical WCAG 2.1 A/AA violation.
func checkAxe(t *testing.T, ctx context.Context, src, where string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		var nodes []string
		for _, n := range v.Nodes {
			b, _ := json.Marshal(n.Target)
			nodes = append(nodes, string(b))
		}
		msg := where + ": " + v.Impact + " " + v.ID + " (" + v.Help + ") at " + strings.Join(nodes, ", ")
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

func TestBrowserAccessibility(t *testing.T) {
	src := axeSource(t)
	ctx, watch := openSeed(t)
	// The reader with a highlight, a tagged entity, a note, the sidebar
	// and a card open.
	selectQuote(t, ctx, "Kerry", 2)
	press(t, ctx, "1")
	waitCount(t, ctx, `main article mark.ent`, 1)
	selectQuote(t, ctx, "marathon talks", 1)
	press(t, ctx, "n")
	waitVisible(t, ctx, `textarea.note-field`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`textarea.note-field`), "A note.")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, src, "reader with a card open")
	selectQuote(t, ctx, "Mahmoud Abbas", 1)
	click(t, ctx, button("Tag entity"))
	waitVisible(t, ctx, `.label-picker`)
	checkAxe(t, ctx, src, "reader with the label picker")
	press(t, ctx, "Escape")

	click(t, ctx, chromedp.Search(`//header//a[contains(@class,"brand")]`))
	waitVisible(t, ctx, `.article-list`)
	checkAxe(t, ctx, src, "library")
	click(t, ctx, chromedp.Search(`//a[normalize-space(.)="Add article"]`))
	waitVisible(t, ctx, `textarea#article-source`)
	checkAxe(t, ctx, src, "add article")
	checkNoProblems(t, ctx, watch)
}
