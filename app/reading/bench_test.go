package reading

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// BenchmarkHighlightWith1k is the reader's work for one new highlight on
// the seed article with 1,000 annotations (before go-app draws it): the
// edit, re-anchoring what changed and recomputing the touched blocks.
func BenchmarkHighlightWith1k(b *testing.B) {
	w := NewWorkspace(seeds.Articles()[0])
	words := strings.Fields(w.art.Text)
	var anns []annotation.Annotation
	pos := 0
	for i := 0; len(anns) < 1000; i++ {
		s := pos % (w.text.Len() - 40)
		tg, err := w.target(s, s+12)
		if err != nil {
			b.Fatal(err)
		}
		anns = append(anns, annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: annotation.Yellow, Target: tg})
		pos += 37 + len(words[i%len(words)])
	}
	if err := w.set.Apply(annotation.Edit{Put: anns}); err != nil {
		b.Fatal(err)
	}
	w.refresh()
	for b.Loop() {
		id, err := w.Highlight(100, 120, annotation.Green)
		if err != nil {
			b.Fatal(err)
		}
		w.Remove(id)
	}
}

// BenchmarkOpenLarge is the reader's own work in opening an added article
// of 100,000 words with 10,000 annotations (before anything is drawn):
// finding and parsing it, segmenting it, reading and decoding its record,
// and placing the annotations; each step is reported too.
func BenchmarkOpenLarge(b *testing.B) {
	seed := seeds.Articles()[0]
	var sb strings.Builder
	sb.WriteString("A large article\n\nIts dek.\n\n")
	words := strings.Fields(seed.Text)
	for p := 0; p < 1000; p++ {
		for w := 0; w < 100; w++ {
			if w > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString(words[(p*100+w)%len(words)])
		}
		sb.WriteString("\n\n")
	}
	mem := &store.Memory{}
	it, err := library.New(mem).Add(sb.String(), library.Text, time.Now(), func(string) bool { return false })
	if err != nil {
		b.Fatal(err)
	}
	w := NewWorkspace(it.Article)
	r := rand.New(rand.NewPCG(1, 2))
	var anns []annotation.Annotation
	for len(anns) < 10000 {
		s := r.IntN(w.text.Len() - 60)
		tg, err := w.target(s, s+5+r.IntN(40))
		if err != nil {
			continue
		}
		anns = append(anns, annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: annotation.Yellow, Target: tg, Created: time.Now(), Modified: time.Now()})
	}
	set := &annotation.Set{}
	if err := set.Apply(annotation.Edit{Put: anns}); err != nil {
		b.Fatal(err)
	}
	if _, err := store.New(mem).Save(it.Article.ID, store.Data{Set: set, Labels: annotation.DefaultLabels}); err != nil {
		b.Fatal(err)
	}
	var tf, tw, tl, tr time.Duration
	for b.Loop() {
		t0 := time.Now()
		got, ok := library.New(mem).BySlug(it.Slug)
		if !ok {
			b.Fatal("not found")
		}
		t1 := time.Now()
		ws := NewWorkspace(got.Article)
		ws.Show(FirstDrawn(ws.blocks))
		t2 := time.Now()
		d, err := store.New(mem).Load(got.Article.ID)
		if err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		ws.restore(d)
		t4 := time.Now()
		tf += t1.Sub(t0)
		tw += t2.Sub(t1)
		tl += t3.Sub(t2)
		tr += t4.Sub(t3)
	}
	n := time.Duration(b.N)
	b.ReportMetric(float64((tf/n).Microseconds())/1000, "find-ms")
	b.ReportMetric(float64((tw/n).Microseconds())/1000, "ws-ms")
	b.ReportMetric(float64((tl/n).Microseconds())/1000, "load-ms")
	b.ReportMetric(float64((tr/n).Microseconds())/1000, "restore-ms")
}

// BenchmarkImport1kEdited imports 1,000 annotations of the seed article,
// a tenth of them with a quote edited by one letter (as by a correction
// made after they were taken) and no position, from another copy of the
// article: the time of the import, and the share of them placed exactly,
// approximately, and kept as orphans.
func BenchmarkImport1kEdited(b *testing.B) {
	seed := seeds.Articles()[0]
	w := NewWorkspace(seed)
	r := rand.New(rand.NewPCG(3, 4))
	words := []rune("abcdefghijklmnopqrstuvwxyz")
	var anns []annotation.Annotation
	for len(anns) < 1000 {
		s := r.IntN(w.text.Len() - 60)
		st, e, ok := w.text.SnapToWords(s, s+8+r.IntN(30))
		if !ok {
			continue
		}
		tg, err := w.target(st, e)
		if err != nil {
			continue
		}
		if len(anns)%10 == 0 {
			q := []rune(tg.Quote.Exact)
			q[len(q)/2] = words[r.IntN(len(words))]
			tg.Quote.Exact = string(q)
			tg.Position = annotation.TextPosition{}
			tg.Source = "https://news.example/" + seed.Slug
		}
		anns = append(anns, annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: annotation.Yellow, Note: "n", Target: tg,
			Created: time.Now().UTC().Truncate(time.Millisecond), Modified: time.Now().UTC().Truncate(time.Millisecond)})
	}
	data, err := webanno.Encode(webanno.Collection{Source: seed.IRI(), Annotations: anns})
	if err != nil {
		b.Fatal(err)
	}
	var rep importReport
	for b.Loop() {
		ws := NewWorkspace(seed)
		if rep, err = ws.ImportJSON(data, func(s string) string { return s }); err != nil {
			b.Fatal(err)
		}
	}
	n := float64(len(anns))
	b.ReportMetric(100*float64(rep.Exact)/n, "exact-%")
	b.ReportMetric(100*float64(rep.Approximate)/n, "approx-%")
	b.ReportMetric(100*float64(rep.Orphans)/n, "orphan-%")
}
