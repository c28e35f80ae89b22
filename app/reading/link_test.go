package reading

import (
	"testing"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
)

func TestTextFragment(t *testing.T) {
	tests := []struct {
		name string
		q    annotation.TextQuote
		want string
	}{
		{"a quote with whole-word context", annotation.TextQuote{Exact: "marathon talks", Prefix: " Kerry held ", Suffix: " with an "},
			"Kerry%20held-,marathon%20talks,-with%20an"},
		{"context cut mid-word at its far ends", annotation.TextQuote{Exact: "Ban Ki-Moon", Prefix: "ith UN Secretary General and the ", Suffix: ". Then it rained in Oslo on Tuesd"},
			"UN%20Secretary%20General%20and%20the-,Ban%20Ki%2DMoon,-.%20Then%20it%20rained%20in%20Oslo%20on"},
		{"short context at the text's edges", annotation.TextQuote{Exact: "Kerry", Prefix: "", Suffix: " left"},
			"Kerry,-left"},
		{"commas, ampersands and typographic quotes", annotation.TextQuote{Exact: "“Yes, & no”", Prefix: "said ", Suffix: ""},
			"said-,%E2%80%9CYes%2C%20%26%20no%E2%80%9D"},
		{"a long quote: its start and end", annotation.TextQuote{Exact: "one two three four five six seven eight nine ten"},
			"one%20two%20three%20four,seven%20eight%20nine%20ten"},
		{"white space made single", annotation.TextQuote{Exact: "near\n future. 😀"}, "near%20future.%20%F0%9F%98%80"},
		{"nothing to quote", annotation.TextQuote{Exact: "  "}, ""},
	}
	for _, tt := range tests {
		if got := textFragment(tt.q); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAnnotationLink(t *testing.T) {
	a := annotation.Annotation{ID: "0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d", Target: annotation.Target{Quote: annotation.TextQuote{Exact: "Kerry"}}}
	want := "https://annotate.example.org/a/kerry-leaves#0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d:~:text=Kerry"
	if got := AnnotationLink("https://annotate.example.org", "kerry-leaves", a); got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestSpaceText(t *testing.T) {
	tests := []struct {
		used, quota float64
		want        string
	}{
		{1_234_567, 2_147_483_648, "Space: 1.2 MB used of 2.1 GB this browser allows the site."},
		{0, 300_000_000, "Space: 0.0 MB used of 300.0 MB this browser allows the site."},
		{5_000_000_000, 0, "Space used: 5.0 GB."},
	}
	for _, tt := range tests {
		if got := SpaceText(tt.used, tt.quota); got != tt.want {
			t.Errorf("spaceText(%v, %v) = %q, want %q", tt.used, tt.quota, got, tt.want)
		}
	}
}

// TestTextFragmentEdges: a quote of exactly twice fragmentWords words is
// quoted whole, one word more becomes a start and an end; a context of
// exactly anchor.ContextLen code points was cut from the text, so its
// word at the cut is dropped, while a shorter one reached the text's edge
// and is kept whole.
func TestTextFragmentEdges(t *testing.T) {
	full := "ab cdefghij klmnopqrst uvwxyz12" // 31 code points, ending in a word
	if len([]rune(full)) != anchor.ContextLen-1 {
		t.Fatalf("the context is %d code points", len([]rune(full)))
	}
	tests := []struct {
		name string
		q    annotation.TextQuote
		want string
	}{
		{"eight words: whole", annotation.TextQuote{Exact: "one two three four five six seven eight"},
			"one%20two%20three%20four%20five%20six%20seven%20eight"},
		{"nine words: start and end", annotation.TextQuote{Exact: "one two three four five six seven eight nine"},
			"one%20two%20three%20four,six%20seven%20eight%20nine"},
		{"a prefix cut mid-word at ContextLen", annotation.TextQuote{Exact: "Kerry", Prefix: "x" + full},
			"cdefghij%20klmnopqrst%20uvwxyz12-,Kerry"},
		{"a prefix one shorter reached the text's start", annotation.TextQuote{Exact: "Kerry", Prefix: full},
			"ab%20cdefghij%20klmnopqrst%20uvwxyz12-,Kerry"},
		{"a prefix of ContextLen that starts a word", annotation.TextQuote{Exact: "Kerry", Prefix: " " + full},
			"ab%20cdefghij%20klmnopqrst%20uvwxyz12-,Kerry"},
		{"a suffix cut mid-word at ContextLen", annotation.TextQuote{Exact: "Kerry", Suffix: full + "x"},
			"Kerry,-ab%20cdefghij%20klmnopqrst"},
		{"a suffix one shorter reached the text's end", annotation.TextQuote{Exact: "Kerry", Suffix: full},
			"Kerry,-ab%20cdefghij%20klmnopqrst%20uvwxyz12"},
	}
	for _, tt := range tests {
		if got := textFragment(tt.q); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
