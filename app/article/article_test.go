package article

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func readSeed(t *testing.T) Article {
	t.Helper()
	src, err := os.ReadFile("../../seeds/000_0a2b34097b4a8c34.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(string(src))
	if err != nil {
		t.Fatalf("Parse(seed): %v", err)
	}
	return a
}

func TestParseSeed(t *testing.T) {
	a := readSeed(t)
	if want := "Kerry Leaves Israel Without Breakthrough in Gaza Cease-fire Talks"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if want := "kerry-leaves-israel-without-breakthrough-in-gaza-cease-fire-talks"; a.Slug != want {
		t.Errorf("Slug = %q, want %q", a.Slug, want)
	}
	if !strings.HasPrefix(a.Dek, "Senior Israeli officials say ground not yet ripe for a truce;") {
		t.Errorf("Dek = %q", a.Dek)
	}
	ps := a.Paragraphs()
	if len(ps) != 8 {
		t.Fatalf("got %d paragraphs, want 8", len(ps))
	}
	if !strings.HasPrefix(ps[0].Text, "U.S. Secretary of State John Kerry left Israel") {
		t.Errorf("paragraph 1 = %q", ps[0].Text)
	}
	if !strings.Contains(ps[1].Text, "Kerry’s entourage") || !strings.Contains(ps[1].Text, "“We are not th") {
		t.Errorf("typographic quotes lost in paragraph 2: %q", ps[1].Text)
	}
	if len(a.ID) != 16 {
		t.Errorf("ID = %q, want 16 hex digits", a.ID)
	}
	if a.Len() != utf8.RuneCountInString(a.Text) {
		t.Errorf("Len() = %d, text has %d code points", a.Len(), utf8.RuneCountInString(a.Text))
	}
	checkBlocks(t, a)
}

// checkBlocks checks that each block's range in the canonical text holds
// exactly its text, and that blocks are separated by Separator.
func checkBlocks(t *testing.T, a Article) {
	t.Helper()
	for i, b := range a.Blocks {
		got, err := Slice(a.Text, b.Start, b.End)
		if err != nil || got != b.Text {
			t.Errorf("block %d [%d,%d) = %q, %v; want %q", i, b.Start, b.End, got, err, b.Text)
		}
		if i > 0 {
			sep, _ := Slice(a.Text, a.Blocks[i-1].End, b.Start)
			if sep != Separator {
				t.Errorf("between blocks %d and %d: %q, want %q", i-1, i, sep, Separator)
			}
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		scenario string
		src      string
		title    string
		dek      string
		paras    []string
	}{
		{
			scenario: "title only",
			src:      "Just a title\n",
			title:    "Just a title",
		},
		{
			scenario: "CRLF, BOM and extra blank lines",
			src:      "\uFEFFTitle\r\n\r\n\r\nThe dek\r\n\r\nOne\r\n \t\r\nTwo\r\n",
			title:    "Title",
			dek:      "The dek",
			paras:    []string{"One", "Two"},
		},
		{
			scenario: "lines of a paragraph are joined",
			src:      "T\n\nD\n\nfirst line\n  second line  \n\nnext",
			title:    "T",
			dek:      "D",
			paras:    []string{"first line second line", "next"},
		},
		{
			scenario: "dek right under the title",
			src:      "Title\nthe dek\n\nbody",
			title:    "Title",
			dek:      "the dek",
			paras:    []string{"body"},
		},
		{
			scenario: "emoji, curly quotes and apostrophes kept",
			src:      "Kerry’s “plan” 🎉\n\nA dek 👍🏽\n\nHe said “no” — 😀 it’s over.",
			title:    "Kerry’s “plan” 🎉",
			dek:      "A dek 👍🏽",
			paras:    []string{"He said “no” — 😀 it’s over."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			a, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Dek != tt.dek {
				t.Errorf("Title, Dek = %q, %q; want %q, %q", a.Title, a.Dek, tt.title, tt.dek)
			}
			var got []string
			for _, p := range a.Paragraphs() {
				got = append(got, p.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.paras, "|") {
				t.Errorf("paragraphs = %q, want %q", got, tt.paras)
			}
			checkBlocks(t, a)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		scenario string
		src      string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"white space", " \n\t\n\r\n", ErrEmpty},
		{"invalid UTF-8", "Title\n\n\xff\xfe", ErrNotText},
		{"NUL byte", "Title\x00\x01\x02", ErrNotText},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.src); !errors.Is(err, tt.want) {
			t.Errorf("%s: Parse(%q) error = %v, want %v", tt.scenario, tt.src, err, tt.want)
		}
	}
}

func TestIDIsContentHash(t *testing.T) {
	a, _ := Parse("Title\n\nDek\n\nBody")
	b, _ := Parse("Title\r\n\r\nDek\r\n\r\nBody\r\n")
	c, _ := Parse("Title\n\nDek\n\nBody!")
	if a.ID != b.ID {
		t.Errorf("same canonical text, different IDs: %s, %s", a.ID, b.ID)
	}
	if a.ID == c.ID {
		t.Errorf("different texts share ID %s", a.ID)
	}
	if a.IRI() != "urn:marginalia:article:"+a.ID {
		t.Errorf("IRI() = %q", a.IRI())
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kerry Leaves Israel Without Breakthrough in Gaza Cease-fire Talks", "kerry-leaves-israel-without-breakthrough-in-gaza-cease-fire-talks"},
		{"Kerry’s “Plan”: a U.S. View", "kerrys-plan-a-u-s-view"},
		{"  Ünïcode Straße 2024 ", "ünïcode-straße-2024"},
		{"🎉 Party! 🎉", "party"},
		{"“—”", ""},
		{strings.Repeat("word ", 40), strings.TrimSuffix(strings.Repeat("word-", 16), "-")},
		{strings.Repeat("x", 200), strings.Repeat("x", MaxSlugLen)},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	a, _ := Parse("!!!\n\nbody")
	if a.Slug != "article-"+a.ID[:8] {
		t.Errorf("slug of a title with no words = %q", a.Slug)
	}
}
