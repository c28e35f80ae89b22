package article

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks on arbitrary input that Parse never panics and that
// every article it returns is consistent: blocks tile the canonical text
// with separators between them, and the slug is short and lower case.
func FuzzParse(f *testing.F) {
	f.Add("Kerry’s “Plan” 🎉\n\nA dek\n\nOne\n\nTwo")
	f.Add("\uFEFFT\r\n\r\nD\r\n")
	f.Add("only a title")
	f.Add("\x00\xff")
	f.Fuzz(func(t *testing.T, src string) {
		a, err := Parse(src)
		if err != nil {
			return
		}
		checkParsed(t, a)
	})
}

// FuzzParseMarkdown checks ParseMarkdown's output the same way: Markdown
// markup of every kind, unbalanced and nested, never breaks the ranges.
func FuzzParseMarkdown(f *testing.F) {
	f.Add("# T *a* **b** _c_ `d` [e](f) ![g](h) ~~i~~\\*\n\n- j\n1. k\n> l\n```\nm\n```\nN\n===\n")
	f.Add("**unbalanced *markers _everywhere")
	f.Add("#\n\n##\n- \n* * *\n")
	f.Add("[a](b)[c](d)**e**__f__")
	f.Fuzz(func(t *testing.T, src string) {
		a, err := ParseMarkdown(src)
		if err != nil {
			return
		}
		checkParsed(t, a)
		for _, b := range a.Blocks {
			if b.Text == "" || strings.TrimSpace(b.Text) != b.Text {
				t.Fatalf("block %+v is empty or untrimmed", b)
			}
		}
	})
}

// checkParsed checks the invariants of a parsed article.
func checkParsed(t *testing.T, a Article) {
	t.Helper()
	{
		if len(a.Blocks) == 0 || a.Blocks[0].Kind != Title || a.Title == "" && a.Blocks[0].Text != "" {
			t.Fatalf("bad first block: %+v", a.Blocks)
		}
		// The blocks joined by Separator are the text, at their offsets
		// (checked in one pass: checkBlocks is quadratic).
		var texts []string
		pos := 0
		for i, b := range a.Blocks {
			if i > 0 {
				pos += utf8.RuneCountInString(Separator)
			}
			if b.Start != pos || b.End != pos+utf8.RuneCountInString(b.Text) {
				t.Fatalf("block %d at [%d,%d), want [%d,…)", i, b.Start, b.End, pos)
			}
			pos = b.End
			texts = append(texts, b.Text)
		}
		if strings.Join(texts, Separator) != a.Text {
			t.Fatal("the blocks joined are not the text")
		}
		if a.Len() != utf8.RuneCountInString(a.Text) {
			t.Fatalf("Len() = %d, text has %d code points", a.Len(), utf8.RuneCountInString(a.Text))
		}
		if len(a.Slug) == 0 || len(a.Slug) > MaxSlugLen || !utf8.ValidString(a.Slug) {
			t.Fatalf("slug %q", a.Slug)
		}
	}
}
