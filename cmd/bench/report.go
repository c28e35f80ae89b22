package main

import (
	"fmt"
	"strings"
	"time"
)

// report is one run of the benchmarks.
type report struct {
	runs     int
	when     time.Time
	cpus     int
	chromium string
	apps     []measurement // Marginalia first, then the baseline
	goBench  string
	suggest  string // part 6

	createDom, createPainted []float64 // ms from mouseup to the new mark, to the next frame
	scales                   []scaleResult
	load                     *loadResult
	anno                     []engineResult
	loadPaths                []string
}

// markdown is part 4 of the report.
func (s scaleResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, `
## %s

A generated article of %d words in paragraphs of 60 to 140 (the seed's own
words), added to the library, with %d generated annotations (as in part 3);
%d KB in IndexedDB. Opened alternately with the seed article in one warm
profile (served by the service worker; three openings of each first, not
counted), from navigation to `+"`aria-busy=\"false\"`"+`;
the JS heap (V8 heap and the WebAssembly memory) after a garbage collection;
then the create latency as in part 3.
`, s.title, s.words, s.annotations, s.storedKB)
	if s.err != "" {
		fmt.Fprintf(&b, "\nNot measured: %s.\n", s.err)
		return b.String()
	}
	verdict := func(ok bool) string {
		if ok {
			return "within budget"
		}
		return "**over budget**"
	}
	fmt.Fprintf(&b, `
| | median | all (ms) |
|---|---:|---|
| open the seed article | %.0f ms | %v |
| open the large article | %.0f ms | %v |
| ratio | %.2f× | |

| | |
|---|---:|
| JS heap after load | %.0f MB |
| create: mouseup → mark in the DOM, median / p95 | %.1f / %.1f ms |
| create: mouseup → next frame, median / p95 | %.1f / %.1f ms |

Budgets: open ≤ %g × the seed's (%s), heap ≤ 300 MB (%s), create as in
part 3 (%s).
`, median(s.seedOpen), rounded(s.seedOpen), median(s.scaleOpen), rounded(s.scaleOpen), median(s.scaleOpen)/median(s.seedOpen),
		s.heapMB, median(s.dom), percentile(s.dom, 0.95), median(s.painted), percentile(s.painted, 0.95),
		s.budget, verdict(median(s.scaleOpen) <= s.budget*median(s.seedOpen)), verdict(s.heapMB <= 300), verdict(median(s.dom) <= 8))
	if sg := s.suggest; len(sg.dom) > 1 {
		fmt.Fprintf(&b, `
Entity suggestions, in a fresh profile with the article open and drawn:
the S key turns them on (the first time fetching the gazetteer and
running the code for the first time), then off and, a second later, on
again %d times; from the keydown to the first suggestions' marks in the
DOM (those around the view: the rest follow in steps, a frame apart),
and to the next frame. The library's 10,000 generated annotations
include about 3,300 mentions of random runs of words, which the
suggestions learn as names: hence their number. Then the create latency
with them on.

| | first | next, median (all) |
|---|---:|---|
| S → suggestions in the DOM | %.0f ms | %.0f ms %v |
| S → next frame | %.0f ms | %.0f ms %v |

| | |
|---|---:|
| suggestions drawn | %d |
| create with suggestions on: mouseup → mark in the DOM, median / p95 | %.1f / %.1f ms |
| create with suggestions on: mouseup → next frame, median / p95 | %.1f / %.1f ms |

Budgets: suggestions ≤ 300 ms after the key, next ones (%s; the first: %s), create as in part 3 (%s).
`, len(sg.dom)-1, sg.dom[0], median(sg.dom[1:]), rounded(sg.dom[1:]), sg.painted[0], median(sg.painted[1:]), rounded(sg.painted[1:]),
			sg.count, median(s.sugCreateDom), percentile(s.sugCreateDom, 0.95), median(s.sugCreatePainted), percentile(s.sugCreatePainted, 0.95),
			verdict(median(sg.painted[1:]) <= 300), verdict(sg.painted[0] <= 300), verdict(median(s.sugCreateDom) <= 8))
	}
	return b.String()
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }

