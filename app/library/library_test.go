package library

import (
	"encoding/json"
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

func TestEntrySchemas(t *testing.T) {
	added := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	source := "It’s “quoted” 🙂\n\n{\"schema\":1}\n\\n and <b> & \u2028 end\n"
	tests := []struct {
		name, raw string
		want      Entry
		err       string
	}{
		{"schema 2", `{"schema":2,"slug":"s","format":"markdown","added":"2026-11-25T10:00:00Z"}` + "\n" + source,
			Entry{Schema: 2, Slug: "s", Format: Markdown, Source: source, Added: added}, ""},
		{"schema 2, empty source", `{"schema":2,"slug":"s","format":"text","added":"2026-11-25T10:00:00Z"}` + "\n",
			Entry{Schema: 2, Slug: "s", Format: Text, Added: added}, ""},
		{"schema 1", `{"schema":1,"slug":"s","format":"text","source":"It’s \"quoted\"\n\u003cb\u003e 🙂","added":"2026-11-25T10:00:00Z"}`,
			Entry{Schema: 1, Slug: "s", Format: Text, Source: "It’s \"quoted\"\n<b> 🙂", Added: added}, ""},
		{"schema 2 without its source line", `{"schema":2,"slug":"s","format":"text","added":"2026-11-25T10:00:00Z"}`, Entry{}, "unknown schema 2"},
		{"schema 2 with a source in its head", `{"schema":2,"slug":"s","source":"x"}` + "\nx", Entry{}, "unknown schema 2"},
		{"schema 1 followed by a line", `{"schema":1,"slug":"s","source":"x"}` + "\nx", Entry{}, "unknown schema 1"},
		{"a newer schema", `{"schema":3,"slug":"s"}` + "\nx", Entry{}, "unknown schema 3"},
		{"not JSON", "{not json\nx", Entry{}, "unreadable entry"},
		{"empty", "", Entry{}, "unreadable entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeEntry(tt.raw)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// Add writes schema 2 (the source after the head line, unescaped); an
// article added by an earlier version, in schema 1, still opens.
func TestEntryWrittenAndOld(t *testing.T) {
	mem := &store.Memory{}
	l := New(mem)
	src := "Kerry’s “talks” 🙂\nA dek.\n\nBody <one> & two."
	it, err := l.Add(src, Text, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	raw, _, _ := mem.Get(key(it.Article.ID))
	if want := `{"schema":2,"slug":"kerrys-talks","format":"text","added":"2026-11-25T10:00:00Z"}` + "\n" + src; raw != want {
		t.Errorf("stored\n%q\nwant\n%q", raw, want)
	}
	old := New(&store.Memory{})
	b, _ := json.Marshal(Entry{Schema: 1, Slug: it.Slug, Format: Text, Source: src, Added: it.Added})
	old.b.Set(key(it.Article.ID), string(b))
	got, ok := old.BySlug(it.Slug)
	if !ok || got.Article.ID != it.Article.ID || got.Article.Text != it.Article.Text || got.Source != src {
		t.Errorf("schema 1 entry opened as %+v, %v", got, ok)
	}
	if items, skipped, err := old.List(); len(items) != 1 || skipped != 0 || err != nil {
		t.Errorf("schema 1 entry listed: %d items, %d skipped, %v", len(items), skipped, err)
	}
}

// TestPut: an article restored from elsewhere keeps its time and slug;
// a slug in use gets a number; one with no slug takes its title's; one
// already there is not added twice.
func TestPut(t *testing.T) {
	l := New(&store.Memory{})
	at := time.Date(2025, 3, 1, 8, 30, 0, 0, time.FixedZone("CET", 3600))
	noSeed := func(string) bool { return false }
	a, err := l.Put(Entry{Slug: "oslo-notes", Format: Text, Source: "Notes from Oslo\nA dek.\nBody.", Added: at}, noSeed)
	if err != nil || a.Slug != "oslo-notes" || !a.Added.Equal(at) || a.Added.Location() != time.UTC {
		t.Errorf("Put = %+v, %v", a.Entry, err)
	}
	b, err := l.Put(Entry{Slug: "oslo-notes", Format: Text, Source: "Other notes\nA dek.\nBody.", Added: at}, noSeed)
	if err != nil || b.Slug != "oslo-notes-2" {
		t.Errorf("a taken slug: %q, %v", b.Slug, err)
	}
	c, err := l.Put(Entry{Format: Text, Source: "Third notes\nA dek.\nBody.", Added: at}, noSeed)
	if err != nil || c.Slug != "third-notes" || c.Article.Slug != "third-notes" {
		t.Errorf("no slug: %q / %q, %v", c.Slug, c.Article.Slug, err)
	}
	if _, err := l.Put(Entry{Slug: "again", Format: Text, Source: "Notes from Oslo\nA dek.\nBody.", Added: at}, noSeed); !errors.Is(err, ErrDuplicate) {
		t.Errorf("the same text again: %v", err)
	}
}
