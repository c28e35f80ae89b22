package anchor

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"marginalia/app/annotation"
	"marginalia/seeds"
)

func seedText(t testing.TB) string {
	t.Helper()
	return seeds.Articles()[0].Text
}

// nth returns the code-point start of the n-th (from 1) occurrence of sub.
func nth(t testing.TB, s, sub string, n int) int {
	t.Helper()
	from := 0
	for ; n > 0; n-- {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			t.Fatalf("%q has fewer occurrences of %q", s, sub)
		}
		from += i
		if n > 1 {
			from += len(sub)
		}
	}
	return utf8.RuneCountInString(s[:from])
}

func describe(t testing.TB, text string, start, end int) annotation.Target {
	t.Helper()
	tg, err := NewText(text).Describe(start, end)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestDescribe(t *testing.T) {
	const text = "He said “no” — 😀 it’s over, Kerry’s aide said."
	tx := NewText(text)
	start := nth(t, text, "it’s", 1)
	tg, err := tx.Describe(start, start+4)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Quote.Exact != "it’s" || tg.Quote.Prefix != "He said “no” — 😀 " || tg.Quote.Suffix != " over, Kerry’s aide said." {
		t.Errorf("Describe = %+v", tg.Quote)
	}
	if tg.Position.Start != 17 || tg.Position.End != 21 {
		t.Errorf("position = %+v, want [17,21) in code points", tg.Position)
	}
	// A long text keeps exactly ContextLen code points of context.
	seed := seedText(t)
	s := nth(t, seed, "marathon talks", 1)
	tg = describe(t, seed, s, s+14)
	if n := utf8.RuneCountInString(tg.Quote.Prefix); n != ContextLen {
		t.Errorf("prefix has %d code points, want %d", n, ContextLen)
	}
	if n := utf8.RuneCountInString(tg.Quote.Suffix); n != ContextLen {
		t.Errorf("suffix has %d code points, want %d", n, ContextLen)
	}
	for _, r := range [][2]int{{-1, 2}, {3, 3}, {5, 2}, {0, tx.Len() + 1}} {
		var re *RangeError
		if _, err := tx.Describe(r[0], r[1]); !errors.As(err, &re) {
			t.Errorf("Describe(%d, %d) error = %v, want a *RangeError", r[0], r[1], err)
		}
	}
}

func TestAnchor(t *testing.T) {
	seed := seedText(t)
	kerry3 := nth(t, seed, "Kerry", 3)
	passage := "the security cabinet convened in Tel Aviv to discuss a possible expansion of the ground operation"
	pstart := nth(t, seed, passage, 1)
	plen := utf8.RuneCountInString(passage)
	apos := nth(t, seed, "Kerry’s entourage", 1)

	tests := []struct {
		scenario string
		target   annotation.Target
		text     string // the text to anchor in
		want     string // the text found, "" for an orphan
		method   Method
		// wantStart, when not -1, is where the match must start in text.
		wantStart int
	}{
		{
			scenario: "unchanged text: the position holds",
			target:   describe(t, seed, kerry3, kerry3+5),
			text:     seed, want: "Kerry", method: Position, wantStart: kerry3,
		},
		{
			scenario: "text inserted before: the third Kerry is told apart by its context",
			target:   describe(t, seed, kerry3, kerry3+5),
			text:     "An editor’s note, added later.\n\n" + seed,
			want:     "Kerry", method: Exact, wantStart: kerry3 + utf8.RuneCountInString("An editor’s note, added later.\n\n"),
		},
		{
			scenario: "wrong position hint far away: context still finds the right Kerry",
			target: func() annotation.Target {
				tg := describe(t, seed, kerry3, kerry3+5)
				tg.Position = annotation.TextPosition{Start: 2000, End: 2005}
				return tg
			}(),
			text: seed, want: "Kerry", method: Exact, wantStart: kerry3,
		},
		{
			scenario: "apostrophe and emoji before the quote shift positions by code points",
			target:   describe(t, seed, apos, apos+17),
			text:     strings.Replace(seed, "Senior Israeli", "Senior 🇮🇱 Israeli", 1),
			want:     "Kerry’s entourage", method: Exact, wantStart: apos + 3,
		},
		{
			scenario: "white space changed inside the quote",
			target:   describe(t, seed, pstart, pstart+plen),
			text:     strings.Replace(seed, "security cabinet convened in", "security  cabinet\nconvened in", 1),
			want:     "the security  cabinet\nconvened in Tel Aviv to discuss a possible expansion of the ground operation", method: Normalized, wantStart: -1,
		},
		{
			scenario: "case changed",
			target:   describe(t, seed, pstart, pstart+plen),
			text:     strings.Replace(seed, "the security cabinet", "The Security Cabinet", 1),
			want:     "The Security Cabinet convened in Tel Aviv to discuss a possible expansion of the ground operation", method: Normalized, wantStart: -1,
		},
		{
			scenario: "curly apostrophe made straight",
			target:   describe(t, seed, apos, apos+17),
			text:     strings.ReplaceAll(seed, "’", "'"),
			want:     "Kerry's entourage", method: Normalized, wantStart: apos,
		},
		{
			scenario: "words inserted and deleted inside the quote",
			target:   describe(t, seed, pstart, pstart+plen),
			text:     strings.Replace(seed, "convened in Tel Aviv to discuss a possible expansion", "convened urgently in Tel Aviv to discuss an expansion", 1),
			want:     "the security cabinet convened urgently in Tel Aviv to discuss an expansion of the ground operation", method: Fuzzy, wantStart: -1,
		},
		{
			scenario: "passage reworded and moved to the end",
			target:   describe(t, seed, pstart, pstart+plen),
			text: strings.Replace(seed, passage, "…", 1) +
				"\n\nLater, the security cabinet convened in Tel-Aviv to discuss possible expansion of the ground operation.",
			want: "the security cabinet convened in Tel-Aviv to discuss possible expansion of the ground operation", method: Fuzzy, wantStart: -1,
		},
		{
			scenario: "passage removed: orphan",
			target:   describe(t, seed, pstart, pstart+plen),
			text:     strings.Replace(seed, "After the Kerry-Netanyahu meeting, "+passage, "", 1),
			method:   Orphan, wantStart: -1,
		},
		{
			scenario: "a short quote that is gone: orphan, not a random near miss",
			target:   describe(t, seed, apos, apos+17),
			text:     strings.Replace(seed, "Kerry’s entourage", "the delegation", 1),
			method:   Orphan, wantStart: -1,
		},
		{
			scenario: "empty text",
			target:   describe(t, seed, kerry3, kerry3+5),
			text:     "", method: Orphan, wantStart: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			tx := NewText(tt.text)
			m := tx.Anchor(tt.target)
			if m.Method != tt.method {
				t.Fatalf("method = %v, want %v (match %+v)", m.Method, tt.method, m)
			}
			if tt.method == Orphan {
				return
			}
			if got := tx.Slice(m.Start, m.End); got != tt.want {
				t.Errorf("found %q, want %q", got, tt.want)
			}
			if tt.wantStart >= 0 && m.Start != tt.wantStart {
				t.Errorf("start = %d, want %d", m.Start, tt.wantStart)
			}
			if m.Score <= 0 || m.Score > 1 {
				t.Errorf("score %v outside (0, 1]", m.Score)
			}
		})
	}
}

