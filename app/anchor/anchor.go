// Package anchor describes a range of an article's text as W3C selectors and
// finds it again, in the same text or in an edited one.
//
// Finding a target tries, in order: the position, checked against the quote;
// the exact quote, choosing among repeats by prefix, suffix and position;
// the quote with white space, case and typographic quotes normalised; an
// approximate match (Myers' bit-parallel algorithm) scored the same way;
// and otherwise reports an orphan. The scoring follows the Hypothesis
// client's match-quote: quote 50, prefix 20, suffix 20, position 2.
//
// Offsets count Unicode code points, as W3C selectors do.
package anchor

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"marginalia/app/annotation"
)

// ContextLen is how many code points of prefix and suffix Describe keeps.
const ContextLen = 32

// A Method says how a target was found.
type Method int

const (
	Orphan     Method = iota // not found: the annotation is kept, unplaced
	Position                 // the position still holds the quote
	Exact                    // the quote was found as it is
	Normalized               // found once white space, case and quote marks were normalised
	Fuzzy                    // found approximately
)

func (m Method) String() string {
	switch m {
	case Orphan:
		return "orphan"
	case Position:
		return "position"
	case Exact:
		return "exact"
	case Normalized:
		return "normalized"
	case Fuzzy:
		return "fuzzy"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// A Match is where a target was found: the range [Start, End) of code
// points, how, and its score from 0 to 1 (1 for a verified position).
type Match struct {
	Start, End int
	Method     Method
	Score      float64
}

// A Text is a text prepared for anchoring: build it once with NewText and
// anchor any number of targets on it. It is safe for concurrent use.
type Text struct {
	s        string
	runeByte []int32 // byte offset of each code point, and len(s) at the end

	// The normalised text: case folded, typographic quotes and dashes made
	// plain, every run of white space one space.
	norm       []rune
	normS      string
	normByte   []int32 // byte offset in normS of each normalised code point, and the end
	normToOrig []int32 // code point in s of each normalised one, and len at the end
	origToNorm []int32 // normalised index of each code point of s, and the end
	normOnce   sync.Once
}

// NewText prepares s for anchoring. The normalised text, which only a
// quote that is not found as it is needs, is made on first use: a long
// article opens sooner.
func NewText(s string) *Text {
	t := &Text{s: s, runeByte: make([]int32, 0, utf8.RuneCountInString(s)+1)}
	for b := range s {
		t.runeByte = append(t.runeByte, int32(b))
	}
	t.runeByte = append(t.runeByte, int32(len(s)))
	return t
}

// normalise makes the normalised text, once.
func (t *Text) normalise() { t.normOnce.Do(t.makeNormal) }

func (t *Text) makeNormal() {
	n := t.Len()
	t.norm = make([]rune, 0, n)
	t.normToOrig = make([]int32, 0, n+1)
	t.origToNorm = make([]int32, 0, n+1)
	space := false
	i := 0
	for _, r := range t.s {
		if unicode.IsSpace(r) {
			if space {
				t.origToNorm = append(t.origToNorm, int32(len(t.norm)-1))
				i++
				continue
			}
			space = true
			r = ' '
		} else {
			space = false
			r = fold(r)
		}
		t.origToNorm = append(t.origToNorm, int32(len(t.norm)))
		t.norm = append(t.norm, r)
		t.normToOrig = append(t.normToOrig, int32(i))
		i++
	}
	t.normToOrig = append(t.normToOrig, int32(n))
	t.origToNorm = append(t.origToNorm, int32(len(t.norm)))
	t.normS = string(t.norm)
	t.normByte = make([]int32, 0, len(t.norm)+1)
	for b := range t.normS {
		t.normByte = append(t.normByte, int32(b))
	}
	t.normByte = append(t.normByte, int32(len(t.normS)))
}

// fold maps a code point to the form the normalised text uses: lower case,
// plain quote marks and hyphen. It never changes the number of code points.
func fold(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', 'ʼ':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-'
	}
	return unicode.ToLower(r)
}

// normalize folds s the way NewText folds its text.
func normalize(s string) []rune {
	var out []rune
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, fold(r))
	}
	return out
}

