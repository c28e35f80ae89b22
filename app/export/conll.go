package export

import (
	"strings"
	"unicode"
)

// A Token is a word or a punctuation mark of the text, with its code-point
// range.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits runes[start:end) into tokens: white space separates
// them, punctuation marks are tokens of their own, and a token never
// crosses a cut (a mention's ends). Words keep inner hyphens
// ("Ben-Gurion"), the dots of initialisms ("U.S.") and the separators of
// numbers ("1,000.5"); a clitic after an apostrophe is a token of its own
// ("Kerry" "’s"), as in CoNLL-2003.
func Tokenize(runes []rune, start, end int, cuts map[int]bool) []Token {
	var out []Token
	emit := func(s, e int) {
		// Cut at mention ends inside the token.
		from := s
		for i := s + 1; i < e; i++ {
			if cuts[i] {
				out = append(out, Token{string(runes[from:i]), from, i})
				from = i
			}
		}
		out = append(out, Token{string(runes[from:e]), from, e})
	}
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	at := func(i int) rune {
		if i < start || i >= end {
			return ' '
		}
		return runes[i]
	}
	i := start
	for i < end {
		r := runes[i]
		switch {
		case unicode.IsSpace(r) || isSpace(r):
			i++
		case isApostrophe(r) && word(at(i+1)) && i > start && word(at(i-1)):
			// A clitic: ’s, 't, ’re…
			j := i + 1
			for j < end && word(runes[j]) {
				j++
			}
			emit(i, j)
			i = j
		case word(r):
			j := i
			for j < end {
				c := runes[j]
				switch {
				case word(c):
					j++
					continue
				case isHyphen(c) && word(at(j+1)):
					j++
					continue
				case (c == '.' || c == ',') && unicode.IsDigit(at(j-1)) && unicode.IsDigit(at(j+1)):
					j++
					continue
				case c == '.' && initialism(runes, i, j, end):
					j++
					continue
				}
				break
			}
			emit(i, j)
			i = j
		default:
			emit(i, i+1)
			i++
		}
	}
	return out
}

// initialism reports whether the dot at j goes on the word runes[start:j]
// as in "U.S." or "e.g.": the word is single letters between dots, and
// either a letter and a dot follow, or the word already has a dot.
func initialism(runes []rune, start, j, end int) bool {
	for k := start; k < j; k++ {
		if (k-start)%2 == 0 && !unicode.IsLetter(runes[k]) || (k-start)%2 == 1 && runes[k] != '.' {
			return false
		}
	}
	if (j-start)%2 != 1 {
		return false
	}
	return j-start >= 3 || j+2 < end && unicode.IsLetter(runes[j+1]) && runes[j+2] == '.'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }
func isHyphen(r rune) bool     { return r == '-' || r == '‐' || r == '‑' }

// sentenceEnd reports whether a token ends a sentence.
func sentenceEnd(t string) bool { return t == "." || t == "!" || t == "?" || t == "…" }

// closer reports whether a token closes a quotation or bracket.
func closer(t string) bool {
	return t == "”" || t == "’" || t == "\"" || t == "'" || t == ")" || t == "]"
}

// opensSentence reports whether a token can start a sentence.
func opensSentence(t string) bool {
	r := []rune(t)[0]
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("“‘\"'([", r)
}

// CoNLL writes the entity mentions of d as CoNLL-2003-style IOB2 data: a
// -DOCSTART- line, then one token per line with its tag (B-Label on a
// mention's first token, I-Label on the next ones, O outside mentions),
// and a blank line after each sentence. Blocks (title, standfirst,
// paragraphs) end sentences; so do ".", "!", "?" before a word that can
// start one. Where mentions nest, the outer one tags the tokens.
func CoNLL(d Doc) string {
	runes := []rune(d.Article.Text)
	ms := d.mentions()
	cuts := map[int]bool{}
	for _, m := range ms {
		cuts[m.Match.Start], cuts[m.Match.End] = true, true
	}
	var b strings.Builder
	b.WriteString("-DOCSTART- O\n\n")
	for _, blk := range d.Article.Blocks {
		toks := Tokenize(runes, blk.Start, blk.End, cuts)
		tags := make([]string, len(toks))
		for _, m := range ms {
			if m.Match.End <= blk.Start || m.Match.Start >= blk.End {
				continue
			}
			prev := -2
			for i, t := range toks {
				if t.Start < m.Match.Start || t.End > m.Match.End || tags[i] != "" {
					continue
				}
				if prev == i-1 {
					tags[i] = "I-" + labelType(m.Label)
				} else {
					tags[i] = "B-" + labelType(m.Label)
				}
				prev = i
			}
		}
		for i, t := range toks {
			tag := tags[i]
			if tag == "" {
				tag = "O"
			}
			b.WriteString(t.Text + " " + tag + "\n")
			if i+1 == len(toks) {
				b.WriteString("\n")
				break
			}
			// End the sentence after ".", "!" or "?" and any closing
			// quotes, before a word that can start one. A mention that
			// goes on in the next sentence begins again there (IOB2).
			if sentenceEnd(t.Text) || closer(t.Text) && i > 0 && sentenceEnd(toks[i-1].Text) {
				if n := toks[i+1].Text; !closer(n) && opensSentence(n) {
					b.WriteString("\n")
					if strings.HasPrefix(tags[i+1], "I-") {
						tags[i+1] = "B-" + tags[i+1][2:]
					}
				}
			}
		}
	}
	return b.String()
}