func (r report) markdown() string {
	var b strings.Builder
	m, base := r.apps[0], r.apps[1]
	ratio := func(a, b float64) string { return fmt.Sprintf("%.2f×", a/b) }
	verdict := func(ok bool) string {
		if ok {
			return "within budget"
		}
		return "**over budget**"
	}
	fmt.Fprintf(&b, `# Benchmarks

Written by `+"`make bench`"+` (the program in `+"`cmd/bench`"+`) on %s,
on this machine: %d CPUs (`+"`nproc`"+`), %s.

Every figure is measured in the same run beside a baseline: a bare go-app
v9.8.0 page (`+"`cmd/bench/hello`"+`) built with the same flags
(`+"`-trimpath -ldflags=\"-s -w\"`"+`, client and server split by build
tags) and served by the same server code (precompressed brotli at quality
11 and gzip at level 9). Ratios are Marginalia ÷ baseline.

## 1. Download size of app.wasm

| | raw | sent with br | sent with gzip |
|---|---:|---:|---:|
| %s | %s | %s | %s |
| %s | %s | %s | %s |
| ratio | %s | %s | %s |

Budget: brotli as served ≤ 1.25 × the baseline: %s.

## 2. Time to interactive

Navigation start to `+"`<main aria-busy=\"false\">`"+` (recorded in the page by a
MutationObserver, as `+"`performance.now()`"+`), median of %d loads in
headless Chromium. Cold: a fresh profile each time (no cache, no service
worker). Warm: the same profile after the first load, every load served by
the service worker, after three such loads that are not counted (the
first ones are slower while Chromium compiles and caches the WebAssembly
code). The two pages take turns (one load of each, then the next), after
one cold load of each that is not counted.

| | cold | warm |
|---|---:|---:|
| %s | %.0f ms | %.0f ms |
| %s | %.0f ms | %.0f ms |
| ratio | %s | %s |

All loads (ms): Marginalia cold %v, warm %v; baseline cold %v, warm %v.

Budget: cold ≤ 1.3 × the baseline (%s), warm ≤ 1.5 × (%s).
`,
		r.when.Format("2006-01-02 15:04 MST"), r.cpus, r.chromium,
		m.name, kb(m.raw), kb(m.br), kb(m.gzip),
		base.name, kb(base.raw), kb(base.br), kb(base.gzip),
		ratio(float64(m.raw), float64(base.raw)), ratio(float64(m.br), float64(base.br)), ratio(float64(m.gzip), float64(base.gzip)),
		verdict(float64(m.br) <= 1.25*float64(base.br)),
		r.runs,
		m.name, median(m.cold), median(m.warm),
		base.name, median(base.cold), median(base.warm),
		ratio(median(m.cold), median(base.cold)), ratio(median(m.warm), median(base.warm)),
		rounded(m.cold), rounded(m.warm), rounded(base.cold), rounded(base.warm),
		verdict(median(m.cold) <= 1.3*median(base.cold)), verdict(median(m.warm) <= 1.5*median(base.warm)),
	)
	fmt.Fprintf(&b, `
## 3. Create latency with 1,000 annotations

The seed article with 1,000 generated annotations (highlights of every
colour and entity mentions, one to six words each, overlapping and nested)
restored from IndexedDB, then %d highlights made one after another with
real mouse drags and a click on **Highlight**. Timed in the page from the
mouseup on the button to the new mark in the DOM (a MutationObserver), and to
the next requestAnimationFrame callback (the frame that paints it).

| | median | p95 |
|---|---:|---:|
| mouseup → mark in the DOM | %.1f ms | %.1f ms |
| mouseup → next frame | %.1f ms | %.1f ms |

From the mark in the DOM to the next frame: %.1f ms median (a frame is
16.7 ms at 60 Hz).

Budget: in the DOM ≤ 8 ms median (%s), painted in the next frame (%s).
`, len(r.createDom), median(r.createDom), percentile(r.createDom, 0.95),
		median(r.createPainted), percentile(r.createPainted, 0.95),
		median(gaps(r.createDom, r.createPainted)),
		verdict(median(r.createDom) <= 8), verdict(median(gaps(r.createDom, r.createPainted)) <= 1000.0/60))
	for _, s := range r.scales {
		b.WriteString(s.markdown())
	}
	if r.load != nil {
		b.WriteString(r.load.markdown(r.loadPaths))
		b.WriteString(annoMarkdown(r.anno))
	}
	if r.goBench != "" {
		fmt.Fprintf(&b, `
## 5. Go benchmarks of the pure packages

`+"`go test -bench . -benchmem ./app/...`"+`. Targets: anchoring 10,000
annotations on a 100,000-word text (exact path) < 100 ms; 200 fuzzy quotes
on 200,000 code points < 1 s.

`+"```"+`
%s
`+"```"+`
`, r.goBench)
	}
	b.WriteString(r.suggest)
	return b.String()
}

func rounded(xs []float64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x + 0.5)
	}
	return out
}

// gaps returns b[i] - a[i] for each run.
func gaps(a, b []float64) []float64 {
	out := make([]float64, min(len(a), len(b)))
	for i := range out {
		out[i] = b[i] - a[i]
	}
	return out
}
