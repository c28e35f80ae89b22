package reading

import (
	"net/url"
	"strings"
	"unicode"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
)

// AnnotationLink is the link to an annotation of an article: its route,
// the annotation's ID as the fragment (the reader opens it, scrolled to
// and flashed, in a browser that has it), and a text fragment directive
// for the quote (a browser without the annotation scrolls to the quote
// on the server's page).
func AnnotationLink(origin, slug string, a annotation.Annotation) string {
	link := origin + ArticlePath(slug) + "#" + url.PathEscape(a.ID)
	if d := textFragment(a.Target.Quote); d != "" {
		link += ":~:text=" + d
	}
	return link
}

// fragmentWords is how many words a long quote keeps at each end, as a
// text fragment's start and end.
const fragmentWords = 4

// textFragment is the text directive of a quote (WICG Scroll to Text
// Fragment): [prefix-,]start[,end][,-suffix], each part percent-encoded
// with "-", "," and "&" encoded too. Context is cut to whole words, as
// the directive matches on word boundaries; a quote of more than twice
// fragmentWords words becomes a start and an end.
func textFragment(q annotation.TextQuote) string {
	exact := strings.Join(strings.Fields(q.Exact), " ")
	if exact == "" {
		return ""
	}
	var parts []string
	if p := lastWords(q.Prefix); p != "" {
		parts = append(parts, fragmentEscape(p)+"-")
	}
	if words := strings.Fields(exact); len(words) > 2*fragmentWords {
		parts = append(parts,
			fragmentEscape(strings.Join(words[:fragmentWords], " ")),
			fragmentEscape(strings.Join(words[len(words)-fragmentWords:], " ")))
	} else {
		parts = append(parts, fragmentEscape(exact))
	}
	if s := firstWords(q.Suffix); s != "" {
		parts = append(parts, "-"+fragmentEscape(s))
	}
	return strings.Join(parts, ",")
}

// lastWords is the prefix without a word cut at its start, its white
// space made single; firstWords, the suffix without a word cut at its end.
func lastWords(prefix string) string {
	f := strings.Fields(prefix)
	if len(f) > 0 && !startsWord(prefix) {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

func firstWords(suffix string) string {
	f := strings.Fields(suffix)
	if len(f) > 0 && !endsWord(suffix) {
		f = f[:len(f)-1]
	}
	return strings.Join(f, " ")
}

// startsWord reports whether s starts at a word's start (it is a whole
// context taken at a boundary only when it begins with white space or
// punctuation); endsWord likewise for its end. A context shorter than
// the usual 32 code points reached the text's edge, which is a boundary.
func startsWord(s string) bool {
	r := []rune(s)
	return len(r) < anchor.ContextLen || !isWordChar(r[0])
}

func endsWord(s string) bool {
	r := []rune(s)
	return len(r) < anchor.ContextLen || !isWordChar(r[len(r)-1])
}

func isWordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fragmentEscape percent-encodes a text directive's part: what a URL
// fragment may not hold, and the directive's own "-", "," and "&".
func fragmentEscape(s string) string {
	e := url.PathEscape(s)
	return strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(e)
}

// ArticlePath returns the route of the reader for an article slug.
func ArticlePath(slug string) string { return "/a/" + slug }