func TestAnchorPrefersContextOverPosition(t *testing.T) {
	// Two identical quotes; the hint points at the first, the context at
	// the second: context weighs more.
	text := "alpha beta gamma. Kerry said no. delta epsilon. Kerry said no. zeta eta theta."
	second := nth(t, text, "Kerry said no", 2)
	tg := describe(t, text, second, second+13)
	tg.Position = annotation.TextPosition{Start: nth(t, text, "Kerry said no", 1), End: 0}
	edited := strings.Replace(text, "alpha", "ALPHA!", 1) // the position no longer holds
	tx := NewText(edited)
	m := tx.Anchor(tg)
	if want := second + 1; m.Start != want {
		t.Errorf("start = %d, want %d (%+v)", m.Start, want, m)
	}
}

func TestDescribeAnchorRoundTrip(t *testing.T) {
	seed := seedText(t)
	tx := NewText(seed)
	shifted := NewText("Preface.\n\n" + seed)
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		start := r.IntN(tx.Len() - 1)
		end := start + 1 + r.IntN(min(80, tx.Len()-start-1))
		tg, err := tx.Describe(start, end)
		if err != nil {
			t.Fatal(err)
		}
		if m := tx.Anchor(tg); m.Method != Position || m.Start != start || m.End != end {
			t.Fatalf("anchor of [%d,%d) in the same text: %+v", start, end, m)
		}
		m := shifted.Anchor(tg)
		if m.Method == Orphan || shifted.Slice(m.Start, m.End) != tg.Quote.Exact {
			t.Fatalf("anchor of %q in the shifted text: %+v", tg.Quote.Exact, m)
		}
		if m.Start != start+10 && m.Method == Exact {
			// A repeated quote with the same 32 code points of context on
			// both sides cannot be told apart; the seed has none.
			t.Fatalf("anchor of %q [%d,%d) in the shifted text: %+v", tg.Quote.Exact, start, end, m)
		}
	}
}

func TestAnchorEmptyQuote(t *testing.T) {
	tx := NewText("hello world")
	if m := tx.Anchor(annotation.Target{Position: annotation.TextPosition{Start: 0, End: 5}}); m.Method != Position {
		t.Errorf("an empty quote with a fitting position: %+v", m)
	}
	if m := tx.Anchor(annotation.Target{Position: annotation.TextPosition{Start: 5, End: 50}}); m.Method != Orphan {
		t.Errorf("an empty quote with a position past the end: %+v", m)
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"Kerry’s", "Kerry's", 1}, {"😀ab", "ab", 1},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(tt.a), []rune(tt.b)); got != tt.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

// TestFuzzyWithoutContext: a quote that comes without context (some tools
// export none) is placed approximately only when it is nearly intact;
// missing context is no evidence.
func TestFuzzyWithoutContext(t *testing.T) {
	const text = "The delegation met in Oslo on Tuesday. Ban Ki-Moon spoke first, then the talks went on late into the night at the old harbour hall."
	tx := NewText(text)
	tests := []struct {
		name, quote string
		want        string // "" for an orphan
	}{
		{"one letter off", "Ban Ki-Moan spoke first", "Ban Ki-Moon spoke first"},
		{"two letters off in a long quote", "the talks whent on lte into the night", "the talks went on late into the night"},
		{"half of it wrong", "the walks sent of bake onto the fight", ""},
		{"nothing like it", "a sentence that is nowhere in the text", ""},
	}
	for _, tt := range tests {
		m := tx.Anchor(annotation.Target{Quote: annotation.TextQuote{Exact: tt.quote}})
		got := ""
		if m.Method != Orphan {
			got = tx.Slice(m.Start, m.End)
		}
		if got != tt.want {
			t.Errorf("%s: placed on %q (%v, %.2f), want %q", tt.name, got, m.Method, m.Score, tt.want)
		}
	}
}
