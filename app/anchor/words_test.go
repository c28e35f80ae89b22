package anchor

import (
	"reflect"
	"testing"
)

func TestSnapToWords(t *testing.T) {
	const text = "Senior officials in Kerry’s entourage said: “We are not there yet.” 😀 ok"
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
		{"apostrophe kept in the word", at("Kerry"), at("Kerry") + 2, "Kerry’s", true},
		{"punctuation not widened", at("“We"), at("“We") + 3, "“We", true},
		{"ends on a quote mark", at("yet.”"), at("yet.”") + 5, "yet.”", true},
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
