package store

import (
	"fmt"
	"testing"
	"time"

	"marginalia/app/annotation"
)

// tenThousand is a record of 10,000 annotations, as a busy reader's large
// article holds.
func tenThousand(b *testing.B) (*Memory, string) {
	b.Helper()
	anns := make([]annotation.Annotation, 10_000)
	when := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for i := range anns {
		anns[i] = annotation.Annotation{
			ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Kind: annotation.Highlight, Color: annotation.Yellow,
			Created: when, Modified: when, Note: "a short note",
			Target: annotation.Target{
				Source:   "urn:marginalia:article:0123456789abcdef",
				Quote:    annotation.TextQuote{Exact: "several words of the text", Prefix: "thirty-two code points before it", Suffix: "and thirty-two code points after"},
				Position: annotation.TextPosition{Start: i * 10, End: i*10 + 25},
			},
		}
	}
	set := &annotation.Set{}
	if err := set.Apply(annotation.Edit{Put: anns}); err != nil {
		b.Fatal(err)
	}
	mem := &Memory{}
	if _, err := New(mem).Save("a", Data{Set: set}); err != nil {
		b.Fatal(err)
	}
	return mem, "a"
}

func BenchmarkLoad10k(b *testing.B) {
	mem, id := tenThousand(b)
	raw, _, _ := mem.Get(Key(id))
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := New(mem).Load(id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSave10k(b *testing.B) {
	mem, id := tenThousand(b)
	s := New(mem)
	d, err := s.Load(id)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Save(id, d); err != nil {
			b.Fatal(err)
		}
	}
}
