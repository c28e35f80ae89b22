package library

import (
	"errors"
	"strings"
	"testing"
	"time"

	"marginalia/app/store"
)

func TestAddListDeleteRestore(t *testing.T) {
	mem := &store.Memory{}
	l := New(mem)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	seedTaken := func(s string) bool { return s == "kerry-leaves" }

	a, err := l.Add("Kerry leaves\nA dek.\n\nBody one.", Text, now, seedTaken)
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "kerry-leaves-2" || a.Article.Title != "Kerry leaves" || a.Article.Dek != "A dek." {
		t.Errorf("added %+v", a)
	}
	b, err := l.Add("# Kerry leaves\n\nOther *text*.", Markdown, now.Add(time.Minute), seedTaken)
	if err != nil {
		t.Fatal(err)
	}
	if b.Slug != "kerry-leaves-3" {
		t.Errorf("second slug %q", b.Slug)
	}
	if _, err := l.Add("Kerry leaves\nA dek.\n\nBody one.", Text, now, seedTaken); !errors.Is(err, ErrDuplicate) {
		t.Errorf("same text again: %v", err)
	}
	items, skipped, err := l.List()
	if err != nil || skipped != 0 || len(items) != 2 || items[0].Slug != b.Slug {
		t.Fatalf("List = %+v, %d, %v", items, skipped, err)
	}
	got, ok := l.BySlug("kerry-leaves-2")
	if !ok || got.Article.ID != a.Article.ID || got.Article.IRI() != a.Article.IRI() {
		t.Errorf("BySlug: %+v %v", got, ok)
	}

	// Annotations go with the article, and come back with Restore.
	mem.Set(store.Key(a.Article.ID), `{"schema":1}`)
	rm, err := l.Delete(a.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.BySlug("kerry-leaves-2"); ok {
		t.Error("still there after Delete")
	}
	if _, ok, _ := mem.Get(store.Key(a.Article.ID)); ok {
		t.Error("its annotations are still there")
	}
	if err := l.Restore(rm); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.BySlug("kerry-leaves-2"); !ok {
		t.Error("not back after Restore")
	}
	if v, _, _ := mem.Get(store.Key(a.Article.ID)); v != `{"schema":1}` {
		t.Error("annotations not restored")
	}

	// A corrupt entry is skipped, not fatal.
	mem.Set(keyPrefix+"bad", "{not json")
	if items, skipped, _ := l.List(); len(items) != 2 || skipped != 1 {
		t.Errorf("with a corrupt entry: %d items, %d skipped", len(items), skipped)
	}
}

func TestAddRejects(t *testing.T) {
	l := New(&store.Memory{})
	none := func(string) bool { return false }
	tests := []struct {
		name, src string
		want      error
	}{
		{"empty", "  \n\n", ErrEmpty},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", ErrNotText},
		{"too big", strings.Repeat("word ", MaxSize/5+1), ErrTooBig},
	}
	for _, tt := range tests {
		if _, err := l.Add(tt.src, Text, time.Now(), none); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if items, _, _ := l.List(); len(items) != 0 {
		t.Error("a rejected text was kept")
	}
}

func TestDetectFormatAndWithTitle(t *testing.T) {
	if DetectFormat("notes.md", "plain") != Markdown || DetectFormat("a.txt", "# x\n- y") != Text {
		t.Error("extension not used")
	}
	if DetectFormat("", "# Title\n\n- one\n- two") != Markdown || DetectFormat("", "Title\n\nPlain text, no marks.") != Text {
		t.Error("content not used")
	}
	tests := []struct {
		src    string
		format Format
		title  string
		want   string
	}{
		{"Old\nDek\n\nBody", Text, "New  title", "New title\nDek\n\nBody"},
		{"\n\n# Old\n\nBody", Markdown, "New", "\n\n# New\n\nBody"},
		{"Old line\n\nBody", Markdown, "New", "# New\n\nBody"},
		{"Old\n===\n\nBody", Markdown, "New", "# New\n\nBody"},
		{"Old", Text, "  ", "Old"},
	}
	for _, tt := range tests {
		if got := WithTitle(tt.src, tt.format, tt.title); got != tt.want {
			t.Errorf("WithTitle(%q, %q) = %q, want %q", tt.src, tt.title, got, tt.want)
		}
	}
}
