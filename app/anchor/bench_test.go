package anchor

import (
	"math/rand/v2"
	"strings"
	"testing"

	"marginalia/app/annotation"
)

// genText makes a text of about words words drawn from the seed article,
// in sentences and paragraphs, the same for the same seed.
func genText(tb testing.TB, words int, seed uint64) string {
	vocab := strings.Fields(seedText(tb))
	r := rand.New(rand.NewPCG(seed, seed+1))
	var b strings.Builder
	for i := 0; i < words; i++ {
		if i > 0 {
			switch {
			case i%120 == 0:
				b.WriteString(".\n\n")
			case i%15 == 0:
				b.WriteString(". ")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(vocab[r.IntN(len(vocab))])
	}
	return b.String()
}

// genTargets describes n random ranges of 1 to 12 words of text.
func genTargets(tb testing.TB, tx *Text, n int, seed uint64) []annotation.Target {
	r := rand.New(rand.NewPCG(seed, seed+2))
	targets := make([]annotation.Target, 0, n)
	for len(targets) < n {
		start := r.IntN(tx.Len() - 200)
		end := start + 5 + r.IntN(80)
		tg, err := tx.Describe(start, end)
		if err != nil {
			tb.Fatal(err)
		}
		targets = append(targets, tg)
	}
	return targets
}

func benchAnchor(b *testing.B, text *Text, targets []annotation.Target, want Method) {
	b.ReportAllocs()
	for b.Loop() {
		for _, tg := range targets {
			if m := text.Anchor(tg); m.Method != want {
				b.Fatalf("anchored %q by %v, want %v", tg.Quote.Exact, m.Method, want)
			}
		}
	}
}

// BenchmarkAnchor10kPosition anchors 10,000 annotations on an unchanged
// 100,000-word text: every position still holds its quote.
func BenchmarkAnchor10kPosition(b *testing.B) {
	tx := NewText(genText(b, 100_000, 1))
	benchAnchor(b, tx, genTargets(b, tx, 10_000, 1), Position)
}

// BenchmarkAnchor10kExact anchors the same annotations after a paragraph
// was inserted at the top: every position is off, each quote is found by
// exact search and context.
func BenchmarkAnchor10kExact(b *testing.B) {
	text := genText(b, 100_000, 1)
	targets := genTargets(b, NewText(text), 10_000, 1)
	shifted := NewText("A new first paragraph, inserted after the annotations were made.\n\n" + text)
	benchAnchor(b, shifted, targets, Exact)
}

// fuzzyTargets describes 200 quotes of 40 to 120 code points in a text of
// 200,000 code points, and edits each in the text (two letters changed),
// keeping the length.
func fuzzyTargets(b *testing.B) (*Text, []annotation.Target) {
	text := string([]rune(genText(b, 200_000, 2))[:200_000])
	tx := NewText(text)
	r := rand.New(rand.NewPCG(9, 9))
	var targets []annotation.Target
	edited := []rune(text)
	for len(targets) < 200 {
		start := r.IntN(len(edited) - 200)
		end := start + 40 + r.IntN(80)
		tg, _ := tx.Describe(start, end)
		targets = append(targets, tg)
		edited[start+(end-start)/2] = 'Q'
		edited[end-3] = 'Z'
	}
	return NewText(string(edited)), targets
}

// BenchmarkAnchor200Fuzzy anchors 200 edited quotes whose positions are
// still about right, on 200,000 code points.
func BenchmarkAnchor200Fuzzy(b *testing.B) {
	tx, targets := fuzzyTargets(b)
	benchAnchor(b, tx, targets, Fuzzy)
}

// BenchmarkAnchor200FuzzyNoHint is the worst case: the positions say
// nothing (all 0), so every quote is searched in the whole text.
func BenchmarkAnchor200FuzzyNoHint(b *testing.B) {
	tx, targets := fuzzyTargets(b)
	for i := range targets {
		targets[i].Position = annotation.TextPosition{}
	}
	benchAnchor(b, tx, targets, Fuzzy)
}

func BenchmarkNewText100kWords(b *testing.B) {
	text := genText(b, 100_000, 1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		NewText(text)
	}
}

// BenchmarkSegments splits a 1,000-code-point paragraph with 100
// overlapping annotations.
func BenchmarkSegments(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	var spans []Span
	for i := range 100 {
		s := r.IntN(950)
		spans = append(spans, Span{ID: string(rune('a' + i%26)), Start: s, End: s + 1 + r.IntN(50)})
	}
	b.ReportAllocs()
	for b.Loop() {
		Segments(0, 1000, spans)
	}
}
