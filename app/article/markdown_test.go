package article

import (
	"strings"
	"testing"
)

func TestParseMarkdown(t *testing.T) {
	src := "# The *Gaza* talks\n\nA **short** note on [the talks](https://example.com/x) and `code`.\n\n## What happened\n\n- Kerry met _Abbas_\n- Then left for ~~Cairo~~ Jerusalem\n\n1. First\n2) Second\n\n> Quoted words\n> go on\n\n---\n\n```\nfmt.Println(1)\n```\n\n![a map](map.png) <script>alert(1)</script> \\*not emphasis\\*\n\nSetext heading\n--------------\n\nLast.\n"
	a, err := ParseMarkdown(src)
	if err != nil {
		t.Fatal(err)
	}
	type blk struct {
		Kind Kind
		Text string
	}
	want := []blk{
		{Title, "The Gaza talks"},
		{Dek, "A short note on the talks and code."},
		{Heading, "What happened"},
		{ListItem, "Kerry met Abbas"},
		{ListItem, "Then left for Cairo Jerusalem"},
		{Paragraph, "1. First"},
		{Paragraph, "2. Second"},
		{Paragraph, "Quoted words go on"},
		{Paragraph, "fmt.Println(1)"},
		{Paragraph, "a map <script>alert(1)</script> *not emphasis*"},
		{Heading, "Setext heading"},
		{Paragraph, "Last."},
	}
	if len(a.Blocks) != len(want) {
		t.Fatalf("%d blocks, want %d: %+v", len(a.Blocks), len(want), a.Blocks)
	}
	for i, w := range want {
		if b := a.Blocks[i]; b.Kind != w.Kind || b.Text != w.Text {
			t.Errorf("block %d = %v %q, want %v %q", i, b.Kind, b.Text, w.Kind, w.Text)
		}
		if got := []rune(a.Text)[a.Blocks[i].Start:a.Blocks[i].End]; string(got) != w.Text {
			t.Errorf("block %d range gives %q", i, string(got))
		}
	}
	if a.Title != "The Gaza talks" || a.Slug != "the-gaza-talks" || a.Dek != want[1].Text {
		t.Errorf("title %q slug %q dek %q", a.Title, a.Slug, a.Dek)
	}
}

func TestParseMarkdownTitleFromFirstLine(t *testing.T) {
	tests := []struct {
		src, title, dek string
	}{
		{"Plain title\nwith a dek line\n\nBody.", "Plain title", "with a dek line"},
		{"Only a title", "Only a title", ""},
		{"**Bold** title\n\n- item", "Bold title", ""},
	}
	for _, tt := range tests {
		a, err := ParseMarkdown(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != tt.title || a.Dek != tt.dek {
			t.Errorf("ParseMarkdown(%q): title %q dek %q, want %q %q", tt.src, a.Title, a.Dek, tt.title, tt.dek)
		}
	}
}

func TestParseMarkdownRejects(t *testing.T) {
	for _, src := range []string{"", "  \n\n ", "---\n\n***"} {
		if _, err := ParseMarkdown(src); err != ErrEmpty {
			t.Errorf("ParseMarkdown(%q) = %v, want ErrEmpty", src, err)
		}
	}
	if _, err := ParseMarkdown("\x89PNG\x00\x01"); err != ErrNotText {
		t.Errorf("binary: %v", err)
	}
	if _, err := ParseMarkdown(strings.Repeat("é", 3) + "\xff"); err != ErrNotText {
		t.Errorf("invalid UTF-8: %v", err)
	}
}
