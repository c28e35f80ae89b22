package export

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzTokenize checks that tokens are the text: in order, each the runes
// of its range, no white space in any, and only white space between them;
// a cut is never inside a token.
func FuzzTokenize(f *testing.F) {
	f.Add("U.S. Secretary Kerry’s “talks”, 1,000.5 people — e.g. Ben-Gurion!", 5)
	f.Add("'s '' .. -- a-", 1)
	f.Add("😀a\u0301 b\u200bc", 2)
	f.Fuzz(func(t *testing.T, text string, cut int) {
		runes := []rune(text)
		cuts := map[int]bool{}
		if len(runes) > 0 {
			cuts[(cut%len(runes)+len(runes))%len(runes)] = true
		}
		toks := Tokenize(runes, 0, len(runes), cuts)
		pos := 0
		for _, tok := range toks {
			if tok.Start < pos || tok.End <= tok.Start || tok.End > len(runes) {
				t.Fatalf("token %+v after %d", tok, pos)
			}
			if gap := string(runes[pos:tok.Start]); strings.TrimFunc(gap, func(r rune) bool { return unicode.IsSpace(r) || isSpace(r) }) != "" {
				t.Fatalf("text %q left out before %+v", gap, tok)
			}
			if string(runes[tok.Start:tok.End]) != tok.Text || strings.IndexFunc(tok.Text, func(r rune) bool { return unicode.IsSpace(r) || isSpace(r) }) >= 0 {
				t.Fatalf("token %+v", tok)
			}
			for c := range cuts {
				if tok.Start < c && c < tok.End {
					t.Fatalf("token %+v crosses the cut %d", tok, c)
				}
			}
			pos = tok.End
		}
		if rest := string(runes[pos:]); strings.TrimFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || isSpace(r) }) != "" {
			t.Fatalf("text %q left out at the end", rest)
		}
	})
}
