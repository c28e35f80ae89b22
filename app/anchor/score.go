package anchor

import "marginalia/app/annotation"

// Weights of the parts of a candidate's score, as in the Hypothesis client:
// the quote matters most, then its context; the position only breaks ties.
const (
	quoteWeight    = 50
	prefixWeight   = 20
	suffixWeight   = 20
	positionWeight = 2
	totalWeight    = quoteWeight + prefixWeight + suffixWeight + positionWeight
)

// MinFuzzyScore is the score an approximate match needs. A quote found with
// many errors and no supporting context scores about a third; a lightly
// edited passage scores well above a half; a quote that comes without
// context needs to be nearly intact (about 92 % alike).
const MinFuzzyScore = 0.5

// quoteContext is a quote prepared for scoring, all in normalised form.
type quoteContext struct {
	quote, prefix, suffix []rune
	hint                  int // expected start, in the normalised text
}

func newQuoteContext(q annotation.TextQuote, hint int32) quoteContext {
	return quoteContext{
		quote:  normalize(q.Exact),
		prefix: normalize(q.Prefix),
		suffix: normalize(q.Suffix),
		hint:   int(hint),
	}
}

// score rates the candidate [ns, ne) of the normalised text, found with
// the given number of errors, from 0 to 1.
func (t *Text) score(ctx quoteContext, ns, ne, errors int) float64 {
	quote := 1.0
	if len(ctx.quote) > 0 {
		quote = max(0, 1-float64(errors)/float64(len(ctx.quote)))
	}
	// Context the target does not carry is no evidence for a candidate
	// (an imported quote may come without any): it scores 0, unless the
	// candidate is at that edge of the text, where there is none to carry.
	prefix, suffix := 0.0, 0.0
	if n := len(ctx.prefix); n > 0 {
		prefix = similarity(ctx.prefix, t.norm[max(0, ns-n):ns])
	} else if ns == 0 {
		prefix = 1
	}
	if n := len(ctx.suffix); n > 0 {
		suffix = similarity(ctx.suffix, t.norm[ne:min(len(t.norm), ne+n)])
	} else if ne == len(t.norm) {
		suffix = 1
	}
	position := 1.0
	if len(t.norm) > 0 {
		position = 1 - float64(abs(ns-ctx.hint))/float64(len(t.norm))
	}
	return (quoteWeight*quote + prefixWeight*prefix + suffixWeight*suffix + positionWeight*position) / totalWeight
}

// similarity is 1 minus the edit distance of a and b over the length of a:
// 1 for equal strings, 0 for nothing in common.
func similarity(a, b []rune) float64 {
	if len(a) == 0 {
		return 1
	}
	return max(0, 1-float64(levenshtein(a, b))/float64(len(a)))
}

// levenshtein returns the edit distance of a and b.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	var buf [ContextLen*2 + 2]int
	row := buf[:0]
	if len(b)+1 > len(buf) {
		row = make([]int, 0, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		row = append(row, j)
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag = row[j]
			row[j] = next
		}
	}
	return row[len(b)]
}
