package export

import (
	"strconv"
	"strings"
)

// Brat writes the entity mentions of d in brat's standoff format: the text
// file is the article's canonical text, and each mention is a "T" line
// with its label and code-point offsets into it (brat counts characters as
// Python does: code points), its note an AnnotatorNotes "#" line. A mention
// that spans paragraphs is written as discontinuous fragments, one per
// paragraph, since brat spans hold no line break. Highlights are not
// entities and are left out.
func Brat(d Doc) (txt, ann string) {
	runes := []rune(d.Article.Text)
	var b strings.Builder
	t, n := 0, 0
	for _, p := range d.mentions() {
		frags := fragments(runes, p.Match.Start, p.Match.End)
		if len(frags) == 0 {
			continue
		}
		t++
		id := "T" + strconv.Itoa(t)
		spans := make([]string, len(frags))
		texts := make([]string, len(frags))
		for i, f := range frags {
			spans[i] = strconv.Itoa(f[0]) + " " + strconv.Itoa(f[1])
			texts[i] = string(runes[f[0]:f[1]])
		}
		b.WriteString(id + "\t" + labelType(p.Label) + " " + strings.Join(spans, ";") + "\t" + strings.Join(texts, " ") + "\n")
		if p.Note != "" {
			n++
			b.WriteString("#" + strconv.Itoa(n) + "\tAnnotatorNotes " + id + "\t" + oneLine(p.Note) + "\n")
		}
	}
	return d.Article.Text, b.String()
}

// fragments splits [start, end) of runes at line breaks, trimming white
// space at each fragment's ends, and drops empty fragments.
func fragments(runes []rune, start, end int) [][2]int {
	var out [][2]int
	s := start
	flush := func(e int) {
		for s < e && isSpace(runes[s]) {
			s++
		}
		for e > s && isSpace(runes[e-1]) {
			e--
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	for i := start; i < end; i++ {
		if runes[i] == '\n' || runes[i] == '\r' {
			flush(i)
			s = i + 1
		}
	}
	flush(end)
	return out
}
