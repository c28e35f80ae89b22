package anchor

import (
	"reflect"
	"testing"
)

func TestSnapToWords(t *testing.T) {
	const text = "Senior officials in Kerry’s entourage said: “We are not there yet.” 😀 ok. " +
		"Kerry's aide, the cease-fire and Kerry-Netanyahu talks (in Cairo) don’t wait; O’Brien's U.S. team met 24 times."
	tx := NewText(text)
	at := func(sub string) int { return nth(t, text, sub, 1) }
	tests := []struct {
		scenario   string
		start, end int
		want       string
		ok         bool
	}{
		{"inside one word", at("ficia"), at("ficia") + 3, "officials", true},
		{"across words, partial at both ends", at("ior off"), at("ior off") + 7, "Senior officials", true},
		{"spaces trimmed", at(" in "), at(" in ") + 4, "in", true},
		{"a name before ’s stays the name", at("Kerry’s"), at("Kerry’s") + 5, "Kerry", true},
		{"cut inside a name before ’s", at("Kerry’s"), at("Kerry’s") + 2, "Kerry", true},
		{"a name before 's stays the name", at("Kerry's"), at("Kerry's") + 5, "Kerry", true},
		{"the possessive selected is kept", at("Kerry’s"), at("Kerry’s") + 7, "Kerry’s", true},
		{"cut between the apostrophe and the s", at("Kerry’s"), at("Kerry’s") + 6, "Kerry", true},
		{"cut after a hyphen", at("cease-fire"), at("cease-fire") + 6, "cease", true},
		{"cut after the apostrophe of a contraction", at("don’t"), at("don’t") + 2, "don’t", true},
		{"an apostrophe inside a name", at("O’Brien"), at("O’Brien") + 4, "O’Brien", true},
		{"a name with an apostrophe, before 's", at("O’Brien's"), at("O’Brien's") + 5, "O’Brien", true},
		{"a hyphen is a boundary", at("cease-fire"), at("cease-fire") + 5, "cease", true},
		{"cut after a hyphen completes that part", at("cease-fire"), at("cease-fire") + 8, "cease-fire", true},
		{"a hyphenated name", at("Kerry-Netanyahu"), at("Kerry-Netanyahu") + 9, "Kerry-Netanyahu", true},
		{"brackets are boundaries", at("Cairo)"), at("Cairo)") + 3, "Cairo", true},
		{"a bracket selected is kept", at("(in"), at("(in") + 2, "(in", true},
		{"punctuation not widened", at("“We"), at("“We") + 3, "“We", true},
		{"ends on a quote mark", at("yet.”"), at("yet.”") + 5, "yet.”", true},
		{"initials", at("U.S."), at("U.S.") + 4, "U.S.", true},
		{"initials without the last stop", at("U.S."), at("U.S.") + 3, "U.S", true},
		{"a number cut in the middle", at("24"), at("24") + 1, "24", true},
		{"a word then a comma", at("aide,"), at("aide,") + 2, "aide", true},
		{"emoji", at("😀"), at("😀") + 1, "😀", true},
		{"only space", at(" in"), at(" in") + 1, "", false},
		{"empty", 3, 3, "", false},
		{"past the end", 0, tx.Len() + 1, "", false},
	}
	for _, tt := range tests {
		s, e, ok := tx.SnapToWords(tt.start, tt.end)
		got := ""
		if ok {
			got = tx.Slice(s, e)
		}
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: SnapToWords = %q, %v; want %q, %v", tt.scenario, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWordOccurrences(t *testing.T) {
	const text = "Kerry met Kerry’s aide; Kerry-Netanyahu talks. Kerryville is not Kerry. kerry"
	tx := NewText(text)
	got := tx.WordOccurrences("Kerry")
	// "Kerry’s" and "Kerry-Netanyahu" mention Kerry; "Kerryville" does
	// not, and the search is case-sensitive.
	want := []int{0, nth(t, text, "Kerry", 2), nth(t, text, "Kerry", 3), nth(t, text, "Kerry.", 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WordOccurrences(Kerry) = %v, want %v", got, want)
	}
	if got := tx.WordOccurrences(""); got != nil {
		t.Errorf("WordOccurrences(\"\") = %v", got)
	}
}
