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

Budget: brotli as served ≤ 1.15 × the baseline: %s.

## 2. Time to interactive

Navigation start to `+"`<main aria-busy=\"false\">`"+` (recorded in the page by a
MutationObserver, as `+"`performance.now()`"+`), median of %d loads in
headless Chromium. Cold: a fresh profile each time (no cache, no service
worker). Warm: the same profile after the first load, every load served by
the service worker.

| | cold | warm |
|---|---:|---:|
| %s | %.0f ms | %.0f ms |
| %s | %.0f ms | %.0f ms |
| ratio | %s | %s |

All loads (ms): Marginalia cold %v, warm %v; baseline cold %v, warm %v.

Budget: ≤ 1.3 × the baseline: cold %s, warm %s.
`,
		r.when.Format("2006-01-02 15:04 MST"), r.cpus, r.chromium,
		m.name, kb(m.raw), kb(m.br), kb(m.gzip),
		base.name, kb(base.raw), kb(base.br), kb(base.gzip),
		ratio(float64(m.raw), float64(base.raw)), ratio(float64(m.br), float64(base.br)), ratio(float64(m.gzip), float64(base.gzip)),
		verdict(float64(m.br) <= 1.15*float64(base.br)),
		r.runs,
		m.name, median(m.cold), median(m.warm),
		base.name, median(base.cold), median(base.warm),
		ratio(median(m.cold), median(base.cold)), ratio(median(m.warm), median(base.warm)),
		rounded(m.cold), rounded(m.warm), rounded(base.cold), rounded(base.warm),
		verdict(median(m.cold) <= 1.3*median(base.cold)), verdict(median(m.warm) <= 1.3*median(base.warm)),
	)
	if r.goBench != "" {
		fmt.Fprintf(&b, `
## 3. Go benchmarks of the pure packages

`+"`go test -bench . -benchmem ./app/...`"+`. Targets: anchoring 10,000
annotations on a 100,000-word text (exact path) < 100 ms; 200 fuzzy quotes
on 200,000 code points < 1 s.

`+"```"+`
%s
`+"```"+`
`, r.goBench)
	}
	return b.String()
}

func rounded(xs []float64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x + 0.5)
	}
	return out
}
