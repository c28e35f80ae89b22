package ui

import (
	"strings"
	"testing"

	"marginalia/app/annotation"
	"marginalia/seeds"
)

// BenchmarkHighlightWith1k is the reader's work for one new highlight on
// the seed article with 1,000 annotations (before go-app draws it): the
// edit, re-anchoring what changed and recomputing the touched blocks.
func BenchmarkHighlightWith1k(b *testing.B) {
	w := newWorkspace(seeds.Articles()[0])
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
		id, err := w.highlight(100, 120, annotation.Green)
		if err != nil {
			b.Fatal(err)
		}
		w.remove(id)
	}
}