// Len returns the length of the text in code points.
func (t *Text) Len() int { return len(t.runeByte) - 1 }

// String returns the text.
func (t *Text) String() string { return t.s }

// Slice returns the code points [start, end) of the text; the range must fit.
func (t *Text) Slice(start, end int) string { return t.s[t.runeByte[start]:t.runeByte[end]] }

// A RangeError reports a range that does not fit the text.
type RangeError struct {
	Start, End int
	Len        int // length of the text, in code points
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("anchor: range [%d,%d) outside text of %d code points", e.Start, e.End, e.Len)
}

// Describe returns the selectors of the range [start, end) of t: the quote
// with up to ContextLen code points of prefix and suffix, and the position.
// The Source of the target is left empty. It returns a *RangeError if the
// range is empty, reversed or does not fit the text.
func (t *Text) Describe(start, end int) (annotation.Target, error) {
	if start < 0 || end <= start || end > t.Len() {
		return annotation.Target{}, &RangeError{start, end, t.Len()}
	}
	return annotation.Target{
		Quote: annotation.TextQuote{
			Exact:  t.Slice(start, end),
			Prefix: t.Slice(max(0, start-ContextLen), start),
			Suffix: t.Slice(end, min(t.Len(), end+ContextLen)),
		},
		Position: annotation.TextPosition{Start: start, End: end},
	}, nil
}

// Anchor finds target in t. It never fails: a target that cannot be placed
// comes back with Method Orphan.
func (t *Text) Anchor(target annotation.Target) Match {
	q, pos := target.Quote, target.Position
	if q.Exact == "" {
		// Nothing to verify against: trust a position that fits.
		if pos.Start >= 0 && pos.Start < pos.End && pos.End <= t.Len() {
			return Match{pos.Start, pos.End, Position, 1}
		}
		return Match{Method: Orphan}
	}
	if pos.Start >= 0 && pos.Start < pos.End && pos.End <= t.Len() && t.Slice(pos.Start, pos.End) == q.Exact {
		return Match{pos.Start, pos.End, Position, 1}
	}
	hint := min(max(pos.Start, 0), t.Len())
	if m, ok := t.exact(q, hint); ok {
		return m
	}
	t.normalise()
	ctx := newQuoteContext(q, t.origToNorm[hint])
	if m, ok := t.normalized(ctx); ok {
		return m
	}
	if m, ok := t.fuzzy(ctx); ok {
		return m
	}
	return Match{Method: Orphan}
}

// exactWindow is how far around the position hint, in code points, the
// exact search first looks.
const exactWindow = 4096

// maxCandidates bounds how many occurrences of a quote are scored.
const maxCandidates = 2000

// exact finds the quote as it is. Occurrences near the hint are tried
// first, in widening windows: one whose context is intact (checked on the
// original text, which costs no allocation) is the best possible
// candidate, so the whole text need not be searched.
func (t *Text) exact(q annotation.TextQuote, hint int) (Match, bool) {
	if !utf8.ValidString(q.Exact) {
		// It could match inside a code point; the normalised search,
		// which replaces bad bytes, gets its turn.
		return Match{}, false
	}
	qlen := utf8.RuneCountInString(q.Exact)
	for _, w := range []int{256, exactWindow} {
		lo := max(0, hint-w)
		hi := min(t.Len(), hint+w+qlen)
		if c, ok := t.intactContext(t.occurrences(q.Exact, lo, hi), qlen, q, hint); ok {
			return Match{c, c + qlen, Exact, 1}, true
		}
		if lo == 0 && hi == t.Len() {
			break
		}
	}
	all := t.occurrences(q.Exact, 0, t.Len())
	if len(all) == 0 {
		return Match{}, false
	}
	if c, ok := t.intactContext(all, qlen, q, hint); ok {
		return Match{c, c + qlen, Exact, 1}, true
	}
	t.normalise()
	ctx := newQuoteContext(q, t.origToNorm[hint])
	best := Match{Method: Exact, Score: -1}
	for _, c := range nearest(all, hint, maxCandidates) {
		ns, ne := int(t.origToNorm[c]), int(t.origToNorm[c+qlen])
		if s := t.score(ctx, ns, ne, 0); s > best.Score {
			best = Match{c, c + qlen, Exact, s}
		}
	}
	return best, true
}

