package anchor

import (
	"slices"
	"sort"
)

// MaxFuzzyErrors bounds the errors an approximate match may have, whatever
// the length of the quote.
const MaxFuzzyErrors = 256

// A pattern is a quote compiled for Myers' bit-parallel approximate string
// matching (G. Myers, "A fast bit-vector algorithm for approximate string
// matching based on dynamic programming", 1999), in blocks of 64 code points
// (H. Hyyrö's extension), with Ukkonen's cut-off: only the blocks that can
// still be within the error budget are computed.
type pattern struct {
	m      int
	blocks int
	peq    [][]uint64 // peq[symbol][block]: where the symbol occurs; symbol 0 is "absent"
	ascii  [128]int32 // symbol of each ASCII code point
	other  map[rune]int32
}

func newPattern(p []rune) *pattern {
	pt := &pattern{m: len(p), blocks: (len(p) + 63) / 64, other: map[rune]int32{}}
	pt.peq = [][]uint64{make([]uint64, pt.blocks)}
	for i, r := range p {
		s := pt.sym(r)
		if s == 0 {
			s = int32(len(pt.peq))
			pt.peq = append(pt.peq, make([]uint64, pt.blocks))
			if r >= 0 && r < 128 {
				pt.ascii[r] = s
			} else {
				pt.other[r] = s
			}
		}
		pt.peq[s][i/64] |= 1 << (i % 64)
	}
	return pt
}

func (p *pattern) sym(r rune) int32 {
	if r >= 0 && r < 128 {
		return p.ascii[r]
	}
	return p.other[r]
}

// rowMask is the bit of the last pattern row held by block b.
func (p *pattern) rowMask(b int) uint64 {
	if b == p.blocks-1 {
		return 1 << ((p.m - 1) % 64)
	}
	return 1 << 63
}

// A block is the state of 64 rows of the dynamic-programming column: the
// vertical deltas (positive and negative), the bit of its last row, and the
// score at that row.
type block struct {
	pv, mv, mask uint64
	score        int
}

// advance moves the block one text column on, given where the column's
// code point occurs in this block's rows (eq). hin is the horizontal delta
// entering the block from above (-1, 0 or +1); the delta leaving it at its
// last row is returned, and added to its score.
func (k *block) advance(eq uint64, hin int) int {
	p, m := k.pv, k.mv
	if hin < 0 {
		eq |= 1
	}
	xv := eq | m
	xh := (((eq & p) + p) ^ p) | eq
	ph := m | ^(xh | p)
	mh := p & xh
	hout := 0
	if ph&k.mask != 0 {
		hout = 1
	} else if mh&k.mask != 0 {
		hout = -1
	}
	ph <<= 1
	mh <<= 1
	if hin < 0 {
		mh |= 1
	} else if hin > 0 {
		ph |= 1
	}
	k.pv = mh | ^(xv | ph)
	k.mv = ph & xv
	k.score += hout
	return hout
}

// approx is an approximate occurrence: [start, end) with its edit distance.
type approx struct{ start, end, errors int }

// findEnds returns the ends of the occurrences of p in text with the fewest
// errors, if that is at most maxErrors. Their starts are left at -1.
func findEnds(text []rune, p *pattern, maxErrors int) []approx {
	if p.m == 0 {
		return nil
	}
	if p.blocks == 1 {
		return findEnds1(text, p, maxErrors)
	}
	const w = 64
	bMax := p.blocks - 1
	bs := make([]block, p.blocks)
	for b := range bs {
		bs[b].mask = p.rowMask(b)
	}
	peq := make([]uint64, len(p.peq)*p.blocks) // peq[sym*blocks+b]
	for s, eq := range p.peq {
		copy(peq[s*p.blocks:], eq)
	}
	y := max(0, (maxErrors+w-1)/w-1)
	y = min(y, bMax)
	for b := 0; b <= y; b++ {
		bs[b].score = (b + 1) * w
		bs[b].pv, bs[b].mv = ^uint64(0), 0
	}
	bs[bMax].score = p.m
	var out []approx
	for j, r := range text {
		var sym int32
		if r >= 0 && r < 128 {
			sym = p.ascii[r]
		} else {
			sym = p.other[r]
		}
		eqs := peq[int(sym)*p.blocks : int(sym)*p.blocks+p.blocks]
		carry := 0
		for b := 0; b <= y; b++ {
			// bs[b].advance(eqs[b], carry), written out: the compiler does
			// not inline it, and this is the innermost loop.
			k := &bs[b]
			eq, pv, mv := eqs[b], k.pv, k.mv
			if carry < 0 {
				eq |= 1
			}
			xv := eq | mv
			xh := (((eq & pv) + pv) ^ pv) | eq
			ph := mv | ^(xh | pv)
			mh := pv & xh
			hout := 0
			if ph&k.mask != 0 {
				hout = 1
			} else if mh&k.mask != 0 {
				hout = -1
			}
			ph <<= 1
			mh <<= 1
			if carry < 0 {
				mh |= 1
			} else if carry > 0 {
				ph |= 1
			}
			k.pv = mh | ^(xv | ph)
			k.mv = ph & xv
			k.score += hout
			carry = hout
		}
		if bs[y].score-carry <= maxErrors && y < bMax && (eqs[y+1]&1 != 0 || carry < 0) {
			y++
			bs[y].pv, bs[y].mv = ^uint64(0), 0
			blockLen := w
			if y == bMax && p.m%w != 0 {
				blockLen = p.m % w
			}
			prev := bs[y-1].score
			bs[y].score = 0
			h := bs[y].advance(eqs[y], carry)
			bs[y].score = prev + blockLen - carry + h
		} else {
			for y > 0 && bs[y].score >= maxErrors+w {
				y--
			}
		}
		if y == bMax && bs[y].score <= maxErrors {
			if bs[y].score < maxErrors {
				out = out[:0]
			}
			out = append(out, approx{start: -1, end: j + 1, errors: bs[y].score})
			maxErrors = bs[y].score
		}
	}
	return out
}

