package anchor

import (
	"unicode"
	"unicode/utf8"
)

// isWordRune reports whether r is part of a word: letters, digits, and the
// apostrophes and hyphens inside words ("Kerry’s", "cease-fire").
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == '’' || r == '-' || r == '‐'
}

func (t *Text) runeAtIndex(i int) rune {
	r, _ := utf8.DecodeRuneInString(t.s[t.runeByte[i]:])
	return r
}

// SnapToWords widens [start, end) to whole words and trims white space
// from both ends, as a reader means a selection. It reports false if
// nothing but white space was selected or the range does not fit.
func (t *Text) SnapToWords(start, end int) (int, int, bool) {
	if start < 0 || end > t.Len() || start >= end {
		return 0, 0, false
	}
	for start < end && unicode.IsSpace(t.runeAtIndex(start)) {
		start++
	}
	for end > start && unicode.IsSpace(t.runeAtIndex(end-1)) {
		end--
	}
	if start == end {
		return 0, 0, false
	}
	if isWordRune(t.runeAtIndex(start)) {
		for start > 0 && isWordRune(t.runeAtIndex(start-1)) {
			start--
		}
	}
	if isWordRune(t.runeAtIndex(end - 1)) {
		for end < t.Len() && isWordRune(t.runeAtIndex(end)) {
			end++
		}
	}
	// A word's trailing apostrophe or hyphen ("Kerry’" of "Kerry’s" is
	// not one) stays; a selection never ends on a lone hyphen.
	return start, end, true
}

// isLetterOrDigit is the stricter test WordOccurrences uses at boundaries,
// so that "Kerry" is found in "Kerry’s" and "Kerry-Netanyahu", as an
// entity tagger expects, but not in "Kerryville".
func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// WordOccurrences returns the starts of every occurrence of quote in the
// text that is not part of a longer word, in order. Apostrophes and hyphens
// count as boundaries here ("Kerry" occurs in "Kerry’s").
func (t *Text) WordOccurrences(quote string) []int {
	n := utf8.RuneCountInString(quote)
	if n == 0 {
		return nil
	}
	var out []int
	for _, c := range t.occurrences(quote, 0, t.Len()) {
		if c > 0 && isLetterOrDigit(t.runeAtIndex(c-1)) && isLetterOrDigit(t.runeAtIndex(c)) {
			continue
		}
		if e := c + n; e < t.Len() && isLetterOrDigit(t.runeAtIndex(e)) && isLetterOrDigit(t.runeAtIndex(e-1)) {
			continue
		}
		out = append(out, c)
	}
	return out
}
