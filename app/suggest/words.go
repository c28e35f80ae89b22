package suggest

import (
	"unicode"
	"unicode/utf8"
)

// A word of the text: letters and digits, with the apostrophes, hyphens
// and dots inside it ("O’Brien", "al-Assad", "U.S."). A possessive ending
// ("’s") is not part of it. Start and End count code points.
type word struct {
	text       string
	start, end int
	// bstart and bend are start and end in bytes of the text.
	bstart, bend int
	cap          bool // begins with a capital letter
	caps         bool // all capitals, two letters or more ("NATO", "U.S.")
	initial      bool // begins a sentence (or a paragraph, or a quote that does)
	// after is the character after the word, if it is punctuation that
	// ends a name (a comma, a full stop, a bracket): 0 otherwise.
	after rune
	// gap says what separates it from the word before: ' ' for spaces
	// alone, or the punctuation between them.
	gap rune
}

// abbreviations end with a dot that does not end the sentence.
var abbreviations = set("Mr Mrs Ms Dr St Gen Sen Rep Gov Col Lt Capt Sgt Prof Jr Sr Inc Co Corp Ltd vs No Mt Ft Adm Rev Gens")

// words splits src, whose code points are text, into words.
func words(src string, text []rune) []word {
	ws := make([]word, 0, len(text)/6+1) // about a word in six characters
	initial := true
	var gap rune = '\n'
	at := 0 // the byte offset of text[i]
	for i := 0; i < len(text); {
		r := text[i]
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			at += utf8.RuneLen(r)
			switch {
			case r == '.' && len(ws) > 0 && ws[len(ws)-1].end == i && abbreviations[ws[len(ws)-1].text]:
				gap = r // "Mr. Smith": no sentence ends
			case r == '.' || r == '!' || r == '?':
				initial = true
				gap = r
			case r == '\n':
				initial = true
				gap = r
			case unicode.IsSpace(r):
				if gap == 0 {
					gap = ' '
				}
			default:
				if gap == ' ' || gap == 0 {
					gap = r
				}
			}
			if len(ws) > 0 && ws[len(ws)-1].after == 0 && ws[len(ws)-1].end == i && !unicode.IsSpace(r) {
				ws[len(ws)-1].after = r
			}
			i++
			continue
		}
		j := i + 1
		for j < len(text) {
			c := text[j]
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				j++
				continue
			}
			// Inner punctuation: a letter must follow (and, for a dot, a
			// single letter come before it: "U.S.", not "end.Next").
			if j+1 < len(text) && unicode.IsLetter(text[j+1]) {
				if c == '-' || c == '\'' || c == '’' || c == '&' {
					if (c == '\'' || c == '’') && (text[j+1] == 's' || text[j+1] == 'S') && (j+2 == len(text) || !unicode.IsLetter(text[j+2])) {
						break // a possessive
					}
					j++
					continue
				}
				if c == '.' && j-i <= 2 && unicode.IsUpper(text[i]) {
					j++
					continue
				}
			}
			if c == '.' && j-i <= 3 && j > 1 && text[j-2] == '.' {
				j++ // the last dot of "U.S."
			}
			break
		}
		w := word{start: i, end: j, bstart: at, initial: initial, gap: gap}
		w.cap = unicode.IsUpper(text[i])
		letters, upper := 0, 0
		for _, c := range text[i:j] {
			at += utf8.RuneLen(c)
			if unicode.IsLetter(c) {
				letters++
				if unicode.IsUpper(c) {
					upper++
				}
			}
		}
		w.caps = letters >= 2 && upper == letters
		w.bend = at
		w.text = src[w.bstart:at]
		ws = append(ws, w)
		// Only a word ends a sentence's start: an opening quote after a
		// full stop leaves the word after it initial.
		initial, gap = false, 0
		i = j
	}
	return ws
}