// occurrences returns the starts of exact in the code points [lo, hi).
func (t *Text) occurrences(exact string, lo, hi int) []int {
	var out []int
	from, to := int(t.runeByte[lo]), int(t.runeByte[hi])
	for from < to {
		i := strings.Index(t.s[from:to], exact)
		if i < 0 {
			break
		}
		b := from + i
		out = append(out, t.runeAt(b))
		_, size := utf8.DecodeRuneInString(t.s[b:])
		from = b + size
	}
	return out
}

// runeAt returns the index of the code point at byte offset b.
func (t *Text) runeAt(b int) int {
	return sort.Search(len(t.runeByte), func(i int) bool { return int(t.runeByte[i]) >= b })
}

// intactContext returns, among candidate starts, the one nearest the hint
// whose text around it is exactly the quote's prefix and suffix.
func (t *Text) intactContext(cands []int, qlen int, q annotation.TextQuote, hint int) (int, bool) {
	best, found := 0, false
	for _, c := range cands {
		before, after := t.s[:t.runeByte[c]], t.s[t.runeByte[c+qlen]:]
		if !strings.HasSuffix(before, q.Prefix) || !strings.HasPrefix(after, q.Suffix) {
			continue
		}
		if !found || abs(c-hint) < abs(best-hint) {
			best, found = c, true
		}
	}
	return best, found
}

// normalized finds the normalised quote in the normalised text.
func (t *Text) normalized(ctx quoteContext) (Match, bool) {
	if len(ctx.quote) == 0 {
		return Match{}, false
	}
	needle := string(ctx.quote)
	var cands []int
	for from := 0; from < len(t.normS); {
		i := strings.Index(t.normS[from:], needle)
		if i < 0 {
			break
		}
		b := from + i
		cands = append(cands, sort.Search(len(t.normByte), func(k int) bool { return int(t.normByte[k]) >= b }))
		_, size := utf8.DecodeRuneInString(t.normS[b:])
		from = b + size
	}
	if len(cands) == 0 {
		return Match{}, false
	}
	best, bestScore := -1, -1.0
	for _, ns := range nearest(cands, ctx.hint, maxCandidates) {
		if s := t.score(ctx, ns, ns+len(ctx.quote), 0); s > bestScore {
			best, bestScore = ns, s
		}
	}
	start, end := t.origRange(best, best+len(ctx.quote))
	if start >= end { // the quote was only white space
		return Match{}, false
	}
	return Match{start, end, Normalized, bestScore}, true
}

// origRange maps a range of the normalised text to the original text,
// trimming white space at its ends.
func (t *Text) origRange(ns, ne int) (int, int) {
	start := int(t.normToOrig[ns])
	end := int(t.normToOrig[ne-1]) + 1
	for start < end && isSpaceAt(t, start) {
		start++
	}
	for end > start && isSpaceAt(t, end-1) {
		end--
	}
	return start, end
}

func isSpaceAt(t *Text, i int) bool {
	r, _ := utf8.DecodeRuneInString(t.s[t.runeByte[i]:])
	return unicode.IsSpace(r)
}

// nearest returns at most n of the positions, the ones nearest hint.
func nearest(ps []int, hint, n int) []int {
	if len(ps) <= n {
		return ps
	}
	ps = append([]int(nil), ps...)
	sort.Slice(ps, func(i, j int) bool { return abs(ps[i]-hint) < abs(ps[j]-hint) })
	return ps[:n]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
