package suggest

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// BenchmarkSuggest100kWords: suggestions for a 100,000-word article made
// of the gold set's own words (names among them), the size of the large
// article of make bench's part 4. The reader's budget is 300 ms from the
// toggle to the suggestions drawn.
func BenchmarkSuggest100kWords(b *testing.B) {
	docs, err := ReadGold("testdata/gold")
	if err != nil {
		b.Fatal(err)
	}
	var vocab []string
	for _, d := range docs {
		vocab = append(vocab, strings.Fields(d.Text)...)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var sb strings.Builder
	for n := 0; n < 100_000; n++ {
		sb.WriteString(vocab[r.IntN(len(vocab))])
		if n%120 == 119 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteByte(' ')
		}
	}
	text, gaz := sb.String(), testGazetteer(b)
	b.ResetTimer()
	for b.Loop() {
		Suggest(text, nil, gaz, nil)
	}
}