// findEnds1 is findEnds for a pattern of at most 64 code points: one
// block, kept in registers.
func findEnds1(text []rune, p *pattern, maxErrors int) []approx {
	peq := make([]uint64, len(p.peq))
	for s, eq := range p.peq {
		peq[s] = eq[0]
	}
	mask := p.rowMask(0)
	pv, mv := ^uint64(0), uint64(0)
	score := p.m
	var out []approx
	for j, r := range text {
		var eq uint64
		if r >= 0 && r < 128 {
			eq = peq[p.ascii[r]]
		} else {
			eq = peq[p.other[r]]
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&mask != 0 {
			score++
		} else if mh&mask != 0 {
			score--
		}
		ph <<= 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if score <= maxErrors {
			if score < maxErrors {
				out = out[:0]
			}
			out = append(out, approx{start: -1, end: j + 1, errors: score})
			maxErrors = score
		}
	}
	return out
}

// search returns the approximate occurrences of q in text with the fewest
// errors (at most maxErrors), each with its start: the earliest start that
// keeps the same number of errors, found by matching the reversed quote
// backwards from the end.
func search(text, q []rune, maxErrors int) []approx {
	ends := findEnds(text, newPattern(q), maxErrors)
	if len(ends) == 0 {
		return nil
	}
	rq := slices.Clone(q)
	slices.Reverse(rq)
	rp := newPattern(rq)
	var out []approx
	for _, e := range ends {
		lo := max(0, e.end-len(q)-e.errors)
		seg := slices.Clone(text[lo:e.end])
		slices.Reverse(seg)
		best := -1
		for _, s := range findEnds(seg, rp, e.errors) {
			best = max(best, s.end)
		}
		if best < 0 {
			continue
		}
		a := approx{start: e.end - best, end: e.end, errors: e.errors}
		if n := len(out); n == 0 || out[n-1] != a {
			out = append(out, a)
		}
	}
	return out
}

// fuzzyWindow is how far around the position hint, in code points, the
// approximate search first looks; confidentScore is the score at which a
// match found there is taken without searching the whole text. Edits
// rarely move a passage far, and a match with its context intact scores
// above 0.9, which no match elsewhere could beat by more than the
// position's weight.
const (
	fuzzyWindow    = 2048
	confidentScore = 0.9
)

// fuzzy finds the normalised quote approximately, within an error budget
// of half its length (at most MaxFuzzyErrors), and keeps the best-scoring
// candidate if it scores at least MinFuzzyScore. It looks near the hint
// first, then in the whole text.
func (t *Text) fuzzy(ctx quoteContext) (Match, bool) {
	if len(ctx.quote) == 0 {
		return Match{}, false
	}
	lo := max(0, ctx.hint-fuzzyWindow)
	hi := min(len(t.norm), ctx.hint+len(ctx.quote)+fuzzyWindow)
	if lo > 0 || hi < len(t.norm) {
		if m, ok := t.fuzzyIn(ctx, lo, hi); ok && m.Score >= confidentScore {
			return m, true
		}
	}
	return t.fuzzyIn(ctx, 0, len(t.norm))
}

// fuzzyIn is fuzzy on the normalised code points [lo, hi).
func (t *Text) fuzzyIn(ctx quoteContext, lo, hi int) (Match, bool) {
	budget := min(MaxFuzzyErrors, len(ctx.quote)/2)
	cands := search(t.norm[lo:hi], ctx.quote, budget)
	for i := range cands {
		cands[i].start += lo
		cands[i].end += lo
	}
	if len(cands) > maxCandidates {
		sort.Slice(cands, func(i, j int) bool { return abs(cands[i].start-ctx.hint) < abs(cands[j].start-ctx.hint) })
		cands = cands[:maxCandidates]
	}
	best, bestScore := approx{}, -1.0
	for _, c := range cands {
		if s := t.score(ctx, c.start, c.end, c.errors); s > bestScore {
			best, bestScore = c, s
		}
	}
	if bestScore < MinFuzzyScore {
		return Match{}, false
	}
	start, end := t.origRange(best.start, best.end)
	if start >= end {
		return Match{}, false
	}
	return Match{start, end, Fuzzy, bestScore}, true
}
