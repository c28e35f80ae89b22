package anchor

import (
	"math/rand/v2"
	"testing"
)

// naiveBest returns, for each end position of text, the fewest edits that
// turn q into a substring of text ending there (plain dynamic programming).
func naiveBest(text, q []rune) []int {
	m := len(q)
	col := make([]int, m+1)
	for i := range col {
		col[i] = i
	}
	out := make([]int, len(text))
	for j := range text {
		prevDiag := col[0]
		col[0] = 0 // a match may start anywhere
		for i := 1; i <= m; i++ {
			cost := 1
			if q[i-1] == text[j] {
				cost = 0
			}
			next := min(col[i]+1, col[i-1]+1, prevDiag+cost)
			prevDiag = col[i]
			col[i] = next
		}
		out[j] = col[m]
	}
	return out
}

func randomRunes(r *rand.Rand, n int, alphabet []rune) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = alphabet[r.IntN(len(alphabet))]
	}
	return out
}

func TestFindEndsAgainstDynamicProgramming(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabets := [][]rune{[]rune("ab"), []rune("acgt"), []rune("abcdefghij’😀é ")}
	for i := range 600 {
		alpha := alphabets[i%len(alphabets)]
		m := 1 + r.IntN(200) // one to four blocks
		q := randomRunes(r, m, alpha)
		text := randomRunes(r, r.IntN(400), alpha)
		// plant a mutated copy of q so that good matches exist
		if len(text) > m && r.IntN(2) == 0 {
			at := r.IntN(len(text) - m)
			copy(text[at:], q)
			for range r.IntN(m/4 + 1) {
				text[at+r.IntN(m)] = alpha[r.IntN(len(alpha))]
			}
		}
		k := r.IntN(m + 1)
		naive := naiveBest(text, q)
		best := -1
		for _, d := range naive {
			if d <= k && (best < 0 || d < best) {
				best = d
			}
		}
		got := findEnds(text, newPattern(q), k)
		if best < 0 {
			if len(got) != 0 {
				t.Fatalf("case %d: m=%d k=%d: found %v, want none", i, m, k, got)
			}
			continue
		}
		var wantEnds []int
		for j, d := range naive {
			if d == best {
				wantEnds = append(wantEnds, j+1)
			}
		}
		if len(got) == 0 || got[0].errors != best {
			t.Fatalf("case %d: m=%d k=%d: got %v, want errors %d at %v", i, m, k, got, best, wantEnds)
		}
		// Every reported end has the best error count.
		for _, g := range got {
			if naive[g.end-1] != best {
				t.Fatalf("case %d: end %d has %d errors, want %d", i, g.end, naive[g.end-1], best)
			}
		}
		// The last end with the best count is always reported (earlier
		// ones may be dropped before the best count was known).
		if got[len(got)-1].end != wantEnds[len(wantEnds)-1] {
			t.Fatalf("case %d: last end %d, want %d", i, got[len(got)-1].end, wantEnds[len(wantEnds)-1])
		}
	}
}

func TestSearchStarts(t *testing.T) {
	text := []rune("the quick brown fox jumps over the lazy dog")
	got := search(text, []rune("brwn fox"), 2)
	if len(got) == 0 {
		t.Fatal("no match")
	}
	g := got[0]
	if s := string(text[g.start:g.end]); s != "brown fox" || g.errors != 1 {
		t.Errorf("search = %q with %d errors, want \"brown fox\" with 1", s, g.errors)
	}
	long := []rune("Senior officials in Kerry’s entourage said after his meetings in Israel that a cease-fire is not around the corner. We are not there yet, they said.")
	q := []rune("officials in Kerrys entourage said after meetings in Israel that a ceasefire is not around the corner")
	got = search(long, q, len(q)/2)
	if len(got) == 0 {
		t.Fatal("no match for a 2-block pattern")
	}
	if s := string(long[got[0].start:got[0].end]); s != "officials in Kerry’s entourage said after his meetings in Israel that a cease-fire is not around the corner" {
		t.Errorf("search found %q", s)
	}
}
