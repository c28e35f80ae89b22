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

// SnapToWords trims white space from both ends of [start, end) and
// completes a word cut in the middle of its letters, as a reader means a
// selection: "Ker" of "Kerry’s" gives "Kerry", "ficia" gives "officials".
// A selection that already ends on a word boundary does not grow: a
// possessive ’s or 's, a hyphen, punctuation, quotes and brackets are
// boundaries ("Kerry" of "Kerry’s" stays "Kerry", so that it is tagged,
// and its other occurrences offered, as the name it is); an apostrophe
// inside a word ("don’t", "O’Brien") is not. It reports false if nothing
// but white space was selected or the range does not fit.
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
	if isLetterOrDigit(t.runeAtIndex(start)) {
		for start > 0 && isLetterOrDigit(t.runeAtIndex(start-1)) {
			start--
		}
	}
	// An apostrophe or hyphen cut from the letters after it ("Kerry’" of
	// "Kerry’s") is no end of a word: it goes.
	if r := t.runeAtIndex(end - 1); end-1 > start && end < t.Len() && (isApostrophe(r) || r == '-' || r == '‐') && isLetterOrDigit(t.runeAtIndex(end)) {
		end--
	}
	if isLetterOrDigit(t.runeAtIndex(end - 1)) {
		for end < t.Len() {
			switch r := t.runeAtIndex(end); {
			case isLetterOrDigit(r):
				end++
			case isApostrophe(r) && end+1 < t.Len() && isLetterOrDigit(t.runeAtIndex(end+1)) && !t.possessive(end):
				end += 2 // "don’t", "O’Brien": the word goes on
			default:
				return start, end, true
			}
		}
	}
	return start, end, true
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// possessive reports whether the apostrophe at i starts a possessive (or
// "is") ’s: an s that ends the word.
func (t *Text) possessive(i int) bool {
	if s := t.runeAtIndex(i + 1); s != 's' && s != 'S' {
		return false
	}
	return i+2 >= t.Len() || !isLetterOrDigit(t.runeAtIndex(i+2))
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
